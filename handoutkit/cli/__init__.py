"""The command line: a front door that turns arguments into requests for the app layer."""

from .main import main, parser, run

__all__ = ["main", "parser", "run"]
