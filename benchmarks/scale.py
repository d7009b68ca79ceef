"""How the installed `coach` scales: a long history, big banks, huge answers of any shape.

Generates, in a temporary folder (or `--work DIR`, kept and reused):
  - homes with 1, 1,000 and 10,000 sessions, saved through the store API with
    reports graded from the fixture answers (a year of practice, some sessions
    interrupted or skipped);
  - banks of 1,000 and 10,000 questions: the shipped bank's questions with new ids;
  - answers of 1 MB and 5 MB in five shapes: prose, one line, no punctuation,
    many headings, deep lists.
Then times the commands people run as medians of several runs, each run next to
one of `python -c "import typer"`, and prints a table with the ratio to that.
A run that takes longer than `--timeout` is stopped and shown as "> Ns".

    python benchmarks/scale.py [--runs 9] [--sizes 1000,10000] [--answers 1,5]
                               [--only history,stats,score] [--timeout 60] [--quick]
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "tests" / "fixtures" / "answers"
SHIPPED_BANK = ROOT / "data" / "questions.yaml"
SHIPPED_COUNT = 73  # the first column: a bank as big as the shipped one (a copy, new ids)
MB = 1_000_000
MAX_ANSWER = 4_990_000  # "5 MB": just under coach's limit of 5,000,000 bytes
WORKS = ("history", "stats", "next", "export", "validate", "questions", "score")
SHAPES = ("prose", "one line", "no punctuation", "headings", "deep lists")
HEADINGS = (
    "Clarifying questions",
    "Requirements",
    "Data",
    "Features",
    "Model",
    "Training",
    "Evaluation",
    "Deployment",
    "Monitoring",
    "Trade-offs",
)


# --- answers -------------------------------------------------------------


def fixture_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(ANSWERS.glob("*.md"))]


def _fill(parts: Iterator[str], size: int, sep: str = "") -> str:
    """Parts joined by `sep` up to `size` UTF-8 bytes, never cutting one in two."""
    out: list[str] = []
    total = 0
    for part in parts:
        grown = len(part.encode("utf-8")) + len(sep)
        if total + grown > size:
            break
        out.append(part)
        total += grown
    return sep.join(out) + "\n"


def _cycle(items: Sequence[str]) -> Iterator[str]:
    while True:
        yield from items


def _sentences(texts: Sequence[str]) -> list[str]:
    found = []
    for text in texts:
        for line in text.splitlines():
            line = line.strip().lstrip("#-*>| ").strip()
            found.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(s) > 20)
    return found


def answer(shape: str, size: int, texts: Sequence[str] | None = None) -> str:
    """An answer of about `size` bytes in one of SHAPES, made of the fixture answers' words."""
    texts = texts or fixture_texts()
    if shape == "prose":
        return _fill(_cycle(texts), size, "\n\n")
    if shape == "one line":
        flat = [" ".join(text.split()) for text in texts]
        return _fill(_cycle(flat), size, " ")
    if shape == "no punctuation":
        words = [w for text in texts for w in re.findall(r"[^\W_]+", text)]
        lines = (" ".join(words[i : i + 12]) for i in _cycle_range(len(words), 12))
        return _fill(lines, size, "\n")
    sentences = _sentences(texts)
    if shape == "headings":
        blocks = (
            f"{'##' if n % 4 == 0 else '###'} {HEADINGS[n % len(HEADINGS)]} {n}\n\n"
            f"{sentences[n % len(sentences)]}"
            for n in range(10**9)
        )
        return _fill(blocks, size, "\n\n")
    if shape == "deep lists":
        items = ("  " * (n % 40) + f"- {sentences[n % len(sentences)]}" for n in range(10**9))
        return _fill(items, size, "\n")
    raise ValueError(f"unknown shape {shape!r}")


def _cycle_range(count: int, step: int) -> Iterator[int]:
    while True:
        yield from range(0, count, step)


# --- banks ---------------------------------------------------------------


