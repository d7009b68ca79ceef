"""BLAKE2b and a constant-time compare, without loading OpenSSL.

`import hashlib` (and `hmac`, which imports it) loads OpenSSL's libcrypto: about
3 ms of every `coach score`, which only ever needs BLAKE2b. CPython builds its
own BLAKE2 as `_blake2` and the compare `hmac` uses as `_operator._compare_digest`;
a Python built without them falls back to the public modules.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always builds it
    from hashlib import blake2b

try:
    from _operator import _compare_digest as compare_digest
except ImportError:  # pragma: no cover
    from hmac import compare_digest  # type: ignore[no-redef]

__all__ = ["blake2b", "compare_digest", "short_digest"]


def short_digest(data: bytes, size: int = 8) -> str:
    """A hex digest of `size` bytes: names a cache file after what it was made from."""
    return blake2b(data, digest_size=size).hexdigest()
