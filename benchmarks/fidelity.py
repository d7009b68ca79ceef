"""Grading fidelity: the engine against careful human labels.

For every labelled answer of a set, grade it and compare with its labels.yaml: per-item precision / recall, micro-F1 over all
applicable items, mistake-rule precision / recall, and the Spearman rank
correlation between the score and the human 1-4 rating. A plain keyword grep
(an item counts when any of its phrases occurs anywhere) is measured beside it.

    python benchmarks/fidelity.py [--answers DIR] [--calibration DIR] [--verbose]

It also grades the real published answers in ../shared/calibration/ when that
folder is there (override with --calibration): their texts and labels stay
outside the project, so only the figures are printed. The verdict is compared
with the 1-4 rating (no hire ... strong hire) as exact agreement and quadratic
weighted kappa.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from coach.content.library import Library, load_library
from coach.content.schema import Question
from coach.engine import grade_text
from coach.engine.compiled import AnyKey, compiled_for
from coach.engine.text import parse_document

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION = ROOT.parent / "shared" / "calibration"
VERDICT_RATING = {"no hire": 1, "lean no hire": 2, "lean hire": 3, "strong hire": 4}
# answers: written with the rubric; heldout, heldout2: written blind by others
# (see each labels.yaml for what has since been tuned with it in view).
DEFAULT_SETS = [
    ROOT / "tests" / "fixtures" / name for name in ("answers", "heldout", "heldout2", "heldout3")
]


def spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return out

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def quadratic_weighted_kappa(a: list[int], b: list[int], levels: int = 4) -> float:
    """Cohen's kappa with quadratic weights, for ratings 1..levels."""
    n = len(a)
    observed = [[0.0] * levels for _ in range(levels)]
    for x, y in zip(a, b, strict=True):
        observed[x - 1][y - 1] += 1
    row = [sum(r) for r in observed]
    col = [sum(observed[i][j] for i in range(levels)) for j in range(levels)]
    num = den = 0.0
    for i in range(levels):
        for j in range(levels):
            weight = (i - j) ** 2 / (levels - 1) ** 2
            num += weight * observed[i][j]
            den += weight * row[i] * col[j] / n
    return 1 - num / den if den else 1.0


def strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


def grep_covered(text: str, library: Library, question: Question | None) -> set[str]:
    """The naive baseline: any phrase of an applicable item anywhere in the text."""
    matcher = compiled_for(library).matcher(library.items_for(question))
    doc = parse_document(text)
    found: set[str] = set()
    regex_hits = matcher.terms.regex_hits(doc.sentences)
    for sentence in doc.sentences:
        for hit in [*matcher.terms.hits(sentence), *regex_hits.get(sentence.index, ())]:
            if isinstance(hit.key, AnyKey):
                found.add(hit.key.item)
    return found


class Tally:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()

    def add(self, predicted: set[str], truth: set[str]) -> None:
        for key in predicted & truth:
            self.tp[key] += 1
        for key in predicted - truth:
            self.fp[key] += 1
        for key in truth - predicted:
            self.fn[key] += 1

    def micro(self) -> tuple[float, float, float]:
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def per_key(self) -> list[tuple[str, float, float, int]]:
        keys = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        rows = []
        for key in keys:
            tp, fp, fn = self.tp[key], self.fp[key], self.fn[key]
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fn) if tp + fn else 1.0
            rows.append((key, p, r, tp + fn))
        return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=Path, action="append", help="a folder; repeatable")
    parser.add_argument("--calibration", type=Path, default=CALIBRATION)
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument(
        "--fit-bands",
        action="store_true",
        help="fit the verdict bands to the calibration ratings (leave-one-out) and print them",
    )
    args = parser.parse_args()
    library = load_library(include_user=False)
    for folder in args.answers or DEFAULT_SETS:
        print(f"== {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}")
        measure(library, folder, verbose=args.verbose)
        print()
    if (args.calibration / "labels" / "consensus.json").is_file():
        print(f"== {args.calibration} (real published answers, consensus labels)")
        scores, ratings = measure_calibration(library, args.calibration, verbose=args.verbose)
        if args.fit_bands:
            report_band_fit(scores, ratings)


def verdicts_for(scores: list[float], bands: tuple[float, ...]) -> list[int]:
    """1-4 for each score, given the ascending lower bounds of verdicts 2, 3 and 4."""
    return [1 + sum(score >= bound for bound in bands) for score in scores]


def fit_bands(scores: list[float], ratings: list[int]) -> tuple[float, ...]:
    """The three bounds (midpoints between scores) that agree best with the ratings:
    highest quadratic weighted kappa, then most exact matches."""
    values = sorted(set(scores))
    bounds = [(a + b) / 2 for a, b in itertools.pairwise(values)] or values
    best: tuple[float, int, tuple[float, ...]] = (-2.0, -1, ())
    for bands in itertools.combinations(bounds, 3):
        verdicts = verdicts_for(scores, bands)
        kappa = quadratic_weighted_kappa(verdicts, ratings)
        exact = sum(v == r for v, r in zip(verdicts, ratings, strict=True))
        if (kappa, exact) > best[:2]:
            best = (kappa, exact, bands)
    return best[2]


