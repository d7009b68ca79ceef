"""Hostile input through the commands that read it (hypothesis): damaged banks and
answers of any bytes never make a traceback.

A bank, however mutated, is `ok` or exit 2 with `error: file:line:col: ...` lines,
and no YAML tag it holds is ever run. An answer of any bytes (bad UTF-8, NUL, a byte
order mark, CR or CRLF line ends, control characters, right-to-left and zero-width
marks, one huge line) is graded or refused in one `error:` line, and what is printed
of it cannot send an escape sequence to the terminal.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI_BANK
from tests.helpers import invoke

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# --- banks ---------------------------------------------------------------------

BANK_LINES = MINI_BANK.splitlines()
SENTINEL = "coach-yaml-tag-ran"

VALUES = st.sampled_from(
    [
        "9" * 5000,  # more digits than Python converts
        "-" + "1" * 4400,
        "~",
        "{}",
        "[]",
        "''",
        "1e999",
        ".nan",
        "-1",
        "2024-02-30",
        "*nowhere",
        "&a [1, 2]",
        "'unterminated",
        "[" * 300 + "]" * 300,
        "x" * 20_000,
        "\x00",
        "\u202e\u200bevil",
        "\U0001f600 emoji",
        f"!!python/object/apply:os.system ['touch {SENTINEL}']",
        "!!binary aGVsbG8=",
        "!custom value",
        "\t- tab",
    ]
)


@st.composite
def mutated_bank(draw: st.DrawFn) -> bytes:
    """The small valid bank with a few lines deleted, doubled, re-valued or inserted."""
    lines = list(BANK_LINES)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1)) if lines else 0
        action = draw(st.sampled_from(["delete", "double", "value", "insert", "key"]))
        if not lines or action == "insert":
            lines.insert(at, draw(st.one_of(VALUES, st.text(max_size=30))))
        elif action == "delete":
            del lines[at]
        elif action == "double":
            lines.insert(at, lines[at])
        elif action == "value" and ":" in lines[at]:
            key = lines[at].split(":", 1)[0]
            lines[at] = f"{key}: {draw(VALUES)}"
        elif action == "key":
            lines.insert(at, "  " * draw(st.integers(0, 3)) + f"{draw(st.text(max_size=8))}: 1")
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))
    data = text.encode("utf-8", "surrogatepass")
    ending = draw(st.sampled_from(["keep", "cut", "bom", "crlf", "latin-1", "utf-16"]))
    if ending == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif ending == "bom":
        data = b"\xef\xbb\xbf" + data
    elif ending == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif ending == "latin-1":
        data = data.replace(b"e", b"\xe9", 1)
    elif ending == "utf-16":
        data = text.encode("utf-16", "surrogatepass")
    return data


LOCATED = re.compile(r"error: .+:\d+:\d+: \S")


@SETTINGS
@given(mutated_bank())
@example(b"")
@example(b"questions:\n")
@example(f"questions:\n  - id: {'9' * 5000}\n".encode())
def test_a_mutated_bank_is_ok_or_located_errors(
    coach_home: Path, tmp_path: Path, data: bytes
) -> None:
    bank = tmp_path / "hostile.yaml"
    bank.write_bytes(data)
    result = invoke("bank", "validate", str(bank))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert not (tmp_path / SENTINEL).exists() and not Path(SENTINEL).exists()
    lines = str(result.stderr).splitlines()
    if result.exit_code == 0:
        assert result.stdout.startswith("ok") and not lines, result.output
        return
    assert result.exit_code == 2, result.output
    assert lines, "an error says why"
    errors = [line for line in lines if line.startswith("error: ")]
    assert errors and errors == lines[: len(errors)], lines
    rest = lines[len(errors) :]
    assert all(line.startswith(("…and ", "hint: ")) for line in rest), lines
    for line in errors:
        assert line.startswith(f"error: {bank}"), line
        # a problem inside the file says where; one about the whole file need not
        assert LOCATED.match(line) or line.startswith(f"error: {bank}: "), line


# --- answers -------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "The goal is more watch time, so we rank by expected watch minutes.",
        "We serve within 200 ms at p99 for 100M DAU.",
        "## Data\n",
        "- label: a click\n",
        "    - nested\n" * 3,
        "```\ncode\n",
        "| a | b |\n|---|---|\n",
        "\r\n",
        "\r",
        "\x1b[31mred\x1b[0m",
        "\x07\x08\x0b\x0c\x7f",
        "\u202eevil\u202c",
        "\u200b\u200d\ufeff",
        "\U0001f600\U0001f680",
        ":rocket: [bold]markup[/bold]",
        "not ",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=30).map("".join)


@st.composite
def answer_bytes(draw: st.DrawFn) -> bytes:
    text = draw(TEXT)
    if draw(st.booleans()) and text:  # one huge line
        text = (text.replace("\n", " ").replace("\r", " ") + " ") * draw(st.integers(1, 200))
    data = text.encode("utf-8", "surrogatepass")
    damage = draw(st.sampled_from(["none", "none", "nul", "bad utf-8", "bom", "utf-16", "raw"]))
    if damage == "nul":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\0" + data[at:]
    elif damage == "bad utf-8":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])) + data[at:]
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data
    elif damage == "utf-16":
        data = text.encode("utf-16", "surrogatepass")
    elif damage == "raw":
        data = draw(st.binary(max_size=300))
    return data


@settings(SETTINGS, max_examples=40)  # a command each: a few seconds in all
@given(
    answer_bytes(),
    st.sampled_from(["text", "json", "concise", "markdown"]),
    st.sampled_from([None, "video-recommendations"]),
)
@example(b"\xff\xfeh\x00i\x00", "text", None)
@example(("word " * 40_000).encode(), "json", None)
def test_an_answer_of_any_bytes_is_graded_or_refused_in_one_line(
    coach_home: Path, tmp_path: Path, data: bytes, fmt: str, question: str | None
) -> None:
    answer = tmp_path / "answer.md"
    answer.write_bytes(data)
    args = ["score", str(answer), "--format", fmt]
    if question:
        args += ["--question", question]
    result = invoke(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    stderr = str(result.stderr)
    if result.exit_code == 2:
        assert stderr.startswith(f"error: {answer}: ") and stderr.count("\n") == 1, stderr
        assert result.stdout == ""
        return
    assert result.exit_code in (0, 1), result.output
    assert stderr == ""
    assert "\x1b" not in result.stdout  # the answer's escapes are shown, not sent
    if fmt == "json":
        report = json.loads(result.stdout)
        assert report["score"] is None or 0 <= report["score"] <= 100
