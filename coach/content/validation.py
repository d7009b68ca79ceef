"""`coach bank validate`: check files as a course author would use them."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from coach import paths
from coach.content.concept_schema import ConceptBank
from coach.content.concepts import load_concepts
from coach.content.library import assemble
from coach.content.loader import (
    load_bank_file,
    load_rubric_file,
    read_text,
    salvage_bank,
    validate_parsed,
)
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


@dataclass
class _Read:
    """What the files given held, and what was wrong with them."""

    rubric: Rubric | None = None
    rubric_file: Path = field(default_factory=lambda: paths.shipped_data("rubrics.yaml"))
    banks: list[tuple[Path, Bank]] = field(default_factory=list)
    concepts: list[tuple[Path, ConceptBank]] = field(default_factory=list)
    positions: dict[Path, dict[str, list[int]]] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)
    omitted: int = 0
    blocking: bool = False  # a rubric or concept file failed: nothing to check against

    def failed(self, exc: ContentError) -> None:
        self.problems.extend(exc.problems)
        self.omitted += exc.omitted


def validate_files(files: Sequence[Path]) -> Checked:
    """Validate banks, rubrics and concept files with the shipped content.

    Raises one ContentError listing every problem in every file: a bank that
    fails its schema still has its valid entries checked against the rest.
    """
    unique: dict[Path, Path] = {}  # a file given twice would clash with itself
    for path in files:
        unique.setdefault(_real(path), path)
    files = list(unique.values())
    read = _Read()
    for path in files:
        _read_file(path, read)
    if read.problems and read.blocking:
        raise ContentError(read.problems, omitted=read.omitted)
    rubric = read.rubric or load_rubric_file(read.rubric_file, paths.cache_dir())
    banks = read.banks
    given = set(unique)
    shipped_bank = paths.shipped_data("questions.yaml")
    if _real(shipped_bank) not in given:
        banks.insert(0, (shipped_bank, load_bank_file(shipped_bank, paths.cache_dir())))
    _, crossed = assemble(rubric, read.rubric_file, banks, positions=read.positions)
    if read.problems or crossed:
        raise ContentError(read.problems + crossed, omitted=read.omitted)
    mine = [(path, bank) for path, bank in banks if _real(path) in given]
    problems = [p for path, bank in mine for p in _reference_problems(path, bank, rubric)]
    if problems:
        raise ContentError(problems)
    empty = [path for path, bank in read.concepts if not bank.concepts]  # a bank never is
    return Checked(
        files=files,
        questions=sum(len(bank.questions) for _, bank in mine),
        concepts=sum(len(bank.concepts) for _, bank in read.concepts),
        empty=empty,
    )


def _read_file(path: Path, read: _Read) -> None:
    try:
        # Parsed once: a large bank spends most of its time in the YAML loader.
        text = read_text(path)
        raw = parse_yaml(text, str(path))
    except ContentError as exc:
        read.failed(exc)
        return
    kind = _kind(raw)
    try:
        if kind == "rubric":
            read.rubric = validate_parsed(raw, text, str(path), Rubric, whole_file=True)
            read.rubric_file = path
        elif kind == "concepts":
            read.concepts.append((path, load_concepts(path, use_cache=False)))  # small files
        else:
            read.banks.append((path, validate_parsed(raw, text, str(path), Bank, whole_file=True)))
    except ContentError as exc:
        read.failed(exc)
        if kind == "bank":
            salvaged, read.positions[path] = salvage_bank(raw)
            read.banks.append((path, salvaged))
        else:
            read.blocking = True


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
