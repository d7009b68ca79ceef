"""The history store: records, lookups, drafts, file safety, migrations, concurrency."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach.errors import NotFoundError, StoreError
from coach.store import migrations as store_module
from coach.store.db import Store, open_store

REPO = Path(__file__).resolve().parent.parent
PLAN = {"phases": [{"id": "clarify", "minutes": 5}, {"id": "data", "minutes": 10}]}


def ticking_clock(start: datetime | None = None) -> Callable[[], datetime]:
    """A clock that moves one minute per call, so every stamp differs."""
    moment = [start or datetime(2024, 5, 1, 9, 0, tzinfo=UTC)]

    def now() -> datetime:
        moment[0] += timedelta(minutes=1)
        return moment[0]

    return now


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    with open_store(home, now=ticking_clock()) as opened:
        yield opened


def insert_session(store: Store, session_id: str) -> None:
    """A session with a chosen id, to test prefixes deterministically."""
    with store._write() as conn:
        conn.execute(
            "INSERT INTO sessions (id, question_id, playbook, plan, status, started_at,"
            " updated_at) VALUES (?, 'q', 'default', '{}', 'active', 'x', 'x')",
            (session_id,),
        )


def latest_id(store: Store, status: str | None = None) -> str | None:
    record = store.latest(status)
    return None if record is None else record.id


# --- sessions --------------------------------------------------------------------------------


def test_create_and_get(store: Store) -> None:
    made = store.create_session("video-recs", "default", PLAN)
    assert len(made.id) == 8 and int(made.id, 16) >= 0 and made.id == made.id.lower()
    assert made.status == "active" and made.current_phase == 0
    assert made.plan == PLAN
    assert made.started_at == made.updated_at == "2024-05-01T09:01:00+00:00"
    assert made.finished_at is None and made.score is None and made.report is None
    assert store.get(made.id) == made


def test_get_by_unique_prefix(store: Store) -> None:
    made = store.create_session("video-recs", "default", PLAN)
    assert store.get(made.id[:4]) == made
    assert store.get(made.id[:6].upper()) == made


def test_prefix_shorter_than_four_is_not_a_lookup(store: Store) -> None:
    made = store.create_session("video-recs", "default", PLAN)
    with pytest.raises(
        NotFoundError,
        match=f"^no session '{made.id[:3]}': a prefix needs at least 4 characters$",
    ):
        store.get(made.id[:3])
    with pytest.raises(NotFoundError, match=r"^no session '': a prefix needs at least 4"):
        store.get("")


def test_unknown_id(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no session 'nothing1'"):
        store.get("nothing1")


def test_ambiguous_prefix(store: Store) -> None:
    insert_session(store, "abcd1111")
    insert_session(store, "abcd2222")
    assert store.get("abcd1").id == "abcd1111"
    with pytest.raises(NotFoundError, match="ambiguous: abcd1111, abcd2222"):
        store.get("abcd")


def test_set_progress_bumps_updated_at(store: Store) -> None:
    made = store.create_session("video-recs", "default", PLAN)
    store.set_progress(made.id, 2, "interrupted")
    now = store.get(made.id)
    assert (now.current_phase, now.status) == (2, "interrupted")
    assert now.updated_at > made.updated_at and now.started_at == made.started_at


def test_finish(store: Store) -> None:
    made = store.create_session("video-recs", "default", PLAN)
    store.finish(made.id, 72, "hire", {"findings": ["MSD101"], "note": "é"})
    done = store.get(made.id)
    assert done.status == "finished"
    assert (done.score, done.verdict) == (72, "hire")
    assert done.report == {"findings": ["MSD101"], "note": "é"}
    assert done.finished_at is not None and done.finished_at > made.started_at


def test_writes_to_unknown_session_are_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.add_entry("deadbeef", "clarify", "answer", "hi", 1.0)
    with pytest.raises(NotFoundError):
        store.set_progress("deadbeef", 1, "active")
    with pytest.raises(NotFoundError):
        store.finish("deadbeef", 1, "no hire", {})
    assert store.entries("deadbeef") == []


def test_latest_and_sessions_newest_first(store: Store) -> None:
    assert store.latest() is None
    first = store.create_session("video-recs", "default", PLAN)
    second = store.create_session("fraud-scoring", "default", PLAN)
    third = store.create_session("video-recs", "default", PLAN)
    store.set_progress(first.id, 1, "interrupted")
    store.finish(second.id, 60, "hire", {})
    assert latest_id(store) == third.id
    assert latest_id(store, "interrupted") == first.id
    assert latest_id(store, "finished") == second.id
    assert latest_id(store, "active") == third.id
    assert [s.id for s in store.sessions()] == [third.id, second.id, first.id]
    assert [s.id for s in store.sessions(limit=2)] == [third.id, second.id]


def test_sessions_started_in_the_same_second_keep_creation_order(home: Path) -> None:
    fixed = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    with open_store(home, now=lambda: fixed) as same_second:
        ids = [same_second.create_session("q", "default", {}).id for _ in range(5)]
        assert [s.id for s in same_second.sessions()] == ids[::-1]
        assert latest_id(same_second) == ids[-1]


def test_invalid_status_and_kind_are_programming_errors(store: Store) -> None:
    made = store.create_session("video-recs", "default", PLAN)
    with pytest.raises(ValueError, match="status"):
        store.set_progress(made.id, 1, "paused")
    with pytest.raises(ValueError, match="status"):
        store.latest("paused")
    with pytest.raises(ValueError, match="kind"):
        store.add_entry(made.id, "clarify", "note", "x", 0)
    with pytest.raises(ValueError, match="kind"):
        store.entries(made.id, kinds=["answer", "note"])


# --- entries, drafts, phase times -------------------------------------------------------------


def test_entries_keep_order_and_filter_by_kind(store: Store) -> None:
    made = store.create_session("video-recs", "default", PLAN)
    store.add_entry(made.id, "clarify", "question", "How many users?", 3.0)
    store.add_entry(made.id, "clarify", "reply", "200M daily users.", 3.0)
    answer = store.add_entry(made.id, "clarify", "answer", "We optimise watch time.", 40.5)
    store.add_entry(made.id, "clarify", "probe", "Why watch time?", 41)
    store.add_entry(made.id, "clarify", "probe_answer", "It tracks satisfaction.", 60)
    other = store.create_session("fraud-scoring", "default", PLAN)
    store.add_entry(other.id, "clarify", "answer", "elsewhere", 1)

    every = store.entries(made.id)
    assert [e.kind for e in every] == ["question", "reply", "answer", "probe", "probe_answer"]
    assert [e.id for e in every] == sorted(e.id for e in every)
    assert every[2] == answer and answer.elapsed == 40.5 and answer.session_id == made.id
    assert [e.text for e in store.entries(made.id, kinds={"answer", "probe_answer"})] == [
        "We optimise watch time.",
        "It tracks satisfaction.",
    ]
    assert store.entries(made.id, kinds=[]) == []


def test_replace_draft_keeps_one_per_phase(store: Store) -> None:
    made = store.create_session("video-recs", "default", PLAN)
    assert store.draft(made.id, "clarify") is None
    store.replace_draft(made.id, "clarify", "first try", 5)
    store.replace_draft(made.id, "clarify", "second try", 9)
    store.replace_draft(made.id, "data", "data notes", 1)
    assert store.draft(made.id, "clarify") == "second try"
    drafts = store.entries(made.id, kinds=["draft"])
    assert [(d.phase, d.text, d.elapsed) for d in drafts] == [
        ("clarify", "second try", 9.0),
        ("data", "data notes", 1.0),
    ]
    store.clear_drafts(made.id, "clarify")
    assert store.draft(made.id, "clarify") is None
    assert store.draft(made.id, "data") == "data notes"


def test_phase_time_upsert(store: Store) -> None:
    made = store.create_session("video-recs", "default", PLAN)
    assert store.phase_times(made.id) == {}
    store.set_phase_time(made.id, "clarify", 30)
    store.set_phase_time(made.id, "data", 12.5)
    store.set_phase_time(made.id, "clarify", 95.25)
    assert store.phase_times(made.id) == {"clarify": 95.25, "data": 12.5}


def test_practised_question_ids_need_an_answer(store: Store) -> None:
    answered = store.create_session("video-recs", "default", PLAN)
    drafted = store.create_session("fraud-scoring", "default", PLAN)
    store.create_session("ads-ranking", "default", PLAN)
    store.add_entry(answered.id, "clarify", "answer", "text", 1)
    store.replace_draft(drafted.id, "clarify", "only a draft", 1)
    store.add_entry(drafted.id, "clarify", "question", "a question", 1)
    assert store.practised_question_ids() == {"video-recs"}


def test_writes_survive_reopen(home: Path) -> None:
    with open_store(home) as first:
        made = first.create_session("video-recs", "default", PLAN)
        first.add_entry(made.id, "clarify", "answer", "kept", 2)
    with open_store(home) as second:
        assert [e.text for e in second.entries(made.id)] == ["kept"]
        assert second.get(made.id).plan == PLAN


def test_real_clock_stamps_are_utc_with_seconds(home: Path) -> None:
    with open_store(home) as real:
        stamp = real.create_session("q", "default", {}).started_at
    parsed = datetime.fromisoformat(stamp)
    assert parsed.utcoffset() == timedelta(0) and parsed.microsecond == 0
    assert abs(datetime.now(UTC) - parsed) < timedelta(minutes=1)


# --- the file ---------------------------------------------------------------------------------


def test_home_and_database_are_private(home: Path) -> None:
    open_store(home).close()
    assert home.stat().st_mode & 0o777 == 0o700
    assert (home / "coach.db").stat().st_mode & 0o777 == 0o600


def test_existing_database_is_made_private(home: Path) -> None:
    open_store(home).close()
    db = home / "coach.db"
    db.chmod(0o644)
    open_store(home).close()
    assert db.stat().st_mode & 0o777 == 0o600


def test_journal_mode_is_wal(home: Path) -> None:
    open_store(home).close()
    conn = sqlite3.connect(home / "coach.db")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_another_programs_database_is_refused(home: Path) -> None:
    home.mkdir()
    db = home / "coach.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="is not a coach history database"):
        open_store(home)


def test_home_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("")
    with pytest.raises(StoreError, match=f"{blocker} is not a folder"):
        open_store(blocker)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root posix user")
def test_folder_without_permission(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        with pytest.raises(StoreError, match=str(locked / "home")):
            open_store(locked / "home")
    finally:
        locked.chmod(0o700)


# --- migrations --------------------------------------------------------------------------------


def user_version(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_migrations_set_user_version_and_are_idempotent(home: Path) -> None:
    with open_store(home) as first:
        made = first.create_session("video-recs", "default", PLAN)
    latest = len(store_module.MIGRATIONS)
    assert user_version(home / "coach.db") == store_module.schema_version() == latest
    with open_store(home) as again:  # a second m001 would fail: its tables exist
        assert again.get(made.id) == made
    assert user_version(home / "coach.db") == latest


def test_reopen_runs_only_new_migrations(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(home).close()
    ran: list[str] = []

    def m_next_tags(conn: sqlite3.Connection) -> None:
        ran.append("tags")
        conn.execute("CREATE TABLE tags (session_id TEXT, tag TEXT)")

    known = list(store_module.MIGRATIONS)
    monkeypatch.setattr(store_module, "MIGRATIONS", [*known, m_next_tags])
    open_store(home).close()
    open_store(home).close()
    assert ran == ["tags"]
    assert user_version(home / "coach.db") == len(known) + 1


def test_failed_migration_rolls_back(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def m_next_broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x TEXT)")
        conn.execute("THIS IS NOT SQL")

    open_store(home).close()
    known = list(store_module.MIGRATIONS)
    monkeypatch.setattr(store_module, "MIGRATIONS", [*known, m_next_broken])
    with pytest.raises(StoreError):
        open_store(home)
    assert user_version(home / "coach.db") == len(known)
    conn = sqlite3.connect(home / "coach.db")
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert "half" not in names


V1_DATABASE = Path(__file__).parent / "fixtures" / "db" / "coach-v1.db"


def test_a_version_1_database_upgrades_in_place(home: Path) -> None:
    """coach-v1.db was written by the first release (sessions only, no review cards)."""
    home.mkdir(parents=True)
    shutil.copy(V1_DATABASE, home / "coach.db")
    assert user_version(home / "coach.db") == 1
    with open_store(home) as store:
        sessions = {r.id: r for r in store.sessions()}
        assert sorted(r.status for r in sessions.values()) == [
            "finished",
            "finished",
            "interrupted",
        ]
        finished = next(r for r in sessions.values() if r.question_id == "video-recommendations")
        assert finished.report is not None and finished.score == finished.report["score"]
        assert len(store.entries(finished.id, kinds=["answer"])) == 5
        assert store.cards() == []  # the new table exists and is empty
        # the summaries the stats read are backfilled from the two finished sessions
        graded = store.score_rows()
        assert [(r.question_id, r.playbook, r.score) for r in graded] == [
            (r.question_id, r.playbook, r.score)
            for r in sorted(sessions.values(), key=lambda r: r.started_at)
            if r.status == "finished"
        ]
        assert store.point_totals("item") and store.phase_aggregates("coverage")
    assert user_version(home / "coach.db") == len(store_module.MIGRATIONS)


def test_newer_schema_is_refused(home: Path) -> None:
    open_store(home).close()
    conn = sqlite3.connect(home / "coach.db")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="upgrade coach") as info:
        open_store(home)
    assert str(home / "coach.db") in str(info.value)


# --- concurrency -------------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from coach.store.db import open_store

    home, session_id, tag = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open_store(home) as store:
        print("ready", flush=True)
        sys.stdin.readline()
        for i in range(200):
            store.add_entry(session_id, "clarify", "answer", f"{tag}-{i}", float(i))
            if i % 50 == 0:
                store.replace_draft(session_id, "clarify", f"{tag} draft {i}", float(i))
                store.set_phase_time(session_id, "clarify", float(i))
    print("done", flush=True)
    """
)


def test_two_processes_writing_at_once_lose_nothing(home: Path) -> None:
    with open_store(home) as store:
        session_id = store.create_session("video-recs", "default", PLAN).id
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(home), session_id, tag],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        for tag in ("a", "b")
    ]
    for writer in writers:  # both are connected before either writes
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "done"

    with open_store(home) as store:
        answers = store.entries(session_id, kinds=["answer"])
        assert len(answers) == 400
        for tag in ("a", "b"):
            mine = [e.text for e in answers if e.text.startswith(f"{tag}-")]
            assert mine == [f"{tag}-{i}" for i in range(200)]  # each writer's order is kept
        assert len(store.entries(session_id, kinds=["draft"])) == 1
        assert store.phase_times(session_id) == {"clarify": 150.0}
