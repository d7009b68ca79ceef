"""JSON text is what json.dumps(indent=2, ensure_ascii=False) writes, whatever the value."""

from __future__ import annotations

import json
import random
import struct
from typing import Any

import pytest

from coach.common.jsontext import indented_json


def expected(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize(
    "value",
    [
        {"id": "video-recs", "tags": ["a", "b"], "nested": {"empty": [], "none": {}}},
        [1e-05, 7.500000000000001e-06, 1e16, 1.5e300, 0.0001, 0.1, 100.0, -0.0, 5e-324],
        {"big": 2**70, "text": "é — 漢字 🚀", "surrogate": "\udce2"},
        {"looks like a float": "0.00001 and 1e5", 1: "int key", "x": None, "t": True},
        [],
        "",
    ],
)
def test_the_text_is_the_json_modules(value: Any) -> None:
    assert indented_json(value) == expected(value)


def test_random_floats_are_written_as_python_writes_them() -> None:
    rng = random.Random(7)
    floats = [struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0] for _ in range(3000)]
    floats = [f for f in floats if f == f and abs(f) != float("inf")]
    floats += [rng.uniform(1, 10) * 10.0**e for e in range(-20, 20) for _ in range(20)]
    for chunk in range(0, len(floats), 100):
        value = {"values": floats[chunk : chunk + 100]}
        assert indented_json(value) == expected(value)
