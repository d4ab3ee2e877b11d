#!/usr/bin/env python3
"""Make branded one-page client handouts and a booklet. Run with --help for the commands."""

import sys

from handoutkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
