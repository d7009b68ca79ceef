"""A damaged history database: every read and write says so in one line, and changes nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coach.errors import StoreError
from coach.store.db import DB_NAME, Store, open_store
from tests.helpers import invoke
from tests.test_plan import practise

ANSWER = "We deploy the model behind an API and watch for drift."

# Every way to read the store; `sid` is the id of the one session in it.
READS: dict[str, Callable[[Store, str], object]] = {
    "get": lambda s, sid: s.get(sid),
    "get by prefix": lambda s, sid: s.get(sid[:5]),
    "latest": lambda s, sid: s.latest(),
    "latest finished": lambda s, sid: s.latest("finished"),
    "sessions": lambda s, sid: s.sessions(),
    "practised": lambda s, sid: s.practised_question_ids(),
    "entries": lambda s, sid: s.entries(sid),
    "answers": lambda s, sid: s.entries(sid, ["answer"]),
    "draft": lambda s, sid: s.draft(sid, "evaluate"),
    "phase times": lambda s, sid: s.phase_times(sid),
    "card": lambda s, sid: s.card("question:video-recommendations"),
    "cards": lambda s, sid: s.cards(),
    "reviews": lambda s, sid: s.reviews(),
    "export": lambda s, sid: s.export_rows(),
}


def make_history(home: Path) -> str:
    """One finished drill with entries, phase times, cards and reviews; its session id."""
    with open_store(home) as store:
        practise(store, "video-recommendations", "evaluate", ANSWER)
        return store.sessions()[0].id


def damage(home: Path, *statements: str) -> bytes:
    """Edit the database behind coach's back; the file's bytes afterwards."""
    conn = sqlite3.connect(home / DB_NAME)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
    return (home / DB_NAME).read_bytes()


def scramble(home: Path) -> bytes:
    """What QA did: XOR every 7th byte after the first page (the header stays intact).

    The schema stays intact too: once it outgrows the first page, a scrambled schema
    page makes the file not a database at all, which is moved aside (test_store_file).
    """
    db = home / DB_NAME
    conn = sqlite3.connect(db)
    try:
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        schema = {
            int(r[0])
            for r in conn.execute(
                "SELECT pageno FROM dbstat WHERE name IN ('sqlite_schema', 'sqlite_master')"
            )
        }
    finally:
        conn.close()
    data = bytearray(db.read_bytes())
    for i in range(size, len(data), 7):
        if i // size + 1 not in schema:
            data[i] ^= 0xFF
    db.write_bytes(bytes(data))
    return bytes(data)


def damaged_message(home: Path, call: Callable[[Store], object]) -> str:
    with open_store(home) as store, pytest.raises(StoreError) as info:
        call(store)
    message = str(info.value)
    assert message.startswith(f"the history database {home / DB_NAME} is damaged (")
    assert message.endswith("); move it aside to start a new one")
    assert "\n" not in message
    return message


@pytest.mark.parametrize("read", READS)
def test_every_read_of_a_file_without_its_tables_is_a_store_error(
    read: str, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    sid = make_history(home)
    tables = ("reviews", "cards", "phase_times", "entries", "sessions")
    before = damage(home, *(f"DROP TABLE {t}" for t in tables))
    assert "no such table" in damaged_message(home, lambda store: READS[read](store, sid))
    assert (home / DB_NAME).read_bytes() == before  # nothing written, nothing lost


# A lookup through a scrambled index can find nothing instead of failing: SQLite reports
# the damage it trips over, and these do not.
@pytest.mark.parametrize("read", [r for r in READS if r not in ("phase times", "practised")])
def test_every_read_of_a_scrambled_file_is_a_store_error(read: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    sid = make_history(home)
    before = scramble(home)
    damaged_message(home, lambda store: READS[read](store, sid))
    assert (home / DB_NAME).read_bytes() == before


@pytest.mark.parametrize(
    ("statements", "reads", "reason"),
    [
        (["DROP TABLE entries"], ["entries", "answers", "draft", "practised", "export"],
         "no such table: entries"),
        (["DROP TABLE phase_times"], ["phase times", "export"], "no such table: phase_times"),
        (["UPDATE sessions SET plan = '{\"phases\": ['"],
         ["get", "get by prefix", "latest", "sessions", "export"], "plan of row '"),
        (["UPDATE sessions SET report = 'not json'"], ["get", "latest finished", "sessions"],
         "report of row '"),
        (["UPDATE sessions SET plan = '[1, 2]'"], ["get", "sessions", "export"],
         "is [1, 2], not a JSON object"),
        (["UPDATE sessions SET score = 'abc'"], ["get", "latest", "sessions", "export"],
         "score of row '"),
        (["UPDATE sessions SET question_id = CAST(x'ff00' AS TEXT)"],
         ["get", "sessions", "practised"], "Could not decode to UTF-8"),
        (["UPDATE entries SET elapsed = 'slow'"], ["entries", "export"], "is 'slow', not a number"),
        (["UPDATE phase_times SET seconds = x'00'"], ["phase times", "export"],
         "is b'\\x00', not a number"),
        (["UPDATE cards SET state = '{'"], ["card", "cards", "export"], "state of row '"),
        (["UPDATE reviews SET note = '\"a string\"'"], ["reviews", "export"],
         "not a JSON object"),
    ],
)  # fmt: skip
def test_values_coach_cannot_have_written_are_a_store_error(
    statements: list[str], reads: list[str], reason: str, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    sid = make_history(home)
    before = damage(home, *statements)
    for read in reads:
        message = damaged_message(home, lambda store: READS[read](store, sid))  # noqa: B023
        assert reason in message, read
    assert (home / DB_NAME).read_bytes() == before


def test_a_reason_quoting_text_stays_on_one_short_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_history(home)
    garbage = "x'" + ("0a1b" * 200) + "ff'"  # newlines, escapes, then a byte that is not UTF-8
    damage(home, f"UPDATE sessions SET playbook = CAST({garbage} AS TEXT)")
    message = damaged_message(home, lambda store: store.sessions())
    # the reason is clipped; the path around it is whatever tmp_path is
    reason = message.split(" is damaged (", 1)[1].rsplit("); move it aside", 1)[0]
    assert "\x1b" not in message and 20 < len(reason) <= 100, reason


def test_a_write_to_a_damaged_file_is_a_store_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    sid = make_history(home)
    damage(home, "DROP TABLE entries")
    assert "no such table: entries" in damaged_message(
        home, lambda store: store.add_entry(sid, "evaluate", "answer", "more")
    )


def test_a_locked_file_is_not_called_damaged(tmp_path: Path) -> None:
    home = tmp_path / "home"
    sid = make_history(home)
    other = sqlite3.connect(home / DB_NAME, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with open_store(home) as store:
            store._conn.execute("PRAGMA busy_timeout = 0")
            with pytest.raises(StoreError, match=r"^cannot write .*coach\.db: database is locked$"):
                store.add_entry(sid, "evaluate", "answer", "more")
    finally:
        other.close()


# --- what a person sees ------------------------------------------------------------------------


def refused(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 2, result.stdout
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


COMMANDS = [
    ["history"],
    ["history", "--format", "json"],
    ["stats"],
    ["next"],
    ["export", "--last"],
    ["export", "--all", "--format", "json"],
    ["export", "--all", "--format", "csv"],
]


# What never reads the damaged value: `history` lists summary columns (no plan), and
# `stats` and `next` read the summary kept when the session finished (no plan, no
# sessions.score).
HISTORY, SUMMARIES = (["history"], ["history", "--format", "json"]), (["stats"], ["next"])


@pytest.mark.parametrize(
    ("how", "unread"),
    [
        pytest.param(lambda home: scramble(home), (), id="scrambled"),
        pytest.param(
            lambda home: damage(home, "UPDATE sessions SET plan = 'x'"),
            (*HISTORY, *SUMMARIES),
            id="bad-plan",
        ),
        pytest.param(
            lambda home: damage(home, "UPDATE sessions SET score = 'abc'"), SUMMARIES, id="score"
        ),
    ],
)
def test_commands_on_a_damaged_history_print_one_line(
    how: Callable[[Path], Any], unread: tuple[list[str], ...], coach_home: Path
) -> None:
    make_history(coach_home)
    how(coach_home)
    for command in COMMANDS:
        if command in unread:
            assert invoke(*command).exit_code == 0, command
            continue
        line = refused(*command)
        assert line.startswith(f"error: the history database {coach_home / DB_NAME} is damaged")


def test_commands_that_read_a_dropped_table_print_one_line(coach_home: Path) -> None:
    make_history(coach_home)
    damage(coach_home, "DROP TABLE entries")
    for command in (["next"], ["export", "--last"], ["export", "--all", "--format", "json"]):
        assert "is damaged (no such table: entries)" in refused(*command)


def test_import_into_a_scrambled_history_says_it_is_damaged(
    coach_home: Path, tmp_path: Path
) -> None:
    make_history(coach_home)
    export = tmp_path / "history.json"
    assert invoke("export", "--all", "--format", "json", "-o", str(export)).exit_code == 0
    before = scramble(coach_home)
    assert "is damaged" in refused("import", str(export))
    assert (coach_home / DB_NAME).read_bytes() == before
