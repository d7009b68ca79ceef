"""`coach interviewer`: the sheet, the score from ticks, the session and what it stores,
driven by a scripted interviewer and a fake clock."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console

from coach import paths
from coach.content.library import Library, load_library
from coach.content.references import load_reference
from coach.engine.grading import grade_text
from coach.engine.ticked import score_ticks
from coach.errors import Interrupted
from coach.playbooks import pair
from coach.practice.pair import PairDeps
from coach.progress.next_steps import choose_question, next_steps
from coach.session.clock import FakeClock
from coach.session.pair import TickRequest, TickResult
from coach.session.pair_sheet import build_sheets, reference_sentences
from coach.session.plan import PhasePlan
from coach.store.db import open_store
from coach.ui.pair_prompter import TickList
from tests.helpers import flat, invoke

LIBRARY: Library = load_library(include_user=False)
QUESTION = LIBRARY.question("video-recommendations")


@dataclass
class ScriptedInterviewer:
    """Ticks a phase's points by their position, `seconds` after the tick list opens."""

    clock: FakeClock
    plan_ticks: dict[str, dict[int, str]]  # phase id -> point position -> depth
    notes: dict[str, str | Interrupted] = field(default_factory=dict)
    stop_in: str | None = None  # the phase whose tick list ends with Ctrl-C
    rating_given: str | None = "lean hire"
    seconds: float = 90.0
    requests: list[TickRequest] = field(default_factory=list)
    rated: list[tuple[list[str], str]] = field(default_factory=list)

    def ticks_for(self, request: TickRequest) -> dict[str, str]:
        wanted = self.plan_ticks.get(request.sheet.phase.id, {})
        points = request.sheet.points
        # as the tick list does: what an earlier step ticked stays ticked
        return {**request.ticks, **{points[n].item.id: depth for n, depth in wanted.items()}}

    def ticks(self, request: TickRequest) -> TickResult:
        self.requests.append(request)
        assert request.elapsed() == 0.0
        self.clock.advance(self.seconds)
        assert request.elapsed() == self.seconds  # the live timer runs with the list open
        stopped = request.sheet.phase.id == self.stop_in
        return TickResult(self.ticks_for(request), stopped=stopped)  # type: ignore[arg-type]

    def note(self, phase: PhasePlan) -> str | None:
        note = self.notes.get(phase.id)
        if isinstance(note, Interrupted):
            raise note
        return note

    def rating(self, verdicts: Sequence[str], suggested: str) -> str | None:
        self.rated.append((list(verdicts), suggested))
        return self.rating_given


def scripted(**kw: object) -> tuple[PairDeps, ScriptedInterviewer, io.StringIO]:
    clock = FakeClock()
    interviewer = ScriptedInterviewer(clock, **kw)  # type: ignore[arg-type]
    out = io.StringIO()
    console = Console(file=out, width=100, no_color=True)
    deps = PairDeps(
        pair_prompter=interviewer,
        clock=clock,
        console=console,
        report_console=console,
        interactive=True,
    )
    return deps, interviewer, out


FULL = {
    "clarify": {0: "substance", 2: "mention"},
    "data": {1: "substance"},
    "model": {0: "substance"},
    "wrapup": {0: "substance"},
}


def run_interview(deps: PairDeps, *args: str):  # type: ignore[no-untyped-def]
    result = invoke("interviewer", *args, obj=deps)
    assert result.exit_code == 0, result.output
    return result


def stored():  # type: ignore[no-untyped-def]
    with open_store(paths.coach_home()) as store:
        record = store.sessions()[0]
        return record, store.entries(record.id), store.phase_times(record.id), store.cards()


# --- the score from ticks ---------------------------------------------------


@pytest.mark.parametrize(
    "question_id", ["video-recommendations", "customer-churn-prediction", "realtime-payment-fraud"]
)
def test_ticking_what_the_grader_credits_gives_the_graders_coverage(question_id: str) -> None:
    question = LIBRARY.question(question_id)
    reference = load_reference(LIBRARY, question)
    assert reference is not None
    graded = grade_text(reference, LIBRARY, question)
    ticks = {r.item.id: r.depth for r in graded.items if r.covered}
    ticked = score_ticks(LIBRARY, question, ticks)
    assert ticked.coverage == pytest.approx(graded.coverage)
    assert [p.coverage for p in ticked.phases] == pytest.approx([p.coverage for p in graded.phases])
    assert ticked.score == round(100 * graded.coverage)  # the grader's, before penalties
    assert ticked.penalty == 0 and ticked.findings == ()


