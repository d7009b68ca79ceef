"""The engine on small texts: parsing (blocks, phases, sentences, positions,
quantities, negation) and what a sentence must say to cover an item.

Every coverage assertion has a counterpart that shows the same engine *would*
cover the item when the sentence makes the point, so a test cannot pass merely
because nothing is ever covered.
"""

from __future__ import annotations

import pytest

from coach.content.library import Library, load_library
from coach.content.schema import Question
from coach.engine import grade_text
from coach.engine.grading import Report, heading_mapper
from coach.engine.text import Document, Sentence, parse_document


@pytest.fixture(scope="module")
def library() -> Library:
    # No cache: a module fixture runs before the per-test COACH_HOME is set.
    return load_library(include_user=False, use_cache=False)


def parse(text: str, library: Library) -> Document:
    return parse_document(text, heading_mapper(library.framework))


def covered(text: str, library: Library, question: Question | None = None) -> set[str]:
    report = grade_text(text, library, question)
    return {r.item.id for r in report.items if r.covered}


def fired(text: str, library: Library, question: Question | None = None) -> set[str]:
    """The names of the rules that fire on the text."""
    return {f.name for f in grade_text(text, library, question).findings}


def only(doc: Document) -> Sentence:
    assert len(doc.sentences) == 1, [s.text for s in doc.sentences]
    return doc.sentences[0]


def find(doc: Document, start: str) -> Sentence:
    matches = [s for s in doc.sentences if s.text.startswith(start)]
    assert len(matches) == 1, (start, [s.text for s in doc.sentences])
    return matches[0]


def offset_of(text: str, line: int, col: int) -> int:
    lines = text.split("\n")
    assert 1 <= line <= len(lines)
    assert 1 <= col <= len(lines[line - 1]) + 1
    return sum(len(x) + 1 for x in lines[: line - 1]) + col - 1


MONITORING = "We monitor feature drift daily and alert on-call."


def test_the_monitoring_control_sentence_covers_drift(library: Library) -> None:
    # The reference point for every "covers nothing" test below that reuses it.
    assert "monitor.drift" in covered(MONITORING, library)


# --- headings and phases ---------------------------------------------------

HEADED = """\
Intro line before any heading.

## Data & features

We log every impression with its user.

### Sub

Nested text under the sub heading.

## Evaluation

A held-out week is the test set.

Setext Model
------------

Body under the setext heading.

**Wrap-up**

Body under the bold line.

Monitoring:

Body under the label line.

## Appendix

Loose notes at the end.
"""


def test_heading_kinds_and_phases(library: Library) -> None:
    doc = parse(HEADED, library)
    headings = [(s.text, s.phase) for s in doc.sentences if s.kind == "heading"]
    assert headings == [
        ("## Data & features", "data"),
        ("### Sub", "data"),
        ("## Evaluation", "evaluate"),
        ("Setext Model", "model"),
        ("**Wrap-up**", "wrapup"),
        ("Monitoring:", "evaluate"),
        ("## Appendix", None),
    ]
    # The setext underline is markup, not a sentence.
    assert not any(set(s.text) <= {"-"} for s in doc.sentences)


def test_body_text_takes_the_phase_of_its_heading(library: Library) -> None:
    doc = parse(HEADED, library)
    phases = {s.text: s.phase for s in doc.sentences if s.kind != "heading"}
    assert phases == {
        "Intro line before any heading.": None,
        "We log every impression with its user.": "data",
        "Nested text under the sub heading.": "data",  # ### keeps the parent's phase
        "A held-out week is the test set.": "evaluate",
        "Body under the setext heading.": "model",
        "Body under the bold line.": "wrapup",
        "Body under the label line.": "evaluate",
        "Loose notes at the end.": None,  # an unmapped top heading resets the phase
    }
    assert all(s.kind == "prose" for s in doc.sentences if s.kind != "heading")
    assert doc.has_phase_headings


