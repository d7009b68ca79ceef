"""JSON text for people and scripts: indented by two, UTF-8 as it is, keys in order.

`json.dumps(indent=2)` encodes in Python (its C encoder does no indentation):
82 ms for a listing of 10,000 questions, 5 ms with orjson, whose OPT_INDENT_2
writes the very same text, but for two things. A float whose Python repr has an
exponent (below 1e-4, or from 1e16 on) orjson writes its own way (0.00001 for
1e-05, 1e16 for 1e+16): output holding such a number, or text that looks like one,
is written by the json module. And a value orjson refuses (a lone surrogate, an
integer past 64 bits) is too, so nothing a user can put in a bank or a history
makes JSON output fail. (NaN and infinity, which json would write as invalid JSON,
never reach output: content refuses them.)
"""

from __future__ import annotations

from typing import Any

try:
    import orjson
except ImportError:  # a platform without an orjson wheel: the json module does it all
    orjson = None  # type: ignore[assignment]

__all__ = ["indented_json"]

_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")


def _written_otherwise(text: bytes) -> bool:
    """Whether orjson's `text` may hold a float Python's repr writes with an exponent:
    orjson writes those as 0.00001 or with an exponent of its own (1e16, 7.5e-6).
    A false alarm (such text inside a string) only sends the value to the json
    module; a scan of bytes, not a regex, since a listing's JSON runs to megabytes."""
    if b"0.0000" in text:
        return True
    digits = text.translate(_DIGITS_AS_ZERO)
    return b"0e" in digits or b"0E" in digits


def indented_json(value: Any) -> str:
    """`value` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it."""
    if orjson is not None:
        try:
            text = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
        except TypeError:  # orjson.JSONEncodeError is one
            pass
        else:
            if not _written_otherwise(text):
                return text.decode()
    import json

    return json.dumps(value, indent=2, ensure_ascii=False)
