"""Errors a user can act on: each names the file (or place) and the problem in one line."""

from __future__ import annotations


class AlignreadError(Exception):
    """A problem with the user's input or output, reported as `where: problem`."""

    def __init__(self, where: object, problem: str) -> None:
        self.where = str(where)
        self.problem = problem
        super().__init__(f"{self.where}: {problem}" if self.where else problem)


class InputError(AlignreadError):
    """An input file that cannot be used (missing, empty, binary, wrong encoding, ...)."""


class FormatError(AlignreadError):
    """A saved file that does not follow the annotated-YAML schema."""


class OutputError(AlignreadError):
    """An output that cannot be written."""
