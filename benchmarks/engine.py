"""Speed of the grading engine, in process, against the floor of one regex pass.

(a) median time to grade one ~3,000-word answer against the full rubric with a
    question, after one warm-up;
(b) throughput over 200 answers (the fixture answers, repeated and lightly varied);
(c) the floor: one pass of a single compiled regex (`[^\\W_]+`, `.findall`) over
    the same 3,000-word text;
(d) engine / floor: the median of per-run ratios, each grade timed next to a
    floor run, so a machine that speeds up or slows down does not skew it;
(e) engine / keyword grep: the same against one compiled regex alternation of
    every phrase of the question's checklist (what a keyword-counting grader
    does in one pass), the target issue 11 sets: within 20x, under 30 ms;
(f) linearity: ms per 1,000 words at 1x, 3x and 9x the long answer.
The cold time of the very first grade in the process (stemmer import, rubric
compile, empty stem memo) is printed separately.

    python benchmarks/engine.py [--runs 20] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "tests" / "fixtures" / "answers"
QUESTION = "video-recommendations"
TARGET_WORDS = 3000
TARGET_RATIO = 20.0  # against the keyword grep (e)
TARGET_MS = 30.0  # a 3,000-word answer
FIXTURE_TARGET_MS = 10.0


def keyword_grep(library: object, question: object) -> re.Pattern[str]:
    """One alternation of every non-regex phrase of the question's checklist items."""
    sources: list[str] = []
    for item in library.items_for(question):  # type: ignore[attr-defined]
        for signal in item.match:
            for phrase in signal.any:
                if phrase.startswith("re:"):
                    continue
                parts = []
                for word in phrase.split():
                    if word == "..":
                        parts.append(r"(?:\W+\w+){0,3}")
                        continue
                    alts = [
                        re.escape(a.rstrip("*")) + (r"\w*" if a.endswith("*") else "")
                        for a in word.split("|")
                    ]
                    parts.append("(?:" + "|".join(alts) + ")")
                sources.append(r"\W+".join(parts))
    return re.compile(
        r"\b(?:" + "|".join(sorted(set(sources), key=len, reverse=True)) + r")\b", re.I
    )


def median_s(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fixture_answers() -> list[tuple[str, str | None]]:
    """(text, question id) of every labelled fixture answer, in file order."""
    labels = yaml.safe_load((ANSWERS / "labels.yaml").read_text(encoding="utf-8"))
    return [
        ((ANSWERS / name).read_text(encoding="utf-8"), (labels.get(name) or {}).get("question"))
        for name in sorted(p.name for p in ANSWERS.glob("*.md"))
    ]


def long_answer(answers: list[tuple[str, str | None]]) -> str:
    parts: list[str] = []
    words = 0
    while words < TARGET_WORDS:
        for text, _ in answers:
            parts.append(text)
            words += len(text.split())
            if words >= TARGET_WORDS:
                break
    return "\n\n".join(parts)


def verdict(ok: bool) -> str:
    return "ok" if ok else "over"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20, help="timed runs per median (>= 20)")
    parser.add_argument("--profile", action="store_true", help="print cProfile hot spots")
    args = parser.parse_args()
    runs = max(20, args.runs)

    from coach.content.library import load_library

    library = load_library(include_user=False, use_cache=False)
    answers = fixture_answers()
    text = long_answer(answers)
    words = len(text.split())
    question = library.question(QUESTION)

    # The cold grade: the first call in the process imports the stemmer, compiles
    # every phrase of the rubric and starts with an empty stem memo.
    from coach.engine import grade_text

    start = time.perf_counter()
    grade_text(text, library, question)
    cold = time.perf_counter() - start

    # (a) one long answer, warm; and (d) its ratio to the floor, each run timed
    # beside a floor run so the ratio holds on a machine whose speed drifts.
    word_re = re.compile(r"[^\W_]+")
    grade_text(text, library, question)
    one_runs, ratios = [], []
    for _ in range(runs):
        engine_s = median_s(lambda: grade_text(text, library, question), 1)
        floor_s = median_s(lambda: word_re.findall(text), 5)
        one_runs.append(engine_s)
        ratios.append(engine_s / floor_s)
    one = statistics.median(one_runs)
    ratio = statistics.median(ratios)

    # (b) throughput over 200 lightly varied answers
    batch = []
    for n in range(200):
        body, qid = answers[n % len(answers)]
        varied = f"{body}\n\nNote {n + 1}: we would revisit this design after review round {n + 1}."
        batch.append((varied, library.questions.get(qid) if qid else None))
    for body, q in batch:  # warm-up pass
        grade_text(body, library, q)

    def grade_batch() -> None:
        for body, q in batch:
            grade_text(body, library, q)

    batch_s = median_s(grade_batch, runs)
    batch_words = sum(len(body.split()) for body, _ in batch)

    # (c) the floor: one regex pass over the same long text
    word_re.findall(text)
    floor = median_s(lambda: word_re.findall(text), max(runs, 200))

    # (e) against a keyword grep of the same checklist, timed run by run as (d)
    grep = keyword_grep(library, question)
    grep.findall(text)
    grep_ratios = []
    for _ in range(runs):
        engine_s = median_s(lambda: grade_text(text, library, question), 1)
        grep_s = median_s(lambda: grep.findall(text), 3)
        grep_ratios.append(engine_s / grep_s)
    grep_ratio = statistics.median(grep_ratios)

    # (f) linearity: the same answer repeated
    per_kword = []
    for times in (1, 3, 9):
        long = "\n\n".join([text] * times)
        grade_text(long, library, question)
        seconds = median_s(
            lambda long=long: grade_text(long, library, question), max(3, runs // times)
        )
        per_kword.append((times * words, seconds * 1000 / (times * words / 1000)))

    per_answer_ms = batch_s / len(batch) * 1000
    print(
        f"answer: {words} words, question {QUESTION}; medians of {runs} runs (floor: {max(runs, 200)})"
    )
    print(f"cold first grade (stemmer + compile)  {cold * 1000:9.2f} ms")
    print(f"(a) grade one {words}-word answer      {one * 1000:9.2f} ms")
    print(
        f"(b) throughput, {len(batch)} answers ({batch_words} words): "
        f"{len(batch) / batch_s:,.0f} answers/s, {per_answer_ms:.2f} ms/answer mean"
    )
    print(f"(c) floor: one regex findall pass     {floor * 1000:9.3f} ms")
    print(f"(d) engine / floor                    {ratio:9.1f} x")
    print(
        f"(e) engine / keyword grep             {grep_ratio:9.1f} x   "
        f"target <= {TARGET_RATIO:g}x   {verdict(grep_ratio <= TARGET_RATIO)}"
    )
    print(
        f"    ms per answer (3,000 words)       {one * 1000:9.2f} ms  "
        f"target < {TARGET_MS:g} ms  {verdict(one * 1000 < TARGET_MS)}"
    )
    print(
        f"    ms per answer (fixture mean)      {per_answer_ms:9.2f} ms  "
        f"target < {FIXTURE_TARGET_MS:g} ms  {verdict(per_answer_ms < FIXTURE_TARGET_MS)}"
    )
    print("(f) ms per 1,000 words: " + ", ".join(f"{ms:.2f} at {n:,} words" for n, ms in per_kword))

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            grade_text(text, library, question)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        print(out.getvalue())


if __name__ == "__main__":
    main()
