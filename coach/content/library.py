"""The library: the rubric plus every question bank, merged and cross-checked.

Each file is validated on its own by the loader; here we check what spans
files: unique ids, references to items, rules, categories and phases that
exist, and the canonical checklist ids every rubric must keep.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coach import paths
from coach.content.loader import load_bank_file, load_rubric_file, read_text
from coach.content.schema import Bank, Category, ChecklistItem, Framework, Question, Rubric
from coach.errors import ContentError, ContentProblem, NotFoundError

if TYPE_CHECKING:
    from coach.content.yamlio import Locator

__all__ = [
    "CANONICAL_ITEMS",
    "Library",
    "files_signature",
    "library_files",
    "load_library",
    "suggest",
    "user_bank_files",
]

# The public contract (DESIGN.md §2): every rubric has these ids.
CANONICAL_ITEMS: tuple[str, ...] = (
    "clarify.goal",
    "clarify.ml_task",
    "clarify.scale",
    "clarify.latency",
    "metrics.offline",
    "metrics.online",
    "data.sources",
    "data.labels",
    "data.features",
    "data.preprocessing",
    "data.sampling",
    "data.split",
    "data.privacy",
    "data.skew",
    "model.baseline",
    "model.choice",
    "model.funnel",
    "model.training",
    "eval.offline",
    "eval.online",
    "deploy.serving",
    "deploy.scaling",
    "monitor.drift",
    "monitor.retraining",
    "wrapup.tradeoffs",
)


@dataclass
class Library:
    rubric: Rubric
    questions: dict[str, Question] = field(default_factory=dict)
    items: dict[str, ChecklistItem] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # question id -> file
    # Identifies the files this library was read from (paths, sizes, mtimes, coach
    # version); empty when built in memory. Caches of derived data key on it.
    signature: str = ""

    @property
    def framework(self) -> Framework:
        """The default framework: its phases are the canonical phases."""
        return self.rubric.frameworks[0]

    def question(self, question_id: str) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            raise NotFoundError(
                f"no question '{question_id}'" + suggest(question_id, self.questions)
            ) from None

    def framework_named(self, framework_id: str) -> Framework:
        for framework in self.rubric.frameworks:
            if framework.id == framework_id:
                return framework
        names = [f.id for f in self.rubric.frameworks]
        raise NotFoundError(
            f"no framework '{framework_id}'"
            + suggest(framework_id, names)
            + f" (frameworks: {', '.join(names)})"
        )

    def items_for(self, question: Question | None) -> list[ChecklistItem]:
        """Every checklist item that applies: core, switched-on category items, the question's."""
        active = question.categories if question else frozenset({"general"})
        chosen = [
            item
            for item in self.items.values()
            if not item.categories or active.intersection(item.categories)
        ]
        if question:
            chosen.extend(question.items)
        return chosen


def suggest(wrong: str, known: Iterable[str]) -> str:
    import difflib  # only for a typo: ~10 ms that every command would pay at start-up

    close = difflib.get_close_matches(wrong, list(known), n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def load_library(
    extra_banks: Sequence[Path] = (),
    *,
    rubric_path: Path | None = None,
    include_shipped: bool = True,
    include_user: bool = True,
    use_cache: bool = True,
) -> Library:
    """Load the rubric and all banks; raise one ContentError listing every problem."""
    cache = paths.cache_dir() if use_cache else None
    rubric_file, bank_files, user_banks = library_files(
        extra_banks,
        rubric_path=rubric_path,
        include_shipped=include_shipped,
        include_user=include_user,
    )
    rubric = load_rubric_file(rubric_file, cache)

    problems: list[ContentProblem] = []
    omitted = 0
    banks: list[tuple[Path, Bank]] = []
    for bank_file in bank_files:
        try:
            banks.append((bank_file, load_bank_file(bank_file, cache)))
        except ContentError as exc:
            problems.extend(exc.problems)
            omitted += exc.omitted
    if problems:
        raise ContentError(problems, _user_bank_hint(problems, user_banks), omitted=omitted)
    library, problems = assemble(rubric, rubric_file, banks)
    if problems:
        raise ContentError(problems, _user_bank_hint(problems, user_banks))
    library.signature = files_signature([rubric_file, *bank_files])
    return library


def library_files(
    extra_banks: Sequence[Path] = (),
    *,
    rubric_path: Path | None = None,
    include_shipped: bool = True,
    include_user: bool = True,
) -> tuple[Path, list[Path], list[Path]]:
    """The files a library is loaded from: (the rubric, every bank, the user's banks)."""
    rubric_file = rubric_path or paths.shipped_data("rubrics.yaml")
    user_banks = user_bank_files() if include_user else []
    shipped = [paths.shipped_data("questions.yaml")] if include_shipped else []
    return rubric_file, [*shipped, *user_banks, *extra_banks], user_banks


def user_bank_files() -> list[Path]:
    """The banks in the config folder: its *.yaml and *.yml files (any case), by name.

    Hidden files are skipped: an editor's lock or swap file (".#bank.yaml") is not
    a bank, and a broken one would block every command.
    """
    folder = paths.user_banks_dir()
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in (".yaml", ".yml") and not path.name.startswith(".")
    )


