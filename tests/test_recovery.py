"""A typed answer survives every failure between the keyboard and the database.

The faults are real SQLite failures: `max_page_count` makes the database full and
`query_only` makes it read-only, so the store fails exactly as on a full disk or a
read-only file. The locale fault is what prompt_toolkit hands over in `LC_ALL=C`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from coach.common.textsafe import storable
from coach.errors import StoreError
from coach.playbooks import drill
from coach.session.clock import FakeClock
from coach.session.ports import AnswerRequest
from coach.session.recovery import RecoveryFile
from coach.session.runtime import Session
from coach.store.db import Store, open_store
from coach.ui.autosave import AUTOSAVE_SECONDS, Autosave
from coach.ui.presenter import RichPresenter
from tests.test_session import LIBRARY, QUESTION, ScriptedPrompter, Step

ANSWER = "The goal is to cut churn — by 5% — among paying subscribers."
# Long enough to need new pages in the database, which a full disk cannot give.
LONG = "\n\n".join(
    [ANSWER] + [f"Point {n}: monthly churn per cohort is the label." for n in range(300)]
)


def full(store: Store) -> None:
    """The next write that needs a page more finds the disk full."""
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")


def read_only(store: Store) -> None:
    store._conn.execute("PRAGMA query_only = ON")


class Typing(ScriptedPrompter):
    """Types each answer into the box, autosaving half of it as the answer box does; the
    store fails (`fault`) while the candidate types."""

    def __init__(self, clock: FakeClock, steps: list[Step], fault: Callable[[], None]) -> None:
        super().__init__(clock, steps)
        self.fault = fault

    def answer(self, request: AnswerRequest) -> str | None:
        step = self.steps[0] if self.steps else None
        if step is not None and isinstance(step.text, str) and not request.probe:
            request.autosave(step.text[: len(step.text) // 2])
        self.fault()
        return super().answer(request)


def drill_session(
    store: Store, steps: list[Step], fault: Callable[[Store], None] | None = None
) -> Session:
    console = Console(file=io.StringIO(), width=200, no_color=True)
    clock = FakeClock()
    return Session.start(
        plan=drill.plan(LIBRARY, QUESTION, "clarify"),
        library=LIBRARY,
        store=store,
        prompter=Typing(clock, steps, lambda: fault and fault(store)),
        presenter=RichPresenter(console, console, QUESTION),
        clock=clock,
    )


def fail_while_typing(store: Store, fault: Callable[[Store], None], step: Step) -> StoreError:
    """A drill whose store fails while `step` is typed; the error the session ends with."""
    session = drill_session(store, [step], fault)
    with pytest.raises(StoreError) as info:
        session.run()
    return info.value


def resume_and_submit(home: Path) -> tuple[AnswerRequest, list[str], str]:
    """Resume the session in `home` with a healthy store and submit what is offered;
    (the first request, the answers saved, what the candidate saw)."""
    with open_store(home) as store:
        record = store.latest()
        assert record is not None
        out = io.StringIO()
        console = Console(file=out, width=300, no_color=True)

        class SubmitWhatIsOffered(ScriptedPrompter):
            def answer(self, request: AnswerRequest) -> str | None:
                self.requests.append(request)
                return None if request.probe else request.default

        prompter = SubmitWhatIsOffered(FakeClock(), [])
        Session.resume(
            record=record,
            library=LIBRARY,
            store=store,
            prompter=prompter,
            presenter=RichPresenter(console, console, QUESTION),
            clock=FakeClock(),
        ).run()
        answers = [e.text for e in store.entries(record.id, ["answer"])]
        return prompter.requests[0], answers, out.getvalue()


@pytest.mark.parametrize(
    ("fault", "reason"),
    [(full, "database or disk is full"), (read_only, "attempt to write a readonly database")],
    ids=["full-disk", "read-only"],
)
def test_an_answer_the_store_refuses_is_kept_and_offered_on_resume(
    tmp_path: Path, fault: Callable[[Store], None], reason: str
) -> None:
    home = tmp_path / "home"
    with open_store(home) as store:
        error = fail_while_typing(store, fault, Step(LONG))
        sid = store.sessions()[0].id
    message = str(error)
    assert message.startswith(f"cannot write {home / 'coach.db'}: {reason}; ")
    kept = Path(message.split("what you typed is kept in ", 1)[1].split(", and")[0])
    assert message.endswith(f"`coach resume {sid}` offers it again") and "\n" not in message
    assert kept.read_text(encoding="utf-8") == LONG
    assert os.stat(kept).st_mode & 0o777 == 0o600

    first, answers, seen = resume_and_submit(home)
    assert first.default == LONG and "Recovered what you were typing" in seen
    assert answers == [LONG]
    assert not kept.exists()  # the history has it now


def test_a_bad_locale_loses_nothing(tmp_path: Path) -> None:
    """In LC_ALL=C the terminal's bytes arrive as lone surrogates; SQLite refused them."""
    typed = ANSWER.encode("utf-8").decode("ascii", "surrogateescape")
    with open_store(tmp_path / "home") as store:
        drill_session(store, [Step(typed)]).run()
        answers = [e.text for e in store.entries(store.sessions()[0].id, ["answer"])]
    assert answers == [ANSWER]
    assert list((tmp_path / "home" / "recovery").iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("churn \udce2\udc80\udc94 5%", "churn — 5%"),  # UTF-8 bytes in a C locale
        ("caf\udce9", "caf\\xe9"),  # a Latin-1 byte: not UTF-8, shown as an escape
        ("x\ud800y", "x\\ud800y"),  # a lone surrogate from JSON or a clipboard
        ("plain ✓", "plain ✓"),
    ],
)
def test_text_is_stored_as_utf8_whatever_it_was(typed: str, stored: str, tmp_path: Path) -> None:
    assert storable(typed) == stored
    with open_store(tmp_path / "home") as store:
        sid = store.create_session(typed, "drill", {"note": typed}).id
        store.add_entry(sid, "clarify", "answer", typed)
        store.replace_draft(sid, "clarify", typed)
        assert [e.text for e in store.entries(sid)] == [stored, stored]
        assert store.get(sid).plan == {"note": stored}


