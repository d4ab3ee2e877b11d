"""PDF: finished pages put together (pypdf): the booklet, its imposition, stamped copies."""
