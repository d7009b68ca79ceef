"""`coach export --all` and `coach import`: the whole history out and back in, exactly."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.errors import Interrupted, SessionInterrupted, StoreError
from coach.playbooks import drill, mock
from coach.practice.runner import run_and_record
from coach.store import archive, archive_read
from coach.store.db import DB_NAME, open_store
from tests.helpers import invoke
from tests.test_plan import practise
from tests.test_session import CLARIFY, LIBRARY, QUESTION, Step, full_mock_steps, make_session

TABLES = ("sessions", "entries", "phase_times", "cards", "reviews")
NASTY = 'He said "ship it", then left,\nand a second line, with "quotes"\n\n  and, commas'
DRAFT = 'Labels come from "watch" events,\nnot clicks'


def ticking(start: datetime) -> Callable[[], datetime]:
    """A wall clock that moves 20 seconds per reading, so stamps differ but repeat runs agree."""
    moment = [start]

    def now() -> datetime:
        moment[0] += timedelta(seconds=20)
        return moment[0]

    return now


def build_history(home: Path) -> None:
    """Five real sessions: a finished mock, two drills (review cards), a skipped one with
    no entries, and an interrupted mock holding a draft."""
    with open_store(home, now=ticking(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))) as store:
        session, _ = make_session(store, mock.plan(LIBRARY, QUESTION), full_mock_steps())
        run_and_record(session)
        practise(store, "video-recommendations", "evaluate", "We deploy the model behind an API.")
        practise(store, "news-feed-ranking", "wrapup", NASTY)
        skipped, _ = make_session(store, drill.plan(LIBRARY, QUESTION, "model"), [Step(None, 3)])
        skipped.run()
        stopped, _ = make_session(
            store, mock.plan(LIBRARY, QUESTION), [Step(CLARIFY, 200), Step(Interrupted(DRAFT), 90)]
        )
        with pytest.raises(SessionInterrupted):
            stopped.run()


def row_counts(home: Path) -> dict[str, int]:
    if not (home / DB_NAME).exists():
        return dict.fromkeys(TABLES, 0)
    with sqlite3.connect(home / DB_NAME) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def ok(*args: str) -> Any:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return result


def refused(*args: str) -> str:
    """Run a command that must fail: exit 2, one line on stderr, no traceback."""
    result = invoke(*args)
    assert result.exit_code == 2, result.stdout
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.fixture(scope="module")
def built_history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A real history (its COACH_HOME) and its `coach export --all --format json`, made
    once for this file: five sessions through Session take longer than most tests."""
    base = tmp_path_factory.mktemp("history")
    home, path = base / "home", base / "history.json"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COACH_HOME", str(home))
        build_history(home)
        ok("export", "--all", "--format", "json", "-o", str(path))
    return home, path


@pytest.fixture
def history(built_history: tuple[Path, Path], coach_home: Path, tmp_path: Path) -> Path:
    """A real history in COACH_HOME, exported with `coach export --all --format json`:
    a copy of the one built for this file, which no test changes."""
    home, exported = built_history
    # the database, its 0700 folder and 0600 file; the cache is seeded as for any test
    shutil.copytree(home, coach_home, ignore=shutil.ignore_patterns("cache"))
    path = tmp_path / "history.json"
    shutil.copyfile(exported, path)
    return path


def use_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> Path:
    monkeypatch.setenv("COACH_HOME", str(home))
    return home


# --- the round trip ------------------------------------------------------------------------------


