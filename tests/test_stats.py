"""`coach stats`: numbers over a history whose answers are known in advance."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from coach.common.glyphs import sparkline
from coach.content.library import Library, load_library
from coach.errors import UsageError
from coach.export.stats_markdown import stats_markdown
from coach.playbooks import drill, mock
from coach.progress.stats import Stats, compute_stats, parse_since
from coach.session.clock import FakeClock
from coach.session.plan import PhasePlan, SessionPlan
from coach.session.runtime import Session
from coach.store.db import Store, open_store
from coach.ui.presenter import RichPresenter
from tests.helpers import flat, invoke
from tests.test_session import ScriptedPrompter, Step, full_mock_steps

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class WallClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def day(self, n: int) -> None:
        self.now = START + timedelta(days=n - 1)


@pytest.fixture
def wall() -> WallClock:
    return WallClock()


@pytest.fixture
def store(coach_home: Path, wall: WallClock) -> Store:
    """The store the CLI reads too (COACH_HOME), with a wall clock the test moves."""
    with open_store(coach_home, now=wall) as opened:
        yield opened  # type: ignore[misc]


# --- a hand-made history: every number below is worked out by hand -------------------------------


def _phase(pid: str, name: str, max_minutes: float) -> PhasePlan:
    return PhasePlan(pid, name, "g", max_minutes / 2, max_minutes, (pid,))


CLARIFY, MODEL = ("clarify", "Clarify"), ("model", "Model")
PLANS = {
    "mock": SessionPlan("mock", "q", (_phase(*CLARIFY, 10), _phase(*MODEL, 15))),
    "sprint": SessionPlan("sprint", "q", (_phase(*CLARIFY, 5), _phase(*MODEL, 7.5))),
    "drill": SessionPlan("drill", "q", (_phase(*CLARIFY, 10),), graded_phases=("clarify",)),
}
BASELINE_TITLE = "Baseline | simple first"  # a pipe: user-derived text must be escaped
ITEMS = {  # id -> (phase, title)
    "clarify.goal": ("clarify", "Business goal"),
    "clarify.scale": ("clarify", "Scale"),
    "clarify.latency": ("clarify", "Latency"),
    "model.baseline": ("model", BASELINE_TITLE),
}
FINDING_NAMES = {"MSD101": "no-baseline", "MSD104": "no-numbers"}


@dataclass
class Row:
    playbook: str
    score: int
    coverage: dict[str, float]  # phase -> coverage (only the graded phases)
    minutes: dict[str, float]  # phase -> minutes used (a missing phase has no time)
    missed: set[str] = field(default_factory=set)
    findings: list[str] = field(default_factory=list)  # codes, repeats allowed


# Day n is row n. The last five sessions are days 8-12, the five before are days 3-7.
HISTORY = [
    Row("mock", 40, {"clarify": 0.5, "model": 0.4}, {"clarify": 12, "model": 14},
        {"model.baseline", "clarify.scale"}, ["MSD101", "MSD104", "MSD104"]),
    Row("mock", 45, {"clarify": 0.5, "model": 0.5}, {"clarify": 8, "model": 16},
        {"model.baseline", "clarify.scale"}, ["MSD101", "MSD104"]),
    Row("mock", 50, {"clarify": 0.75, "model": 0.5}, {"clarify": 11.5, "model": 15},
        {"model.baseline"}, ["MSD101"]),
    Row("drill", 48, {"clarify": 0.5}, {"clarify": 15}, {"clarify.scale"}),
    Row("mock", 55, {"clarify": 0.5, "model": 0.75}, {"clarify": 9, "model": 20},
        {"clarify.scale"}, ["MSD104"]),
    Row("sprint", 60, {"clarify": 0.5, "model": 1.0}, {"clarify": 8, "model": 9},
        {"clarify.scale"}),
    Row("mock", 58, {"clarify": 1.0, "model": 1.0}, {"clarify": 7}),  # model: no time kept
    Row("mock", 62, {"clarify": 1.0, "model": 0.5}, {"clarify": 10.5, "model": 13},
        {"model.baseline"}, ["MSD101"]),
    Row("drill", 65, {"clarify": 0.75}, {"clarify": 6}, {"clarify.goal"}),
    Row("mock", 70, {"clarify": 1.0, "model": 0.5}, {"clarify": 13, "model": 18},
        {"model.baseline"}, ["MSD101"]),
    Row("mock", 68, {"clarify": 1.0, "model": 0.5}, {"clarify": 10, "model": 15.5},
        {"model.baseline"}, ["MSD101"]),
    Row("mock", 72, {"clarify": 0.75, "model": 0.5}, {"clarify": 9.5, "model": 12},
        {"model.baseline", "clarify.goal"}, ["MSD101"]),
]  # fmt: skip
SCORES = [40, 45, 50, 48, 55, 60, 58, 62, 65, 70, 68, 72]


def report_for(row: Row) -> dict[str, Any]:
    """A report shaped as `report_summary` saves it."""
    graded = set(row.coverage)
    return {
        "question": "q",
        "score": row.score,
        "verdict": "hire",
        "coverage": 0.5,
        "penalty": 0,
        "phases": [
            {
                "id": pid,
                "name": pid.title(),
                "coverage": cov,
                "covered_weight": 1,
                "total_weight": 2,
                "words": 10,
            }
            for pid, cov in row.coverage.items()
        ],
        "items": [
            {
                "id": iid,
                "phase": phase,
                "title": title,
                "weight": 1,
                "covered": iid not in row.missed,
                "evidence": [],
            }
            for iid, (phase, title) in ITEMS.items()
            if phase in graded
        ],
        "findings": [
            {
                "code": code,
                "name": FINDING_NAMES[code],
                "level": "error",
                "message": "m",
                "phase": None,
                "line": n + 1,
                "col": 1,
            }
            for n, code in enumerate(row.findings)
        ],
        "next_steps": [],
        "seconds": {pid: minutes * 60 for pid, minutes in row.minutes.items()},
    }


def build_history(store: Store, wall: WallClock) -> None:
    """Twelve finished sessions on 1-12 March 2026, then two unfinished ones."""
    for day, row in enumerate(HISTORY, 1):
        wall.day(day)
        plan = PLANS[row.playbook]
        record = store.create_session(f"question-{day}", row.playbook, plan.to_dict())
        store.finish(record.id, row.score, "hire", report_for(row))
    wall.day(13)
    stopped = store.create_session("question-13", "mock", PLANS["mock"].to_dict())
    store.set_progress(stopped.id, 1, "interrupted")
    wall.day(14)
    store.create_session("question-14", "mock", PLANS["mock"].to_dict())  # still active


@pytest.fixture
def history(store: Store, wall: WallClock) -> Stats:
    build_history(store, wall)
    return compute_stats(store)


def test_only_finished_sessions_count_oldest_first(history: Stats) -> None:
    assert history.sessions == 12
    assert history.score_values == SCORES
    assert history.scores[0] == ("2026-03-01", 40, "question-1", "mock")
    assert history.scores[3] == ("2026-03-04", 48, "question-4", "drill")
    assert history.scores[-1] == ("2026-03-12", 72, "question-12", "mock")


def test_coverage_per_phase_counts_only_sessions_that_graded_it(history: Stats) -> None:
    coverage = {c.id: c for c in history.coverage}
    assert list(coverage) == ["clarify", "model"]
    clarify, model = coverage["clarify"], coverage["model"]
    assert clarify.values == (0.5, 0.5, 0.75, 0.5, 0.5, 0.5, 1.0, 1.0, 0.75, 1.0, 1.0, 0.75)
    assert (clarify.first, clarify.latest) == (0.5, 0.75)
    assert clarify.average == pytest.approx(8.75 / 12)
    # two drills graded clarify only; day 7 graded model although it kept no model time
    assert model.values == (0.4, 0.5, 0.5, 0.75, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5)
    assert model.average == pytest.approx(0.615)


def test_time_discipline_uses_each_sessions_own_budget(history: Stats) -> None:
    time = {t.id: t for t in history.time}
    clarify, model = time["clarify"], time["model"]
    # minutes − max: the sprint on day 6 had a 5-minute clarify budget (8 min used: +3)
    assert clarify.overruns == (2, -2, 1.5, 5, -1, 3, -3, 0.5, -4, 3, 0, -0.5)
    assert clarify.median_over_minutes == pytest.approx(0.25)
    assert (clarify.sessions, clarify.over_budget) == (12, 6)  # day 11 is exactly on budget
    assert clarify.share_over_budget == 0.5
    # model: no drills, and day 7 has no model time; the sprint's budget was 7.5
    assert model.overruns == (-1, 1, 0, 5, 1.5, -2, 3, 0.5, -3)
    assert model.median_over_minutes == pytest.approx(0.5)
    assert (model.sessions, model.over_budget) == (9, 5)
    assert model.share_over_budget == pytest.approx(5 / 9)


def test_most_missed_items_with_last_five_against_the_five_before(history: Stats) -> None:
    top = history.missed_items[0]
    assert top.id == "model.baseline" and top.title == BASELINE_TITLE
    assert (top.missed, top.applicable) == (7, 10)  # drills never graded it
    assert (top.recent_missed, top.recent_applicable) == (4, 4)  # days 8, 10, 11, 12
    assert (top.previous_missed, top.previous_applicable) == (1, 4)  # day 3 (4 was a drill)
    assert top.trend == "worse"
    rest = [
        (i.id, i.missed, i.applicable, i.recent_missed, i.previous_missed, i.trend)
        for i in history.missed_items[1:]
    ]
    assert rest == [
        ("clarify.scale", 5, 12, 0, 3, "better"),
        ("clarify.goal", 2, 12, 2, 0, "worse"),
    ]  # clarify.latency was never missed, so it is not listed


def test_findings_count_sessions_not_occurrences(history: Stats) -> None:
    found = [
        (f.code, f.name, f.count, f.recent, f.recent_sessions, f.previous, f.previous_sessions)
        for f in history.findings
    ]
    assert found == [
        ("MSD101", "no-baseline", 7, 4, 5, 1, 5),
        ("MSD104", "no-numbers", 3, 0, 5, 1, 5),  # twice on day 1: still one session
    ]
    assert [f.trend for f in history.findings] == ["worse", "better"]


def test_since_keeps_sessions_started_on_or_after_the_date(store: Store, wall: WallClock) -> None:
    build_history(store, wall)
    stats = compute_stats(store, since=date(2026, 3, 5))
    assert stats.sessions == 8 and stats.since == "2026-03-05"
    assert stats.score_values == SCORES[4:]
    top = stats.missed_items[0]
    # eight sessions: the last five are days 8-12, "the five before" only days 5-7
    assert (top.id, top.missed, top.applicable) == ("model.baseline", 4, 7)
    assert (top.recent_missed, top.previous_missed, top.previous_applicable) == (4, 0, 3)
    assert {f.code: f.count for f in stats.findings} == {"MSD101": 4, "MSD104": 1}
    assert {t.id: t.sessions for t in stats.time} == {"clarify": 8, "model": 6}


def test_sparkline() -> None:
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([0, 50, 100]) == "▁▅█"
    assert sparkline([42, 55, 61], 0, 100) == "▄▅▅"
    assert sparkline([7, 7, 7]) == "▄▄▄"  # constant: no division by zero, one steady height
    assert sparkline([]) == ""
    assert sparkline([-5, 120], 0, 100) == "▁█"  # clamped to the scale


def test_parse_since_accepts_only_calendar_dates() -> None:
    assert parse_since("2026-03-05") == date(2026, 3, 5)
    for bad in ["2026-13-01", "20260305", "2026-3-5", "yesterday", "2026-02-30"]:
        with pytest.raises(UsageError):
            parse_since(bad)


# --- the command --------------------------------------------------------------------------------


def test_json_round_trips_through_the_cli(store: Store, wall: WallClock) -> None:
    build_history(store, wall)
    result = invoke("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(json.dumps(compute_stats(store).to_dict()))
    assert data["sessions"] == 12 and data["since"] is None and data["window"] == 5
    assert data["scores"][0] == {
        "date": "2026-03-01",
        "score": 40,
        "question": "question-1",
        "playbook": "mock",
    }
    assert data["missed_items"][0] == {
        "id": "model.baseline",
        "phase": "model",
        "title": BASELINE_TITLE,
        "missed": 7,
        "applicable": 10,
        "recent_missed": 4,
        "recent_applicable": 4,
        "previous_missed": 1,
        "previous_applicable": 4,
        "trend": "worse",
    }
    time = {t["id"]: t for t in data["time"]}
    assert time["clarify"]["median_over_minutes"] == 0.25
    assert time["model"]["over_budget"] == 5

    since = json.loads(invoke("stats", "--since", "2026-03-05", "-f", "json").stdout)
    assert since["sessions"] == 8 and since["scores"][0]["date"] == "2026-03-05"


def test_text_shows_the_trend_and_the_tables(
    store: Store, wall: WallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_history(store, wall)
    monkeypatch.setenv("COLUMNS", "160")
    result = invoke("stats")
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "Practice stats · 12 finished sessions" in lines
    # a trend per playbook, full mocks first: a drill's score is never drawn among them
    mocks = [r.score for r in HISTORY if r.playbook == "mock"]
    assert (
        f"Score mock {sparkline(mocks, 0, 100)} first 40 · last 72 · best 72 · 9 sessions" in lines
    )
    assert "sprint ▅ first 60 · last 60 · best 60 · 1 session" in lines
    assert f"drill {sparkline([48, 65], 0, 100)} first 48 · last 65 · best 65 · 2 sessions" in lines
    trends = [line.split()[0] for line in lines if " · best " in line]
    assert trends == ["Score", "sprint", "drill"]
    assert "Clarify 12 50% 75% 73%" in lines  # phase coverage: first, latest, average
    assert "Model 10 40% 50% 62%" in lines
    assert "Clarify 12 0.2 min over 6 of 12 (50%)" in lines  # time: median, over budget
    assert "Model 9 0.5 min over 5 of 9 (56%)" in lines
    assert f"{BASELINE_TITLE} (model.baseline) 7 of 10 4 of 4 1 of 4 ↑" in lines
    assert "Scale (clarify.scale) 5 of 12 0 of 5 3 of 5 ↓" in lines
    assert "MSD101 no-baseline 7 of 12 4 of 5 1 of 5 ↑" in lines
    assert "MSD104 no-numbers 3 of 12 0 of 5 1 of 5 ↓" in lines
    assert "Latency" not in result.stdout


def test_the_text_lists_at_most_eight_missed_items_and_findings(store: Store) -> None:
    titles = {f"x.item{n}": ("clarify", f"Item {n}") for n in range(10)}
    plan = PLANS["drill"].to_dict()
    for _ in range(2):
        record = store.create_session("q", "drill", plan)
        report = report_for(Row("drill", 50, {"clarify": 0.5}, {"clarify": 5}))
        report["items"] = [
            {"id": iid, "phase": p, "title": t, "covered": False} for iid, (p, t) in titles.items()
        ]
        report["findings"] = [{"code": f"X{n:03d}", "name": f"rule-{n}"} for n in range(10)]
        store.finish(record.id, 50, "hire", report)
    out = invoke("stats").stdout
    assert [n for n in range(10) if f"(x.item{n})" in out] == list(range(8))
    assert [n for n in range(10) if f"X{n:03d}" in out] == list(range(8))
    markdown = invoke("stats", "-f", "markdown").stdout
    assert [n for n in range(10) if f"`x.item{n}`" in markdown] == list(range(8))


MERMAID = re.compile(r"```mermaid\n(.*?)\n```", re.S)


def test_markdown_has_a_valid_xychart_and_escaped_tables(store: Store, wall: WallClock) -> None:
    build_history(store, wall)
    result = invoke("stats", "--format", "markdown")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# Practice stats\n")
    charts = MERMAID.findall(out)  # one per playbook: drills apart from mocks
    assert [c.splitlines()[1] for c in charts] == [
        '    title "Score per mock"',
        '    title "Score per sprint"',
        '    title "Score per drill"',
    ]
    lines = charts[0].splitlines()
    assert lines == [
        "xychart-beta",
        '    title "Score per mock"',
        "    x-axis [1, 2, 3, 4, 5, 6, 7, 8, 9]",
        '    y-axis "score" 0 --> 100',
        "    line [40, 45, 50, 55, 58, 62, 70, 68, 72]",
    ]
    assert charts[2].splitlines()[-1] == "    line [48, 65]"
    assert "**drill**: 2 sessions, first score 48, last 65, best 65." in out
    # as many x positions as points, every point on the axis range
    x = re.fullmatch(r"\s+x-axis \[(.*)\]", lines[2])
    series = re.fullmatch(r"\s+line \[(.*)\]", lines[4])
    assert x and series
    points = [int(v) for v in series.group(1).split(", ")]
    assert len(x.group(1).split(", ")) == len(points) and all(0 <= p <= 100 for p in points)

    assert "| 1 | 2026-03-01 | question-1 | mock | 40 |" in out
    assert "| Clarify | 12 | 50% | 75% | 73% |" in out
    assert "| Model | 9 | 0.5 min over | 5 of 9 (56%) |" in out
    assert "| Baseline \\| simple first (`model.baseline`) | 7 of 10 | 4 of 4 | 1 of 4 | ↑ |" in out
    assert "| MSD104 | no-numbers | 3 of 12 | 0 of 5 | 1 of 5 | ↓ |" in out
    # every row of every table has as many cells as its header
    tables = re.findall(r"(?:^\|.*\n)+", out, re.M)
    assert len(tables) == 5
    for table in tables:
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, table


def test_markdown_of_a_single_session_is_still_a_chart(store: Store) -> None:
    build_one = PLANS["drill"]
    record = store.create_session("q", "drill", build_one.to_dict())
    store.finish(record.id, 42, "hire", report_for(HISTORY[3]))
    out = stats_markdown(compute_stats(store))
    assert MERMAID.findall(out)[0].splitlines()[2:] == [
        "    x-axis [1]",
        '    y-axis "score" 0 --> 100',
        "    line [42]",
    ]


@pytest.mark.parametrize("bad", ["2026-13-01", "last week"])
def test_a_bad_since_is_a_usage_error(bad: str) -> None:
    result = invoke("stats", "--since", bad)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --since")
    assert "YYYY-MM-DD" in lines[0] and bad in lines[0]


def test_an_empty_history_prints_one_friendly_line(store: Store) -> None:
    store.create_session("q", "mock", PLANS["mock"].to_dict())  # started, never finished
    result = invoke("stats")
    assert result.exit_code == 0, result.output
    assert flat(result.stdout) == "No finished sessions yet; start one with `coach mock`."
    assert json.loads(invoke("stats", "-f", "json").stdout)["sessions"] == 0
    later = invoke("stats", "--since", "2030-01-01")
    assert flat(later.stdout) == (
        "No finished sessions since 2030-01-01; start one with `coach mock`."
    )


# --- real sessions: drills and a mock run through Session --------------------------------------

LIBRARY: Library = load_library(include_user=False)
WEAK = "We deploy the model behind an API."
STRONG = "We monitor feature drift daily with PSI and alert the on-call when it jumps."


def run(store: Store, plan: SessionPlan, steps: list[Step]):  # type: ignore[no-untyped-def]
    question = LIBRARY.question(plan.question_id)
    clock = FakeClock()
    prompter = ScriptedPrompter(clock, steps)
    out = Console(file=io.StringIO())
    report = Session.start(
        plan=plan,
        library=LIBRARY,
        store=store,
        prompter=prompter,
        presenter=RichPresenter(out, out, question),
        clock=clock,
    ).run()
    assert prompter.steps == []  # every scripted step was used: the times below are exact
    return report


def test_stats_over_real_drills_and_a_mock(store: Store, wall: WallClock) -> None:
    question = LIBRARY.question("video-recommendations")
    evaluate = drill.plan(LIBRARY, question, "evaluate")
    assert evaluate.phases[0].max_minutes == 10
    wall.day(2)
    weak = run(store, evaluate, [Step(WEAK, 12 * 60), Step(None, 30, probe=True)])
    wall.day(3)
    strong = run(store, evaluate, [Step(STRONG, 8 * 60), Step(None, 60, probe=True)])
    wall.day(4)
    full = run(store, mock.plan(LIBRARY, question), full_mock_steps())

    stats = compute_stats(store)
    assert stats.sessions == 3
    assert stats.scores == (
        ("2026-03-02", weak.score, "video-recommendations", "drill"),
        ("2026-03-03", strong.score, "video-recommendations", "drill"),
        ("2026-03-04", full.score, "video-recommendations", "mock"),
    )
    assert weak.score < strong.score
    framework_order = ["clarify", "data", "model", "evaluate", "wrapup"]
    assert [c.id for c in stats.coverage] == framework_order  # not "evaluate" first
    assert [t.id for t in stats.time] == framework_order
    coverage = {c.id: c.values for c in stats.coverage}
    assert len(coverage["evaluate"]) == 3 and len(coverage["clarify"]) == 1  # drills: evaluate
    assert coverage["evaluate"] == tuple(
        round(next(p.coverage for p in r.phases if p.id == "evaluate"), 4)
        for r in (weak, strong, full)
    )
    time = {t.id: t for t in stats.time}
    # evaluate: 12.5 min, 9 min, and the mock's 9 min + a skipped follow-up (5 s); budget 10
    assert time["evaluate"].overruns == pytest.approx((2.5, -1.0, 545 / 60 - 10))
    assert time["evaluate"].median_over_minutes == pytest.approx(545 / 60 - 10)
    assert (time["evaluate"].over_budget, time["evaluate"].sessions) == (1, 3)
    assert time["clarify"].overruns == pytest.approx((390 / 60 - 10,))  # 30 s asking + 6 min
    drift = next(i for i in stats.missed_items if i.id == "monitor.drift")
    assert (drift.missed, drift.applicable) == (1, 3)  # only the weak drill missed it
    assert (drift.recent_missed, drift.previous_applicable, drift.trend) == (1, 0, None)


def test_time_under_budget_is_said_without_a_minus_sign() -> None:
    from coach.common.timefmt import overrun_text

    assert overrun_text(-9.8) == "9.8 min under"
    assert overrun_text(2.14) == "2.1 min over"
    assert overrun_text(0.01) == overrun_text(-0.04) == "on budget"


# --- the summaries the stats read ---------------------------------------------------------------


def rounded(value: Any) -> Any:
    """JSON with its floats to 9 places: running totals add in another order."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value