def test_when_no_file_can_be_written_either_the_answer_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def nowhere(self: RecoveryFile, text: str) -> None:
        return None  # every folder refused it (the disk of /tmp is full too)

    monkeypatch.setattr(RecoveryFile, "save", nowhere)
    with open_store(tmp_path / "home") as store:
        error = fail_while_typing(store, full, Step(LONG))
    first, rest = str(error).split("\n", 1)
    assert first.endswith("could not be kept in a file either, so here it is:")
    assert rest == LONG


def test_ctrl_c_on_a_read_only_history_keeps_what_was_typed(tmp_path: Path) -> None:
    from coach.errors import Interrupted

    home = tmp_path / "home"
    with open_store(home) as store:
        info = fail_while_typing(store, read_only, Step(Interrupted("half a thought")))
    assert "what you typed is kept in " in str(info)
    kept = Path(str(info).split("kept in ", 1)[1].split(", and")[0])
    assert kept.read_text() == "half a thought"
    first, answers, _ = resume_and_submit(home)
    assert first.default == "half a thought" and answers == ["half a thought"]


def test_a_recovery_file_the_store_already_has_is_not_offered_twice(tmp_path: Path) -> None:
    """Killed after the store committed the answer, before the file was removed."""
    home = tmp_path / "home"
    with open_store(home) as store:
        sid = drill_session(store, [Step(ANSWER)]).id
        store.add_entry(sid, "clarify", "answer", ANSWER)
        RecoveryFile.of(home, sid, "clarify").save(ANSWER)
        store.set_progress(sid, 0, "interrupted")
    first, answers, seen = resume_and_submit(home)
    assert first.default == "" and "Recovered" not in seen
    assert answers == [ANSWER]
    assert RecoveryFile.of(home, sid, "clarify").load() is None


def test_a_recovery_folder_someone_else_can_read_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    own = tmp_path / "own"
    recovery = RecoveryFile("s-p.md", (shared, own))
    assert recovery.save("private words") == own / "s-p.md"
    assert not (shared / "s-p.md").exists()
    assert recovery.load() == ("private words", own / "s-p.md")


# --- the autosave's timing ----------------------------------------------------------------------


class Loop:
    """A fake event loop: call_later is recorded, and run when the test moves time on."""

    def __init__(self) -> None:
        self.now = 0.0
        self.timers: list[tuple[float, Callable[[], None]]] = []

    def later(self, delay: float, call: Callable[[], None]) -> None:
        self.timers.append((self.now + delay, call))

    def advance(self, seconds: float) -> None:
        self.now += seconds
        due = [t for t in self.timers if t[0] <= self.now]
        self.timers = [t for t in self.timers if t[0] > self.now]
        for _, call in due:
            call()


def test_the_autosave_writes_at_most_once_a_second_and_never_later() -> None:
    loop, saved = Loop(), []
    saver = Autosave(
        saved.append, interval=AUTOSAVE_SECONDS, clock=lambda: loop.now, schedule=loop.later
    )
    typed = ""
    for char in "The goal is churn":  # ten keystrokes a second
        typed += char
        saver.changed(typed)
        assert saved and saved[-1] == typed[: len(saved[-1])]
        loop.advance(0.1)
    loop.advance(AUTOSAVE_SECONDS)  # the candidate stops typing
    assert saved[-1] == typed  # the last keystroke is on disk within a second
    assert len(saved) <= 3  # 1.7 s of typing: a write a second, not one per keystroke
    loop.advance(10)
    assert len(saved) <= 3 and not loop.timers  # idle: nothing more is written
