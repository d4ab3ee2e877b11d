#!/usr/bin/env python3
"""Make branded one-page client handouts and a booklet. Run with --help for the commands."""

from handoutkit.cli.main import run

if __name__ == "__main__":
    run()