def test_since_before_everything_reads_the_rows_and_agrees_with_the_totals(
    history: Stats, store: Store
) -> None:
    """The whole history comes from running totals; --since counts rows. They agree."""
    counted = compute_stats(store, since=date(2000, 1, 1)).to_dict()
    totals = history.to_dict()
    assert rounded({**counted, "since": None}) == rounded(totals)


def test_the_terminal_view_reads_no_series_but_the_same_numbers(
    history: Stats, store: Store
) -> None:
    brief = compute_stats(store, detail=False)
    assert brief.scores == () and all(c.values == () for c in brief.coverage)
    assert [(c.id, c.sessions, c.first, c.latest) for c in brief.coverage] == [
        (c.id, c.sessions, c.first, c.latest) for c in history.coverage
    ]
    assert brief.trends == history.trends and brief.missed_items == history.missed_items


def test_an_unfinished_session_leaves_the_stats(history: Stats, store: Store) -> None:
    newest = store.sessions()[2]  # day 12, the last finished one
    assert newest.status == "finished"
    store.set_progress(newest.id, 1, "interrupted")
    after = compute_stats(store)
    assert after.sessions == 11 and after.score_values == SCORES[:-1]
    baseline = next(i for i in after.missed_items if i.id == "model.baseline")
    assert (baseline.missed, baseline.applicable) == (6, 9)


