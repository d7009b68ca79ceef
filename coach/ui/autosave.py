"""Autosave for the answer box: a save at most every `interval` seconds, and never later.

`changed(text)` is called on every change of the buffer. The first change after a
quiet spell is saved at once; changes within `interval` of the last save wait for a
flush scheduled at the end of it, which saves the latest text. So typing costs one
small write a second at most, and what was typed is on disk within `interval` of the
keystroke that typed it (see coach.session.recovery for where).
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["AUTOSAVE_SECONDS", "Autosave"]

# How long what is typed may wait before the answer box saves it: a kill -9 or a full
# disk loses at most the keystrokes of the last second.
AUTOSAVE_SECONDS = 1.0

Schedule = Callable[[float, Callable[[], None]], object]


class Autosave:
    def __init__(
        self,
        save: Callable[[str], object],
        *,
        interval: float,
        clock: Callable[[], float],
        schedule: Schedule,
    ) -> None:
        self._save = save
        self._interval = interval
        self._clock = clock
        self._schedule = schedule  # run a function after a delay (the event loop's call_later)
        self._last_save = float("-inf")
        self._pending: str | None = None
        self._flush_due = False

    def changed(self, text: str) -> None:
        self._pending = text
        wait = self._last_save + self._interval - self._clock()
        if wait <= 0:
            self.flush()
        elif not self._flush_due:
            self._flush_due = True
            self._schedule(wait, self._scheduled_flush)

    def _scheduled_flush(self) -> None:
        self._flush_due = False
        self.flush()

    def flush(self) -> None:
        """Save the latest text now, if it has not been saved yet."""
        if self._pending is None:
            return
        text, self._pending = self._pending, None
        self._last_save = self._clock()
        self._save(text)