@pytest.mark.parametrize(
    ("heading", "phase"),
    [
        ("Data & features", "data"),
        ("Evaluation", "evaluate"),
        ("Clarifying questions", "clarify"),
        ("Model architecture", "model"),
        ("Trade-offs and next steps", "wrapup"),
        ("Appendix", None),
    ],
)
def test_heading_mapper(library: Library, heading: str, phase: str | None) -> None:
    assert heading_mapper(library.framework)(heading) == phase


def test_a_heading_never_earns_an_item(library: Library) -> None:
    heading = "## " + MONITORING.rstrip(".")
    doc = parse(heading, library)
    assert only(doc).kind == "heading"
    assert "monitor.drift" not in covered(heading, library)


# --- code -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"```\n{MONITORING}\n```\n",
        f"```python\n# {MONITORING}\nmonitor(drift=True)\n```\n",
        f"~~~\n{MONITORING}\n~~~\n",
        f"Some intro text.\n\n    {MONITORING}\n    alert(on_call=True)\n",
        f"Some intro text.\n\n\t{MONITORING}\n",
    ],
    ids=["backticks", "backticks-lang", "tildes", "indented", "tab-indented"],
)
def test_code_is_kind_code_and_earns_nothing(library: Library, text: str) -> None:
    doc = parse(text, library)
    code = [s for s in doc.sentences if "drift" in s.text]
    assert code and all(s.kind == "code" for s in code)
    assert "monitor.drift" not in covered(text, library)


def test_an_unclosed_fence_swallows_the_rest(library: Library) -> None:
    text = f"Intro.\n\n```\n{MONITORING}\n"
    assert "monitor.drift" not in covered(text, library)


def test_text_after_a_closed_fence_is_prose_again(library: Library) -> None:
    text = f"```\nprint('x')\n```\n{MONITORING}\n"
    assert find(parse(text, library), "We monitor").kind == "prose"
    assert "monitor.drift" in covered(text, library)


# --- tables and bullets -----------------------------------------------------

TABLE = """\
| Area | Plan |
|---|---|
| Monitoring | we monitor feature drift daily and alert on-call |
| Retraining | weekly |
"""


def test_table_rows_are_sentences(library: Library) -> None:
    doc = parse(TABLE, library)
    assert [(s.kind, s.line, s.col) for s in doc.sentences] == [
        ("table", 1, 1),
        ("table", 3, 1),  # the |---| rule is not a sentence
        ("table", 4, 1),
    ]
    assert doc.sentences[1].text.startswith("| Monitoring | we monitor")
    # A row with content earns its item like any sentence.
    assert "monitor.drift" in covered(TABLE, library)


def test_indented_table_rows_and_headings_point_at_their_markup(library: Library) -> None:
    text = (
        "## Evaluation\n\n"
        "  ### Monitoring plan\n\n"
        "   | Monitoring | we monitor feature drift daily and alert on-call |\n"
    )
    doc = parse(text, library)
    assert [(s.kind, s.phase, s.line, s.col) for s in doc.sentences] == [
        ("heading", "evaluate", 1, 1),
        ("heading", "evaluate", 3, 3),  # an indented ### is still a sub heading
        ("table", "evaluate", 5, 4),
    ]
    (drift,) = [r for r in grade_text(text, library).items if r.item.id == "monitor.drift"]
    assert [(e.line, e.col) for e in drift.evidence] == [(5, 4)]


def test_bullets(library: Library) -> None:
    text = (
        "- first bullet point here\n"
        "- second bullet point\n"
        "  continues on this line\n"
        "* star bullet\n"
        "1. numbered item\n"
        "2) other numbered item\n"
    )
    doc = parse(text, library)
    assert [(s.kind, s.text, s.line, s.col) for s in doc.sentences] == [
        ("bullet", "first bullet point here", 1, 3),
        ("bullet", "second bullet point continues on this line", 2, 3),
        ("bullet", "star bullet", 4, 3),
        ("bullet", "numbered item", 5, 4),
        ("bullet", "other numbered item", 6, 4),
    ]


