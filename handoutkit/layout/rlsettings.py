"""ReportLab settings for the whole tool. Every module that draws imports this first:
some settings are read only when ReportLab's drawing modules are loaded."""

from reportlab import rl_config

# Binary streams: ASCII85 would make every picture a quarter larger.
rl_config.useA85 = 0
# No checking of every attribute set on a drawing shape (a fifth of converting an SVG).
# svglib sets only valid values, and the SVG files are checked before they are converted.
rl_config.shapeChecking = 0
