#!/usr/bin/env python3
"""Make branded one-page client handouts and a booklet. Run with --help for the commands."""

import sys

try:
    from handoutkit.cli.main import run
except KeyboardInterrupt:  # Ctrl-C while the tool is still starting: nothing was written yet
    sys.exit(130)

if __name__ == "__main__":
    run()
