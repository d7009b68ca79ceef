"""What was typed in a session, kept in a file until the history database has it.

The answer box saves what is typed here at most AUTOSAVE_SECONDS (one second) after each
change (coach.ui.autosave), and a submitted answer is saved here before the database is
written, then removed once the database has committed it (coach.session.runtime). So a kill -9,
a full disk, a read-only or failing database, or a text the locale mangled loses
nothing typed before the last autosave, and `coach resume` offers it again.

One file per session and phase, `<COACH_HOME>/recovery/<session>-<phase>.md`: 0600 in a
0700 folder, UTF-8, exactly the text that was in the box, so it can also be opened by
hand. When that folder cannot be written (its disk is full), the same name in a private
folder of the system's temporary folder is used instead.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from coach.common.files import private_dir, read_regular, write_atomic
from coach.common.textsafe import storable
from coach.errors import FileRefused, StoreError

__all__ = ["RecoveryFile", "UnsavedText"]

_MAX_BYTES = 50_000_000
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass
class RecoveryFile:
    """The recovery file of one phase of one session."""

    name: str
    folders: tuple[Path, ...]
    saved_at: Path | None = None  # where the last save that worked went

    @classmethod
    def of(cls, home: Path, session_id: str, phase_id: str) -> RecoveryFile:
        """The file for a phase of a session whose history is in `home`."""
        name = _UNSAFE.sub("_", f"{session_id}-{phase_id}")[:120] + ".md"
        return cls(name, (home / "recovery", _temporary_folder()))

    def save(self, text: str) -> Path | None:
        """Keep `text`; where it went, or None when no folder could take it (the last
        save that worked, if any, is still in `saved_at`)."""
        data = storable(text).encode("utf-8")
        for folder in self.folders:
            try:
                private_dir(folder)
                if not _private(folder):
                    continue
                write_atomic(folder / self.name, data)
            except OSError:
                continue
            self.saved_at = folder / self.name
            return self.saved_at
        return None

    def load(self) -> tuple[str, Path] | None:
        """The text kept by the newest save, and its file; None when there is none."""
        found: list[tuple[float, Path]] = []
        for folder in self.folders:
            path = folder / self.name
            with contextlib.suppress(OSError):
                if _private(folder):
                    found.append((path.stat().st_mtime, path))
        for _, path in sorted(found, reverse=True):
            try:
                text = read_regular(path, _MAX_BYTES).decode("utf-8", "backslashreplace")
            except (OSError, FileRefused):
                continue
            if text.strip():
                return text, path
        return None

    def discard(self) -> None:
        """The database has the text now: remove every copy."""
        for folder in self.folders:
            with contextlib.suppress(OSError):
                (folder / self.name).unlink(missing_ok=True)
        self.saved_at = None


def _temporary_folder() -> Path:
    import tempfile  # only sessions need it

    return Path(tempfile.gettempdir()) / f"coach-recovery-{os.getuid()}"


def _private(folder: Path) -> bool:
    """A folder of the user's own that nobody else can read (a shared /tmp may hold one
    someone else made under the same name)."""
    info = os.lstat(folder)
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


class UnsavedText:
    """What was typed and the store does not have yet: its recovery file, the text, and
    where the text is kept (None: the recovery folders' disk is full too)."""

    def __init__(self) -> None:
        self._held: tuple[RecoveryFile, str, Path | None] | None = None

    def keep(self, recovery: RecoveryFile, text: str) -> str:
        """Keep what was typed in the recovery file until the store has it."""
        text = storable(text)
        self._held = (recovery, text, recovery.save(text))
        return text

    def kept(self) -> None:
        """The store has what was typed: its recovery file goes."""
        if self._held is not None:
            self._held[0].discard()
            self._held = None

    def drop(self) -> None:
        """Nothing to keep (the phase was skipped; its file is already gone)."""
        self._held = None

    def explain(self, exc: StoreError, session_id: str) -> StoreError:
        """The store failed: the error says where what was typed is."""
        if self._held is None:
            return exc
        _, text, where = self._held
        if where is None:  # the screen is the one place left
            return StoreError(
                f"{exc}; what you typed could not be kept in a file either, so here it is:\n{text}"
            )
        return StoreError(
            f"{exc}; what you typed is kept in {where}, and `coach resume {session_id}` "
            "offers it again"
        )
