"""`coach score`'s work: read answer files, grade each against one rubric.

Like a linter, a file that cannot be read is kept as its error and the others are
graded; the command reports both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from coach.common.long_lived import long_lived
from coach.content.library import load_library
from coach.content.schema import Question
from coach.engine.answer_files import read_answer
from coach.engine.cache import warm_engine
from coach.engine.grading import Report, grade_text
from coach.errors import UsageError

__all__ = ["GradedFiles", "grade_files"]


@dataclass
class GradedFiles:
    question: Question | None  # None: graded on the rubric's core points
    reports: list[tuple[str, Report]] = field(default_factory=list)  # (name, report)
    unreadable: list[UsageError] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        """Some answer has an error-level finding."""
        return any(report.has_errors for _, report in self.reports)


def grade_files(
    paths: Sequence[Path],
    *,
    question_id: str | None = None,
    banks: Sequence[Path] = (),
    reference: bool = True,
    stdin: BinaryIO | None = None,
) -> GradedFiles:
    """Grade every readable answer; `-` is `stdin`, which can be read once."""
    if sum(str(path) == "-" for path in paths) > 1:
        raise UsageError("'-' (standard input) can be read only once")
    with long_lived():
        library = load_library(banks)
        question = library.question(question_id) if question_id else None
        warm_engine(library, question)
    graded = GradedFiles(question)
    answers = []
    for path in paths:
        try:
            answers.append((str(path), read_answer(path, stdin)))
        except UsageError as exc:
            graded.unreadable.append(exc)
    model = None
    if question is not None and reference and answers:
        from coach.content.references import load_reference

        model = load_reference(library, question)
    for name, text in answers:
        graded.reports.append((name, grade_text(text, library, question, reference=model)))
    return graded