def make_bank(path: Path, count: int) -> None:
    """`count` questions: the shipped ones again and again, each with a new id and title,
    and two of its facts (10,000 whole ones would pass coach's 10 MB limit for a bank)."""
    shipped = yaml.safe_load(SHIPPED_BANK.read_text(encoding="utf-8"))["questions"]
    questions = []
    for n in range(count):
        question = copy.deepcopy(shipped[n % len(shipped)])
        copy_no = n // len(shipped) + 1
        question["id"] = f"{question['id']}-copy-{copy_no}"
        question["title"] = f"{question['title']} (copy {copy_no})"
        question["facts"] = question["facts"][:2]
        question.pop("source", None)
        questions.append(question)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: 10x faster
    text = yaml.dump(
        {"questions": questions}, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100
    )
    path.write_text(text, encoding="utf-8")


# --- history -------------------------------------------------------------


@dataclass
class Template:
    """One graded session to save again and again: a fixture answer, phase by phase."""

    question_id: str
    plan: dict[str, Any]
    texts: list[tuple[str, str]]  # (phase id, answer)
    seconds: dict[str, float]
    summary: dict[str, Any] | None = None
    score: int | None = None
    verdict: str = ""


def templates(library: Any, count: int = 8) -> list[Template]:
    from coach.playbooks.mock import plan as mock_plan

    labels = yaml.safe_load((ANSWERS / "labels.yaml").read_text(encoding="utf-8"))
    made = []
    for name, label in sorted(labels.items()):
        qid = (label or {}).get("question")
        if qid not in library.questions or len(made) == count:
            continue
        question = library.questions[qid]
        plan = mock_plan(library, question)
        sections = re.split(r"\n(?=#)", (ANSWERS / name).read_text(encoding="utf-8"))
        phases = plan.phases
        by_phase: dict[str, list[str]] = {}
        for n, section in enumerate(sections):
            phase = phases[min(n * len(phases) // len(sections), len(phases) - 1)]
            by_phase.setdefault(phase.id, []).append(section.strip())
        seen = {"title": question.title, "prompt": question.prompt, "bank": None}
        made.append(
            Template(
                qid,
                {**plan.to_dict(), "question": seen},
                [(pid, "\n\n".join(parts)) for pid, parts in by_phase.items()],
                {p.id: 60.0 * p.max_minutes * (0.7 + 0.1 * (n % 5)) for n, p in enumerate(phases)},
            )
        )
    return made


def make_history(home: Path, count: int) -> None:
    """`count` sessions over a year, through the store API, as `coach mock` saves them."""
    from coach.content.library import load_library
    from coach.session.plan import SessionPlan
    from coach.session.transcript import grade_session, report_summary
    from coach.store.db import open_store

    library = load_library(include_user=False)
    kinds = templates(library)
    clock = [datetime(2025, 1, 1, 7, tzinfo=UTC)]
    step = timedelta(days=365) / max(count, 1)
    with open_store(home, now=lambda: clock[0]) as store:
        for n in range(count):
            t = kinds[n % len(kinds)]
            clock[0] += step
            record = store.create_session(t.question_id, "mock", t.plan)
            for phase, text in t.texts:
                store.add_entries(record.id, phase, [("answer", text)], t.seconds[phase])
                store.set_phase_time(record.id, phase, t.seconds[phase])
            if n % 25 == 7:  # now and then a session stopped half-way
                store.set_progress(record.id, 2, "interrupted")
                continue
            if t.summary is None:
                plan = SessionPlan.from_dict(t.plan)
                question = library.questions[t.question_id]
                report = grade_session(library, question, plan, store.entries(record.id), t.seconds)
                t.summary = report_summary(report, t.seconds)
                t.score, t.verdict = report.score, report.verdict
            store.finish(record.id, t.score, t.verdict, t.summary)


# --- timing --------------------------------------------------------------


@dataclass
class Timed:
    ms: float | None  # wall time; None: stopped at the timeout
    ratio: float | None  # to the wall time of `import typer` next to it
    cpu: float  # user + system time of the command, ms: what a busy machine does not inflate
    failed: int = 0  # the exit code of a command that failed (then nothing was timed)

    def shown(self, timeout: float) -> str:
        if self.failed:
            return f"failed (exit {self.failed})"
        if self.ms is None:
            return f"> {timeout:g} s"
        ratio = f" ({self.ratio:.1f}x)" if self.ratio is not None else ""
        return f"{self.ms:,.0f} ms{ratio}, cpu {self.cpu:,.0f}"


class Failed(Exception):
    """A command exited with an error: (exit code, its first line)."""


class Timer:
    def __init__(self, runs: int, timeout: float) -> None:
        self.runs, self.timeout = runs, timeout
        self.reference = [sys.executable, "-c", "import typer"]

    def _once(
        self, argv: list[str], env: dict[str, str], before: Callable[[], None]
    ) -> tuple[float, float] | None:
        """(wall ms, cpu ms) of one run; None when it ran past the timeout."""
        before()
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        try:
            done = subprocess.run(
                argv, env=env, capture_output=True, timeout=self.timeout, check=False
            )
        except subprocess.TimeoutExpired:
            return None
        if done.returncode not in (0, 1):  # 1: `coach score` found an error-level mistake
            error = done.stderr.decode(errors="replace").strip().splitlines()[:1]
            raise Failed(done.returncode, f"{' '.join(argv[1:])}: {' '.join(error)}")
        wall = (time.perf_counter() - start) * 1000
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime) * 1000
        return wall, cpu

    def time(self, argv: list[str], env: dict[str, str], before: Callable[[], None]) -> Timed:
        """Median of the runs, each next to a run of `import typer`; few runs of a slow one."""
        try:
            return self._time(argv, env, before)
        except Failed as exc:
            print(f"  failed: {exc.args[1]}", file=sys.stderr)
            return Timed(None, None, 0.0, failed=exc.args[0])

    def _time(self, argv: list[str], env: dict[str, str], before: Callable[[], None]) -> Timed:
        own, typer = [], []
        first = self._once(argv, env, before)  # warms the OS cache, and says how slow
        if first is None:
            return Timed(None, None, 0.0)
        for _ in range(self.runs if first[0] < 2000 else max(1, min(self.runs, 3))):
            typer.append((self._once(self.reference, env, lambda: None) or (0.0, 0.0))[0])
            run = self._once(argv, env, before)
            if run is None:
                return Timed(None, None, 0.0)
            own.append(run)
        wall = statistics.median(w for w, _ in own)
        ref = statistics.median(typer)
        return Timed(wall, wall / ref if ref else None, statistics.median(c for _, c in own))


# --- the benchmark -------------------------------------------------------


@dataclass
class Setup:
    work: Path
    sizes: list[int]
    answer_mb: list[int]

    def home(self, sessions: int) -> Path:
        home = self.work / f"home-{sessions}"
        if not (home / "coach.db").exists():
            print(f"  generating {sessions:,} sessions...", file=sys.stderr, flush=True)
            home.mkdir(parents=True, exist_ok=True)
            make_history(home, sessions)
        return home

    def bank(self, questions: int) -> Path:
        path = self.work / f"bank-{questions}" / "questions.yaml"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            make_bank(path, questions)
        return path

    def answer(self, shape: str, mb: int) -> Path:
        path = self.work / "answers" / f"{shape.replace(' ', '-')}-{mb}mb.md"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(answer(shape, min(mb * MB, MAX_ANSWER)), encoding="utf-8")
        return path


def env_for(home: Path) -> dict[str, str]:
    return {**user_environ(), "COACH_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}


def user_environ() -> dict[str, str]:
    """The environment without PYTHONDONTWRITEBYTECODE, which some sandboxes set: with
    it, every run recompiles each coach module (~25 ms) that a user's install reads
    from its .pyc files, and the figures would be no one's."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cold(home: Path, keep: set[str]) -> Callable[[], None]:
    """Before a cold run: the cache files a warm run added (the bank's) are gone."""

    def clear() -> None:
        for f in (home / "cache").glob("*"):
            if f.name not in keep:
                f.unlink(missing_ok=True)

    return clear


def rows(setup: Setup, timer: Timer, coach: str, only: set[str]) -> Iterator[tuple[str, list[str]]]:
    columns = [1, *setup.sizes]
    nothing: Callable[[], None] = lambda: None  # noqa: E731
    for work, args in (
        ("history", ["history"]),
        ("stats", ["stats"]),
        ("next", ["next"]),
        ("export", ["export", "--all"]),
    ):
        if work in only:
            cells = [timer.time([coach, *args], env_for(setup.home(n)), nothing) for n in columns]
            yield f"`coach {' '.join(args)}`", [c.shown(timer.timeout) for c in cells]
    home = setup.home(1)
    if "validate" in only:
        cells = [
            timer.time([coach, "bank", "validate", str(setup.bank(n))], env_for(home), nothing)
            for n in (SHIPPED_COUNT, *setup.sizes)
        ]
        yield "`coach bank validate` (questions)", [c.shown(timer.timeout) for c in cells]
    if "questions" in only:
        # what a first `coach questions` caches (the shipped content) stays; banks' go
        shutil.rmtree(home / "cache", ignore_errors=True)
        subprocess.run([coach, "questions"], env=env_for(home), capture_output=True, check=False)
        keep = {f.name for f in (home / "cache").glob("*")}
        shown = []
        for n in (SHIPPED_COUNT, *setup.sizes):
            argv = [coach, "questions", "--bank", str(setup.bank(n)), "--format", "json"]
            first = timer.time(argv, env_for(home), cold(home, keep)).shown(timer.timeout)
            again = timer.time(argv, env_for(home), nothing).shown(timer.timeout)
            shown.append(f"{first} / {again}")
        yield "`coach questions --bank` (cold / warm)", shown
    if "score" in only:
        for shape in SHAPES:
            cells = [
                timer.time([coach, "score", str(setup.answer(shape, mb))], env_for(home), nothing)
                for mb in setup.answer_mb
            ]
            yield f"`coach score FILE`: {shape}", [c.shown(timer.timeout) for c in cells]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per median")
    parser.add_argument("--sizes", default="1000,10000", help="sessions and questions")
    parser.add_argument("--answers", default="1,5", help="answer sizes in MB")
    parser.add_argument("--only", default=",".join(WORKS), help=f"some of {','.join(WORKS)}")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per run at most")
    parser.add_argument("--work", type=Path, help="keep the generated data here and reuse it")
    parser.add_argument("--quick", action="store_true", help="3 runs, 1,000 only, 1 MB answers")
    parser.add_argument("--coach", help="the coach to time (default: the one on PATH)")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.sizes, args.answers = 3, "1000", "1"
    only = set(args.only.split(","))
    if only - set(WORKS):
        parser.error(f"--only takes {', '.join(WORKS)}")
    coach = args.coach or shutil.which("coach")
    if coach is None:
        sys.exit("coach is not on PATH: install the project first")
    work = args.work or Path(tempfile.mkdtemp(prefix="coach-scale-"))
    setup = Setup(
        work, [int(n) for n in args.sizes.split(",")], [int(n) for n in args.answers.split(",")]
    )
    timer = Timer(args.runs, args.timeout)
    print(
        f"wall-clock medians of {args.runs} runs (3 for a command over 2 s), each run beside one"
        " of `import typer`: ms (ratio to it), and the command's cpu ms (user + system)"
    )
    sizes = [f"{n:,}" for n in setup.sizes]
    print(f"\n| work | 1 session / 73 questions | {' | '.join(sizes)} |")
    print("|---|---|" + "---|" * len(sizes))
    for label, cells in rows(setup, timer, coach, only - {"score"}):
        print(f"| {label} | {' | '.join(cells)} |", flush=True)
    if "score" in only:
        print(f"\n| answer shape | {' | '.join(f'{mb} MB' for mb in setup.answer_mb)} |")
        print("|---|" + "---|" * len(setup.answer_mb))
        for label, cells in rows(setup, timer, coach, {"score"}):
            print(f"| {label} | {' | '.join(cells)} |", flush=True)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