def _user_bank_hint(problems: Sequence[ContentProblem], user_banks: Sequence[Path]) -> str:
    """Every command loads the user's banks: say which broken file to fix or move aside."""
    broken = [path.name for path in user_banks if any(p.path == str(path) for p in problems)]
    if not broken:
        return ""
    them = "it" if len(broken) == 1 else "them"
    return (
        f"every command loads the banks in {user_banks[0].parent}; "
        f"fix {', '.join(broken)} or move {them} out of that folder"
    )


def files_signature(files: Sequence[Path]) -> str:
    """Names a library's state: its files' paths, mtimes and sizes, and coach's version."""
    from coach import __version__
    from coach.common.digest import short_digest

    parts = [__version__]
    for path in files:
        stat = path.stat()
        parts.append(f"{path.resolve()}|{stat.st_mtime_ns}|{stat.st_size}")
    return short_digest("\n".join(parts).encode(), 16)


def assemble(
    rubric: Rubric,
    rubric_file: Path,
    banks: Sequence[tuple[Path, Bank]],
    *,
    positions: Mapping[Path, Mapping[str, Sequence[int]]] | None = None,
) -> tuple[Library, list[ContentProblem]]:
    """The library, and every clash or dangling reference between the files.

    `positions` is for a bank that failed validation and was salvaged: for each of
    its lists, where the entries that were kept stand in the file."""
    checker = _Checker()
    library = Library(rubric=rubric)
    rubric_src = _Source(rubric_file)

    for i, category in enumerate(rubric.categories):
        checker.add_category(library, category, rubric_src, ["categories", i, "id"])
    for i, item in enumerate(rubric.items):
        checker.add_item(library, item, rubric_src, ["items", i, "id"])
    sources = {path: _Source(path, (positions or {}).get(path)) for path, _ in banks}
    for bank_file, bank in banks:
        src = sources[bank_file]
        for i, category in enumerate(bank.categories):
            checker.add_category(library, category, src, ["categories", i, "id"])
        for i, item in enumerate(bank.items):
            checker.add_item(library, item, src, ["items", i, "id"])
        for i, question in enumerate(bank.questions):
            checker.add_question(library, question, src, ["questions", i])

    checker.check_rubric(library, rubric_src)
    for bank_file, bank in banks:
        checker.check_bank(library, bank, sources[bank_file])
    return library, checker.problems