def report_band_fit(scores: list[float], ratings: list[int]) -> None:
    """Leave-one-out: each answer's verdict comes from bands fitted without it, so
    the kappa printed is a held-out figure, not the fit's own."""
    held_out = []
    for i in range(len(scores)):
        bands = fit_bands(scores[:i] + scores[i + 1 :], ratings[:i] + ratings[i + 1 :])
        held_out.extend(verdicts_for([scores[i]], bands))
    exact = sum(v == r for v, r in zip(held_out, ratings, strict=True))
    kappa = quadratic_weighted_kappa(held_out, ratings)
    print(
        f"bands fitted on all answers (lean no hire, lean hire, strong hire): {fit_bands(scores, ratings)}"
    )
    print(f"leave-one-out verdict vs rating: exact {exact}/{len(ratings)}, QWK {kappa:.3f}")


def measure_calibration(
    library: Library, folder: Path, *, verbose: bool
) -> tuple[list[float], list[int]]:
    """Grade each real answer's body with no question, as `coach score` would."""
    labels = json.loads((folder / "labels" / "consensus.json").read_text())["answers"]
    items, grep = Tally(), Tally()
    scores: list[float] = []
    ratings: list[int] = []
    verdicts: list[int] = []
    counts: list[float] = []
    for stem, label in sorted(labels.items()):
        path = folder / "answers" / f"{stem}.md"
        if not path.is_file():
            continue
        text = strip_front_matter(path.read_text(encoding="utf-8"))
        report = grade_text(text, library, None)
        applicable = {r.item.id for r in report.items}
        truth = {k for k, v in label["items"].items() if v} & applicable
        predicted = {r.item.id for r in report.items if r.covered}
        items.add(predicted, truth)
        grep.add(grep_covered(text, library, None), truth)
        scores.append(report.score)
        ratings.append(int(label["rating"]))
        verdicts.append(VERDICT_RATING.get(report.verdict, 0))
        counts.append(len(truth))
        if verbose:
            print(
                f"{stem:<44} score {report.score:>3} {report.verdict:<13} rating {label['rating']}"
                f"  false+ {sorted(predicted - truth)}  missed {sorted(truth - predicted)}"
            )
    print(f"answers: {len(scores)}")
    if verbose:
        print(f"{'item':<28} {'precision':>9} {'recall':>7} {'n':>4}")
        for key, p, r, n in items.per_key():
            print(f"{key:<28} {p:>9.2f} {r:>7.2f} {n:>4}")
    for title, tally in (("engine items", items), ("keyword grep", grep)):
        p, r, f1 = tally.micro()
        print(f"{title:<16} micro precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
    exact = sum(v == r for v, r in zip(verdicts, ratings, strict=True))
    print(f"rank correlation (Spearman) score vs rating: {spearman(scores, ratings):.3f}")
    print(
        f"rank correlation (Spearman) human item count vs rating: {spearman(counts, ratings):.3f}"
    )
    print(
        f"verdict vs rating: exact {exact}/{len(ratings)}, "
        f"quadratic weighted kappa {quadratic_weighted_kappa(verdicts, ratings):.3f}"
    )
    return scores, ratings


def measure(library: Library, folder: Path, *, verbose: bool) -> None:
    labels: dict[str, Any] = yaml.safe_load((folder / "labels.yaml").read_text())
    items, grep, rules = Tally(), Tally(), Tally()
    scores: list[float] = []
    ratings: list[float] = []
    for name, label in sorted(labels.items()):
        text = (folder / name).read_text()
        qid = label.get("question")
        question = library.questions.get(qid) if qid else None
        report = grade_text(text, library, question)
        applicable = {r.item.id for r in report.items}
        truth = set(label.get("covered") or []) & applicable
        predicted = {r.item.id for r in report.items if r.covered}
        items.add(predicted, truth)
        grep.add(grep_covered(text, library, question), truth)
        rule_names = {r.name for r in library.rubric.rules if not r.session_only}
        rules.add({f.name for f in report.findings} & rule_names, set(label.get("mistakes") or []))
        scores.append(report.score)
        ratings.append(float(label["rating"]))
        if verbose:
            extra = sorted(predicted - truth)
            missed = sorted(truth - predicted)
            print(
                f"{name:<48} score {report.score:>3} rating {label['rating']}  "
                f"false+ {extra}  missed {missed}"
            )

    print(f"answers: {len(labels)}")
    print(f"{'item':<28} {'precision':>9} {'recall':>7} {'n':>4}")
    for key, p, r, n in items.per_key():
        print(f"{key:<28} {p:>9.2f} {r:>7.2f} {n:>4}")
    for title, tally in (("engine items", items), ("keyword grep", grep), ("mistake rules", rules)):
        p, r, f1 = tally.micro()
        print(f"{title:<16} micro precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
    print(f"rank correlation (Spearman) score vs rating: {spearman(scores, ratings):.3f}")
    words = [len((folder / n).read_text().split()) for n in sorted(labels)]
    print(f"rank correlation (Spearman) word count vs rating: {spearman(words, ratings):.3f}")


if __name__ == "__main__":
    main()