def test_a_point_made_in_passing_earns_the_graders_mention_credit() -> None:
    item = LIBRARY.items["clarify.goal"]
    made = score_ticks(LIBRARY, QUESTION, {item.id: "substance"}, phases={"clarify"})
    passing = score_ticks(LIBRARY, QUESTION, {item.id: "mention"}, phases={"clarify"})
    (phase,) = made.phases
    mention = LIBRARY.rubric.grading.mention_credit
    assert phase.covered_weight == item.weight
    assert passing.phases[0].covered_weight == pytest.approx(item.weight * mention)
    nothing = score_ticks(LIBRARY, QUESTION, {})
    assert nothing.score == 0 and nothing.verdict == LIBRARY.rubric.grading.verdicts[-1].name
    assert all(r.missed for r in nothing.items if r.expected)


# --- the sheet ---------------------------------------------------------------


def test_the_sheet_has_facts_probes_and_what_a_strong_answer_says() -> None:
    plan = pair.plan(LIBRARY, QUESTION)
    reference = reference_sentences(LIBRARY, QUESTION, load_reference(LIBRARY, QUESTION))
    sheets = build_sheets(LIBRARY, QUESTION, plan, reference)
    assert [s.phase.id for s in sheets] == [p.id for p in plan.phases]
    clarify, data = sheets[0], sheets[1]
    assert clarify.facts == QUESTION.facts and data.facts == ()
    items = [i for i in LIBRARY.items_for(QUESTION) if i.phase == "data"]
    assert [p.item.id for p in data.points] == [i.id for i in items]
    expected = [i for i in items if i.expected_by(QUESTION)]
    assert sorted(data.probes) == sorted(i.probe for i in expected)
    assert data.probes[0] == max(expected, key=lambda i: i.weight).probe
    labels = next(p for p in data.points if p.item.id == "data.labels")
    assert labels.listen_for == LIBRARY.items["data.labels"].hint
    assert labels.reference and all(
        s in load_reference(LIBRARY, QUESTION) for s in labels.reference
    )


# --- the session ---------------------------------------------------------------


def test_a_full_interview_is_stored_as_a_finished_session_scored_by_the_interviewer() -> None:
    deps, interviewer, out = scripted(plan_ticks=FULL, notes={"clarify": "Asked about scale first"})
    run_interview(deps, QUESTION.id)
    record, entries, seconds, cards = stored()
    assert (record.playbook, record.status, record.question_id) == (
        "interviewer",
        "finished",
        QUESTION.id,
    )
    report = record.report
    assert report is not None and report["scored_by"] == "interviewer"
    assert report["rating"] == "lean hire"
    assert report["notes"] == {"clarify": "Asked about scale first"}
    assert [(e.phase, e.kind, e.text) for e in entries] == [
        ("clarify", "interviewer_note", "Asked about scale first")
    ]
    assert seconds == {p.id: 90.0 for p in pair.plan(LIBRARY, QUESTION).phases}
    # the score is the ticks' with the grader's weights
    plan_sheets = [r.sheet for r in interviewer.requests]
    ticks = {
        sheet.points[n].item.id: depth
        for sheet in plan_sheets
        for n, depth in FULL.get(sheet.phase.id, {}).items()
    }
    expected = score_ticks(LIBRARY, QUESTION, ticks)  # type: ignore[arg-type]
    assert record.score == expected.score == report["score"]
    assert record.verdict == expected.verdict
    assert interviewer.rated == [
        ([v.name for v in LIBRARY.rubric.grading.verdicts], expected.verdict)
    ]
    # a missed point becomes a review card, as after a graded mock
    assert "item:clarify.latency" in {c.id for c in cards}
    text = flat(out.getvalue())
    assert "Facts to reveal when asked" in text and "Follow-up probes" in text
    assert "scored by the interviewer" in text and "Interviewer's rating: lean hire" in text
    assert f"Score {expected.score}/100" in text


