"""Load one content file: parse, validate against the schema, cache the result.

A validated file is cached (pickled frozen dataclasses, keyed by path, mtime,
size and coach version): reading it back takes about a millisecond and needs
neither YAML parsing nor pydantic, which keeps every command quick to start.
"""

from __future__ import annotations

import errno
import reprlib
import sys
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from coach import __version__
from coach.common.bytepos import line_col
from coach.common.digest import short_digest
from coach.common.files import read_regular
from coach.common.signed_cache import LAYOUT, prune, read_cached, write_cached
from coach.content.phrases import phrase_problem
from coach.content.schema import (
    Bank,
    Category,
    ChecklistItem,
    Question,
    Rubric,
    Signal,
)
from coach.errors import MAX_SHOWN, ContentError, ContentProblem, FileRefused

if TYPE_CHECKING:
    # imported where a concept file is loaded: `coach score` never needs it
    from coach.content.concept_schema import ConceptBank
    from coach.content.yamlio import Locator

__all__ = [
    "MAX_CONTENT_BYTES",
    "load_bank_file",
    "load_concept_file",
    "load_rubric_file",
    "read_text",
]

T = TypeVar("T", Bank, Rubric, "ConceptBank")

# The shipped banks are about 150 KB each.
MAX_CONTENT_BYTES = 10_000_000


