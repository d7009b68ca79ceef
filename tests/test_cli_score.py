"""`coach score` end to end: formats, stdin, questions, exit codes and errors."""

from __future__ import annotations

import json
import re
import resource
import subprocess
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from coach.content.library import CANONICAL_ITEMS, load_library
from coach.engine.answer_files import MAX_ANSWER_BYTES, read_answer
from coach.errors import UsageError
from tests.helpers import coach_env, flat, invoke, unwrapped
from tests.terminal import COACH

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "answers"
STRONG_FIXTURE = FIXTURES / "01-video-recs-thorough.md"

WEAK = """\
## Model

We will use a transformer for everything.
"""

MIXED = """\
## Problem

The business goal is to cut fraud losses on card payments without declining honest
customers, because every false decline costs a sale.

## Evaluation

We monitor feature drift daily and alert on-call.
"""

CONCISE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>MSD\d{3}) (?P<msg>\S.*)$")


def _no_traceback(result: Any) -> None:
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _json(*args: str, stdin: str | None = None) -> Any:
    result = invoke("score", *args, "--format", "json", stdin=stdin)
    _no_traceback(result)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


# --- text ----------------------------------------------------------------------


def test_text_format_shows_covered_missing_and_score(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the header shows the path as given: short, whatever tmp_path
    _write(tmp_path, "answer.md", MIXED)
    result = invoke("score", "answer.md")
    _no_traceback(result)
    out = flat(result.stdout)
    assert out.startswith("answer.md — generic rubric Problem clarification & constraints ")
    assert re.search(
        r"✓ Monitoring and drift \(monitor\.drift[^)]*\) line 8: We monitor feature drift daily",
        out,
    )
    assert "✗ Labels (data.labels) " in out
    assert re.search(r"\d+% covered", out)
    assert re.search(r"Score \d{1,3}/100", out)
    assert result.stderr == ""


@pytest.mark.parametrize("width", [60, 80, 200])
def test_the_text_report_wraps_at_the_console_width_and_keeps_every_word(
    width: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "answer.md", STRONG_FIXTURE.read_text(encoding="utf-8"))
    args = ("score", "answer.md", "-q", "video-recommendations")
    unbroken = invoke(*args, width=1000).stdout  # no line of a report is that long
    result = invoke(*args, width=width)
    _no_traceback(result)
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    longer = [line for line in unbroken.splitlines() if cell_len(line) > width]
    assert (result.stdout != unbroken) == bool(longer)  # wrapped only where it had to be
    assert len(lines) >= len(unbroken.splitlines()) + len(longer)
    assert flat(result.stdout) == flat(unbroken)


def test_control_characters_in_the_answer_never_reach_the_terminal(tmp_path: Path) -> None:
    """Colour codes, a title-setting OSC and an 8-bit CSI are shown, not obeyed."""
    text = MIXED.replace(
        "We monitor feature drift daily",
        "\x1b[31mWe monitor feature drift daily\x1b[0m \x1b]0;owned\x07\x9b2J",
    )
    path = _write(tmp_path, "ansi\x1b[1m.md", text)
    result = invoke("score", str(path))
    _no_traceback(result)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stdout)
    out = " ".join(result.stdout.split())
    assert r"line 8: \x1b[31mWe monitor feature drift daily\x1b[0m \x1b]0;owned\x07\x9b2J" in out
    assert r"ansi\x1b[1m.md — generic rubric" in out


# --- concise ---------------------------------------------------------------------


def test_concise_format_is_one_finding_per_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "weak.md", WEAK)
    result = invoke("score", str(path), "--format", "concise")
    _no_traceback(result)
    lines = result.stdout.splitlines()
    assert lines, "a weak answer has findings"
    data = _json(str(path))
    assert len(lines) == len(data["findings"])
    for line, finding in zip(lines, data["findings"], strict=True):
        m = CONCISE.match(line)
        assert m, line
        assert m["path"] == str(path)
        assert (int(m["line"]), int(m["col"]), m["code"]) == (
            finding["line"],
            finding["col"],
            finding["code"],
        )
        assert m["msg"].startswith(finding["message"][:20])
        assert 1 <= int(m["line"]) <= len(_lines(WEAK))


# --- json ------------------------------------------------------------------------