def test_export_import_export_is_byte_identical(
    history: Path, coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [s["id"] for s in json.loads(history.read_text())["sessions"]]
    original = {
        "stdout": ok("export", "--all", "--format", "json").stdout,
        "history": ok("history", "--format", "json").stdout,
        "stats": ok("stats", "--format", "json").stdout,
        **{sid: ok("export", sid).stdout for sid in ids},
    }
    assert original["stdout"] == history.read_text()

    use_home(monkeypatch, tmp_path / "restored")
    imported = ok("import", str(history))
    assert imported.stderr.startswith("imported 5 sessions, ")
    again = tmp_path / "again.json"
    ok("export", "--all", "--format", "json", "-o", str(again))

    assert again.read_bytes() == history.read_bytes()
    assert ok("history", "--format", "json").stdout == original["history"]
    # the import summarised what it brought: the stats are those of the history exported
    assert ok("stats", "--format", "json").stdout == original["stats"]
    for sid in ids:
        assert ok("export", sid).stdout == original[sid]
    assert row_counts(tmp_path / "restored") == row_counts(coach_home)


def test_the_export_holds_every_column_of_every_table(history: Path, coach_home: Path) -> None:
    document = json.loads(history.read_text())
    assert (document["format"], document["version"]) == ("coach-history", 1)
    assert document["exported_by"].startswith("coach ")
    with sqlite3.connect(coach_home / DB_NAME) as conn:

        def columns(table: str) -> set[str]:
            return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}

        entry_ids = [r[0] for r in conn.execute("SELECT id FROM entries ORDER BY id")]
        review_ids = [r[0] for r in conn.execute("SELECT id FROM reviews ORDER BY id")]
    sessions = document["sessions"]
    assert len(sessions) == 5
    assert [s["started_at"] for s in sessions] == sorted(s["started_at"] for s in sessions)
    for s in sessions:
        assert set(s) == columns("sessions") | {"entries", "phase_times"}
        assert isinstance(s["plan"], dict)
        assert s["report"] is None or isinstance(s["report"], dict)
        for e in s["entries"]:
            assert set(e) == columns("entries") - {"session_id"}
        assert [e["id"] for e in s["entries"]] == sorted(e["id"] for e in s["entries"])
    assert [e["id"] for s in sessions for e in s["entries"]] == entry_ids
    assert [s["status"] for s in sessions].count("interrupted") == 1
    stopped = next(s for s in sessions if s["status"] == "interrupted")
    assert [e["text"] for e in stopped["entries"] if e["kind"] == "draft"] == [DRAFT]
    assert stopped["phase_times"]["data"] == pytest.approx(90)
    assert document["cards"] and document["reviews"]
    for card in document["cards"]:
        assert set(card) == columns("cards") and isinstance(card["state"], dict)
    for review in document["reviews"]:
        assert set(review) == columns("reviews") and isinstance(review["note"], dict)
    assert [r["id"] for r in document["reviews"]] == review_ids


def test_the_streamed_export_is_every_row_in_the_fields_order(
    history: Path, coach_home: Path
) -> None:
    """Written a record a line as it is read; read back, it is exactly what the store
    holds (`export_rows`), every object's keys in its record's order."""
    text = history.read_text()
    document = json.loads(text)
    with open_store(coach_home) as store:
        rows = store.export_rows()
    entries: dict[str, list[dict[str, Any]]] = {}
    for entry in rows["entries"]:
        entries.setdefault(entry["session_id"], []).append(
            {k: v for k, v in entry.items() if k != "session_id"}
        )
    times: dict[str, dict[str, float]] = {}
    for row in rows["phase_times"]:
        times.setdefault(row["session_id"], {})[row["phase"]] = row["seconds"]
    expected = [
        {**s, "entries": entries.get(s["id"], []), "phase_times": times.get(s["id"], {})}
        for s in rows["sessions"]
    ]
    assert document["sessions"] == expected
    assert document["cards"] == rows["cards"] and document["reviews"] == rows["reviews"]
    for got, want in [
        (document["sessions"][0], expected[0]),
        *zip(document["reviews"], rows["reviews"], strict=True),
    ]:
        assert list(got) == list(want)
    assert list(document["sessions"][0]["entries"][0]) == list(expected[0]["entries"][0])
    assert list(document["cards"][0]) == list(rows["cards"][0])
    lines = text.splitlines()
    # the head, then each list: its name, a record a line, its closing bracket
    assert len(lines) == 1 + 3 * 2 + len(expected) + len(rows["cards"]) + len(rows["reviews"])
    assert lines[1] == '"sessions": [' and lines[-1].endswith("]}")


def test_a_json_column_sqlite_would_not_take_is_read_and_written_by_python(
    history: Path, coach_home: Path
) -> None:
    """NaN (json.dumps writes it) or a hand edit with spaces: the export still holds it."""
    sid = json.loads(history.read_text())["sessions"][0]["id"]
    with sqlite3.connect(coach_home / DB_NAME) as conn:
        conn.execute(
            'UPDATE sessions SET plan = \' {"phases": [],  "x": NaN}\' WHERE id = ?', (sid,)
        )
    text = ok("export", "--all").stdout
    plan = json.loads(text)["sessions"][0]["plan"]
    assert plan["phases"] == [] and plan["x"] != plan["x"]  # NaN
    assert '"plan": {"phases": [], "x": NaN}' in text


