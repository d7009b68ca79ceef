"""Kill -9 during `coach import` loses nothing the history already had: the import is
one transaction, so a killed one leaves the history as it was, never half of it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.content.library import load_library
from coach.playbooks import drill
from coach.store.db import open_store
from tests.helpers import invoke

pytestmark = pytest.mark.slow
COACH = str(Path(sys.executable).with_name("coach"))
SESSIONS = 1500


LIBRARY = load_library(include_user=False)
QUESTION = LIBRARY.question("video-recommendations")
PLAN = drill.plan(LIBRARY, QUESTION, "clarify").to_dict()


def _history(home: Path, sessions: int, prefix: str) -> None:
    with open_store(home) as store:
        for n in range(sessions):
            record = store.create_session(QUESTION.id, "drill", PLAN)
            store.add_entries(record.id, "clarify", [("answer", f"{prefix} answer {n} " * 40)])
            store.finish(record.id, n % 100, "lean hire", {"score": n % 100})


def _state(home: Path) -> tuple[str, int, int]:
    conn = sqlite3.connect(home / "coach.db")
    try:
        (check,) = conn.execute("PRAGMA integrity_check").fetchone()
        (sessions,) = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()
        (mine,) = conn.execute(
            "SELECT COUNT(*) FROM entries WHERE text LIKE 'mine answer%'"
        ).fetchone()
        return check, sessions, mine
    finally:
        conn.close()


@pytest.mark.skipif(not Path(COACH).exists(), reason="coach is not installed")
def test_kill_9_during_import_leaves_the_history_whole(tmp_path: Path) -> None:
    source = tmp_path / "source"
    _history(source, SESSIONS, "theirs")
    archive = tmp_path / "history.json"
    exported = invoke("export", "--all", "-o", str(archive), home=source)
    assert exported.exit_code == 0, exported.output

    killed = finished = 0
    for trial, delay in enumerate([0.2, 0.35, 0.5, 0.65, 0.8, 1.0, 1.3, 1.7, 2.2, 3.0]):
        home = tmp_path / f"home-{trial}"
        _history(home, 3, "mine")
        env = {**os.environ, "COACH_HOME": str(home)}
        child = subprocess.Popen(
            [COACH, "import", str(archive)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        _, err = child.communicate(timeout=30)
        check, sessions, mine = _state(home)
        assert check == "ok"
        assert mine == 3  # what the history had before is all there
        if child.returncode == -signal.SIGKILL:
            killed += 1
            assert sessions in (3, 3 + SESSIONS)  # all of the import or none of it
        else:
            finished += 1
            assert child.returncode == 0, err
            assert sessions == 3 + SESSIONS
    assert killed, "every import finished before its kill: the archive is too small"