def test_history_export_stats_and_next_count_it() -> None:
    deps, _, _ = scripted(plan_ticks=FULL, notes={"model": "No funnel | at all"})
    run_interview(deps, QUESTION.id)
    record, *_ = stored()
    history = json.loads(invoke("history", "--format", "json").stdout)
    assert [(h["id"], h["playbook"], h["score"]) for h in history] == [
        (record.id, "interviewer", record.score)
    ]
    assert "interviewer" in invoke("history").stdout
    markdown = invoke("export", record.id).stdout
    assert "· scored by the interviewer" in markdown
    assert "## Scored by the interviewer" in markdown
    assert "- Interviewer's rating: **lean hire**" in markdown
    assert "- [x] Business goal (`clarify.goal`)" in markdown
    assert "- [ ] Labels (`data.labels`)" not in markdown  # ticked: point 1 of data
    assert "Note: No funnel \\| at all" in markdown
    assert "## What the reference answer says" in markdown
    assert "Not graded" not in markdown
    exported = json.loads(invoke("export", record.id, "--format", "json").stdout)
    assert exported["report"]["scored_by"] == "interviewer"
    assert [e["kind"] for e in exported["transcript"]] == ["interviewer_note"]
    stats = json.loads(invoke("stats", "--format", "json").stdout)
    assert stats["sessions"] == 1 and stats["scores"][0]["playbook"] == "interviewer"
    # `coach next`: once its cards are due, the points the interviewer did not tick lead
    with open_store(paths.coach_home()) as store:
        steps = next_steps(LIBRARY, store, store.now() + timedelta(days=3))
    whys = [s.reason for s in steps if s.kind == "item"]
    assert whys and all("in 1 of the last 1 sessions" in why for why in whys), whys


def test_ctrl_c_in_the_tick_list_scores_the_phases_reached_without_a_rating() -> None:
    deps, interviewer, out = scripted(plan_ticks=FULL, stop_in="data")
    run_interview(deps, QUESTION.id)
    record, _, seconds, _ = stored()
    assert record.status == "finished"
    assert {p["id"] for p in record.report["phases"]} == {"clarify", "data"}  # type: ignore[index]
    assert {i["phase"] for i in record.report["items"]} == {"clarify", "data"}  # type: ignore[index]
    assert set(seconds) == {"clarify", "data"}
    assert interviewer.rated == [] and record.report["rating"] is None  # type: ignore[index]
    assert "Model architecture" not in flat(out.getvalue()).split("scored by the interviewer")[1]


def test_ctrl_c_in_a_note_keeps_what_was_typed() -> None:
    deps, _, _ = scripted(plan_ticks=FULL, notes={"clarify": Interrupted("Strong on the go")})
    run_interview(deps, QUESTION.id)
    record, entries, _, _ = stored()
    assert [e.text for e in entries if e.kind == "interviewer_note"] == ["Strong on the go"]
    assert record.status == "finished"
    assert {p["id"] for p in record.report["phases"]} == {"clarify"}  # type: ignore[index]


def test_stopped_before_anything_was_ticked_is_skipped_and_not_counted() -> None:
    deps, _, out = scripted(plan_ticks={}, stop_in="clarify")
    run_interview(deps, QUESTION.id)
    record, _, _, cards = stored()
    assert (record.status, record.score, record.report) == ("skipped", None, None)
    assert cards == []
    assert "nothing to score" in flat(out.getvalue())
    assert json.loads(invoke("stats", "--format", "json").stdout)["sessions"] == 0


def test_without_an_id_it_picks_the_question_mock_would() -> None:
    with open_store(paths.coach_home()) as store:
        expected = choose_question(LIBRARY, store, store.now(), category="fraud", seed=3)
    deps, _, _ = scripted(plan_ticks={})
    run_interview(deps, "--category", "fraud", "--seed", "3")
    record, *_ = stored()
    assert record.question_id == expected.id
    assert LIBRARY.question(record.question_id).category == "fraud"


