"""Reference answers: what a strong answer to each question says, phase by phase.

A bank's reference answers live in a `references/` folder beside it, one markdown
file per question id: the shipped bank's are `data/references/<id>.md`, a user
bank `banks/mine.yaml` has its own in `banks/references/`. Each has a section for
every phase of the default framework, under headings that name it ("## Data"). A
report shows, for each point a candidate missed or made only in passing, what the
reference says for that point; the grader finds those sentences, so no point needs
marking by hand. A file is read only when a report or `coach show --reference`
needs it.
"""

from __future__ import annotations

from pathlib import Path

from coach.content.headings import heading_mapper
from coach.content.library import Library
from coach.content.loader import read_text
from coach.content.schema import Framework, Question
from coach.errors import ContentError, ContentProblem

__all__ = ["REFERENCES_FOLDER", "check_reference", "load_reference", "reference_path"]

REFERENCES_FOLDER = "references"
_HEADING_MARKS = "#"


def reference_path(library: Library, question_id: str) -> Path | None:
    """Where the reference answer of a question would be (None: no bank file known)."""
    origin = library.origin.get(question_id)
    if not origin:
        return None
    return Path(origin).parent / REFERENCES_FOLDER / f"{question_id}.md"


def load_reference(library: Library, question: Question) -> str | None:
    """The question's reference answer, or None when its bank has none.

    A file that exists but cannot be read or lacks a phase is a ContentError,
    located, like any other content error.
    """
    path = reference_path(library, question.id)
    if path is None or not path.exists():
        return None
    text = read_text(path)
    problems = check_reference(text, str(path), library.framework)
    if problems:
        raise ContentError(problems)
    return text


def check_reference(text: str, name: str, framework: Framework) -> list[ContentProblem]:
    """A section for every phase of the framework, under headings that name it."""
    phase_of = heading_mapper(framework)
    found: set[str] = set()
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(_HEADING_MARKS):
            phase = phase_of(stripped.lstrip(_HEADING_MARKS).strip())
            if phase:
                found.add(phase)
    missing = [p.name for p in framework.phases if p.id not in found]
    if not missing:
        return []
    return [
        ContentProblem(
            name,
            1,
            1,
            "a reference answer needs a heading for every phase; none names " + ", ".join(missing),
        )
    ]
