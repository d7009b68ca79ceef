"""Errors coach reports to a person, as one line, never as a traceback.

CoachError                 anything the CLI turns into a message and exit code 2
├── ContentError           a question bank or rubric is wrong (file:line:col)
├── NotFoundError          an id that does not exist (with a suggestion)
├── UsageError             a request that cannot be carried out as asked
└── StoreError             the history database cannot be used

Signals that are not messages (caught where they are raised, never shown as errors):

Exception
├── FileRefused            a path that is not a regular file, or over the size limit
├── Interrupted            Ctrl-C inside a prompt, with what was typed so far
├── SessionInterrupted     the session stopped and was saved; it can be resumed
└── PhraseError (ValueError)  a rubric phrase that does not compile; the content
                           loader turns it into a located ContentError

Modules keep a few private exceptions of their own for control flow inside one
module (store.records._Damaged, store.archive_read._Invalid, store.db._NotADatabase);
none leaves it.

One more, `coach.output.OutputError` (a write to stdout failed), stays in `output`:
`coach --version` goes through there and must not pay for this module's imports.
"""

from __future__ import annotations

from dataclasses import dataclass

# Content problems listed at most; the rest are counted.
MAX_SHOWN = 10

__all__ = [
    "MAX_SHOWN",
    "CoachError",
    "ContentError",
    "ContentProblem",
    "FileRefused",
    "Interrupted",
    "NotFoundError",
    "PhraseError",
    "SessionInterrupted",
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
    """One or more content problems; str() lists them one per line, then the hint.

    Problems are kept file by file (in the order files first appear) and by
    line and column within a file, the order an editor walks them. At most
    MAX_SHOWN are listed, then "…and N more": `omitted` counts problems that were
    found but not even located (a file with 16,000 unknown keys).
    """

    def __init__(self, problems: list[ContentProblem], hint: str = "", *, omitted: int = 0) -> None:
        files: dict[str, int] = {}
        for problem in problems:
            files.setdefault(problem.path, len(files))
        self.problems = sorted(problems, key=lambda p: (files[p.path], p.line, p.col))
        self.hint = hint
        self.omitted = omitted
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """What a person reads: the first problems, how many more, the hint."""
        lines = [str(p) for p in self.problems[:MAX_SHOWN]]
        more = len(self.problems) - len(lines) + self.omitted
        if more:
            lines.append(f"…and {more:,} more")
        return lines + ([f"hint: {self.hint}"] if self.hint else [])


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


class FileRefused(Exception):
    """A path that is not a regular file, or a file over the size limit; str() says which."""


class Interrupted(Exception):
    """Ctrl-C inside a prompt; carries what was typed so far."""

    def __init__(self, partial: str = "") -> None:
        super().__init__("interrupted")
        self.partial = partial


class SessionInterrupted(Exception):
    """The session stopped and was saved; it can be resumed."""

    def __init__(self, session_id: str) -> None:
        super().__init__(session_id)
        self.session_id = session_id


class PhraseError(ValueError):
    """A rubric phrase that does not compile (see coach.engine.patterns)."""
