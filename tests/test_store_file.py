"""The database file: made whole, read when read-only, never written over when empty or damaged."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from coach.errors import StoreError
from coach.store import db as store_module
from coach.store.db import DB_NAME, open_store
from tests.helpers import invoke
from tests.test_store_damage import make_history

REPO = Path(__file__).resolve().parent.parent
NOTES = "these are my interview notes, not a database\n" * 50


def open_noting(home: Path) -> tuple[list[str], list[str]]:
    """Open the store in `home`; (its notices, the session ids it holds)."""
    notices: list[str] = []
    with open_store(home, notice=notices.append) as store:
        return notices, [s.id for s in store.sessions()]


def kept_as(notice: str) -> Path:
    return Path(notice.split("it is kept as ", 1)[1].split(", and a new history starts")[0])


def test_a_file_that_is_not_a_database_is_kept_aside_and_a_new_history_starts(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / DB_NAME).write_text(NOTES)
    notices, sessions = open_noting(home)
    assert sessions == [] and len(notices) == 1
    assert notices[0].startswith(f"{home / DB_NAME} is not a history database (")
    assert "\n" not in notices[0]
    assert kept_as(notices[0]).read_text() == NOTES  # moved, not written over
    assert open_noting(home) == ([], [])  # the new history is a real one


def test_an_empty_database_is_kept_aside_with_its_journal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / DB_NAME).write_bytes(b"")
    (home / f"{DB_NAME}-wal").write_bytes(b"what SQLite had not written back yet")
    notices, sessions = open_noting(home)
    assert sessions == [] and len(notices) == 1
    assert notices[0].startswith(f"{home / DB_NAME} was empty (0 bytes); it is kept as ")
    aside = kept_as(notices[0])
    assert aside.read_bytes() == b""
    assert Path(f"{aside}-wal").read_bytes() == b"what SQLite had not written back yet"


def test_a_second_damaged_file_never_replaces_the_first_kept_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    kept = []
    for n in range(3):
        (home / DB_NAME).write_text(f"{n}: {NOTES}")
        kept.append(kept_as(open_noting(home)[0][0]))
    assert [path.read_text()[:2] for path in kept] == ["0:", "1:", "2:"]


def test_commands_on_an_empty_database_warn_in_one_line_and_go_on(coach_home: Path) -> None:
    coach_home.mkdir()
    (coach_home / DB_NAME).write_bytes(b"")
    result = invoke("history")
    assert result.exit_code == 0, result.output
    assert "No sessions yet" in result.stdout
    assert result.stderr.startswith("warning: ") and result.stderr.count("\n") == 1


def test_a_new_database_is_never_seen_half_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While it is being made, another coach sees no file at all, not an empty one."""
    home = tmp_path / "home"
    seen: list[bool] = []
    migrate = store_module._migrate

    def watching(conn):  # type: ignore[no-untyped-def]
        seen.append((home / DB_NAME).exists())
        migrate(conn)

    monkeypatch.setattr(store_module, "_migrate", watching)
    open_store(home).close()
    assert seen and not any(seen[:1])
    assert sorted(p.name for p in home.iterdir()) == [DB_NAME]
    assert os.stat(home / DB_NAME).st_mode & 0o777 == 0o600


def test_reading_never_opens_the_database_for_writing(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only file (chmod 0400) does to anyone but root: writing is refused."""
    sid = make_history(coach_home)
    db = str(coach_home / DB_NAME)
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path) == db and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied", db)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    for args in (["history"], ["export", sid], ["export", "--all"], ["stats"]):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
        assert sid in result.stdout or args == ["stats"]


def _as_another_user(script: str, tree: Path) -> list[str]:
    """Run `script` (which may import coach.store.db) as a user who owns `tree` but is not
    root, so that file permissions apply; its output lines."""
    if os.geteuid() != 0:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=False
        )
    else:
        python, setpriv = shutil.which("python3", path="/usr/bin:/bin"), shutil.which("setpriv")
        if python is None or setpriv is None:
            pytest.skip("root without setpriv and a system python3 to drop privileges with")
        for folder, _, names in os.walk(tree):
            for name in (folder, *(os.path.join(folder, n) for n in names)):
                os.chown(name, 65534, 65534)
        drop = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", python, "-c"]
        prelude = f"import sys; sys.path.insert(0, {str(REPO)!r}); import coach.store.db\n"
        if subprocess.run([*drop, prelude], capture_output=True, check=False).returncode:
            pytest.skip(f"the unprivileged user cannot run coach from {REPO}")
        done = subprocess.run(
            [*drop, prelude + script], capture_output=True, text=True, check=False
        )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _a_tmp_others_can_reach() -> str:
    """A temporary folder the unprivileged user can get to: TMPDIR may sit in a folder
    only its owner can enter (CI's own 0700 work folder)."""
    for candidate in (tempfile.gettempdir(), "/tmp", "/var/tmp"):
        folder = Path(candidate).resolve()
        if folder.is_dir() and all(
            os.stat(p).st_mode & stat.S_IXOTH for p in (folder, *folder.parents)
        ):
            return str(folder)
    pytest.skip("no temporary folder another user can reach")


@pytest.mark.parametrize("folder_mode", [0o700, 0o500], ids=["folder-writable", "folder-read-only"])
def test_a_read_only_history_is_read_and_a_write_is_one_line(folder_mode: int) -> None:
    tree = Path(tempfile.mkdtemp(prefix="coach-read-only-", dir=_a_tmp_others_can_reach()))
    try:
        home = tree / "home"
        sid = make_history(home)
        (home / DB_NAME).chmod(0o400)
        home.chmod(folder_mode)
        script = textwrap.dedent(
            f"""
            from pathlib import Path
            from coach.errors import StoreError
            from coach.store.db import open_store
            with open_store(Path({str(home)!r})) as store:
                print(*[s.id for s in store.sessions()])
                print(len(store.entries({sid!r})))
                try:
                    store.add_entry({sid!r}, "evaluate", "answer", "more")
                except StoreError as exc:
                    print(exc)
            """
        )
        ids, entries, refusal = _as_another_user(script, tree)
        assert ids == sid and int(entries) > 0
        assert refusal == f"cannot write {home / DB_NAME}: attempt to write a readonly database"
    finally:
        os.chmod(tree / "home", 0o700)
        shutil.rmtree(tree)


def test_a_database_that_cannot_be_moved_aside_says_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / DB_NAME).write_text(NOTES)

    def cannot(source: Path, path: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store_module, "link_new", cannot)
    with pytest.raises(StoreError) as info:
        open_store(home)
    assert str(info.value).endswith(
        "move it aside to start afresh (coach could not: Permission denied)"
    )
    assert (home / DB_NAME).read_text() == NOTES


@pytest.mark.parametrize(
    "args",
    [
        ["history"],
        ["stats"],
        ["next"],
        ["export", "--last"],
        ["export", "--all"],
        ["export", "abc"],
    ],
)
def test_commands_that_only_read_create_no_database(coach_home: Path, args: list[str]) -> None:
    """`coach export ID` on a fresh machine created the history database."""
    result = invoke(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 2), result.output
    assert not (coach_home / DB_NAME).exists()
    assert not list(coach_home.glob(f"{DB_NAME}*"))