def read_text(path: Path) -> str:
    """The text of a content file: a regular file (a FIFO would block, a device never
    ends) of at most MAX_CONTENT_BYTES, in UTF-8; line ends read as newlines."""
    try:
        data = read_regular(path, MAX_CONTENT_BYTES)
    except FileNotFoundError:
        raise ContentError([ContentProblem(str(path), 0, 0, "no such file")]) from None
    except FileRefused as exc:
        why = str(exc) + ("; a bank is a few hundred KB" if str(exc).startswith("larger") else "")
        raise ContentError([ContentProblem(str(path), 0, 0, why)]) from None
    except OSError as exc:
        why = "a loop of symbolic links" if exc.errno == errno.ELOOP else exc.strerror or str(exc)
        raise ContentError([ContentProblem(str(path), 0, 0, why)]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([_not_utf8(str(path), exc)]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_utf8(path: str, exc: UnicodeDecodeError) -> ContentProblem:
    """Where the first byte that is not UTF-8 is, as line and column."""
    data, start = exc.object, exc.start
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    what = "UTF-16 text" if utf16 else f"not UTF-8 text (byte 0x{data[start]:02x})"
    return ContentProblem(path, *line_col(data, start), f"{what}; save the file as UTF-8")


def load_bank_file(path: Path, cache: Path | None = None) -> Bank:
    """A question bank; one that defines no question (an empty file, a missing or empty
    `questions:`) is an error, not a bank of nothing."""
    return _load(path, Bank, cache)


def load_rubric_file(path: Path, cache: Path | None = None) -> Rubric:
    return _load(path, Rubric, cache)


def load_concept_file(path: Path, cache: Path | None = None) -> ConceptBank:
    from coach.content.concept_schema import ConceptBank

    return _load(path, ConceptBank, cache)


def _load(path: Path, kind: type[T], cache: Path | None) -> T:
    key = _cache_file(path, kind, cache)
    if key is not None:
        cached = read_cached(key, kind)
        if cached is not None:
            return cached
    from coach.content.yamlio import parse_yaml  # not needed on a cache hit

    text = read_text(path)
    value = validate_parsed(parse_yaml(text, str(path)), text, str(path), kind, whole_file=True)
    if key is not None:
        write_cached(key, value)
        prune(key.parent, key.name.rsplit("-", 1)[0] + "-*.pickle", keep=1)
    return value


_EMPTY: dict[str, str] = {  # by class name
    "Bank": "defines no questions; a bank lists them under 'questions:'",
    "Rubric": "the file is empty; a rubric defines frameworks, categories, items, rules, grading",
    "ConceptBank": "the file is empty; a concept file lists them under 'concepts:'",
}


def validate_text(text: str, display_path: str, kind: type[T]) -> T:
    """Parse and validate YAML text as `kind`; every problem is located."""
    from coach.content.yamlio import parse_yaml  # not needed on a cache hit

    return validate_parsed(parse_yaml(text, display_path), text, display_path, kind)


def validate_parsed(
    raw: Any, text: str, display_path: str, kind: type[T], *, whole_file: bool = False
) -> T:
    """Validate what `parse_yaml` made of `text` as `kind`; every problem is located.

    A whole bank file must define questions (a fragment checked on its own need not)."""
    from coach.content.yamlio import Locator

    if raw is None and whole_file:
        raise ContentError([ContentProblem(display_path, 1, 1, _EMPTY[kind.__name__])])
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        locator = Locator(text, display_path)
        raise ContentError([locator.problem([], "expected a mapping at the top of the file")])
    empty: list[ContentProblem] = []
    if kind is Bank and whole_file and not raw.get("questions"):
        where = ["questions"] if "questions" in raw else []
        empty = [Locator(text, display_path).problem(where, _EMPTY["Bank"])]
        raw = {key: value for key, value in raw.items() if key != "questions"}
    from pydantic import TypeAdapter, ValidationError

    try:
        value = TypeAdapter(kind).validate_python(raw)
    except ValidationError as exc:
        locator = Locator(text, display_path)
        errors = exc.errors(include_url=False)
        # Locating a problem walks the file: the first few are located, the rest counted.
        problems = [_problem(locator, err) for err in errors[:MAX_SHOWN]]
        omitted = len(errors) - len(problems)
        raise ContentError(empty + _dedupe(problems), omitted=omitted) from None
    if empty:
        raise ContentError(empty)
    bad_phrases = list(_phrase_problems(value))
    if bad_phrases:
        locator = Locator(text, display_path)
        raise ContentError([locator.problem(loc, message) for loc, message in bad_phrases])
    return value


def salvage_bank(raw: Any) -> tuple[Bank, dict[str, list[int]]]:
    """The entries of a bank that failed validation that are valid on their own, and
    for each list where the kept entries stand in the file, so that `coach bank
    validate` can check them against the rest in the same run."""
    from pydantic import TypeAdapter, ValidationError

    kept: dict[str, tuple[Any, ...]] = {}
    positions: dict[str, list[int]] = {}
    for key, kind in (("questions", Question), ("items", ChecklistItem), ("categories", Category)):
        entries = raw.get(key) if isinstance(raw, dict) else None
        if not isinstance(entries, list):
            continue
        adapter = TypeAdapter(kind)
        valid, where = [], []
        for i, entry in enumerate(entries):
            try:
                valid.append(adapter.validate_python(entry))
            except ValidationError:
                continue
            where.append(i)
        kept[key], positions[key] = tuple(valid), where
    return Bank(**kept), positions


def _phrase_problems(value: Bank | Rubric | ConceptBank) -> Iterator[tuple[list[int | str], str]]:
    """Every match phrase whose syntax is wrong, with its path in the file."""
    for loc, phrase in _phrases(value):
        problem = phrase_problem(phrase)
        if problem:
            yield loc, problem


def _phrases(value: Bank | Rubric | ConceptBank) -> Iterator[tuple[list[int | str], str]]:
    if not isinstance(value, Bank | Rubric):  # a ConceptBank
        for i, concept in enumerate(value.concepts):
            for j, point in enumerate(concept.points):
                yield from _signal_phrases(["concepts", i, "points", j], point.match)
        return
    item_lists: list[tuple[list[int | str], tuple[ChecklistItem, ...]]] = [(["items"], value.items)]
    if isinstance(value, Bank):
        item_lists += [(["questions", i, "items"], q.items) for i, q in enumerate(value.questions)]
    for base, items in item_lists:
        for i, item in enumerate(items):
            yield from _signal_phrases([*base, i], item.match)
    if isinstance(value, Rubric):
        for i, rule in enumerate(value.rules):
            for part in ("trigger", "require", "unless"):
                cond = getattr(rule, part)
                for k, phrase in enumerate(cond.mentions if cond else ()):
                    yield ["rules", i, part, "mentions", k], phrase


def _signal_phrases(
    base: list[int | str], signals: tuple[Signal, ...]
) -> Iterator[tuple[list[int | str], str]]:
    for n, signal in enumerate(signals):
        for part in ("any", "near"):
            for k, phrase in enumerate(getattr(signal, part)):
                yield [*base, "match", n, part, k], phrase


def _problem(locator: Locator, err: Any) -> ContentProblem:
    loc = [step for step in err["loc"] if isinstance(step, int | str)]
    kind = err["type"]
    where = _dotted(loc)
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return locator.problem(loc, f"unknown key '{loc[-1]}' in {_dotted(loc[:-1])}", key=True)
    if kind in ("missing_argument", "missing"):
        return locator.problem(loc[:-1], f"missing key '{loc[-1]}' in {_dotted(loc[:-1])}")
    message = str(err["msg"]).removeprefix("Value error, ")
    if kind not in ("value_error", "assertion_error") and "input" in err:
        message += f" (got {_short(err['input'])})"
    return locator.problem(loc, f"{where}: {message}" if where else message)


def _dotted(loc: list[int | str]) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "the top level"


def _short(value: Any) -> str:
    """A value for a message: repr() would build the whole of a huge or deeply nested one."""
    text = _REPR.repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring = 2, 4, 2, 40


def _dedupe(problems: list[ContentProblem]) -> list[ContentProblem]:
    seen: set[str] = set()
    out = []
    for problem in problems:
        if str(problem) not in seen:
            seen.add(str(problem))
            out.append(problem)
    return out


# --- the cache -------------------------------------------------------------


def _cache_file(path: Path, kind: type, cache: Path | None) -> Path | None:
    if cache is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    # content-<which file>-<which version of it>: the first part lets _load drop
    # the caches of older versions of the same file.
    source = f"{kind.__name__}|{path.resolve()}"
    state = f"{__version__}|{LAYOUT}|{schema_fingerprint(kind)}|{stat.st_mtime_ns}|{stat.st_size}"
    return cache / f"content-{_digest(source)}-{_digest(state)}.pickle"


def _digest(text: str) -> str:
    return short_digest(text.encode())


def schema_fingerprint(kind: type) -> str:
    """The fields of every content class `kind` may hold (those of its own module and
    of coach.content.schema, which the others build on): part of a cache file's key,
    so a cache written before a field was added or renamed is never read back as this
    shape."""
    modules = {sys.modules[kind.__module__], sys.modules[Bank.__module__]}
    classes = {
        obj
        for module in modules
        for obj in vars(module).values()
        if isinstance(obj, type) and hasattr(obj, "__dataclass_fields__")
    }
    return ";".join(
        f"{cls.__name__}:{','.join(f.name for f in fields(cls))}"
        for cls in sorted(classes, key=lambda c: c.__name__)
    )