def test_a_database_from_before_the_summaries_is_backfilled(
    history: Stats, store: Store, coach_home: Path
) -> None:
    """Drop the summaries and go back to the schema before them: opening it again
    rebuilds them from the sessions."""
    from coach.store import migrations

    before = migrations.MIGRATIONS.index(migrations.m003_session_summaries)
    assert before == len(migrations.MIGRATIONS) - 1, "the test undoes only the last migration"
    conn = store._conn
    for table in ("summary_totals", "summary_points", "summary_phases", "summaries"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DROP INDEX sessions_by_question")
    conn.execute(f"PRAGMA user_version = {before}")
    store.close()
    with open_store(coach_home) as again:
        assert again._conn.execute("PRAGMA user_version").fetchone()[0] == len(
            migrations.MIGRATIONS
        )
        assert rounded(compute_stats(again).to_dict()) == rounded(history.to_dict())


@pytest.mark.parametrize("width", [80, 100])
def test_a_long_trend_draws_the_latest_sessions_in_the_room_the_numbers_leave(
    store: Store, wall: WallClock, width: int
) -> None:
    for day in range(1, 46):
        wall.day(day)
        record = store.create_session("q", "mock", PLANS["mock"].to_dict())
        score = day % 50 + 40
        store.finish(record.id, score, "hire", report_for(Row("mock", score, {}, {})))
    out = invoke("stats", width=width).stdout
    (line,) = [line for line in out.splitlines() if line.startswith("Score")]
    assert len(line) <= width and line.endswith("first 41 · last 85 · best 85 · 45 sessions")
    bars = line.split()[2]
    assert 10 <= len(bars) < 45 and set(bars) <= set("▁▂▃▄▅▆▇█")
    latest = [day % 50 + 40 for day in range(1, 46)][-len(bars) :]
    assert bars == sparkline(latest, 0, 100)
