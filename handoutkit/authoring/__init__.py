"""Authoring aids: the check report, page previews and gallery, a new handout's file."""
