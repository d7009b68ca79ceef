"""`coach export`'s work: one session, or the whole history, as text in a format.

The command chooses the format and the destination; this renders what the store
holds (a session's kept report, never a new grade).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from coach.common.jsontext import indented_json
from coach.content.library import Library, load_library
from coach.errors import UsageError
from coach.export.destination import format_of_path, write_export_text
from coach.export.session_files import load_session_view, session_markdown
from coach.store import archive
from coach.store.db import Store

__all__ = ["everything", "everything_lines", "one_session", "pick_session", "write_export"]


def everything(store: Store, fmt: str) -> str:
    """Every session, card and review: json that `coach import` restores, or csv."""
    return "".join(everything_lines(store, fmt))


def everything_lines(store: Store, fmt: str) -> Iterator[str]:
    """`everything` as it is read, a session at a time: write each piece as it comes."""
    if fmt == "json":
        return archive.document_lines(store)
    if fmt == "csv":
        return archive.history_csv_lines(store)
    raise UsageError("--all exports json or csv: use --format, or a .json or .csv file")


def pick_session(store: Store, session_id: str | None, last: bool) -> str:
    """The id of the session named, or of the latest with --last."""
    if session_id is not None:
        return store.get(session_id).id
    if not last:
        raise UsageError("name a session id, or use --last (ids: `coach history`)")
    latest = store.latest()
    if latest is None:
        raise UsageError("no sessions yet; start one with `coach mock`")
    return latest.id


def one_session(store: Store, session_id: str, fmt: str, library: Library | None = None) -> str:
    """One session as markdown, json or csv (one row per entry); csv needs no banks, the
    others look its question up in `library` (the shipped banks when None)."""
    if fmt == "csv":
        return archive.history_csv(store, session_id)
    library = library or load_library()
    view = load_session_view(store, library, session_id)
    if fmt == "json":
        return indented_json(view.to_json()) + "\n"
    return session_markdown(view, library)


def write_export(
    store: Store,
    library: Library,
    session_id: str,
    path: Path,
    fmt: str | None = None,
    *,
    force: bool = False,
) -> None:
    """Write a session's export to `path` (see coach.export.destination for what is refused)."""
    chosen = fmt or ("json" if format_of_path(path) == "json" else "markdown")
    write_export_text(path, one_session(store, session_id, chosen, library), force=force)
