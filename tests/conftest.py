"""Shared fixtures: an isolated COACH_HOME and a small, complete rubric."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Some test modules load the shipped library when they are imported, before any
# fixture runs; without this they would write the content cache into the real
# user cache folder. Each test still gets its own COACH_HOME (coach_home below).
os.environ["COACH_HOME"] = _IMPORT_HOME = tempfile.mkdtemp(prefix="coach-tests-")
atexit.register(shutil.rmtree, _IMPORT_HOME, True)

from coach import paths  # noqa: E402
from coach.content.library import CANONICAL_ITEMS, load_library  # noqa: E402
from tests import helpers  # noqa: E402

PHASE_OF = {
    "clarify": "clarify",
    "metrics": "clarify",
    "data": "data",
    "model": "model",
    "eval": "evaluate",
    "deploy": "evaluate",
    "monitor": "evaluate",
    "wrapup": "wrapup",
}


def mini_rubric_text() -> str:
    """A valid rubric: every canonical item, one category item, two rules."""
    items = []
    for item_id in CANONICAL_ITEMS:
        word = item_id.split(".")[1]
        items.append(
            f"""
  - id: {item_id}
    phase: {PHASE_OF[item_id.split(".")[0]]}
    title: {word} title
    why: why {word}
    hint: hint {word}
    probe: probe {word}?
    match:
      - any: ["{word}"]"""
        )
    items.append(
        """
  - id: recsys.cold_start
    phase: model
    title: Cold start
    why: why
    hint: hint
    probe: probe?
    categories: [recommendation]
    match:
      - any: ["cold start"]"""
    )
    return (
        textwrap.dedent(
            """\
            frameworks:
              - id: default
                name: Default
                phases:
                  - {id: clarify, name: Clarify, min_minutes: 5, max_minutes: 10, goal: g}
                  - {id: data, name: Data, min_minutes: 10, max_minutes: 10, goal: g}
                  - {id: model, name: Model, min_minutes: 10, max_minutes: 15, goal: g}
                  - {id: evaluate, name: Evaluate, min_minutes: 10, max_minutes: 10, goal: g}
                  - {id: wrapup, name: Wrap-up, min_minutes: 2, max_minutes: 5, goal: g}
            categories:
              - {id: recommendation, title: Recommendation}
              - {id: general, title: General}
            grading:
              verdicts: [{name: hire, min_score: 50}, {name: no hire, min_score: 0}]
              penalties: {error: 5, warning: 2, info: 0}
            rules:
              - code: MSD101
                name: no-baseline
                level: error
                kind: missing
                items: [model.baseline]
                message: no baseline
                docs: {what: w, why: y, fix: f}
                examples: {bad: {text: "We use a deep model."}, good: {text: "A baseline first."}}
            items:"""
        )
        + "".join(items)
        + "\n"
    )


MINI_BANK = """\
questions:
  - id: video-recs
    title: Design video recommendations
    prompt: Pick videos for the home feed.
    category: recommendation
    difficulty: medium
    facts:
      - {topic: scale, triggers: [users, dau], answer: 200M daily users.}
      - {topic: latency, triggers: [latency], answer: 200 ms p99.}
  - id: fraud-scoring
    title: Design fraud scoring
    prompt: Score card payments.
    category: general
    tags: [payments]
    difficulty: hard
    facts:
      - {topic: scale, triggers: [transactions], answer: 5k per second.}
"""


@pytest.fixture(scope="session", autouse=True)
def shipped_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What first commands cache of the shipped content (the parsed rubric and bank,
    and the matchers of the generic rubric and the questions tests grade most), built
    once per test process; each test's cache folder starts as a copy of it (see
    coach_home and helpers.seed_cache)."""
    from coach.engine.cache import warm_engine

    home = tmp_path_factory.mktemp("shipped-cache")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COACH_HOME", str(home))
        library = load_library()
        warm_engine(library)
        for question in ("video-recommendations", "customer-churn-prediction"):
            warm_engine(library, library.questions[question])
    helpers.SHIPPED_CACHE = home / "cache"
    return helpers.SHIPPED_CACHE


@pytest.fixture(autouse=True)
def shipped_cache_untouched(shipped_cache: Path) -> Iterator[None]:
    """The test's cache files are hard links to the shipped cache: fail the test that
    wrote into one, instead of leaving every later test a damaged (so cold) cache."""
    before = helpers.cache_stamps(shipped_cache)
    yield
    assert helpers.cache_stamps(shipped_cache) == before, (
        "a cache file was written in place; replace it instead (see helpers.seed_cache)"
    )


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own COACH_HOME: no test touches the real user dirs.

    Its cache folder is made, from the shipped cache, when a command first asks for it,
    so a test sees COACH_HOME appear only where coach itself would have created it.
    """
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    real_cache_dir = paths.cache_dir

    def seeded_cache_dir() -> Path:
        folder = real_cache_dir()
        helpers.seed_cache(folder)
        return folder

    monkeypatch.setattr(paths, "cache_dir", seeded_cache_dir)
    return home


@pytest.fixture
def mini_content(tmp_path: Path) -> tuple[Path, Path]:
    """(rubric path, bank path) of a small valid library."""
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(mini_rubric_text())
    bank = tmp_path / "bank.yaml"
    bank.write_text(MINI_BANK)
    return rubric, bank


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Say which order the tests ran in, even under -q: pytest-randomly's own line is
    a header that -q hides, and an order-dependent failure needs it to be repeated."""
    if config.pluginmanager.hasplugin("randomly"):
        seed = config.getoption("randomly_seed")
        terminalreporter.write_line(f"random test order: --randomly-seed={seed} repeats it")
