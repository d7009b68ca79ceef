"""The score: each missing point costs once, substance counts, points fit the question."""

from __future__ import annotations

import pytest

from coach.content.library import Library, load_library
from coach.engine import grade_text

LIBRARY: Library = load_library(include_user=False, use_cache=False)
CHURN = LIBRARY.questions["customer-churn-prediction"]
VIDEOS = LIBRARY.questions["video-recommendations"]


def result(text: str, item: str, question=None):  # type: ignore[no-untyped-def]
    report = grade_text(text, LIBRARY, question)
    return next(r for r in report.items if r.item.id == item)


def test_a_missing_point_costs_its_coverage_and_nothing_more() -> None:
    thin = "The goal is to cut churn by contacting customers who are likely to cancel."
    report = grade_text(thin, LIBRARY, CHURN)
    kinds = {rule.code: rule.kind for rule in LIBRARY.rubric.rules}
    missing = [f for f in report.findings if kinds[f.code] == "missing"]
    assert missing, "the thin answer should get missing-point advice"
    assert all(kinds[f.code] in ("missing", "limit") for f in report.findings)
    assert report.penalty == 0
    assert report.score == round(100 * report.coverage)


def test_a_real_mistake_still_costs_points() -> None:
    text = (
        "We will fine-tune a large transformer on the transactions and train it on a random "
        "split of the last two years, because fraud is rare and the model must be strong."
    )
    report = grade_text(text, LIBRARY, LIBRARY.questions["realtime-payment-fraud"])
    kinds = {rule.code: rule.kind for rule in LIBRARY.rubric.rules}
    charged = [f for f in report.findings if kinds[f.code] in ("when", "order", "forbid")]
    assert charged
    assert report.penalty > 0


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("We use PR-AUC offline.", "mention"),
        ("We use PR-AUC offline because only 0.2% of payments are fraud.", "substance"),
        ("We compare models offline on PR-AUC at a 1% false positive rate.", "substance"),
    ],
)
def test_a_point_made_with_a_reason_or_a_figure_has_substance(text: str, depth: str) -> None:
    assert result(text, "metrics.offline").depth == depth


def test_substance_earns_more_than_a_mention() -> None:
    mention = grade_text("We use PR-AUC offline.", LIBRARY, CHURN)
    reasoned = grade_text("We use PR-AUC offline because churners are rare.", LIBRARY, CHURN)
    clarify = next(p for p in mention.phases if p.id == "clarify")
    assert next(p for p in reasoned.phases if p.id == "clarify").coverage > clarify.coverage > 0


def test_a_funnel_is_expected_only_where_there_is_a_catalogue_to_narrow() -> None:
    answer = "The goal is to reduce churn among subscribers who are likely to cancel."
    churn = result(answer, "model.funnel", CHURN)
    assert not churn.expected and not churn.missed
    report = grade_text(answer, LIBRARY, CHURN)
    assert all("model.funnel" not in step for step in report.next_steps(10))
    assert "model.funnel" not in {r.item.id for r in report.shown_items}
    assert result(answer, "model.funnel", VIDEOS).missed


def test_an_optional_point_made_still_counts() -> None:
    cascade = (
        "We use a cascade: a cheap logistic regression scores every account first,"
        " and a heavier model re-scores only the top 5%."
    )
    funnel = result(cascade, "model.funnel", CHURN)
    assert funnel.covered and not funnel.expected
    with_it = grade_text(cascade, LIBRARY, CHURN)
    without = grade_text("A cheap logistic regression runs first on every account.", LIBRARY, CHURN)
    model = {r.id: r for r in with_it.phases}["model"]
    assert model.total_weight > {r.id: r for r in without.phases}["model"].total_weight


def test_the_evidence_quotes_the_sentence_that_makes_the_point_best() -> None:
    text = (
        "How many daily users are there?\n\n"
        "We have about 200M daily users, so scoring every video per request is impossible.\n"
    )
    scale = result(text, "clarify.scale")
    assert scale.evidence[0].text.startswith("We have about 200M")
    assert scale.evidence[0].line == 3


PORTUGUESE = (
    "O objetivo do negócio é aumentar o tempo de visualização. Tratamos o problema como "
    "ranqueamento: para cada usuário e vídeo, o modelo prevê a probabilidade de uma "
    "visualização longa. Os dados vêm dos registros de cliques dos últimos noventa dias, "
    "e medimos NDCG e recall nos dias mais recentes com um teste A/B de duas semanas."
)
CHINESE = "业务目标是提高用户的观看时长。我们把问题定义为排序问题，离线用NDCG评估，线上做A/B测试。"


@pytest.mark.parametrize("text", [PORTUGUESE, CHINESE], ids=["portuguese", "chinese"])
def test_an_answer_not_in_english_gets_a_warning_and_no_score(text: str) -> None:
    report = grade_text(text, LIBRARY, VIDEOS)
    assert report.score is None and report.verdict == "not graded"
    assert report.warning is not None and "English" in report.warning
    assert report.findings == () and report.next_steps() == []


def test_english_notes_with_asides_in_another_script_are_graded() -> None:
    text = (
        "The goal is to raise watch time (观看时长) on the home feed. We rank candidate videos "
        "with a two-tower model and evaluate NDCG@10 on the last held-out week."
    )
    report = grade_text(text, LIBRARY, VIDEOS)
    assert report.warning is None and report.score is not None