# --- sentences and positions -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We start simple, e.g. XGBoost on counters. Then we add a two-tower model.",
            ["We start simple, e.g. XGBoost on counters.", "Then we add a two-tower model."],
        ),
        (
            "A simple model first. E.g. Logistic regression on counts. Then trees.",
            ["A simple model first.", "E.g. Logistic regression on counts.", "Then trees."],
        ),
        (
            "Pick one, i.e. The cheapest. Compare A vs. B on recall.",
            ["Pick one, i.e. The cheapest.", "Compare A vs. B on recall."],
        ),
        (
            "Is it real-time? Yes! It must answer in 200 ms.",
            ["Is it real-time?", "Yes!", "It must answer in 200 ms."],
        ),
        ("Latency is 1.5 s at peak. Fine.", ["Latency is 1.5 s at peak.", "Fine."]),
    ],
)
def test_sentence_splitting(library: Library, text: str, expected: list[str]) -> None:
    assert [s.text for s in parse(text, library).sentences] == expected


POSITIONS = """\
# Title

First sentence here. Second one on the same line.
  Indented continuation of the paragraph.

- bullet one. Bullet two in the same item.
   1. nested numbered item

| cell a | cell b |

Final paragraph, e.g. With an abbreviation. And an end!
"""


def test_line_and_col_point_at_each_sentence(library: Library) -> None:
    doc = parse(POSITIONS, library)
    got = [(s.text.split()[0], s.line, s.col) for s in doc.sentences]
    assert got == [
        ("#", 1, 1),
        ("First", 3, 1),
        ("Second", 3, 22),
        ("Indented", 4, 3),
        ("bullet", 6, 3),
        ("Bullet", 6, 15),
        ("nested", 7, 7),
        ("|", 9, 1),
        ("Final", 11, 1),
        ("And", 11, 45),
    ]
    for s in doc.sentences:
        offset = offset_of(POSITIONS, s.line, s.col)
        assert offset == s.start
        # The original text from there, whitespace folded, starts with the sentence.
        assert " ".join(POSITIONS[offset:].split()).startswith(s.text), s


def test_positions_survive_windows_line_endings(library: Library) -> None:
    unix = "Line one here.\n\nSecond para. Third sentence.\n"
    windows = unix.replace("\n", "\r\n")
    assert [(s.text, s.line, s.col) for s in parse(windows, library).sentences] == [
        (s.text, s.line, s.col) for s in parse(unix, library).sentences
    ]


# --- quantities ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The budget is 200 ms.", 1),
        ("We have 100M DAU.", 1),
        ("Peak traffic is 10k QPS.", 1),
        ("Positives are 5% of rows.", 1),
        ("We care about p99.", 1),
        ("It serves millions of users.", 1),
        ("Latency 200ms at p99 for 2,000 TPS.", 3),
        ("This is version 2 of the model.", 0),
        ("In step 3 we train the model.", 0),
        ("We train the model carefully.", 0),
    ],
)
def test_quantities(library: Library, text: str, count: int) -> None:
    assert only(parse(text, library)).quantities == count


def test_plain_numbers_are_numbers_but_not_quantities(library: Library) -> None:
    sentence = only(parse("In step 3 we train version 2.", library))
    assert sentence.numbers > 0
    assert sentence.quantities == 0


# --- negation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("negated", "control"),
    [
        ("We won't monitor drift.", "We will monitor drift weekly."),
        ("No monitoring of model scores in v1.", "Basic monitoring of model scores in v1."),
        ("Drift monitoring is not needed.", "Drift monitoring is needed."),
        ("Monitoring the model is out of scope.", "Monitoring the model is in scope."),
        ("We don't monitor feature drift daily.", "We monitor feature drift daily."),
        (
            "We do not monitor feature drift daily or alert the on-call team.",
            "We monitor feature drift daily and alert the on-call team.",
        ),
    ],
)
def test_negation_leaves_the_item_uncovered(library: Library, negated: str, control: str) -> None:
    assert "monitor.drift" in covered(control, library)
    assert "monitor.drift" not in covered(negated, library)
    sentence = only(parse(negated, library))
    words = {t.lower for i, t in enumerate(sentence.tokens) if i in sentence.negated}
    assert words & {"monitor", "monitoring", "drift"}