class _Source:
    """A content file and, on demand, where things are in it."""

    def __init__(self, path: Path, positions: Mapping[str, Sequence[int]] | None = None) -> None:
        self.path = path
        self._positions = positions
        self._locator: Locator | None = None  # made only when a problem needs a position

    def at(self, loc: Sequence[int | str], message: str) -> ContentProblem:
        from coach.content.yamlio import Locator

        if self._positions and len(loc) > 1 and isinstance(loc[1], int):
            kept = self._positions.get(str(loc[0]))
            if kept is not None:  # the n-th entry kept is this one in the file
                loc = [loc[0], kept[loc[1]], *loc[2:]]

        if self._locator is None:
            try:
                text = read_text(self.path)
            except ContentError:
                text = ""
            self._locator = Locator(text, str(self.path))
        return self._locator.problem(loc, message)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[ContentProblem] = []
        self.defined_at: dict[tuple[str, str], tuple[_Source, list[int | str]]] = {}

    def _first(self, kind: str, ident: str, src: _Source, loc: list[int | str]) -> bool:
        """Record where an id is defined; report a clash naming both places.

        Positions are looked up only for a clash: the happy path never
        composes a YAML node tree.
        """
        previous = self.defined_at.get((kind, ident))
        if previous is not None:
            first = previous[0].at(previous[1], "")
            where = f"{first.path}:{first.line}:{first.col}"
            message = f"{kind} id '{ident}' is already defined at {where}"
            if kind == "question" and previous[0].path != src.path:
                message += "; to use this one instead, add 'replaces: true' to it"
            self.problems.append(src.at(loc, message))
            return False
        self.defined_at[(kind, ident)] = (src, loc)
        return True

    def add_category(self, lib: Library, cat: Category, src: _Source, loc: list[int | str]) -> None:
        if self._first("category", cat.id, src, loc):
            lib.categories[cat.id] = cat

    def add_item(
        self, lib: Library, item: ChecklistItem, src: _Source, loc: list[int | str]
    ) -> None:
        if self._first("item", item.id, src, loc):
            lib.items[item.id] = item

    def add_question(self, lib: Library, q: Question, src: _Source, loc: list[int | str]) -> None:
        previous = self.defined_at.get(("question", q.id))
        if q.replaces and previous is None:
            message = (
                f"'replaces: true', but no bank loaded before this one has a question '{q.id}'"
            )
            self.problems.append(src.at([*loc, "replaces"], message))
            return
        if q.replaces and previous is not None and previous[0].path != src.path:
            # The replaced question goes with its own items, so the copy may reuse their ids.
            for item in lib.questions[q.id].items:
                if self.defined_at.get(("item", item.id), (None,))[0] is previous[0]:
                    del self.defined_at[("item", item.id)]
            del self.defined_at[("question", q.id)]
        if self._first("question", q.id, src, [*loc, "id"]):
            lib.questions[q.id] = q
            lib.origin[q.id] = str(src.path)
        for j, item in enumerate(q.items):
            self._first("item", item.id, src, [*loc, "items", j, "id"])

    def _ref(
        self,
        ok: bool,
        src: _Source,
        loc: list[int | str],
        what: str,
        name: str,
        known: Iterable[str],
    ) -> None:
        if not ok:
            self.problems.append(src.at(loc, f"unknown {what} '{name}'" + suggest(name, known)))

    def _item_refs(
        self, lib: Library, item: ChecklistItem, src: _Source, loc: list[int | str]
    ) -> None:
        phases = [p.id for p in lib.framework.phases]
        self._ref(item.phase in phases, src, [*loc, "phase"], "phase", item.phase, phases)
        for k, cat in enumerate(item.categories):
            self._ref(
                cat in lib.categories, src, [*loc, "categories", k], "category", cat, lib.categories
            )

    def check_rubric(self, lib: Library, src: _Source) -> None:
        rubric = lib.rubric
        canonical = [p.id for p in lib.framework.phases]
        for i, framework in enumerate(rubric.frameworks):
            for j, phase in enumerate(framework.phases):
                for k, covered in enumerate(phase.item_phases):
                    self._ref(
                        covered in canonical,
                        src,
                        ["frameworks", i, "phases", j, "covers", k],
                        "phase",
                        covered,
                        canonical,
                    )
        for i, item in enumerate(rubric.items):
            self._item_refs(lib, item, src, ["items", i])
        for missing in (c for c in CANONICAL_ITEMS if c not in lib.items):
            self.problems.append(src.at(["items"], f"canonical item '{missing}' is missing"))
        for i, rule in enumerate(rubric.rules):
            loc: list[int | str] = ["rules", i]
            for k, item_id in enumerate(rule.items):
                self._ref(item_id in lib.items, src, [*loc, "items", k], "item", item_id, lib.items)
            for part in ("trigger", "require", "unless"):
                cond = getattr(rule, part)
                for k, item_id in enumerate(cond.items if cond else ()):
                    self._ref(
                        item_id in lib.items,
                        src,
                        [*loc, part, "items", k],
                        "item",
                        item_id,
                        lib.items,
                    )
            for k, cat in enumerate(rule.categories):
                self._ref(
                    cat in lib.categories,
                    src,
                    [*loc, "categories", k],
                    "category",
                    cat,
                    lib.categories,
                )
            if rule.phase is not None:
                self._ref(
                    rule.phase in canonical, src, [*loc, "phase"], "phase", rule.phase, canonical
                )
        for dup in _duplicates(rule.code for rule in rubric.rules):
            self.problems.append(src.at(["rules"], f"rule code '{dup}' is used twice"))
        for dup in _duplicates(rule.name for rule in rubric.rules):
            self.problems.append(src.at(["rules"], f"rule name '{dup}' is used twice"))

    def check_bank(self, lib: Library, bank: Bank, src: _Source) -> None:
        for i, item in enumerate(bank.items):
            self._item_refs(lib, item, src, ["items", i])
        for i, q in enumerate(bank.questions):
            loc: list[int | str] = ["questions", i]
            self._ref(
                q.category in lib.categories,
                src,
                [*loc, "category"],
                "category",
                q.category,
                lib.categories,
            )
            for j, item in enumerate(q.items):
                self._item_refs(lib, item, src, [*loc, "items", j])


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dups = []
    for value in values:
        if value in seen:
            dups.append(value)
        seen.add(value)
    return dups
