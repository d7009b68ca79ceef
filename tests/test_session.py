"""The session state machine, driven by a scripted prompter and a fake clock."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rich.console import Console

from coach.content.library import Library, load_library
from coach.content.references import load_reference
from coach.errors import Interrupted, SessionInterrupted
from coach.export.session_files import load_session_view, session_markdown
from coach.playbooks import drill, mock, sprint
from coach.session.clock import FakeClock
from coach.session.interviewer import NO_MATCH
from coach.session.ports import AnswerRequest
from coach.session.runtime import Session
from coach.store.db import Store, open_store
from coach.ui.presenter import RichPresenter

LIBRARY: Library = load_library(include_user=False)
QUESTION = LIBRARY.question("video-recommendations")

CLARIFY = (
    "The goal is long-term watch time, so this is a ranking problem over candidate videos. "
    "We have about 200M daily users and must answer within 200 ms at p99. "
    "Offline we track NDCG@10 on held-out days; online we watch watch time per session in an A/B test."
)
DATA = (
    "Labels come from watch events: a view longer than 30 seconds is a positive, and impressions "
    "without a click are negatives. We join watch logs with video metadata and user history as "
    "features, and split the data by time to avoid leakage."
)


@dataclass
class Step:
    """One prompt: the clock advances by `seconds`, then the candidate submits `text`.

    A step with probe=True answers a follow-up probe; probes with no such step
    are skipped after 5 seconds.
    """

    text: str | Interrupted | None
    seconds: float = 60.0
    probe: bool = False


SKIP_PROBE = Step(None, 5, probe=True)


@dataclass
class ScriptedPrompter:
    clock: FakeClock
    steps: list[Step]
    requests: list[AnswerRequest] = field(default_factory=list)
    elapsed_seen: list[float] = field(default_factory=list)

    def answer(self, request: AnswerRequest) -> str | None:
        self.requests.append(request)
        if not self.steps and not request.probe:
            raise AssertionError(f"unexpected prompt in {request.phase.id}: {request.message}")
        step = (
            self.steps.pop(0) if self.steps and self.steps[0].probe == request.probe else SKIP_PROBE
        )
        self.elapsed_seen.append(request.elapsed())
        self.clock.advance(step.seconds)
        self.elapsed_seen.append(request.elapsed())
        if isinstance(step.text, Interrupted):
            raise step.text
        return step.text


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "home") as opened:
        yield opened  # type: ignore[misc]


def console() -> Console:
    return Console(file=io.StringIO(), width=100, no_color=True)


def make_session(store: Store, plan, steps: list[Step], **kw):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    prompter = ScriptedPrompter(clock, steps)
    presenter = kw.pop("presenter", None) or RichPresenter(console(), console(), QUESTION)
    session = Session.start(
        plan=plan, library=LIBRARY, store=store, prompter=prompter, presenter=presenter, clock=clock
    )
    session.reference = kw.pop("reference", None)
    return session, prompter


def resume(store: Store, record, steps: list[Step]) -> ScriptedPrompter:  # type: ignore[no-untyped-def]
    """Resume a stopped session with a fresh clock and run it to the end."""
    clock = FakeClock()
    prompter = ScriptedPrompter(clock, steps)
    Session.resume(
        record=record,
        library=LIBRARY,
        store=store,
        prompter=prompter,
        presenter=RichPresenter(console(), console(), QUESTION),
        clock=clock,
    ).run()
    return prompter


def full_mock_steps() -> list[Step]:
    # each phase: an answer; follow-up probes are skipped (5 s) unless a probe step answers
    return [
        Step("How many daily active users are there?", 30),
        Step(CLARIFY, 6 * 60),
        Step(DATA, 8 * 60),
        Step("We would sample negatives from impressions.", 40, probe=True),
        Step(
            "A popularity baseline first, then a two-tower retrieval stage and a ranker.", 12 * 60
        ),
        Step(
            "We A/B test the new ranker on 5% of traffic and monitor feature drift daily.", 9 * 60
        ),
        Step("The main trade-off is freshness against latency of the candidate index.", 3 * 60),
    ]


def test_mock_runs_every_phase_in_order_and_saves_everything(store: Store) -> None:
    session, prompter = make_session(store, mock.plan(LIBRARY, QUESTION), full_mock_steps())
    report = session.run()
    phases = [r.phase.id for r in prompter.requests]
    assert phases[0] == "clarify"
    assert [p for i, p in enumerate(phases) if i == 0 or p != phases[i - 1]] == [
        "clarify",
        "data",
        "model",
        "evaluate",
        "wrapup",
    ]
    record = store.get(session.id)
    assert record.status == "finished"
    assert record.score == report.score
    answers = [e.text for e in store.entries(session.id, kinds=["answer"])]
    assert answers[0] == CLARIFY and answers[1] == DATA and len(answers) == 5
    # the clock: clarify got 30 s of asking + 6 min of answering (no probe: all points made)
    times = store.phase_times(session.id)
    assert times["clarify"] == pytest.approx(30 + 360)
    assert times["data"] == pytest.approx(8 * 60 + 40)  # the follow-up counts
    assert times["model"] == pytest.approx(12 * 60 + 5)  # a skipped follow-up: 5 s


def test_each_phase_ends_with_a_probe_for_its_heaviest_missing_item(store: Store) -> None:
    session, prompter = make_session(store, mock.plan(LIBRARY, QUESTION), full_mock_steps())
    report = session.run()
    probes = store.entries(session.id, kinds=["probe"])
    assert [p.phase for p in probes] == ["data", "model", "evaluate"]  # the rest made every point
    assert len([r for r in prompter.requests if r.probe]) == 3
    data_probe = probes[0]
    data_items = [i for i in LIBRARY.items_for(QUESTION) if i.phase == "data"]
    assert data_probe.text in {i.probe for i in data_items}
    # the answer to the follow-up is graded as part of the phase
    answer = store.entries(session.id, kinds=["probe_answer"])
    assert [a.text for a in answer] == ["We would sample negatives from impressions."]
    sampling = next(r for r in report.items if r.item.id == "data.sampling")
    assert sampling.covered


def test_the_interviewer_answers_from_the_facts(store: Store) -> None:
    steps = [
        Step("How many daily active users do we have?\nWhat is your favourite colour?", 20),
        Step(CLARIFY, 60),
    ]
    plan = drill.plan(LIBRARY, QUESTION, "clarify")
    session, _ = make_session(store, plan, [*steps, Step(None, 1)])
    session.run()
    kinds = [(e.kind, e.text) for e in store.entries(session.id)]
    assert kinds[0] == ("question", "How many daily active users do we have?")
    replies = [text for kind, text in kinds if kind == "reply"]
    scale_fact = next(f for f in QUESTION.facts if "user" in " ".join(f.triggers))
    assert replies[0] == scale_fact.answer.strip() or scale_fact.answer.strip() in replies[0]
    assert replies[1] == NO_MATCH


def test_the_answer_is_saved_before_grading(store: Store) -> None:
    class ExplodingPresenter(RichPresenter):
        def phase_feedback(self, phase, report):  # type: ignore[no-untyped-def]
            raise RuntimeError("grading display failed")

    presenter = ExplodingPresenter(console(), console(), QUESTION)
    session, _ = make_session(
        store, drill.plan(LIBRARY, QUESTION, "data"), [Step(DATA)], presenter=presenter
    )
    with pytest.raises(RuntimeError):
        session.run()
    assert [e.text for e in store.entries(session.id, kinds=["answer"])] == [DATA]


def test_ctrl_c_keeps_the_draft_and_resume_finishes_with_the_time_spent(store: Store) -> None:
    plan = mock.plan(LIBRARY, QUESTION)
    session, _ = make_session(
        store, plan, [Step(CLARIFY, 200), Step(Interrupted("Labels come from watch"), 90)]
    )
    with pytest.raises(SessionInterrupted) as stop:
        session.run()
    record = store.get(stop.value.session_id)
    assert record.status == "interrupted" and record.current_phase == 1
    assert store.draft(record.id, "data") == "Labels come from watch"
    assert store.phase_times(record.id)["data"] == pytest.approx(90)

    steps = [Step(DATA, 60), *full_mock_steps()[4:]]  # data, then model onwards
    prompter = resume(store, record, steps)
    assert prompter.requests[0].phase.id == "data"
    assert prompter.requests[0].default == "Labels come from watch"
    assert prompter.elapsed_seen[0] == pytest.approx(90)  # the timer continues, not restarts
    assert store.get(record.id).status == "finished"
    assert store.draft(record.id, "data") is None
    assert store.phase_times(record.id)["data"] == pytest.approx(90 + 60 + 5)


def test_ctrl_d_skips_a_phase_without_a_probe(store: Store) -> None:
    session, prompter = make_session(store, drill.plan(LIBRARY, QUESTION, "model"), [Step(None, 3)])
    assert session.run() is None  # nothing to grade (see the test below)
    assert len(prompter.requests) == 1
    assert store.entries(session.id) == []


def test_a_session_with_every_phase_skipped_is_skipped_not_a_zero(store: Store) -> None:
    from coach.progress.stats import compute_stats

    shown = io.StringIO()
    presenter = RichPresenter(console(), Console(file=shown, width=100), QUESTION)
    plan = mock.plan(LIBRARY, QUESTION)
    session, _ = make_session(store, plan, [Step(None, 2)] * 5, presenter=presenter)
    assert session.run() is None
    record = store.get(session.id)
    assert (record.status, record.score, record.report) == ("skipped", None, None)
    assert store.cards() == []  # nothing answered, nothing to review
    assert compute_stats(store).sessions == 0
    assert "Every phase was skipped: nothing to grade." in shown.getvalue()


def test_overtime_is_recorded_and_fed_to_the_timing_rules(store: Store) -> None:
    plan = drill.plan(LIBRARY, QUESTION, "clarify")
    session, _ = make_session(store, plan, [Step(CLARIFY, 13 * 60), Step(None, 1)])
    report = session.run()
    assert store.phase_times(session.id)["clarify"] > 12 * 60
    over = [f for f in report.findings if f.name == "clarify-over-budget"]
    assert over and "13.0 min" in over[0].message


def test_a_rushed_clarify_phase_is_flagged(store: Store) -> None:
    plan = drill.plan(LIBRARY, QUESTION, "clarify")
    session, _ = make_session(store, plan, [Step(CLARIFY, 90), Step(None, 1)])
    report = session.run()
    assert any(f.name == "clarify-rushed" for f in report.findings)


def test_drill_grades_only_its_phase(store: Store) -> None:
    session, _ = make_session(
        store, drill.plan(LIBRARY, QUESTION, "data"), [Step(DATA), Step(None)]
    )
    report = session.run()
    assert {r.item.phase for r in report.items} == {"data"}
    assert all(f.phase in (None, "data") for f in report.findings)
    covered = {r.item.id for r in report.items if r.covered}
    assert {"data.labels", "data.split"} <= covered


def test_sprint_scales_every_budget() -> None:
    plan = sprint.plan(LIBRARY, QUESTION, 25)
    assert sum(p.max_minutes for p in plan.phases) == pytest.approx(25, abs=0.3)
    full = mock.plan(LIBRARY, QUESTION)
    ratio = plan.phases[0].max_minutes / full.phases[0].max_minutes
    assert ratio == pytest.approx(25 / sum(p.max_minutes for p in full.phases), abs=0.02)


GOLDEN = Path(__file__).parent / "fixtures" / "golden" / "session.md"


def normalise(markdown: str, session_id: str) -> str:
    markdown = markdown.replace(session_id, "SESSION")
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", "TIME", markdown)


def test_export_matches_the_golden_file(store: Store) -> None:
    # as `coach mock` runs it: with the reference answer shown against the gaps
    reference = load_reference(LIBRARY, QUESTION)
    session, _ = make_session(
        store, mock.plan(LIBRARY, QUESTION), full_mock_steps(), reference=reference
    )
    session.run()
    view = load_session_view(store, LIBRARY, session.id)
    text = normalise(session_markdown(view, LIBRARY), session.id)
    if os.environ.get("COACH_UPDATE_GOLDEN"):  # rewrite it on purpose, then review the diff
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()


def test_user_text_cannot_break_the_export_layout(store: Store) -> None:
    nasty = "```\n# Not a heading\n| not | a | row |\n```"
    session, _ = make_session(
        store, drill.plan(LIBRARY, QUESTION, "wrapup"), [Step(nasty), Step(None)]
    )
    session.run()
    text = session_markdown(load_session_view(store, LIBRARY, session.id), LIBRARY)
    assert "\n# Not a heading" in text  # inside a fence...
    fence_line = next(line for line in text.splitlines() if line.startswith("````"))
    assert fence_line == "````text"  # ...one backtick longer than anything in the text


def test_a_seven_step_mock_grades_its_clarify_steps_together(store: Store) -> None:
    plan = mock.plan(LIBRARY, QUESTION, framework="seven-step")
    ids = [p.id for p in plan.phases]
    assert ids[:3] == ["problem", "scale-latency", "metrics"] and len(ids) == 7
    assert [p.asks for p in plan.phases[:4]] == [True, True, True, False]
    steps = [
        Step("The goal is long-term watch time.", 4 * 60),
        Step("About 200M daily users; the feed must render within 200 ms at p99.", 4 * 60),
        Step(
            "Offline we compare models by NDCG@10 on held-out days; online we track watch "
            "time per session in an A/B test.",
            5 * 60,
        ),
        *[Step(None, 5)] * 4,
    ]
    session, prompter = make_session(store, plan, steps)
    report = session.run()
    assert [r.phase.id for r in prompter.requests if not r.probe][:3] == ids[:3]
    covered = {r.item.id for r in report.items if r.covered}
    assert {"clarify.goal", "clarify.scale", "clarify.latency", "metrics.offline"} <= covered
    # 13 minutes of clarifying against the three steps' budgets together (8-16): not over
    assert not [f for f in report.findings if f.name in ("clarify-over-budget", "clarify-rushed")]
    assert 4 * 60 <= store.phase_times(session.id)["scale-latency"] <= 4 * 60 + 5  # + a probe


def test_an_unknown_framework_is_named_with_a_suggestion() -> None:
    from coach.errors import NotFoundError

    with pytest.raises(
        NotFoundError, match="no framework 'seven-steps'; did you mean 'seven-step'"
    ):
        mock.plan(LIBRARY, QUESTION, framework="seven-steps")


def test_resuming_after_a_saved_answer_does_not_ask_for_it_again(store: Store) -> None:
    plan = drill.plan(LIBRARY, QUESTION, "data")
    steps = [Step(DATA, 60), Step(Interrupted(""), 10, probe=True)]
    session, _ = make_session(store, plan, steps)
    with pytest.raises(SessionInterrupted):
        session.run()
    record = store.get(session.id)
    prompter = resume(store, record, [Step("Impressions without a click.", 20, probe=True)])
    # stopped in the follow-up's box: resume goes back there, not to the saved answer
    assert prompter.requests[0].probe and len(prompter.requests) == 1
    answers = [e.text for e in store.entries(session.id, kinds=["answer"])]
    assert answers == [DATA]  # the empty submission added nothing
    assert [e.text for e in store.entries(session.id, kinds=["probe_answer"])] == [
        "Impressions without a click."
    ]


def test_what_was_typed_is_a_draft_before_the_editor_opens(store: Store) -> None:
    class EditorNeverReturns:
        """Types, opens the editor (the prompter saves first), then the process is stopped."""

        def __init__(self) -> None:
            self.saved: str | None = None

        def answer(self, request: AnswerRequest) -> str | None:
            request.save_draft("Before editor.\n")
            self.saved = store.draft(session.id, request.phase.id)  # saved before the editor
            raise KeyboardInterrupt  # e.g. Ctrl-C while the editor runs

    prompter = EditorNeverReturns()
    clock = FakeClock()
    session = Session.start(
        plan=drill.plan(LIBRARY, QUESTION, "clarify"),
        library=LIBRARY,
        store=store,
        prompter=prompter,
        presenter=RichPresenter(console(), console(), QUESTION),
        clock=clock,
    )
    with pytest.raises(SessionInterrupted):
        session.run()
    assert prompter.saved == "Before editor.\n"
    assert store.get(session.id).status == "interrupted"
    assert store.draft(session.id, "clarify") == "Before editor.\n"


def test_a_draft_saved_for_the_editor_is_gone_once_the_answer_is_submitted(store: Store) -> None:
    class SavesThenSubmits(ScriptedPrompter):
        def answer(self, request: AnswerRequest) -> str | None:
            request.save_draft("half of it")
            return super().answer(request)

    clock = FakeClock()
    session = Session.start(
        plan=drill.plan(LIBRARY, QUESTION, "data"),
        library=LIBRARY,
        store=store,
        prompter=SavesThenSubmits(clock, [Step(DATA), Step("", probe=True)]),
        presenter=RichPresenter(console(), console(), QUESTION),
        clock=clock,
    )
    session.run()
    assert [e.kind for e in store.entries(session.id)] == ["answer", "probe"]


def test_the_toolbar_turns_amber_at_the_budget_and_red_past_it() -> None:
    from coach.ui.prompter import toolbar_fragments

    clarify = mock.plan(LIBRARY, QUESTION).phases[0]  # 5–10 min
    assert toolbar_fragments(clarify, 65) == [
        ("class:timer.ok", " Problem clarification & constraints · 1:05 / 5–10 min ")
    ]
    assert toolbar_fragments(clarify, 6 * 60)[0][0] == "class:timer.amber"
    assert toolbar_fragments(clarify, 6 * 60)[0][1].endswith("at budget: wrap up ")
    assert toolbar_fragments(clarify, 10 * 60 + 1)[0][1].endswith("over budget ")


def test_a_one_number_budget_warns_in_its_last_minute() -> None:
    from coach.ui.prompter import toolbar_state

    assert [toolbar_state(s, 10, 10) for s in (0, 539, 540, 600, 601)] == [
        "ok", "ok", "amber", "amber", "red"
    ]  # fmt: skip
    # a minimum of 0 is no range: not amber from the first second
    assert [toolbar_state(s, 0, 3) for s in (0, 119, 120, 181)] == ["ok", "ok", "amber", "red"]
    # a sprint's one-minute phase: amber for its last third, not from the start
    assert [toolbar_state(s, 1, 1) for s in (2, 39, 41, 60, 61)] == [
        "ok", "ok", "amber", "amber", "red"
    ]  # fmt: skip


def test_timing_slack_shrinks_with_a_sprints_budget() -> None:
    """MSD123 allows 2 minutes over a 10-minute clarify; in a 5-minute sprint clarify has
    1 minute, so 2 minutes in it is far over, and the slack is a tenth as long."""
    from coach.engine.grading import grade
    from coach.engine.text import parse_document
    from coach.playbooks import sprint

    plan = sprint.plan(LIBRARY, QUESTION, minutes=5)
    clarify = plan.phases[0]
    doc = parse_document("## Clarify\n\n" + CLARIFY)

    def fired(minutes: float, high: float) -> bool:
        report = grade(
            doc, LIBRARY, QUESTION, minutes={"clarify": minutes}, budgets={"clarify": (0, high)}
        )
        return "MSD123" in {f.code for f in report.findings}

    assert fired(2.03, clarify.max_minutes)  # 2:02 against 0.5-1 minute
    assert not fired(clarify.max_minutes + 0.1, clarify.max_minutes)  # within its slack
    assert not fired(11.9, 10) and fired(12.1, 10)  # a full mock: the 2 minutes as written


def test_an_export_shows_the_grade_the_session_was_given_and_does_not_grade_again(
    store: Store,
) -> None:
    session, _ = make_session(store, mock.plan(LIBRARY, QUESTION), full_mock_steps())
    session.run()
    kept = store.get(session.id).report
    assert kept is not None
    # What the store holds is what the export says, even if grading today differs.
    store.finish(session.id, 42, "lean hire", {**kept, "score": 42, "verdict": "lean hire"})
    view = load_session_view(store, LIBRARY, session.id)
    assert "Score **42/100** · lean hire" in session_markdown(view, LIBRARY)
    assert view.to_json()["report"]["score"] == 42


def test_an_unfinished_session_exports_as_not_graded_yet(store: Store) -> None:
    session, _ = make_session(
        store, mock.plan(LIBRARY, QUESTION), [Step(CLARIFY, 200), Step(Interrupted("Labels"), 90)]
    )
    with pytest.raises(SessionInterrupted):
        session.run()
    view = load_session_view(store, LIBRARY, session.id)
    text = session_markdown(view, LIBRARY)
    assert f"Not graded: the session has not finished; `coach resume {session.id}`" in text
    assert "## Coverage" not in text and CLARIFY.splitlines()[0] in text
    assert view.to_json()["report"] is None


def test_resume_after_ctrl_c_at_a_follow_up_goes_back_to_the_follow_up(store: Store) -> None:
    """Issue 14's repro: the partial follow-up answer went into the main answer box, and
    resume showed nothing of the phase so far."""
    plan = drill.plan(LIBRARY, QUESTION, "evaluate")
    partial = "For offline I would use PR-AUC because"
    session, first = make_session(
        store,
        plan,
        [
            Step("We deploy the model behind an API.", 60),
            Step(Interrupted(partial), 20, probe=True),
        ],
    )
    with pytest.raises(SessionInterrupted):
        session.run()
    assert first.requests[-1].probe  # stopped in the follow-up's box
    probe = store.entries(session.id, kinds=["probe"])[0].text

    clock = FakeClock()
    prompter = ScriptedPrompter(clock, [Step(partial + " the classes are skewed.", 30, probe=True)])
    out = console()
    Session.resume(
        record=store.get(session.id), library=LIBRARY, store=store, prompter=prompter,
        presenter=RichPresenter(out, out, QUESTION), clock=clock,
    ).run()  # fmt: skip
    assert len(prompter.requests) == 1
    assert prompter.requests[0].probe and prompter.requests[0].default == partial
    shown = " ".join(out.file.getvalue().split())  # type: ignore[attr-defined]
    assert "We deploy the model behind an API." in shown and " ".join(probe.split()) in shown
    answers = [e.text for e in store.entries(session.id, kinds=["answer", "probe_answer"])]
    assert answers == ["We deploy the model behind an API.", partial + " the classes are skewed."]
    assert store.get(session.id).status == "finished"


def test_a_session_report_cites_what_was_said_not_line_numbers(store: Store) -> None:
    # The transcript is never shown numbered, so "line 14" would point nowhere.
    report_out = console()
    presenter = RichPresenter(console(), report_out, QUESTION)
    session, _ = make_session(
        store, mock.plan(LIBRARY, QUESTION), full_mock_steps(), presenter=presenter
    )
    session.run()
    text = " ".join(report_out.file.getvalue().split())  # type: ignore[attr-defined]
    assert not re.search(r"\bline \d", text)
    assert "in Problem clarification & constraints: “Offline we track" in text  # said early
    assert "“We A/B test the new ranker on 5% of traffic" in text


def test_a_file_report_still_cites_line_numbers() -> None:
    from coach.engine.grading import grade_text
    from coach.ui.report_view import render_report

    out = console()
    answer = "## Evaluation\n\nWe A/B test the new ranker on 5% of traffic and watch watch time.\n"
    render_report(out, grade_text(answer, LIBRARY, QUESTION), "file")
    assert "line 3: We A/B test" in " ".join(out.file.getvalue().split())  # type: ignore[attr-defined]