def test_not_only_does_not_negate(library: Library) -> None:
    text = "We not only monitor feature drift daily but also retrain weekly."
    assert not only(parse(text, library)).negated
    assert {"monitor.drift", "monitor.retraining"} <= covered(text, library)


def test_negation_stops_at_a_clause_break(library: Library) -> None:
    text = "We don't retrain on every event, but we monitor feature drift daily and alert on-call."
    assert "monitor.drift" in covered(text, library)


# --- deferral -----------------------------------------------------------------

CONTROL = "We monitor feature drift daily and alert the on-call team."


@pytest.mark.parametrize(
    "deferred",
    [
        "With more time I would monitor feature drift daily and alert the on-call team.",
        "If time permits, we monitor feature drift daily and alert the on-call team.",
        "We would monitor feature drift daily and alert the on-call team down the road.",
        "In the future, we monitor feature drift daily and alert the on-call team.",
        "Drift monitoring with daily alerts to the on-call team we can figure out later.",
        "**With more time I would:**\n\n- monitor feature drift daily and alert the on-call team",
        "## Future work\n\nWe monitor feature drift daily and alert the on-call team.",
        # left out rather than put off: the same, nothing earned
        "Didn't get to: how we monitor feature drift daily and alert the on-call team.",
        "I ran out of time to monitor feature drift daily and alert the on-call team.",
        "Not covered: monitoring feature drift daily with alerts to the on-call team.",
        "We skipped monitoring feature drift daily and alerting the on-call team.",
        "## Out of scope\n\nWe monitor feature drift daily and alert the on-call team.",
        "### Skipped\n\n- monitor feature drift daily and alert the on-call team",
    ],
)
def test_an_idea_put_off_to_later_earns_nothing(library: Library, deferred: str) -> None:
    assert "monitor.drift" in covered(CONTROL, library)
    assert "monitor.drift" not in covered(deferred, library)


def test_deferral_ends_at_a_contrast_and_the_next_heading(library: Library) -> None:
    text = "With more time we'd add a ranker, but we monitor feature drift daily and alert on-call."
    assert "monitor.drift" in covered(text, library)
    sectioned = "## Future work\n\nA cross-encoder.\n\n## Monitoring\n\n" + CONTROL
    assert "monitor.drift" in covered(sectioned, library)


def test_what_users_skipped_is_data_not_an_omission(library: Library) -> None:
    text = "Skipped songs and songs played under 30 seconds are negative labels for the ranker."
    assert "data.labels" in covered(text, library)
    assert not only(parse(text, library)).negated


def test_the_future_a_forecast_predicts_is_not_a_deferral(library: Library) -> None:
    text = "We forecast demand for each store in the future weeks from daily sales and promotions."
    assert not only(parse(text, library)).negated


def test_instead_of_negates_the_random_split(library: Library) -> None:
    question = library.question("retail-demand-forecasting")
    rule = "random-split-on-temporal-data"
    weeks = "hold out the last eight weeks of sales."
    assert rule in fired(f"We use a random split and {weeks}", library, question)
    assert rule not in fired("Instead of a random split we split by time.", library, question)
    # Without the time-split wording, only the negation keeps the rule quiet.
    assert rule not in fired(f"Instead of a random split we {weeks}", library, question)
    # The rule is a forecasting rule: the generic rubric never fires it.
    assert rule not in fired("We use a random split.", library)


# --- what a sentence must say ----------------------------------------------------


def test_a_bare_bullet_does_not_cover_but_a_plan_does(library: Library) -> None:
    assert "eval.online" not in covered("- A/B testing", library)
    plan = "- A/B test the new ranker against production on 5% of traffic for two weeks"
    assert "eval.online" in covered(plan, library)


