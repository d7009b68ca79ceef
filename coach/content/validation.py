"""`coach bank validate`: check files as a course author would use them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coach import paths
from coach.content.library import assemble
from coach.content.loader import load_bank_file, load_rubric_file, read_text
from coach.content.schema import Bank, Rubric
from coach.content.yamlio import parse_yaml
from coach.errors import ContentError, ContentProblem

__all__ = ["validate_files"]

_RUBRIC_KEYS = {"frameworks", "rules", "grading"}


def validate_files(files: Sequence[Path]) -> int:
    """Validate banks (and rubrics) with the shipped content; return the question count.

    Raises one ContentError listing every problem in every file.
    """
    problems: list[ContentProblem] = []
    rubric_file = paths.shipped_data("rubrics.yaml")
    shipped_bank = paths.shipped_data("questions.yaml")
    rubric: Rubric | None = None
    banks: list[tuple[Path, Bank]] = []
    given = {f.resolve() for f in files}
    for path in files:
        try:
            if _looks_like_rubric(path):
                rubric, rubric_file = load_rubric_file(path), path
            else:
                banks.append((path, load_bank_file(path)))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    if rubric is None:
        rubric = load_rubric_file(rubric_file, paths.cache_dir())
    if shipped_bank.resolve() not in given:
        banks.insert(0, (shipped_bank, load_bank_file(shipped_bank, paths.cache_dir())))
    _, problems = assemble(rubric, rubric_file, banks)
    if problems:
        raise ContentError(problems)
    return sum(len(bank.questions) for path, bank in banks if path.resolve() in given)


def _looks_like_rubric(path: Path) -> bool:
    try:
        raw = parse_yaml(read_text(path), str(path))
    except ContentError:
        return False  # the bank loader reports the error with its position
    return isinstance(raw, dict) and bool(_RUBRIC_KEYS & raw.keys())
