"""`python -m handoutkit` is `python make_handouts.py` (what an installed launcher runs)."""

from handoutkit.cli.main import run

if __name__ == "__main__":
    run()