@pytest.mark.parametrize(
    "text",
    [
        "We use transformers, GNNs, two-tower models, feature stores, drift detection,"
        " A/B testing and Kubernetes.",
        "Transformers, GNN, DLRM, feature store, drift detection, A/B testing, canary.",
    ],
)
def test_a_buzzword_list_covers_nothing(library: Library, text: str) -> None:
    assert covered(text, library) == set()


@pytest.mark.parametrize(
    "text",
    ["Discuss monitoring.", "Discuss A/B testing.", "Mention monitoring for drift and retraining."],
)
def test_an_agenda_line_covers_nothing(library: Library, text: str) -> None:
    assert covered(text, library) == set()


def test_a_question_counts_only_for_clarify_items(library: Library) -> None:
    question = "Is the latency budget 200 ms at p99? Do we monitor feature drift daily?"
    doc = parse(question, library)
    assert [s.is_question for s in doc.sentences] == [True, True]
    earned = covered(question, library)
    assert "clarify.latency" in earned
    assert all(library.items[i].phase == "clarify" for i in earned), earned

    statement_q = MONITORING.replace("We monitor", "Should we monitor").replace(".", "?")
    assert only(parse(statement_q, library)).is_question
    assert "monitor.drift" not in covered(statement_q, library)
    assert "monitor.drift" in covered(MONITORING, library)


def test_evidence_points_at_the_sentence_that_earned_it(library: Library) -> None:
    text = f"## Evaluation\n\nWe ship it. {MONITORING}\n"
    report: Report = grade_text(text, library)
    (drift,) = [r for r in report.items if r.item.id == "monitor.drift"]
    assert drift.covered
    assert [(e.line, e.col, e.text) for e in drift.evidence] == [(3, 13, MONITORING)]


def test_a_quantity_without_a_digit_does_not_meet_a_need_for_a_number(library: Library) -> None:
    """ "thousands of qps" is a quantity, not a number: a `needs: number` signal waits for one."""
    sentence = only(parse("We expect thousands of qps at peak.", library))
    assert sentence.quantities and not sentence.numbers
    assert "clarify.scale" not in covered(
        "## Clarify\n\nWe expect thousands of qps at peak.\n", library
    )


def test_a_dangling_and_at_the_end_of_a_bullet_still_separates_terms(library: Library) -> None:
    assert not covered("- Tools, BERT, feature store index and \n", library)


# --- what retraining is and is not ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We retrain the ranker weekly on the last 30 days of interactions.",
        "The model is trained nightly on the previous day's labelled transactions.",
        "A scheduled job retrains the classifier every month and compares it with the live one.",
    ],
)
def test_a_retraining_cadence_counts(library: Library, text: str) -> None:
    assert "monitor.retraining" in covered(text, library)


@pytest.mark.parametrize(
    "text",
    [
        # batch scoring on a schedule is inference, not a retrain
        "A nightly Spark job runs both models for all users and writes the top 40 to Cassandra.",
        # "periodic" and "period" share a stem; a test period is not a cadence
        "Train on January to March and test on April, a period after training, like production.",
        # a time window of data is not a schedule
        "We train the model on 8 weeks of logs and evaluate it on the following week.",
    ],
)
def test_what_only_sounds_like_retraining(library: Library, text: str) -> None:
    assert "monitor.retraining" not in covered(text, library)


# --- wording real answers use ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A team of 25 people can open roughly 600 investigations a month.",
        "We receive around 40,000 motor and home claims, most of them genuine.",
        "The bank issues 2 million policies, each renewed once a year.",
    ],
)
def test_any_large_figure_or_rate_sizes_the_problem(library: Library, text: str) -> None:
    assert "clarify.scale" in covered(text, library)
    assert "no-numbers" not in fired(text, library)


def test_a_count_of_times_or_days_is_not_scale(library: Library) -> None:
    assert "clarify.scale" not in covered("We retrain 3 times a week on 30 days of logs.", library)


@pytest.mark.parametrize(
    "text",
    [
        "A new member picks three titles at sign-up, and until they have a few plays we fill "
        "the rows from a country popularity list.",
        "Give new hotels a small boost in a few slots and back off to content features.",
    ],
)
def test_cold_start_in_the_question_s_own_nouns(library: Library, text: str) -> None:
    assert "recsys.cold_start" in covered(text, library, library.question("video-recommendations"))


