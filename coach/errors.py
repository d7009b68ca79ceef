"""Errors coach reports to a person, as one line, never as a traceback.

CoachError                 anything the CLI turns into a message and exit code 2
├── ContentError           a question bank or rubric is wrong (file:line:col)
├── NotFoundError          an id that does not exist (with a suggestion)
├── UsageError             a request that cannot be carried out as asked
└── StoreError             the history database cannot be used
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CoachError",
    "ContentError",
    "ContentProblem",
    "NotFoundError",
    "SessionPaused",
    "StoreError",
    "UsageError",
]


class CoachError(Exception):
    """Base class: its message is meant for a person."""

    exit_code = 2
    label = "error: "


@dataclass(frozen=True, slots=True)
class ContentProblem:
    """One problem in a content file, located for an editor."""

    path: str
    line: int  # 1-based; 0 when the whole file is meant
    col: int  # 1-based
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}: {self.message}"
        return f"{self.path}: {self.message}"


class ContentError(CoachError):
    """One or more content problems; str() lists them one per line."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NotFoundError(CoachError):
    pass


class UsageError(CoachError):
    pass


class StoreError(CoachError):
    pass


class SessionPaused(CoachError):
    """Not a failure: the session was saved and can be resumed."""

    exit_code = 130
    label = ""