def test_a_long_history_is_written_in_pieces(coach_home: Path) -> None:
    """Bounded memory: the export comes a megabyte or so at a time, never whole."""
    with open_store(coach_home) as store:
        for _ in range(3):
            record = store.create_session("q", "mock", {"phases": []})
            store.add_entry(record.id, "clarify", "answer", "word " * 150_000)
        pieces = list(archive.document_lines(store))
    assert len(pieces) >= 5 and max(len(p) for p in pieces) < 2 * 750_000 + 1000
    assert len(json.loads("".join(pieces))["sessions"]) == 3


def test_import_into_a_history_with_other_sessions(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [s["id"] for s in json.loads(history.read_text())["sessions"]]
    markdown = {sid: ok("export", sid).stdout for sid in ids}
    other = use_home(monkeypatch, tmp_path / "other")
    with open_store(other) as store:  # its entry, card and review ids overlap the file's
        practise(store, "video-recommendations", "evaluate", "We monitor drift daily with PSI.")
        own = store.sessions()[0].id
        own_cards = {c.id for c in store.cards()}
    before = row_counts(other)

    ok("import", str(history))
    after = row_counts(other)
    document = json.loads(history.read_text())
    file_entries = sum(len(s["entries"]) for s in document["sessions"])
    assert after["sessions"] == before["sessions"] + 5
    assert after["entries"] == before["entries"] + file_entries
    assert after["reviews"] == before["reviews"] + len(document["reviews"])
    assert after["cards"] == len(own_cards | {c["id"] for c in document["cards"]})
    with sqlite3.connect(other / DB_NAME) as conn:
        own_ids = [
            r[0] for r in conn.execute("SELECT id FROM entries WHERE session_id = ?", (own,))
        ]
        new_ids = [
            r[0] for r in conn.execute("SELECT id FROM entries WHERE session_id != ?", (own,))
        ]
    assert min(new_ids) > max(own_ids)  # the file's entry ids were taken: renumbered after them
    for sid in ids:  # in the same order: the same export
        assert ok("export", sid).stdout == markdown[sid]
    assert own in ok("history", "--format", "json").stdout


def test_a_card_in_both_histories_keeps_the_state_updated_last(tmp_path: Path) -> None:
    def card(updated_at: str, stability: float) -> dict[str, Any]:
        return {"id": "item:monitor.drift", "kind": "item", "ref": "monitor.drift",
                "state": {"stability": stability}, "due": updated_at,
                "created_at": updated_at, "updated_at": updated_at}  # fmt: skip

    def rows(*cards: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        return {"sessions": [], "entries": [], "phase_times": [], "cards": list(cards),
                "reviews": []}  # fmt: skip

    with open_store(tmp_path / "home") as store:
        store.import_rows(rows(card("2026-03-05T09:00:00+00:00", 5.0)))
        store.import_rows(rows(card("2026-03-02T09:00:00+00:00", 1.0)))  # older: state stays
        merged = store.card("item:monitor.drift")
        assert merged is not None and merged.state == {"stability": 5.0}
        assert merged.created_at == "2026-03-02T09:00:00+00:00"
        store.import_rows(rows(card("2026-03-09T09:00:00+00:00", 9.0)))  # newer: it wins
        merged = store.card("item:monitor.drift")
        assert merged is not None and merged.state == {"stability": 9.0}
        assert merged.due == merged.updated_at == "2026-03-09T09:00:00+00:00"


def test_export_all_is_json_unless_told_otherwise(history: Path) -> None:
    assert ok("export", "--all").stdout == history.read_text()


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_has_a_row_for_every_entry_and_its_text_survives(history: Path, tmp_path: Path) -> None:
    document = json.loads(history.read_text())
    path = tmp_path / "history.csv"
    ok("export", "--all", "--format", "csv", "-o", str(path))
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert ok("export", "--all", "--format", "csv").stdout_bytes == path.read_bytes()

    assert tuple(rows[0]) == archive.CSV_COLUMNS
    texts = [r["text"] for r in rows if r["kind"]]
    assert texts == [e["text"] for s in document["sessions"] for e in s["entries"]]
    assert NASTY in texts and DRAFT in texts
    empty = [r for r in rows if not r["kind"]]  # the skipped drill: one row, no entry
    assert len(empty) == 1 and empty[0]["playbook"] == "drill" and empty[0]["text"] == ""
    assert {r["session_id"] for r in rows} == {s["id"] for s in document["sessions"]}
    finished = next(r for r in rows if r["status"] == "finished" and r["kind"])
    session = next(s for s in document["sessions"] if s["id"] == finished["session_id"])
    assert finished["score"] == str(session["score"])
    assert finished["verdict"] == session["verdict"]
    assert float(finished["elapsed"]) == session["entries"][0]["elapsed"]


def test_csv_of_one_session(history: Path) -> None:
    document = json.loads(history.read_text())
    nasty = next(s for s in document["sessions"] if any(e["text"] == NASTY for e in s["entries"]))
    out = ok("export", nasty["id"][:6], "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert {r["session_id"] for r in rows} == {nasty["id"]}
    assert [r["text"] for r in rows] == [e["text"] for e in nasty["entries"]]


# --- refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all", "--format", "markdown"], "--all exports json or csv"),
        (["abcd1234", "--all", "--format", "json"], "leave out the session id"),
        (["--last", "--all", "--format", "csv"], "leave out the session id and --last"),
    ],
)
def test_export_all_refuses_markdown_and_a_session_id(
    args: list[str], message: str, coach_home: Path
) -> None:
    assert message in refused("export", *args)
    assert not coach_home.exists()  # refused before the store was opened


def test_import_refuses_a_session_it_already_has_and_writes_nothing(
    history: Path, coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = json.loads(history.read_text())
    before = row_counts(coach_home)
    line = refused("import", str(history))  # into the history it came from
    assert str(history) in line and "fresh COACH_HOME" in line
    assert f"{len(document['sessions'])} of its sessions are already in" in line
    assert all(s["id"] in line for s in document["sessions"])
    assert row_counts(coach_home) == before

    # one clash is enough: a file with a new session and an old one is refused whole
    fresh = use_home(monkeypatch, tmp_path / "fresh")
    ok("import", str(history))
    clash = dict(document)
    clash["sessions"] = [
        {**document["sessions"][0], "id": "0000beef", "entries": []},
        document["sessions"][1],
    ]
    clash["cards"], clash["reviews"] = [], []
    (tmp_path / "clash.json").write_text(json.dumps(clash))
    before = row_counts(fresh)
    line = refused("import", str(tmp_path / "clash.json"))
    assert document["sessions"][1]["id"] in line and "0000beef" not in line
    assert "1 of its sessions is already in" in line
    assert row_counts(fresh) == before


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"format": "other", "version": 1}, 'format "other", expected "coach-history"'),
        ({"version": 1, "sessions": []}, 'no "format" field'),
        ([1, 2, 3], "is not a coach history export (a JSON array"),
        ({"format": "coach-history", "version": 2}, "version 2; this coach reads version 1"),
        ({"format": "coach-history", "version": "1"}, 'unknown coach-history version ("1")'),
        ({"format": "coach-history"}, "unknown coach-history version (null)"),
    ],
)
def test_import_refuses_another_format_or_version(
    document: Any, message: str, coach_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "not-history.json"
    path.write_text(json.dumps(document))
    line = refused("import", str(path))
    assert str(path) in line and message in line
    assert not coach_home.exists()


def test_import_refuses_a_file_that_is_not_utf8_with_line_and_column(
    coach_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{\n  "format": "café"}\n'.encode("latin-1"))
    assert f"{path}:2:17: not UTF-8 text" in refused("import", str(path))
    assert not coach_home.exists()


def test_import_refuses_invalid_json_with_line_and_column(coach_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "coach-history",\n  "version": 1,\n}\n')
    line = refused("import", str(path))
    assert f"{path}:4:1: not valid JSON" in line
    assert not coach_home.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sessions"][-1]["entries"][0].update(kind="shout"), ".entries[0].kind:"),
        (lambda d: d["sessions"][0].pop("plan"), 'sessions[0]: missing field "plan"'),
        (lambda d: d["sessions"][0].update(colour="red"), 'unknown field "colour"'),
        (
            lambda d: d["sessions"][1].update(score="high"),
            "sessions[1].score: Input should be a valid integer",
        ),
        (lambda d: d["sessions"][1].update(id=d["sessions"][0]["id"]), "appears twice"),
        (lambda d: d["reviews"][-1].update(card_id="item:nope"), 'no card "item:nope"'),
        (lambda d: d["reviews"][0].update(rating=7), "must be 1, 2, 3 or 4"),
        # JSON that parses into values SQLite cannot store, or coach would not write
        (
            lambda d: d["sessions"][-1]["entries"][0].update(text="ok \ud800"),
            "sessions[4].entries[0].text: text with a lone surrogate (U+D800 at character 4)",
        ),
        (
            lambda d: d["sessions"][0]["report"].update({"\udfff": 1}),
            "sessions[0].report: a key with a lone surrogate",
        ),
        (lambda d: d["sessions"][0].update(score=2**63), "sessions[0].score: a whole number too"),
        (
            lambda d: d["sessions"][0]["entries"][0].update(elapsed=float("inf")),
            "sessions[0].entries[0].elapsed: must be a finite number",
        ),
        (
            lambda d: d["sessions"][0]["plan"].update(budget=float("nan")),
            "sessions[0].plan.budget: must be a finite number",
        ),
        (
            lambda d: d["sessions"][0].update(started_at="yesterday"),
            'sessions[0].started_at: "yesterday" is not a UTC time like 2026-',
        ),
        (lambda d: d["sessions"][0].update(finished_at="2026-03-02"), ".finished_at: "),
        (lambda d: d["sessions"][0]["entries"][0].update(at="9:00"), ".entries[0].at: "),
        (lambda d: d["cards"][0].update(due="2026-03-02T09:00:00"), "cards[0].due: "),
        (
            lambda d: d["reviews"][0].update(reviewed_at="2026-03-02T10:00:00+01:00"),
            "reviews[0].reviewed_at: ",
        ),
        (
            lambda d: d["sessions"][0].update(id="../../etc"),
            'sessions[0].id: "../../etc" is not a session id',
        ),
        (lambda d: d["sessions"][0].update(id="ABCD1234"), "is not a session id"),
        # what later commands read inside the JSON columns (coach.store.jsonshapes)
        (lambda d: d["sessions"][0].update(plan={}), 'sessions[0].plan: missing field "playbook"'),
        (
            lambda d: [p.pop("name") for p in d["sessions"][0]["plan"]["phases"]],
            'sessions[0].plan.phases[0]: missing field "name"',
        ),
        (
            lambda d: d["sessions"][0]["plan"]["phases"][0].update(max_minutes="10"),
            "sessions[0].plan.phases[0].max_minutes: Input should be a valid number",
        ),
        (
            lambda d: d["sessions"][0]["plan"].update(deep=nested(900)),
            "sessions[0].plan.deep.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x: "
            "nested more than 32 levels deep",
        ),
        (
            lambda d: d["sessions"][0]["report"].update(items=["clarify.goal"]),
            "sessions[0].report.items[0]: Input should be a valid dictionary",
        ),
        (
            lambda d: d["sessions"][0]["report"]["findings"].append({"name": "x"}),
            'missing field "code"',
        ),
        (lambda d: d["cards"][0]["state"].pop("due"), 'cards[0].state: missing field "due"'),
        (
            lambda d: d["cards"][0]["state"].update(state=7),
            "cards[0].state.state: must be 1, 2 or 3",
        ),
        (
            lambda d: d["sessions"][0].update(playbook="x" * 201),
            "sessions[0].playbook: String should have at most 200 characters",
        ),
        (
            lambda d: d["sessions"][0]["entries"][0].update(text="x" * 5_000_001),
            "sessions[0].entries[0].text: text longer than 5,000,000 characters",
        ),
    ],
)
def test_import_refuses_a_malformed_export_and_writes_nothing(
    history: Path,
    change: Callable[[dict[str, Any]], None],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = json.loads(history.read_text())
    change(document)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document))
    home = use_home(monkeypatch, tmp_path / "restored")
    line = refused("import", str(path))
    assert str(path) in line and message in line
    assert row_counts(home) == dict.fromkeys(TABLES, 0)


def nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"x": value}
    return value


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_import_reads_only_regular_files(kind: str, tmp_path: Path) -> None:
    if kind == "device":
        path = Path("/dev/zero")
    else:
        path = tmp_path / "pipe"
        os.mkfifo(path)  # nobody writes to it: reading it would wait forever
    assert refused("import", str(path)) == (
        f"error: cannot read {path}: is a "
        + ("device, not a file" if kind == "device" else "named pipe (FIFO), not a file")
    )


def test_a_plan_edited_by_hand_in_the_database_is_one_line(history: Path, coach_home: Path) -> None:
    with sqlite3.connect(coach_home / DB_NAME) as conn:
        sid = conn.execute("SELECT id FROM sessions ORDER BY started_at LIMIT 1").fetchone()[0]
        conn.execute("UPDATE sessions SET plan = '{\"phases\": [{}]}' WHERE id = ?", (sid,))
    line = refused("export", sid)
    assert line.startswith(f"error: session {sid} has a plan coach cannot read (no ")
    assert ok("export", "--all").stdout  # the backup still works


SCORE = re.compile(r'"score": (\d+)')


def test_import_refuses_a_number_too_long_to_read_with_line_and_column(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = history.read_text().splitlines(keepends=True)
    n, found = next((i, m) for i, line in enumerate(lines) if (m := SCORE.search(line)))
    col = found.start(1) + 1
    lines[n] = lines[n][: found.start(1)] + "9" * 5000 + lines[n][found.end(1) :]
    path = tmp_path / "long.json"
    path.write_text("".join(lines))
    home = use_home(monkeypatch, tmp_path / "restored")
    assert refused("import", str(path)) == (
        f"error: {path}:{n + 1}:{col}: a number with more than 4300 digits"
    )
    assert row_counts(home) == dict.fromkeys(TABLES, 0)


def test_import_of_a_single_session_export_says_which_file_it_takes(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    single = tmp_path / "one.json"
    ok("export", "--last", "--format", "json", "-o", str(single))
    home = use_home(monkeypatch, tmp_path / "restored")
    line = refused("import", str(single))
    assert str(single) in line
    assert "looks like a single-session export; import takes the file `coach export --all`" in line
    assert row_counts(home) == dict.fromkeys(TABLES, 0)


def test_import_refuses_a_missing_file(tmp_path: Path) -> None:
    line = refused("import", str(tmp_path / "nowhere.json"))
    assert "cannot read" in line and "nowhere.json" in line


def test_the_store_import_is_one_transaction(history: Path, tmp_path: Path) -> None:
    rows = archive_read.read_document(history)
    rows["reviews"][-1]["card_id"] = "item:not-in-the-file"  # fails on the very last insert
    with open_store(tmp_path / "restored") as store:
        with pytest.raises(StoreError, match="cannot import"):
            store.import_rows(rows)
        assert store.sessions() == [] and store.cards() == [] and store.reviews() == []
    assert row_counts(tmp_path / "restored") == dict.fromkeys(TABLES, 0)


def test_the_summary_counts_what_was_imported(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = json.loads(history.read_text())
    use_home(monkeypatch, tmp_path / "restored")
    result = ok("import", str(history))
    entries = sum(len(s["entries"]) for s in document["sessions"])
    assert result.stderr == (
        f"imported 5 sessions, {entries} entries, {len(document['cards'])} cards, "
        f"{len(document['reviews'])} reviews\n"
    )
    assert result.stdout == ""
    assert archive.ImportCounts(1, 1, 0, 2).summary() == (
        "imported 1 session, 1 entry, 0 cards, 2 reviews"
    )


def test_the_archive_rows_are_the_store_records_field_for_field() -> None:
    """The import checks type each row a second time (with limits the records do not
    have): they must name the same fields, or an export would not import."""
    from dataclasses import fields

    from coach.store import archive_read
    from coach.store.records import CardRecord, Entry, ReviewRecord, SessionRecord

    def names(kind: type) -> set[str]:
        return {f.name for f in fields(kind)}

    nested = {"entries", "phase_times"}
    assert set(archive_read._SessionRow.__annotations__) == names(SessionRecord) | nested
    assert set(archive_read._EntryRow.__annotations__) == names(Entry) - {"session_id"}
    assert set(archive_read._CardRow.__annotations__) == names(CardRecord)
    assert set(archive_read._ReviewRow.__annotations__) == names(ReviewRecord)