@pytest.mark.parametrize(
    "text",
    [
        "I'd treat this as token-level sequence labelling with a BIO scheme for the entities.",
        "I would build a classifier that reads every incoming email and says spam or not spam.",
        "Regression: predict trip duration in seconds from pickup to drop-off for each request.",
    ],
)
def test_the_task_framed_in_other_words(library: Library, text: str) -> None:
    assert "clarify.ml_task" in covered(text, library)


def test_a_table_of_contents_line_names_a_section(library: Library) -> None:
    toc = "Contents\n\n1. Data & labels\n2. Monitoring drift daily\n\n"
    sections = "## 1. Data and labels\n\nTBD.\n\n## 2. Monitoring drift daily\n\nTBD.\n"
    assert "monitor.drift" not in covered(toc + sections, library)
    # the same line where it is not a heading's entry makes its point
    assert "monitor.drift" in covered("- Monitoring drift daily\n", library)


@pytest.mark.parametrize(
    "text",
    [
        "Discuss offline and online metrics.",
        "Ask about the business goal and the latency budget.",
        "- Talk about monitoring feature drift and alerting.",
    ],
)
def test_an_agenda_opening_promises_a_topic(library: Library, text: str) -> None:
    assert covered(text, library) == set()


def test_a_real_step_in_the_imperative_counts(library: Library) -> None:
    assert "data.labels" in covered("Ask annotators to label 10k images as defect or not.", library)


def test_buzzwords_in_a_full_sentence_earn_nothing(library: Library) -> None:
    text = "We leverage state-of-the-art transformers, embeddings and a feature store to drive engagement and KPIs at scale."
    assert covered(text, library) == set()


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "We will build a next-generation matching engine that is real-time, low-latency and massively scalable.",
            False,
        ),
        ("Latency must stay under 100 ms at p99 because it sits in the checkout path.", True),
        ("The ranking latency budget is tight since the feed is user-facing.", True),
    ],
)
def test_low_latency_alone_is_not_a_requirement(library: Library, text: str, counts: bool) -> None:
    assert ("clarify.latency" in covered(text, library)) is counts


def test_a_budget_in_seconds_with_an_approximation(library: Library) -> None:
    text = "Results should come back within about 1 s including the upload."
    assert "clarify.latency" in covered(text, library)
    assert "no-numbers" not in fired(text, library)


def test_new_items_embedded_on_upload_is_a_cold_start_answer(library: Library) -> None:
    text = (
        "New products are embedded as soon as they are uploaded, so they can be retrieved at once."
    )
    assert "recsys.cold_start" in covered(text, library, library.question("video-recommendations"))


def test_a_step_that_can_be_skipped_is_not_made(library: Library) -> None:
    text = "Drift monitoring with daily alerts to the on-call team can be skipped for the first version."
    assert "monitor.drift" not in covered(text, library)
    skips = "Songs that users skipped within 30 seconds are negative labels for the ranker."
    assert "data.labels" in covered(skips, library)


def test_a_business_funnel_is_not_a_ranking_funnel(library: Library) -> None:
    question = library.question("video-recommendations")
    business = (
        "An AI-first approach lets us unlock value across the entire hiring funnel for members."
    )
    assert "model.funnel" not in covered(business, library, question)
    ranking = "The funnel narrows 10M videos to 500 candidates, then a heavy ranker scores those."
    assert "model.funnel" in covered(ranking, library, question)


# --- notes: a label or heading says what a short line is about -------------------

NOTES_PADDING = (
    "\n\nThe answer goes on in full sentences, as notes usually do around their lists.\n"
    "Each section explains its choices before it lists the details below.\n"
    "The lists hold the details that a sentence would only make longer.\n"
    "Most lines say something whole, so this reads as notes and not as an outline.\n"
)


