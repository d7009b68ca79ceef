"""Start-up time of the `coach` commands people run most, against `import typer`.

Prints the median wall time of each command beside the median of
`python -c "import typer"` measured in the same run, and their ratio.
Targets: every non-interactive command at most 2x the reference,
`--version` at most 1.2x.

    python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def median_ms(argv: list[str], runs: int, env: dict[str, str]) -> float:
    subprocess.run(argv, capture_output=True, env=env, check=False)  # warm the OS cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, env=env, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    coach = shutil.which("coach")
    if coach is None:
        sys.exit("coach is not on PATH: install the project first")
    home = tempfile.mkdtemp(prefix="coach-bench-")
    env = {**os.environ, "COACH_HOME": home, "NO_COLOR": "1"}
    subprocess.run(
        [coach, "questions", "--format", "json"], capture_output=True, env=env, check=False
    )

    reference = median_ms([sys.executable, "-c", "import typer"], args.runs, env)
    print(f"{'command':<40} {'median ms':>10} {'x import typer':>15} {'target':>7}")
    label = 'python -c "import typer"'
    print(f"{label:<40} {reference:>10.1f} {1.0:>15.2f}")
    commands = [
        (["--version"], 1.2),
        (["--help"], 2.0),
        (["questions", "--format", "json"], 2.0),
        (["show", "video-recommendations"], 2.0),
        (["score", "-", "--format", "json"], 2.0),
    ]
    for extra, target in commands:
        ms = median_ms([coach, *extra], args.runs, env)
        ratio = ms / reference
        flag = "ok" if ratio <= target else "over"
        print(f"{'coach ' + ' '.join(extra):<40} {ms:>10.1f} {ratio:>15.2f} {target:>6.1f}x {flag}")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
