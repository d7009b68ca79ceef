"""`coach bank validate`: check files as a course author would use them."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from coach import paths
from coach.content.concept_schema import ConceptBank
from coach.content.concepts import load_concepts
from coach.content.library import assemble
from coach.content.loader import load_bank_file, load_rubric_file, read_text, validate_parsed
from coach.content.references import REFERENCES_FOLDER, check_reference
from coach.content.schema import Bank, Rubric
from coach.content.yamlio import parse_yaml
from coach.errors import ContentError, ContentProblem

__all__ = ["Checked", "validate_files"]

_RUBRIC_KEYS = {"frameworks", "rules", "grading"}


class Checked(NamedTuple):
    """What `validate_files` checked."""

    files: list[Path]  # each file once, in the order given
    questions: int
    concepts: int
    empty: list[Path]  # files with nothing in them


def validate_files(files: Sequence[Path]) -> Checked:
    """Validate banks, rubrics and concept files with the shipped content.

    Raises one ContentError listing every problem in every file.
    """
    unique: dict[Path, Path] = {}  # a file given twice would clash with itself
    for path in files:
        unique.setdefault(_real(path), path)
    files = list(unique.values())
    problems: list[ContentProblem] = []
    omitted = 0
    rubric_file = paths.shipped_data("rubrics.yaml")
    shipped_bank = paths.shipped_data("questions.yaml")
    rubric: Rubric | None = None
    banks: list[tuple[Path, Bank]] = []
    concepts: list[tuple[Path, ConceptBank]] = []
    for path in files:
        try:
            # Parsed once: a large bank spends most of its time in the YAML loader.
            text = read_text(path)
            raw = parse_yaml(text, str(path))
            kind = _kind(raw)
            if kind == "rubric":
                rubric, rubric_file = (
                    validate_parsed(raw, text, str(path), Rubric, whole_file=True),
                    path,
                )
            elif kind == "concepts":
                concepts.append((path, load_concepts(path, use_cache=False)))  # small files
            else:
                banks.append((path, validate_parsed(raw, text, str(path), Bank, whole_file=True)))
        except ContentError as exc:
            problems.extend(exc.problems)
            omitted += exc.omitted
    if problems:
        raise ContentError(problems, omitted=omitted)
    if rubric is None:
        rubric = load_rubric_file(rubric_file, paths.cache_dir())
    given = set(unique)
    if _real(shipped_bank) not in given:
        banks.insert(0, (shipped_bank, load_bank_file(shipped_bank, paths.cache_dir())))
    _, problems = assemble(rubric, rubric_file, banks)
    if problems:
        raise ContentError(problems)
    mine = [(path, bank) for path, bank in banks if _real(path) in given]
    problems = [p for path, bank in mine for p in _reference_problems(path, bank, rubric)]
    if problems:
        raise ContentError(problems)
    empty = [path for path, bank in concepts if not bank.concepts]  # a bank never is
    return Checked(
        files=files,
        questions=sum(len(bank.questions) for _, bank in mine),
        concepts=sum(len(bank.concepts) for _, bank in concepts),
        empty=empty,
    )


def _reference_problems(path: Path, bank: Bank, rubric: Rubric) -> list[ContentProblem]:
    """The reference answers beside a bank: each named after one of its questions,
    readable, with a section for every phase."""
    folder = path.parent / REFERENCES_FOLDER
    if not folder.is_dir():
        return []
    ids = {q.id for q in bank.questions}
    problems: list[ContentProblem] = []
    for file in sorted(folder.glob("*.md")):
        if file.stem not in ids:
            continue  # another bank in the same folder may own it
        try:
            text = read_text(file)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(check_reference(text, str(file), rubric.frameworks[0]))
    return problems


def _real(path: Path) -> Path:
    """The file a path names; a symbolic link loop is left as it is (Path.resolve raises
    RuntimeError for one, and the loader reports it with the file's name)."""
    return Path(os.path.realpath(path))


def _kind(raw: object) -> str:
    """'rubric', 'concepts' or 'bank', from the top-level keys."""
    if not isinstance(raw, dict):
        return "bank"
    if _RUBRIC_KEYS & raw.keys():
        return "rubric"
    return "concepts" if "concepts" in raw else "bank"
