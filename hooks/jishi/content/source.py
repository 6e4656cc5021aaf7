"""A story file once read: its front matter, body and where each key stood.

The loader makes these; the schema, lints and the rest of content read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jishi.content.problems import Problem

__all__ = ["SourceFile", "LoadError"]


class LoadError(Exception):
    """A file that cannot be read at all; carries one Problem."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


@dataclass
class SourceFile:
    """One editor's file, parsed: front matter, body and where each key stood."""

    path: str
    data: dict
    body: str
    body_line: int
    positions: dict = field(default_factory=dict)
    front_matter: str = ""  # the YAML text as written (line 1 of it is line 2 of the file)
    problems: list = field(default_factory=list)  # errors found while reading a file still read
    links: list = field(default_factory=list)  # the body's links and images (BodyLink), set by its check

    def position(self, keypath: tuple) -> tuple[int, int]:
        """Line and column of a key path, or of its nearest known parent."""
        keypath = tuple(keypath)
        while keypath not in self.positions and keypath:
            keypath = keypath[:-1]
        return self.positions.get(keypath, (1, 1))