def test_a_seven_step_framework_shares_ticks_between_steps_of_one_phase() -> None:
    deps, interviewer, _ = scripted(plan_ticks={"problem": {0: "substance"}})
    run_interview(deps, QUESTION.id, "--framework", "seven-step")
    first = interviewer.requests[0]
    later = [r for r in interviewer.requests[1:] if r.sheet.phase.item_phases == ("clarify",)]
    goal = first.sheet.points[0].item.id
    assert later and all(r.ticks.get(goal) == "substance" for r in later)
    record, *_ = stored()
    depth = {i["id"]: i["depth"] for i in record.report["items"]}  # type: ignore[index]
    assert depth[goal] == "substance"
    seven = pair.plan(LIBRARY, QUESTION, "seven-step").phases
    assert [p["id"] for p in record.plan["phases"]] == [p.id for p in seven]


# --- the command ---------------------------------------------------------------


def test_the_command_reports_user_errors_in_one_line() -> None:
    for args, said in [
        (["interviewer", "nope-question"], "no question 'nope-question'"),
        (["interviewer", "--framework", "bogus"], "no framework 'bogus'"),
        (["interviewer", QUESTION.id], "needs a terminal"),
    ]:
        result = invoke(*args, obj=PairDeps(interactive=False))
        assert result.exit_code == 2, args
        assert said in result.stderr and "Traceback" not in result.output


def test_an_interviewer_session_cannot_be_resumed_as_a_candidate() -> None:
    deps, _, _ = scripted(plan_ticks=FULL, stop_in="data")
    run_interview(deps, QUESTION.id)
    record, *_ = stored()
    result = invoke("resume", record.id, obj=deps)
    assert result.exit_code == 2
    assert "scored by an interviewer" in result.stderr


# --- the terminal tick list ------------------------------------------------------


def test_the_tick_list_cycles_made_in_passing_and_blank() -> None:
    sheet = build_sheets(LIBRARY, QUESTION, pair.plan(LIBRARY, QUESTION))[0]
    state = TickList(sheet)
    first, second = (p.item.id for p in sheet.points[:2])
    state.cycle(0)
    assert state.ticks == {first: "substance"}
    state.cycle(0)
    assert state.ticks == {first: "mention"}
    state.cycle(0)
    assert state.ticks == {}
    state.move(1)
    state.cycle()
    assert state.ticks == {second: "substance"} and state.cursor == 1
    state.cycle(99)  # no such point: nothing changes
    assert state.ticks == {second: "substance"}
    assert "[✓] " + sheet.points[1].item.title in "".join(t for _, t in state.lines())
    assert state.detail(60).startswith("Listen for: ")
    assert all(len(line) < 60 for line in state.detail(60).splitlines())
    state.show("facts")
    assert sheet.facts[0].answer.split()[0] in state.detail()
    state.show("probes")
    assert state.detail().startswith("Follow-up probes:") and sheet.probes[0][:20] in state.detail()
    state.show("probes")  # again: back to the point
    assert state.detail().startswith("Listen for: ")


def test_the_real_tick_list_reads_number_keys_arrows_space_and_ctrl_c() -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from coach.ui.pair_prompter import TerminalPairPrompter

    sheet = build_sheets(LIBRARY, QUESTION, pair.plan(LIBRARY, QUESTION))[0]
    request = TickRequest(sheet, 0, 5, {}, lambda: 75.0)
    with create_pipe_input() as pipe:
        prompter = TerminalPairPrompter(input=pipe, output=DummyOutput())
        pipe.send_text("1" + "3" + "3" + "\x1b[B" * 2 + " " + "\r")
        result = prompter.ticks(request)
    ids = [p.item.id for p in sheet.points]
    assert result == TickResult({ids[0]: "substance", ids[2]: "mention", ids[4]: "substance"})
    with create_pipe_input() as pipe:
        prompter = TerminalPairPrompter(input=pipe, output=DummyOutput())
        pipe.send_text("2\x03")
        assert prompter.ticks(request) == TickResult({ids[1]: "substance"}, stopped=True)


def test_an_archive_keeps_an_interviewers_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deps, _, _ = scripted(plan_ticks=FULL, notes={"data": "Good labels"})
    run_interview(deps, QUESTION.id)
    record, *_ = stored()
    archive = tmp_path / "all.json"
    assert invoke("export", "--all", "--format", "json", "-o", str(archive)).exit_code == 0
    markdown = invoke("export", record.id).stdout
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "restored"))
    imported = invoke("import", str(archive))
    assert imported.exit_code == 0, imported.output
    assert invoke("export", record.id).stdout == markdown
