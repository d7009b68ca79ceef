"""Practice, history and export commands through the CLI, with injected dependencies."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from coach.content.browse import filter_questions
from coach.content.library import load_library
from coach.errors import Interrupted
from coach.practice.runner import Deps
from coach.session.clock import FakeClock
from tests.helpers import WIDTH, flat, invoke
from tests.test_session import QUESTION, ScriptedPrompter, Step

LIBRARY = load_library(include_user=False)


def deps(steps: list[Step]) -> tuple[Deps, io.StringIO]:
    clock = FakeClock()
    out = io.StringIO()
    console = Console(file=out, width=100, no_color=True)
    return Deps(
        prompter=ScriptedPrompter(clock, steps),
        clock=clock,
        console=console,
        report_console=console,
        interactive=True,
    ), out


def run(args: list[str], obj: Deps | None = None, width: int = WIDTH):  # type: ignore[no-untyped-def]
    return invoke(*args, obj=obj, width=width)


def test_without_a_terminal_points_to_coach_score() -> None:
    result = run(["mock", "video-recommendations"], Deps(interactive=False))
    assert result.exit_code == 2
    assert "needs a terminal" in result.stderr and "coach score" in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["drill", "deploy"], "no phase 'deploy'"),
        (["sprint", "--minutes", "0"], "--minutes must be between 1 and 240"),
        (["quiz", "--topic", "nope"], "no topic 'nope'"),
        (["mock", "--framework", "bogus"], "(frameworks: default,"),
        (["drill", "clarify", "nope-question"], "no question 'nope-question'"),
        (["mock", "--category", "nope"], "no category 'nope'"),
    ],
)
def test_a_wrong_argument_is_said_before_the_terminal_check(args: list[str], said: str) -> None:
    result = run(args, Deps(interactive=False))
    assert result.exit_code == 2
    assert said in result.stderr and "needs a terminal" not in result.stderr
    assert "Traceback" not in result.output


class ScriptedStartPicker:
    def __init__(self, answers: list[str], picks: list[str | None] | None = None) -> None:
        self.answers = answers
        self.picks = picks or []
        self.offered: list[tuple[str, float]] = []
        self.attempts: list[object] = []
        self.pickable: list[list[str]] = []

    def confirm(self, question, plan, attempts):  # type: ignore[no-untyped-def]
        self.offered.append((question.id, sum(p.max_minutes for p in plan.phases)))
        self.attempts.append(attempts)
        return self.answers.pop(0)

    def pick(self, questions, attempts):  # type: ignore[no-untyped-def]
        self.pickable.append([q.id for q in questions])
        self.last_attempts = attempts
        return self.picks.pop(0)


def test_plain_coach_shows_the_question_then_starts_a_mock_on_it() -> None:
    d, out = deps([Step("The goal is long-term watch time."), *[Step(None, 1)] * 4])
    d.start_picker = picker = ScriptedStartPicker(["start"])
    result = run([], d)
    assert result.exit_code == 0, result.output
    history = json.loads(run(["history", "--format", "json"]).stdout)
    assert len(history) == 1 and history[0]["playbook"] == "mock"
    assert [q for q, _ in picker.offered] == [history[0]["question"]]
    assert picker.offered[0][1] == 50  # the mock's whole budget (10+10+15+10+5), said first
    assert "Report" in out.getvalue()


def test_plain_coach_offers_another_question_or_quits_without_a_session() -> None:
    d, _ = deps([Step("The goal is long-term watch time."), *[Step(None, 1)] * 4])
    d.start_picker = picker = ScriptedStartPicker(["another", "another", "start"])
    assert run([], d).exit_code == 0
    offered = [q for q, _ in picker.offered]
    assert len(set(offered)) == 3  # each "another" is a question not offered yet
    assert json.loads(run(["history", "-f", "json"]).stdout)[0]["question"] == offered[-1]

    d, _ = deps([])
    d.start_picker = ScriptedStartPicker(["quit"])
    assert run([], d).exit_code == 0
    assert len(json.loads(run(["history", "-f", "json"]).stdout)) == 1  # quitting started none


def test_mock_without_an_id_shows_its_question_first_and_a_picked_one_can_replace_it() -> None:
    d, _ = deps([Step("The goal is fewer fraud losses."), *[Step(None, 1)] * 4])
    # pick: Ctrl-C in the search goes back to the same offer; then one is chosen
    d.start_picker = picker = ScriptedStartPicker(
        ["pick", "pick", "start"], picks=[None, "realtime-payment-fraud"]
    )
    result = run(["mock", "--category", "fraud"], d)
    assert result.exit_code == 0, result.output
    offered = [q for q, _ in picker.offered]
    assert offered[0] == offered[1] and offered[2] == "realtime-payment-fraud"
    fraud = [q.id for q in filter_questions(LIBRARY.questions.values(), category="fraud")]
    assert picker.pickable == [fraud, fraud]  # the search is among what --category allows
    assert picker.attempts == [None, None, None]  # nothing practised yet
    history = json.loads(run(["history", "--format", "json"]).stdout)
    assert history[0]["question"] == "realtime-payment-fraud"

    d, _ = deps([Step("The goal is fewer fraud losses."), *[Step(None, 1)] * 4])
    d.start_picker = picker = ScriptedStartPicker(["start"])
    assert run(["mock", "realtime-payment-fraud"], d).exit_code == 0
    assert picker.offered == []  # an id given is started at once

    d, _ = deps([])
    d.start_picker = picker = ScriptedStartPicker(["pick", "quit"], picks=[None])
    assert run([], d).exit_code == 0
    seen = picker.last_attempts["realtime-payment-fraud"]
    assert seen.count == 2 and seen.best is not None  # what the picker shows beside it


def test_the_pick_avoids_practised_questions_and_is_seedable() -> None:
    first = run(
        ["drill", "wrapup", "--seed", "7"], deps([Step("Trade-off: recall versus latency.")])[0]
    )
    assert first.exit_code == 0, first.output
    again = run(
        ["drill", "wrapup", "--seed", "7"], deps([Step("Trade-off: cost versus accuracy.")])[0]
    )
    assert again.exit_code == 0, again.output
    picked = [h["question"] for h in json.loads(run(["history", "-f", "json"]).stdout)]
    assert len(set(picked)) == 2  # the second pick skipped the practised question


def test_ctrl_c_exits_130_with_the_resume_command() -> None:
    d, _ = deps([Step(Interrupted("half an answer"), 30)])
    result = run(["mock", "video-recommendations"], d)
    assert result.exit_code == 130
    sid = json.loads(run(["history", "-f", "json"]).stdout)[0]["id"]
    assert f"Resume with: coach resume {sid}" in result.stderr


def test_resume_with_nothing_to_resume_is_a_clean_error() -> None:
    result = run(["resume"], deps([])[0])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no interrupted session")


def test_resume_refuses_a_finished_session() -> None:
    assert (
        run(["drill", "wrapup", "video-recommendations"], deps([Step("x y z")])[0]).exit_code == 0
    )
    sid = json.loads(run(["history", "-f", "json"]).stdout)[0]["id"]
    result = run(["resume", sid], deps([])[0])
    assert result.exit_code == 2 and "is finished" in result.stderr


def test_a_skipped_session_cannot_be_resumed() -> None:
    assert run(["drill", "wrapup", "video-recommendations"], deps([Step(None)])[0]).exit_code == 0
    (session,) = json.loads(run(["history", "-f", "json"]).stdout)
    assert session["status"] == "skipped"
    result = run(["resume", session["id"]], deps([])[0])
    assert result.exit_code == 2 and f"session {session['id']} is skipped" in result.stderr


def test_an_interrupted_session_with_nothing_typed_exports_without_a_score() -> None:
    """It exported as "Score 0/100 · no hire" with a dozen findings; history shows none."""
    result = run(["drill", "wrapup", "video-recommendations"], deps([Step(Interrupted(""), 5)])[0])
    assert result.exit_code == 130, result.output
    (session,) = json.loads(run(["history", "-f", "json"]).stdout)
    assert (session["status"], session["score"]) == ("interrupted", None)
    markdown = run(["export", "--last"]).stdout
    assert "- Not graded: nothing was typed" in markdown
    assert "/100" not in markdown and "## Findings" not in markdown
    exported = json.loads(run(["export", "--last", "--format", "json"]).stdout)
    assert exported["report"] is None


def test_a_skipped_session_exports_without_a_score() -> None:
    assert run(["drill", "wrapup", "video-recommendations"], deps([Step(None)])[0]).exit_code == 0
    markdown = run(["export", "--last"]).stdout
    assert "- Not graded: every phase was skipped" in markdown
    assert "/100" not in markdown and "## Findings" not in markdown
    exported = json.loads(run(["export", "--last", "--format", "json"]).stdout)
    assert (exported["status"], exported["report"]) == ("skipped", None)


def test_unknown_phase_for_a_drill() -> None:
    result = run(["drill", "modle", "video-recommendations"], deps([])[0])
    assert result.exit_code == 2
    assert "no phase 'modle'; did you mean 'model'?" in result.stderr


def test_sprint_minutes_out_of_range() -> None:
    result = run(["sprint", "--minutes", "0", "video-recommendations"], deps([])[0])
    assert result.exit_code == 2 and "--minutes" in result.stderr


def test_export_file_written_at_the_end(tmp_path: Path) -> None:
    target = tmp_path / "mock.md"
    d, _ = deps([Step("The trade-off is recall against latency of the index.")])
    result = run(["drill", "wrapup", "video-recommendations", "--export", str(target)], d)
    assert result.exit_code == 0, result.output
    text = target.read_text()
    assert text.startswith("# Design a video recommendation system")
    assert "| Wrap-up |" in text and "The trade-off is recall against latency" in text


def test_an_export_target_that_cannot_be_written_fails_before_the_interview(
    tmp_path: Path,
) -> None:
    for target, reason in [
        (tmp_path / "no-such-folder" / "x.md", f"no folder {tmp_path / 'no-such-folder'}"),
        (tmp_path, "it is a folder"),
    ]:
        d, _ = deps([])  # the scripted prompter fails the test if anything is asked
        result = run(["drill", "wrapup", "video-recommendations", "--export", str(target)], d)
        assert result.exit_code == 2
        assert result.stderr == f"error: cannot write {target}: {reason}\n"
        resumed = run(["resume", "--export", str(target)], deps([])[0])
        assert resumed.stderr == result.stderr
    assert json.loads(run(["history", "-f", "json"]).stdout) == []  # no session was started


def test_an_export_that_fails_at_the_end_says_how_to_write_it_again(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    class FolderGoesAway(ScriptedPrompter):
        def answer(self, request):  # type: ignore[no-untyped-def]
            if folder.exists():
                folder.rmdir()  # removed while the candidate was answering
            return super().answer(request)

    d, _ = deps([])
    d.prompter = FolderGoesAway(FakeClock(), [Step("The trade-off is recall against latency.")])
    result = run(["drill", "wrapup", "video-recommendations", "--export", str(folder / "x.md")], d)
    sid = json.loads(run(["history", "-f", "json"]).stdout)[0]["id"]
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot write {folder / 'x.md'}: ")
    assert result.stderr.endswith(f"the session is saved: `coach export {sid} -o FILE` writes it\n")


def test_export_last_and_json(tmp_path: Path) -> None:
    assert run(["export", "--last"]).exit_code == 2  # nothing yet
    run(["drill", "data", "video-recommendations"], deps([Step("Labels come from clicks.")])[0])
    markdown = run(["export", "--last"])
    assert markdown.exit_code == 0 and "## Transcript" in markdown.stdout
    data = json.loads(run(["export", "--last", "--format", "json"]).stdout)
    assert data["status"] == "finished"
    assert data["transcript"][0] == {
        **data["transcript"][0],
        "kind": "answer",
        "text": "Labels come from clicks.",
    }
    assert {"score", "verdict", "items", "findings"} <= set(data["report"])


def history_rows(table: str) -> list[dict[str, str]]:
    """The rows of the `coach history` table by column, each cell whole again: a question
    id wrapped over several lines is joined, wherever the console width made it break."""
    lines = table.splitlines()
    (head,) = [n for n, line in enumerate(lines) if line.startswith("id ")]
    names = re.split(r"\s{2,}", lines[head].strip())
    rows: list[dict[str, str]] = []
    for line in lines[head + 2 :]:
        if not line.strip():
            break
        cells = re.split(r"\s{2,}", line.strip())
        if line.startswith(" "):  # the rest of a wrapped question id
            rows[-1]["question"] += cells[0]
        else:
            rows.append(dict(zip(names, cells, strict=True)))
    return rows


def shown_rows(expected: list[tuple[str, ...]], wide: bool) -> list[dict[str, str]]:
    """The cells the table shows of each (id, started, question, playbook, score, status):
    wide, all of them; narrower, the date and no status (a session with a score)."""
    if wide:
        return [
            {"id": i, "started (UTC)": t, "question": q, "playbook": p, "score": sc, "status": st}
            for i, t, q, p, sc, st in expected
        ]
    return [
        {"id": i, "date": t[:10], "question": q, "playbook": p, "score": sc}
        for i, t, q, p, sc, _ in expected
    ]


def two_drills() -> list[tuple[str, ...]]:
    """Two finished drills on questions with long ids; the rows the table should show."""
    for question in ("video-recommendations", "customer-churn-prediction"):
        run(["drill", "wrapup", question], deps([Step("Trade-off: cost versus recall.")])[0])
    return [
        (h["id"], h["started_at"].replace("T", " ")[:16], h["question"], h["playbook"],
         str(h["score"]), h["status"])
        for h in json.loads(run(["history", "-f", "json"]).stdout)
    ]  # fmt: skip


def test_history_table_and_empty_history() -> None:
    empty = run(["history"])
    assert empty.exit_code == 0
    assert flat(empty.stdout) == "No sessions yet. Start one with `coach mock`."
    expected = two_drills()
    assert {(row[3], row[5]) for row in expected} == {("drill", "finished")}
    table = run(["history"], width=200)
    assert flat(table.stdout).startswith("2 sessions id started (UTC) question playbook score")
    rows = history_rows(table.stdout)
    assert [{k: r[k] for k in shown_rows(expected, True)[0]} for r in rows] == shown_rows(
        expected, True
    )
    assert all(r["verdict"] and r["time"] for r in rows)


@pytest.mark.parametrize("width", [60, 80, 200])
def test_the_history_table_wraps_long_question_ids_to_fit_the_width(width: int) -> None:
    expected = two_drills()
    table = run(["history"], width=width).stdout
    assert max(len(line) for line in table.splitlines()) <= width
    rows = history_rows(table)
    wide = width >= 100
    assert [{k: r[k] for k in shown_rows(expected, wide)[0]} for r in rows] == shown_rows(
        expected, wide
    )


EXTRA_BANK = """\
questions:
  - id: my-question
    title: Design a spam filter for a small forum
    prompt: Flag spam posts before other members see them.
    category: recommendation
    difficulty: easy
    facts:
      - {topic: scale, triggers: [posts], answer: 2k posts a day.}
