"""Errors raised by framing.

Every error a user can cause subclasses a builtin they already catch::

    FramingError                      base of everything framing raises on purpose
    ├── InputError(ValueError)        an article file or table cannot be read or is missing a column
    ├── LexiconError(ValueError)      a lexicon file is malformed; names file, line and problem
    ├── ParameterError(ValueError)    an argument has the wrong type or value
    └── ModelError(RuntimeError)      a shipped artifact (e.g. the news-tone model) is missing or broken

Messages say what was expected and what was received, e.g.
"The 'jobs' parameter of score must be a positive int. Got 0."
"""

from __future__ import annotations

from pathlib import Path


class FramingError(Exception):
    """Base class of every error framing raises on purpose."""


class InputError(FramingError, ValueError):
    """An input file or table cannot be used: unreadable, undecodable, missing a column."""


class LexiconError(FramingError, ValueError):
    """A lexicon file is malformed. The message names the file, the line and the problem."""

    def __init__(self, problem: str, *, path: str | Path | None = None, line: int | None = None):
        self.problem = problem
        self.path = None if path is None else str(path)
        self.line = line
        where = ""
        if self.path is not None:
            where = self.path + (f":{line}" if line is not None else "") + ": "
        elif line is not None:
            where = f"line {line}: "
        super().__init__(where + problem)


class ParameterError(FramingError, ValueError):
    """An argument has the wrong type or value."""


class ModelError(FramingError, RuntimeError):
    """A shipped model artifact is missing, corrupt, or from an incompatible version."""
