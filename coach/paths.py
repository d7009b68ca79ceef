"""Where coach keeps things: history, cache, user banks, shipped data.

`COACH_HOME` puts everything in one folder (tests and portable setups);
otherwise the platform's user data, cache and config folders are used.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "cache_dir",
    "cache_key_file",
    "coach_home",
    "recovery_dir",
    "shipped_data",
    "user_banks_dir",
]


def _home_override() -> Path | None:
    value = os.environ.get("COACH_HOME")
    return Path(value).expanduser() if value else None


def coach_home() -> Path:
    """The folder that holds the history database."""
    override = _home_override()
    if override is not None:
        return override
    import platformdirs

    return Path(platformdirs.user_data_dir("coach", appauthor=False))


def cache_dir() -> Path:
    override = _home_override()
    if override is not None:
        return override / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("coach", appauthor=False))


def cache_key_file() -> Path:
    """The key the cache files are signed with (see coach.common.signed_cache): beside the history,
    not in the cache folder, so that writing to the cache is not enough to forge one."""
    return coach_home() / "cache.key"


def recovery_dir() -> Path:
    """What was typed in a session that could not be saved to the history (see coach.session.recovery)."""
    return coach_home() / "recovery"


def user_banks_dir() -> Path:
    """Every `*.yaml` or `*.yml` here is loaded as an extra question bank."""
    override = _home_override()
    if override is not None:
        return override / "banks"
    import platformdirs

    return Path(platformdirs.user_config_dir("coach", appauthor=False)) / "banks"


def shipped_data(name: str) -> Path:
    """A file of the top-level `data/` folder, shipped inside the wheel as coach/data."""
    # The package's own folder, not importlib.resources (~8 ms to import on every
    # start): coach is always installed as files, never run from a zip.
    package = Path(__file__).resolve().parent
    packaged = package / "data" / name
    if packaged.exists():
        return packaged
    # An editable install or a source checkout: the folder beside the package.
    return package.parent / "data" / name