"""


def stopped_on_an_extra_bank(tmp_path: Path) -> tuple[str, Path, str]:
    """A mock on a question from a --bank file, stopped by Ctrl-C: (id, bank, stderr)."""
    bank = tmp_path / "my bank.yaml"  # a space, so the printed command must quote it
    bank.write_text(EXTRA_BANK)
    d, _ = deps([Step("The goal is to flag spam posts within 1 s.", 30), Step(Interrupted(), 5)])
    result = run(["mock", "my-question", "--bank", str(bank)], d)
    assert result.exit_code == 130, result.output
    sid = json.loads(run(["history", "-f", "json"]).stdout)[0]["id"]
    return sid, bank, result.stderr


def test_the_resume_hint_names_the_extra_bank(tmp_path: Path) -> None:
    sid, bank, stderr = stopped_on_an_extra_bank(tmp_path)
    assert f"Resume with: coach resume {sid} --bank '{bank.resolve()}'" in stderr
    resumed = run(["resume", sid, "--bank", str(bank)], deps([Step(None, 1)] * 5)[0])
    assert resumed.exit_code == 0, resumed.output


def test_resume_without_the_extra_bank_says_which_bank_it_needs(tmp_path: Path) -> None:
    sid, bank, _ = stopped_on_an_extra_bank(tmp_path)
    result = run(["resume", sid], deps([])[0])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: session {sid} is on question 'my-question' from {bank.resolve()}, which is not "
        f"in the loaded banks; resume with: coach resume {sid} --bank '{bank.resolve()}'\n"
    )


def test_a_session_on_an_extra_bank_exports_without_it(tmp_path: Path) -> None:
    sid, bank, _ = stopped_on_an_extra_bank(tmp_path)
    markdown = run(["export", "--last"])
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.startswith("# Design a spam filter for a small forum\n")
    assert "> Flag spam posts before other members see them." in markdown.stdout
    assert f"export with `--bank '{bank.resolve()}'` to grade its own too" in markdown.stdout
    assert "The goal is to flag spam posts within 1 s." in markdown.stdout
    data = json.loads(run(["export", sid, "--format", "json"]).stdout)
    assert data["question"] == "my-question" and data["transcript"]
    with_bank = run(["export", "--last", "--bank", str(bank)])
    assert with_bank.exit_code == 0 and "not in the loaded banks" not in with_bank.stdout


def test_a_session_that_stored_nothing_of_its_question_exports_under_its_id() -> None:
    from coach import paths
    from coach.store.db import open_store

    plan = {"playbook": "drill", "question_id": "gone-question", "graded_phases": ["wrapup"],
            "phases": [{"id": "wrapup", "name": "Wrap-up", "min_minutes": 2, "max_minutes": 5}]}  # fmt: skip
    with open_store(paths.coach_home()) as store:
        made = store.create_session("gone-question", "drill", plan)
        store.add_entry(made.id, "wrapup", "answer", "Trade-off: recall against cost.")
    markdown = run(["export", made.id])
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.startswith("# gone-question\n")
    assert "export with `--bank PATH`" in markdown.stdout and "## Question" not in markdown.stdout
    assert "Trade-off: recall against cost." in markdown.stdout


def test_a_shipped_question_stores_no_bank_and_its_hint_needs_none() -> None:
    d, _ = deps([Step(Interrupted("half an answer"), 30)])
    result = run(["mock", "video-recommendations"], d)
    sid = json.loads(run(["history", "-f", "json"]).stdout)[0]["id"]
    assert result.stderr.rstrip().endswith(f"Resume with: coach resume {sid}")
    plan = json.loads(run(["export", sid, "--format", "json"]).stdout)["plan"]
    assert plan["question"]["title"] == QUESTION.title
    assert plan["question"]["bank"] is None


def test_ctrl_c_at_a_quiz_rating_exits_130_and_says_the_answer_is_saved() -> None:
    class StopsAtTheRating:
        def rate(self, suggested: int) -> int:
            raise Interrupted("")

    d, out = deps([Step("Bagging averages models trained in parallel to reduce variance.")])
    d.rater = StopsAtTheRating()
    result = run(["quiz", "--topic", "ensembles", "--count", "2", "--seed", "5"], d)
    assert result.exit_code == 130
    assert result.stderr.strip() == "Quiz stopped. Your answers so far are saved."
    assert "it is saved with the suggested rating" in out.getvalue()
    exported = json.loads(run(["export", "--all", "--format", "json"]).stdout)
    assert [r["note"]["answer"] for r in exported["reviews"]] == [
        "Bagging averages models trained in parallel to reduce variance."
    ]


def test_sigterm_stops_the_session_as_ctrl_c_does(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os
    import signal

    class NotHandled(Exception):
        pass

    def fail(signum, frame):  # type: ignore[no-untyped-def]
        raise NotHandled  # what SIGTERM would do without coach's handler: end the run

    previous = signal.signal(signal.SIGTERM, fail)  # never let SIGTERM kill the test run
    try:

        class Terminated(ScriptedPrompter):
            def answer(self, request):  # type: ignore[no-untyped-def]
                os.kill(os.getpid(), signal.SIGTERM)
                return super().answer(request)

        d, _ = deps([])
        d.prompter = Terminated(FakeClock(), [Step("unreachable")])
        result = run(["mock", "video-recommendations"], d)
        assert result.exit_code == 130, result.output
        assert "Resume with: coach resume" in result.stderr
        assert json.loads(run(["history", "-f", "json"]).stdout)[0]["status"] == "interrupted"
        assert signal.getsignal(signal.SIGTERM) is fail  # put back after the session
    finally:
        signal.signal(signal.SIGTERM, previous)