@pytest.mark.parametrize(
    ("text", "bare", "item"),
    [
        ("- **Offline metrics:** PR-AUC, ROC-AUC", "- PR-AUC, ROC-AUC", "metrics.offline"),
        ("- Loss: binary cross-entropy", "- binary cross-entropy", "model.training"),
        (
            "**Offline metrics**\n\n- Log loss\n- ROC-AUC",
            "- Log loss\n- ROC-AUC",
            "metrics.offline",
        ),
        ("- offline\n  - NDCG\n  - MRR", "- NDCG\n- MRR", "metrics.offline"),
        (
            "- Features: merchant category, hour of day, card age",
            "- merchant category, hour of day, card age",
            "data.features",
        ),
    ],
)
def test_a_labelled_line_makes_its_point(library: Library, text: str, bare: str, item: str) -> None:
    assert item in covered(text + NOTES_PADDING, library)
    assert item not in covered(bare + NOTES_PADDING, library)


def test_a_labelled_dump_of_many_points_earns_nothing(library: Library) -> None:
    text = (
        "- Stack: Kafka, feature store, two-tower model, drift detection, A/B tests" + NOTES_PADDING
    )
    assert covered(text, library) == set()


def test_a_labelled_catalogue_of_models_chooses_none(library: Library) -> None:
    catalogue = "## Model\n\n- Options: BERT, GNNs, XGBoost and CatBoost" + NOTES_PADDING
    assert "model.choice" not in covered(catalogue, library)
    assert "model.choice" in covered("## Model\n\n- Main model: XGBoost" + NOTES_PADDING, library)


def test_labels_in_a_bare_outline_make_no_statement(library: Library) -> None:
    outline = "## Metrics\n\n- metrics: NDCG, CTR\n- latency\n- scale\n- labels\n- split\n- A/B\n"
    assert covered(outline, library) == set()


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("The goal is to cut fraud losses.", "clarify.goal"),
        ("The aim is to raise revenue per visit.", "clarify.goal"),
        ("The online metric is click-through rate.", "metrics.online"),
        ("Accurate arrival times matter for rider trust.", "clarify.goal"),
    ],
)
def test_a_short_plain_statement_makes_its_point(library: Library, text: str, item: str) -> None:
    assert item in covered(text, library)


@pytest.mark.parametrize(
    "text",
    [
        "The goal of the training phase is to fit the parameters well.",
        "Goal: predict the trip duration from pickup and drop-off.",
        "The goal for this project is to deploy the new model to production.",
    ],
)
def test_a_goal_word_without_an_outcome_is_no_business_goal(library: Library, text: str) -> None:
    assert "clarify.goal" not in covered(text, library)


def test_indented_text_under_a_label_is_notes_not_code(library: Library) -> None:
    notes = "Business task:\n    help riders trust the ETA so that fewer of them cancel trips\n"
    doc = parse(notes, library)
    assert [s.kind for s in doc.sentences] == ["heading", "prose"]
    assert "clarify.goal" in covered(notes, library)
    code = "Business task:\n\n    help riders trust the ETA so that fewer of them cancel trips\n"
    assert parse(code, library).sentences[-1].kind == "code"


def test_a_long_lead_in_before_a_colon_still_opens_a_list(library: Library) -> None:
    dump = "The key idea is to combine the strongest techniques: transformers, GNNs, DLRM, DeepFM."
    assert only(parse(dump, library)).lists_terms()


def test_a_flow_diagram_states_its_steps(library: Library) -> None:
    diagram = "```mermaid\nflowchart LR\n  A[Resize to 640 px] --> B[Daily retraining job]\n```\n"
    assert {"data.preprocessing", "monitor.retraining"} <= covered(diagram, library)
    code = (
        "```python\nresize(image, 640)  # resize to 640 px\nschedule_daily_retraining_job()\n```\n"
    )
    assert covered(code, library) == set()


def test_a_lead_in_sentence_says_what_its_list_is_about(library: Library) -> None:
    text = "We measure the models offline with the following:\n\n- NDCG\n- MRR\n" + NOTES_PADDING
    assert "metrics.offline" in covered(text, library)
