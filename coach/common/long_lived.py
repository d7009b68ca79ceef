"""Loading what a command keeps to its end without the garbage collector's rescans."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["long_lived"]


@contextmanager
def long_lived() -> Iterator[None]:
    """For loading what a command keeps to its end (the library, a matcher): no garbage
    collection meanwhile, then those objects are set aside from later collections.

    They are ~100,000 objects and none is garbage; collecting as they pile up, and
    scanning them again at each collection while grading, took a third of `coach score`.
    Objects set aside are still freed when nothing refers to them, but garbage in a
    cycle then stays: so only a process's first load sets anything aside (a command's
    only one; a test process makes hundreds).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if not gc.get_freeze_count():
                gc.freeze()
            gc.enable()
