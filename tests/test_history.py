"""`coach history`: a page of the newest sessions, read from their summary columns."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach.store.db import Store, open_store
from tests.helpers import invoke

LONG = "network-traffic-anomaly-detection"  # the longest shipped question id
PLAN = {"playbook": "mock", "question_id": "q", "phases": []}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=7)
        return self.now


@pytest.fixture
def store(coach_home: Path) -> Store:
    with open_store(coach_home, now=Clock()) as opened:
        yield opened  # type: ignore[misc]


def make(store: Store, n: int) -> list[str]:
    """n sessions, oldest first: finished ones with a score and time, every fifth stopped."""
    ids = []
    for i in range(n):
        record = store.create_session(LONG if i % 2 else f"question-{i}", "mock", PLAN)
        store.set_phase_time(record.id, "clarify", 60.0 * i + 5)
        if i % 5 == 4:
            store.set_progress(record.id, 1, "interrupted")
        else:
            store.finish(record.id, 50 + i, "hire", {"score": 50 + i})
        ids.append(record.id)
    return ids


def test_a_page_of_the_newest_with_a_line_on_the_rest(store: Store) -> None:
    ids = make(store, 30)
    out = invoke("history").stdout
    assert "30 sessions" in out
    shown = [sid for sid in ids if sid in out]
    assert shown == ids[-20:]  # the default page: the newest 20
    assert out.index(ids[-1]) < out.index(ids[-2])  # newest first
    assert "The newest 20 shown; 10 more: `coach history --limit N` or `--all`." in " ".join(
        out.split()
    )
    five = invoke("history", "--limit", "5").stdout
    assert [sid for sid in ids if sid in five] == ids[-5:] and "25 more" in five
    every = invoke("history", "--all").stdout
    assert [sid for sid in ids if sid in every] == ids and "more:" not in every


def test_json_lists_every_session_unless_limited(store: Store) -> None:
    ids = make(store, 25)
    rows = json.loads(invoke("history", "-f", "json").stdout)
    assert [r["id"] for r in rows] == ids[::-1]
    assert set(rows[0]) == {
        "id",
        "question",
        "playbook",
        "status",
        "started_at",
        "finished_at",
        "score",
        "verdict",
    }
    assert [r["id"] for r in json.loads(invoke("history", "-f", "json", "-n", "2").stdout)] == [
        ids[-1],
        ids[-2],
    ]


def test_limit_and_all_together_is_a_usage_error(store: Store) -> None:
    make(store, 1)
    result = invoke("history", "--all", "--limit", "3")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
    assert invoke("history", "--limit", "0").exit_code == 2


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_ids_are_never_split_and_piped_lines_are_plain(store: Store, width: int) -> None:
    ids = make(store, 6)
    out = invoke("history", width=width).stdout
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines)
    assert all(line == line.rstrip() for line in lines)  # no padding at the ends
    for sid in ids:
        assert re.search(rf"(^|\s){sid}(\s|$)", out, re.M), sid
    # a question id breaks only after a hyphen: the rest of its line, then its column
    wrapped = r"(?:[^\n]*\n\s*)?".join(re.escape(p) for p in LONG.replace("-", "- ").split())
    assert len(re.findall(wrapped, out)) == 3


def test_wide_shows_verdict_time_and_status_narrow_keeps_the_status(store: Store) -> None:
    make(store, 5)  # the newest is interrupted
    wide = [" ".join(line.split()) for line in invoke("history", width=140).stdout.splitlines()]
    assert any(line.endswith("interrupted") for line in wide)
    assert any(" hire 3:05 finished" in line for line in wide)  # 185 s in its one phase
    narrow = invoke("history", width=60).stdout
    assert "interrupted" in narrow and "verdict" not in narrow


def test_history_never_reads_a_report_or_a_plan(store: Store) -> None:
    """A report the store could not read does not stop the list: it is never read."""
    ids = make(store, 3)
    store._conn.execute("UPDATE sessions SET report = 'not json', plan = '[1'")
    result = invoke("history")
    assert result.exit_code == 0, result.output
    assert all(sid in result.stdout for sid in ids)