def test_json_for_one_file_is_an_object_with_the_contract(tmp_path: Path) -> None:
    path = _write(tmp_path, "answer.md", MIXED)
    data = _json(str(path))
    assert isinstance(data, dict)
    assert {"file", "question", "score", "verdict", "phases", "items", "findings"} <= set(data)
    assert data["file"] == str(path)
    assert data["question"] is None
    assert isinstance(data["score"], int) and 0 <= data["score"] <= 100
    assert isinstance(data["verdict"], str) and data["verdict"]
    assert [p["id"] for p in data["phases"]] == ["clarify", "data", "model", "evaluate", "wrapup"]

    library = load_library(include_user=False, use_cache=False)
    ids = [item["id"] for item in data["items"]]
    assert len(ids) == len(set(ids))
    assert set(CANONICAL_ITEMS) <= set(ids)
    assert set(ids) == {item.id for item in library.items_for(None)}

    lines = _lines(MIXED)
    for item in data["items"]:
        assert isinstance(item["covered"], bool)
        assert isinstance(item["evidence"], list)
        assert item["covered"] == bool(item["evidence"])
        for ev in item["evidence"]:
            assert set(ev) == {"line", "col", "text"}
            line = lines[ev["line"] - 1]
            assert line[ev["col"] - 1 :].startswith(ev["text"].split()[0])
    drift = next(i for i in data["items"] if i["id"] == "monitor.drift")
    assert drift["covered"]
    assert drift["evidence"][0] == {
        "line": 8,
        "col": 1,
        "text": "We monitor feature drift daily and alert on-call.",
    }
    assert data["findings"], "this short answer misses plenty"
    for finding in data["findings"]:
        assert {"code", "name", "level", "message", "line", "col"} <= set(finding)
        assert re.fullmatch(r"MSD\d{3}", finding["code"])
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", finding["name"])
        assert finding["level"] in {"error", "warning", "info"}
        assert 1 <= finding["line"] <= len(lines) and finding["col"] >= 1


def test_json_for_two_files_is_an_array(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.md", MIXED)
    b = _write(tmp_path, "b.md", WEAK)
    data = _json(str(a), str(b))
    assert isinstance(data, list)
    assert [d["file"] for d in data] == [str(a), str(b)]
    assert data[0]["score"] != data[1]["score"] or data[0]["items"] != data[1]["items"]


def test_dash_reads_stdin(tmp_path: Path) -> None:
    from_stdin = _json("-", stdin=MIXED)
    from_file = _json(str(_write(tmp_path, "answer.md", MIXED)))
    assert from_stdin["file"] == "-"
    assert {k: v for k, v in from_stdin.items() if k != "file"} == {
        k: v for k, v in from_file.items() if k != "file"
    }
    text = invoke("score", "-", stdin=MIXED)
    _no_traceback(text)
    assert "standard input" in text.stdout


def test_dash_twice_is_a_usage_error_not_an_empty_second_answer() -> None:
    result = invoke("score", "-", "-", stdin=MIXED)
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: '-' (standard input) can be read only once"
    assert result.stdout == ""


def test_a_question_switches_on_its_category_items(tmp_path: Path) -> None:
    path = _write(tmp_path, "answer.md", MIXED)
    generic = _json(str(path))
    recs = _json(str(path), "--question", "video-recommendations")
    assert recs["question"] == "video-recommendations"
    generic_ids = {i["id"] for i in generic["items"]}
    recs_ids = {i["id"] for i in recs["items"]}
    assert "recsys.cold_start" in recs_ids
    assert "recsys.cold_start" not in generic_ids
    assert set(CANONICAL_ITEMS) <= recs_ids
    # The recommendation rules come with it: cold start is a finding there only.
    recs_rules = {f["name"] for f in recs["findings"]}
    assert "cold-start-ignored" in recs_rules
    assert "cold-start-ignored" not in {f["name"] for f in generic["findings"]}


# --- markdown ---------------------------------------------------------------------


def test_markdown_format(tmp_path: Path) -> None:
    path = _write(tmp_path, "answer.md", MIXED)
    result = invoke("score", str(path), "--format", "markdown")
    _no_traceback(result)
    out = result.stdout
    lines = out.splitlines()
    assert lines[0].startswith("# ") and str(path) in lines[0]
    assert any(line.startswith("| phase |") for line in lines)
    assert any(re.match(r"\|-+\|", line) for line in lines)
    assert any(line.startswith("- [x] `monitor.drift`") for line in lines)
    assert any(line.startswith("- [ ] `data.labels`") for line in lines)
    assert "Traceback" not in out


# --- exit codes ----------------------------------------------------------------------


def test_exit_1_when_an_answer_has_an_error_finding(tmp_path: Path) -> None:
    path = _write(tmp_path, "weak.md", WEAK)
    data = _json(str(path))
    assert any(f["level"] == "error" for f in data["findings"])
    for fmt in ("text", "concise", "json", "markdown"):
        result = invoke("score", str(path), "--format", fmt)
        _no_traceback(result)
        assert result.exit_code == 1, (fmt, result.output)


def test_exit_1_when_any_of_several_answers_has_an_error(tmp_path: Path) -> None:
    weak = _write(tmp_path, "weak.md", WEAK)
    strong_report, weak_report = _json(
        str(STRONG_FIXTURE), str(weak), "-q", "video-recommendations"
    )
    assert "error" not in {f["level"] for f in strong_report["findings"]}
    assert "error" in {f["level"] for f in weak_report["findings"]}  # the one answer at fault
    for paths in ((STRONG_FIXTURE, weak), (weak, STRONG_FIXTURE)):  # wherever it comes
        for fmt in ("text", "concise", "json", "markdown"):
            result = invoke("score", *map(str, paths), "-q", "video-recommendations", "-f", fmt)
            _no_traceback(result)
            assert result.exit_code == 1, (paths, fmt, result.output)
            assert unwrapped(str(weak)) in unwrapped(result.stdout), (paths, fmt)
            if fmt != "concise":  # concise lists findings only: the strong answer has none
                assert unwrapped(str(STRONG_FIXTURE)) in unwrapped(result.stdout), (paths, fmt)


def test_exit_0_for_a_strong_answer_without_errors() -> None:
    data = _json(str(STRONG_FIXTURE), "--question", "video-recommendations")
    assert not [f for f in data["findings"] if f["level"] == "error"], data["findings"]
    assert data["score"] >= 80
    for fmt in ("text", "concise", "json", "markdown"):
        result = invoke("score", str(STRONG_FIXTURE), "-q", "video-recommendations", "-f", fmt)
        _no_traceback(result)
        assert result.exit_code == 0, (fmt, result.output)


# --- errors ------------------------------------------------------------------------------


def _one_line_error(result: Any) -> str:
    _no_traceback(result)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message and "\n" not in message, result.stderr
    return message


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    message = _one_line_error(invoke("score", str(missing)))
    assert str(missing) in message and "no such file" in message


def test_a_folder_is_exit_2(tmp_path: Path) -> None:
    message = _one_line_error(invoke("score", str(tmp_path)))
    assert str(tmp_path) in message and "folder" in message


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "markdown"])
def test_unreadable_files_among_good_ones_are_reported_and_the_rest_graded(
    tmp_path: Path, fmt: str
) -> None:
    """Like ruff: one error line per unreadable file, the others graded, exit 2."""
    good = _write(tmp_path, "good.md", MIXED)
    weak = _write(tmp_path, "weak.md", WEAK)
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\x01")
    missing = tmp_path / "nope.md"
    result = invoke("score", str(missing), str(good), str(binary), str(weak), "-f", fmt)
    _no_traceback(result)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"error: {missing}: no such file",
        f"error: {binary}: a binary file, not text (NUL byte at line 1, column 1)",
    ]
    # Each graded answer is reported under its path, in the order given; a long path
    # may be folded across lines in the text format, so compare without whitespace.
    out = unwrapped(result.stdout)
    shown = [out.find(unwrapped(str(p))) for p in (good, weak)]
    assert -1 < shown[0] < shown[1], result.stdout
    assert unwrapped(str(missing)) not in out and unwrapped(str(binary)) not in out
    if fmt == "json":
        assert [d["file"] for d in json.loads(result.stdout)] == [str(good), str(weak)]


