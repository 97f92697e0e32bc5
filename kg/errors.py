"""kg's small error vocabulary. ``cli.py`` translates :class:`KgError` at one boundary.

Exit codes: 0 ok, 1 SHACL violations or a build with problems, 2 input errors.
"""
from __future__ import annotations


class KgError(Exception):
    """Base of kg's errors; carries where it happened."""

    exit_code = 2

    def __init__(self, message: str, where: str | None = None):
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where


class InputError(KgError):
    """A file that cannot be read as a gazette text (empty, binary, undecodable, missing)."""


class BuildNotFound(KgError):
    """No build folder where a command expected one."""


class QueryError(KgError):
    """A SPARQL query that cannot be parsed or run."""


class ValidationFailed(KgError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 1
