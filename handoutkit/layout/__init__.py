"""Layout: the brand's theme, fonts, pictures and blocks laid out as one page (ReportLab)."""