def test_one_readable_file_of_two_is_still_a_json_array(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.md", MIXED)
    result = invoke("score", str(good), str(tmp_path / "nope.md"), "-f", "json")
    assert result.exit_code == 2
    assert [d["file"] for d in json.loads(result.stdout)] == [str(good)]


def test_no_readable_file_prints_only_the_errors(tmp_path: Path) -> None:
    result = invoke("score", str(tmp_path / "a.md"), str(tmp_path / "b.md"), "-f", "json")
    _no_traceback(result)
    assert (result.exit_code, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 2


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_unknown_question_is_exit_2_with_a_suggestion(tmp_path: Path, fmt: str) -> None:
    path = _write(tmp_path, "answer.md", MIXED)
    message = _one_line_error(
        invoke("score", str(path), "--question", "video-recomendations", "-f", fmt)
    )
    assert "video-recomendations" in message
    assert "did you mean 'video-recommendations'" in message


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "answer.md", MIXED)
    result = invoke("score", str(path), "--format", "yaml")
    _no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_odd_input_never_crashes(tmp_path: Path) -> None:
    """A heading, an unclosed code block and control bytes, or nothing at all: a
    report with nothing covered, the same in every format, not a crash."""
    odd = tmp_path / "odd.md"
    odd.write_bytes(b"# caf\xc3\xa9\r\n\r\n```\nunclosed\n\x07\x1b|||\r")
    empty = _write(tmp_path, "empty.md", "")
    for path in (odd, empty):
        data = _json(str(path))
        assert data["file"] == str(path)
        assert data["coverage"] == 0 and not [i for i in data["items"] if i["covered"]]
        assert set(CANONICAL_ITEMS) <= {i["id"] for i in data["items"]}
        assert 0 <= data["score"] <= 100
        last_line = max(1, len(_lines(path.read_text(encoding="utf-8"))))
        assert all(1 <= f["line"] <= last_line for f in data["findings"]), data["findings"]
        expected_exit = 1 if any(f["level"] == "error" for f in data["findings"]) else 0
        outputs = {}
        for fmt in ("text", "concise", "json", "markdown"):
            result = invoke("score", str(path), "-f", fmt)
            _no_traceback(result)
            assert (result.exit_code, result.stderr) == (expected_exit, ""), (path, fmt)
            outputs[fmt] = result.stdout
        assert json.loads(outputs["json"]) == data
        assert f"Score {data['score']}/100" in flat(outputs["text"])
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", outputs["text"])
        concise = [CONCISE.match(line) for line in outputs["concise"].splitlines()]
        assert all(concise), outputs["concise"]
        assert [(m["path"], m["code"]) for m in concise if m] == [
            (str(path), f["code"]) for f in data["findings"]
        ]
        assert outputs["markdown"].startswith(f"# {path} — ")
        assert f"Score {data['score']}/100" in outputs["markdown"]


# --- reading answers -------------------------------------------------------------------


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    text = "# Clarify\n\nThe business goal is to cut churn among paying subscribers.\n"
    plain = _json(str(_write(tmp_path, "plain.md", text)))
    marked = tmp_path / "marked.md"
    marked.write_bytes(b"\xef\xbb\xbf" + text.encode())
    for data in (_json(str(marked)), _json("-", stdin="\ufeff" + text)):
        assert {k: v for k, v in data.items() if k != "file"} == {
            k: v for k, v in plain.items() if k != "file"
        }
    clarify = next(p for p in plain["phases"] if p["id"] == "clarify")
    assert clarify["words"] > 0, "the first heading starts the clarify phase"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"# Clarify\nThe caf\xe9 wants fewer cancellations.\n",
            "not UTF-8 text (line 2, column 8)",
        ),
        (b"\xef\xbb\xbfcaf\xc3\xa9 caf\xe9\n", "not UTF-8 text (line 1, column 9)"),
        ("# Clarify\nThe goal.\n".encode("utf-16"), "UTF-16 text; save it as UTF-8"),
        (b"\x7fELF\x02\x01\x01\x00\x00", "a binary file, not text (NUL byte at line 1, column 8)"),
    ],
    ids=["latin-1", "latin-1-after-bom", "utf-16", "binary"],
)
def test_text_that_is_not_utf8_is_refused_with_its_place(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    path = tmp_path / "answer.md"
    path.write_bytes(data)
    assert _one_line_error(invoke("score", str(path))) == f"error: {path}: {expected}"
    from_stdin = invoke("score", "-", stdin=data)
    assert _one_line_error(from_stdin) == f"error: standard input: {expected}"


def test_stdin_is_read_as_bytes_whatever_the_locale(tmp_path: Path) -> None:
    latin1 = "# Clarify\nThe café wants fewer cancellations.\n".encode("latin-1")
    env = coach_env(LC_ALL="C.UTF-8", PYTHONIOENCODING="", PYTHONUTF8="")
    done = subprocess.run(
        [COACH, "score", "-"], input=latin1, env=env, capture_output=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == b"error: standard input: not UTF-8 text (line 2, column 8)\n"


def _limited_memory() -> None:
    """Without the read limit, the command dies of MemoryError instead of eating the host."""
    gib = 1 << 30
    resource.setrlimit(resource.RLIMIT_AS, (gib, gib))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_file_or_pipe_stops_at_the_size_limit() -> None:
    done = subprocess.run(
        [COACH, "score", "/dev/zero"],
        capture_output=True,
        timeout=60,
        preexec_fn=_limited_memory,
    )
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == b"error: /dev/zero: larger than 5 MB; is this really an answer?\n"

    with subprocess.Popen(["yes"], stdout=subprocess.PIPE) as yes:
        done = subprocess.run(
            [COACH, "score", "-"],
            stdin=yes.stdout,
            capture_output=True,
            timeout=60,
            preexec_fn=_limited_memory,
        )
        yes.kill()
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == b"error: standard input: larger than 5 MB; is this really an answer?\n"


def test_a_file_just_under_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_bytes(b"x" * (MAX_ANSWER_BYTES - 1) + b"\n")
    assert read_answer(path, None).endswith("x\n")
    path.write_bytes(b"x" * MAX_ANSWER_BYTES + b"\n")
    with pytest.raises(UsageError, match="larger than 5 MB"):
        read_answer(path, None)
