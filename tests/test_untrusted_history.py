"""Imported and stored data are untrusted: whatever `coach import` accepts, every command
reads without a traceback, and nothing from it reaches the terminal as an escape sequence.

The property test generates whole histories (sessions with plans, reports, entries and
phase times; cards with their schedule; reviews) full of hostile text, imports each
into a fresh COACH_HOME and runs every command that reads the history.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.helpers import invoke

# What must never reach a terminal: C0 controls but tab and newline, DEL, C1 controls.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HOSTILE = [
    "\x1b[31mred\x1b[0m",
    "\x1b]0;you have been pwned\x07",  # OSC 0: the window title
    "\x1b]8;;https://example.com\x1b\\click\x1b]8;;\x1b\\",  # OSC 8: a hidden link
    "\x9b31m",  # CSI as one C1 character
    "[link=https://example.com]x[/link] [bold]",  # rich markup
    "carriage\rreturn",
    "| pipe | ```fence``` <b>html</b>",
    "ünïcödé ✓ 中文 \U0001f600",
]
TIME = "2026-03-02T09:00:20+00:00"
DUE = "2026-03-03T09:00:20+00:00"
PHASES = ("clarify", "data", "model", "evaluate", "wrapup")
STATUSES = ("active", "interrupted", "finished", "skipped")
KINDS = ("answer", "question", "reply", "probe", "probe_answer", "draft")

text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)
name = text.map(lambda t: t[:200])
number = st.floats(min_value=0, max_value=120, allow_nan=False)


@st.composite
def phase_plan(draw: st.DrawFn) -> dict[str, Any]:
    low = draw(number)
    return {
        "id": draw(st.one_of(st.sampled_from(PHASES), name)),
        "name": draw(name),
        "goal": draw(text),
        "min_minutes": low,
        "max_minutes": low + draw(number),
        "item_phases": draw(st.lists(st.one_of(st.sampled_from(PHASES), name), max_size=2)),
        "asks": draw(st.booleans()),
    }


@st.composite
def report(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "score": draw(st.integers(0, 100)),
        "verdict": draw(name),
        "phases": [
            {"id": draw(name), "name": draw(name), "coverage": draw(st.floats(0, 1))}
            for _ in range(draw(st.integers(0, 3)))
        ],
        "items": [
            {
                "id": draw(name),
                "phase": draw(name),
                "title": draw(text),
                "covered": draw(st.booleans()),
            }
            for _ in range(draw(st.integers(0, 4)))
        ],
        "findings": [
            {"code": draw(name), "name": draw(name)} for _ in range(draw(st.integers(0, 3)))
        ],
        "seconds": {draw(name): draw(st.one_of(st.none(), number))},
    }


@st.composite
def history(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(
        st.lists(st.from_regex(r"[0-9a-f]{8}", fullmatch=True), min_size=1, max_size=3, unique=True)
    )
    sessions, entry_id = [], 0
    for sid in ids:
        phases = draw(st.lists(phase_plan(), max_size=3))
        status = draw(st.sampled_from(STATUSES))
        entries = []
        for _ in range(draw(st.integers(0, 4))):
            entry_id += 1
            entries.append(
                {
                    "id": entry_id,
                    "phase": draw(
                        st.one_of(st.sampled_from([p["id"] for p in phases] or ["x"]), name)
                    ),
                    "kind": draw(st.sampled_from(KINDS)),
                    "text": draw(text),
                    "at": TIME,
                    "elapsed": draw(number),
                }
            )
        sessions.append(
            {
                "id": sid,
                "question_id": draw(st.one_of(st.just("video-recommendations"), name)),
                "playbook": draw(name),
                "plan": {
                    "playbook": draw(name),
                    "question_id": draw(name),
                    "phases": phases,
                    "graded_phases": draw(st.one_of(st.none(), st.lists(name, max_size=2))),
                    "question": {"title": draw(text), "prompt": draw(text), "bank": draw(text)},
                },
                "status": status,
                "current_phase": draw(st.integers(0, 5)),
                "started_at": TIME,
                "updated_at": TIME,
                "finished_at": TIME if status == "finished" else None,
                "score": draw(st.integers(0, 100)) if status == "finished" else None,
                "verdict": draw(name) if status == "finished" else None,
                "report": draw(report()) if status == "finished" else None,
                "entries": entries,
                "phase_times": {p["id"]: draw(number) for p in phases},
            }
        )
    card_ids = draw(st.lists(name, max_size=3, unique=True))
    cards = [
        {
            "id": cid,
            "kind": draw(st.sampled_from(("question", "item", "rule", "concept"))),
            "ref": draw(name),
            "state": {
                "card_id": n,
                "state": draw(st.sampled_from((1, 2, 3))),
                "step": draw(st.one_of(st.none(), st.integers(0, 3))),
                "stability": draw(st.one_of(st.none(), st.floats(0.1, 100))),
                "difficulty": draw(st.one_of(st.none(), st.floats(1, 10))),
                "due": draw(st.sampled_from((TIME, DUE))),
                "last_review": draw(st.one_of(st.none(), st.just(TIME))),
            },
            "due": draw(st.sampled_from((TIME, DUE))),
            "created_at": TIME,
            "updated_at": TIME,
        }
        for n, cid in enumerate(card_ids, 1)
    ]
    reviews = [
        {
            "id": n,
            "card_id": cid,
            "rating": draw(st.integers(1, 4)),
            "source": draw(name),
            "note": {"why": draw(text)},
            "reviewed_at": TIME,
        }
        for n, cid in enumerate(card_ids, 1)
    ]
    return {
        "format": "coach-history",
        "version": 1,
        "sessions": sessions,
        "cards": cards,
        "reviews": reviews,
    }


def readers(session_ids: list[str]) -> list[tuple[list[str], str]]:
    """Every command that reads the history, with the format of its output."""
    commands = [
        (["history"], "text"),
        (["history", "--format", "json"], "json"),
        (["export", "--all"], "json"),
        (["export", "--all", "--format", "csv"], "csv"),
        (["stats"], "text"),
        (["stats", "--format", "json"], "json"),
        (["stats", "--format", "markdown"], "text"),
        (["next"], "text"),
        (["next", "--format", "json"], "json"),
    ]
    for sid in session_ids:
        commands += [
            (["export", sid], "text"),
            (["export", sid, "--format", "json"], "json"),
            (["export", sid, "--format", "csv"], "csv"),
        ]
    return commands


def check_every_reader(session_ids: list[str]) -> dict[str, str]:
    """Run every reader: no traceback, and no raw control character outside JSON."""
    outputs = {}
    for args, kind in readers(session_ids):
        result = invoke(*args)
        shown = " ".join(args)
        assert result.exit_code == 0, (shown, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), shown
        assert not RAW_CONTROL.search(result.stderr), (shown, result.stderr)
        out = result.stdout.replace("\r\n", "\n") if kind == "csv" else result.stdout
        if kind == "json":
            json.loads(out)
        else:
            assert not RAW_CONTROL.search(out), (shown, RAW_CONTROL.findall(out))
        outputs[shown] = result.stdout
    return outputs


@settings(
    max_examples=10,
    deadline=None,
    # Each example runs a dozen commands: shrinking would take minutes; the example that
    # fails is printed as it was generated.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=history())
def test_every_history_import_accepts_is_read_by_every_command(
    document: dict[str, Any], coach_home: Path, tmp_path: Path
) -> None:
    for stale in coach_home.glob("coach.db*"):  # a new history; the cache is kept
        stale.unlink()
    path = tmp_path / "history.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    imported = invoke("import", str(path))
    assert imported.exit_code == 0, imported.stderr
    outputs = check_every_reader([s["id"] for s in document["sessions"]])
    again = json.loads(outputs["export --all"])
    assert again["sessions"] == document["sessions"]
    assert again["cards"] == sorted(document["cards"], key=lambda c: c["id"])
    assert again["reviews"] == document["reviews"]


def test_escape_sequences_from_an_import_are_shown_not_sent(tmp_path: Path) -> None:
    """The repro: a playbook "\\x1b[31m…" printed raw by `coach history`, and OSC 0 and
    OSC 8 from an entry printed raw by `coach export ID`."""
    sid = "0123abcd"
    hostile = "\x1b]0;pwned\x07 and \x1b]8;;https://example.com\x1b\\a link\x1b]8;;\x1b\\"
    phase = {"id": "clarify", "name": "\x1b[2JClarify", "min_minutes": 5, "max_minutes": 10}
    plan = {"playbook": "drill", "question_id": "video-recommendations", "phases": [phase]}
    session = {
        "id": sid, "question_id": "video-recommendations", "playbook": "\x1b[31mred",
        "plan": plan, "status": "interrupted", "current_phase": 0, "started_at": TIME,
        "updated_at": TIME, "finished_at": None, "score": None, "verdict": None, "report": None,
        "entries": [{"id": 1, "phase": "clarify", "kind": "answer", "text": hostile, "at": TIME,
                     "elapsed": 1.0}],
        "phase_times": {"clarify": 60.0},
    }  # fmt: skip
    document = {"format": "coach-history", "version": 1, "sessions": [session], "cards": [],
                "reviews": []}  # fmt: skip
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document))
    assert invoke("import", str(path)).exit_code == 0
    outputs = check_every_reader([sid])
    assert "\\x1b[31mred" in outputs["history"]
    assert "\\x1b]0;pwned\\x07" in outputs[f"export {sid}"]
    assert "\\x1b[2JClarify" in outputs[f"export {sid}"]
    # JSON keeps the text exactly (it escapes control characters itself)
    exported = json.loads(outputs[f"export {sid} --format json"])
    assert exported["transcript"][0]["text"] == hostile
