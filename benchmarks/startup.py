"""Start-up time of the `coach` commands people run most, against `import typer`.

Prints the median wall time of each command beside the median of
`python -c "import typer"` run in turns with it, and their ratio.
Targets: every non-interactive command at most 2x the reference (`coach score FILE`
grades one fixture answer),
`--version` at most 1.2x; the first prompt of `coach mock` on screen within 0.5 s.

    python benchmarks/startup.py [--runs 15] [--coach PATH]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import user_environ  # benchmarks/ is on sys.path when run as a script

ANSWER = Path(__file__).resolve().parent.parent / "tests/fixtures/answers/01-video-recs-thorough.md"


def _run_ms(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and cpu (user + system) ms of one run."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, capture_output=True, env=env, check=False, stdin=subprocess.DEVNULL)
    wall = (time.perf_counter() - start) * 1000
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime) * 1000


def interleaved(
    argv: list[str], reference: list[str], runs: int, env: dict[str, str]
) -> tuple[float, float, float, float]:
    """Medians of (wall, cpu) for `argv` and for `reference`, run in turns: a shared
    machine whose load changes during the benchmark then moves both alike."""
    _run_ms(argv, env)  # warm the OS cache
    own, ref = [], []
    for _ in range(runs):
        ref.append(_run_ms(reference, env))
        own.append(_run_ms(argv, env))
    med = statistics.median
    return (
        med(w for w, _ in own),
        med(c for _, c in own),
        med(w for w, _ in ref),
        med(c for _, c in ref),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--coach", help="the coach to time (default: the one on PATH)")
    args = parser.parse_args()
    coach = args.coach or shutil.which("coach")
    if coach is None:
        sys.exit("coach is not on PATH: install the project first")
    home = tempfile.mkdtemp(prefix="coach-bench-")
    env = {**user_environ(), "COACH_HOME": home, "NO_COLOR": "1"}
    subprocess.run(
        [coach, "questions", "--format", "json"], capture_output=True, env=env, check=False
    )

    reference = [sys.executable, "-c", "import typer"]
    print('medians of runs taken in turns with `python -c "import typer"` (its time beside)')
    print(
        f"{'command':<40} {'median ms':>10} {'typer ms':>9} {'x typer':>8} {'target':>7}"
        f"      {'cpu ms':>7} {'x':>5}"
    )
    commands = [
        (["--version"], 1.2),
        (["--help"], 2.0),
        (["questions", "--format", "json"], 2.0),
        (["show", "video-recommendations"], 2.0),
        (["score", "-", "--format", "json"], 2.0),
        (["score", str(ANSWER)], 2.0),
        (["score", str(ANSWER), "--format", "json"], 2.0),
    ]
    for extra, target in commands:
        ms, cpu, ref_ms, ref_cpu = interleaved([coach, *extra], reference, args.runs, env)
        ratio = ms / ref_ms
        flag = "ok" if ratio <= target else "over"
        shown = " ".join(extra).replace(str(ANSWER), "FILE")
        print(
            f"{'coach ' + shown:<40} {ms:>10.1f} {ref_ms:>9.1f} {ratio:>8.2f} {target:>6.1f}x"
            f" {flag:<4} {cpu:>7.1f} {cpu / ref_cpu:>5.2f}"
        )
    first_prompt = median_first_prompt(max(5, args.runs // 2), home)
    flag = "ok" if first_prompt <= 500 else "over"
    print(
        f"{'coach mock ID: first prompt on screen':<40} {first_prompt:>10.1f} "
        f"{'':>15} {'500 ms':>7} {flag}"
    )
    shutil.rmtree(home, ignore_errors=True)


def median_first_prompt(runs: int, home: str) -> float:
    """Launch to the first answer prompt drawn in a pseudo-terminal, in ms."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.terminal import CTRL_C, Terminal

    times = []
    for _ in range(runs):
        term = Terminal("mock", "video-recommendations", home=Path(home))
        times.append(term.wait_for("Your answer") * 1000)
        term.type(CTRL_C)
        term.finish()
    return statistics.median(times)


if __name__ == "__main__":
    main()
