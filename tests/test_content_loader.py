"""The content loader: every class of error is reported at its exact place."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from coach.common.signed_cache import prune
from coach.content.library import load_library
from coach.content.loader import load_bank_file, validate_text
from coach.content.schema import Bank, Rubric
from coach.errors import ContentError
from tests.conftest import MINI_BANK, mini_rubric_text


def problems_of(text: str, kind: type = Bank) -> list[str]:
    with pytest.raises(ContentError) as info:
        validate_text(text, "bank.yaml", kind)
    return [str(p) for p in info.value.problems]


def lib(rubric: Path, *banks: Path):  # type: ignore[no-untyped-def]
    return load_library(list(banks), rubric_path=rubric, include_shipped=False)


def test_mini_library_loads(mini_content: tuple[Path, Path]) -> None:
    library = lib(*mini_content)
    assert list(library.questions) == ["video-recs", "fraud-scoring"]
    assert library.question("video-recs").facts[0].answer == "200M daily users."
    rec_items = {i.id for i in library.items_for(library.question("video-recs"))}
    general_items = {i.id for i in library.items_for(library.question("fraud-scoring"))}
    assert "recsys.cold_start" in rec_items
    assert "recsys.cold_start" not in general_items
    assert len(general_items) == 25


def test_syntax_error_has_line_and_column() -> None:
    text = "questions:\n  - id: a\n    title: a: b\n"
    (problem,) = problems_of(text)
    assert problem == "bank.yaml:3:13: mapping values are not allowed in this context"


def test_an_unclosed_quote_or_bracket_is_reported_where_it_opens() -> None:
    text = 'questions:\n  - id: a\n    title: "unclosed\n    prompt: p\n\n'
    assert problems_of(text) == ["bank.yaml:3:12: this quoted string is never closed"]
    text = "questions:\n  - id: a\n    title: [unclosed\n"
    assert problems_of(text) == ["bank.yaml:3:12: this '[' is never closed"]


def test_a_second_document_is_a_sentence_at_its_start() -> None:
    assert problems_of("questions: []\n---\nquestions: []\n") == [
        "bank.yaml:2:1: only one YAML document per file; a second one starts here"
    ]


def test_a_control_character_is_one_located_line() -> None:
    assert problems_of("questions:\n  - id: é x\x00\n") == [
        "bank.yaml:2:12: character U+0000 is not allowed in YAML"
    ]


def test_tab_indentation_is_located() -> None:
    (problem,) = problems_of("questions:\n\t- id: a\n")
    assert problem.startswith("bank.yaml:2:1:"), problem


def test_duplicate_key_is_rejected_at_the_second_key() -> None:
    text = MINI_BANK.replace(
        "    difficulty: medium\n", "    difficulty: medium\n    title: Again\n"
    )
    (problem,) = problems_of(text)
    assert problem == "bank.yaml:7:5: duplicate key 'title' (first at line 3)"


def test_unknown_key_points_at_the_key() -> None:
    text = MINI_BANK.replace(
        "    difficulty: medium\n", "    difficulty: medium\n    dificulty: x\n"
    )
    (problem,) = problems_of(text)
    assert problem == "bank.yaml:7:5: unknown key 'dificulty' in questions[0]"


def test_wrong_value_points_at_the_value() -> None:
    text = MINI_BANK.replace("difficulty: hard", "difficulty: extreme")
    (problem,) = problems_of(text)
    assert problem.startswith("bank.yaml:15:17: questions[1].difficulty: Input should be 'easy'")
    assert "(got 'extreme')" in problem


def test_missing_key_points_at_the_mapping() -> None:
    text = MINI_BANK.replace("    prompt: Score card payments.\n", "")
    (problem,) = problems_of(text)
    assert problem == "bank.yaml:10:5: missing key 'prompt' in questions[1]"


def test_yaml_boolean_trap_is_caught() -> None:
    text = MINI_BANK.replace("title: Design fraud scoring", "title: yes")
    (problem,) = problems_of(text)
    assert problem.startswith("bank.yaml:11:12: questions[1].title: Input should be a valid string")


def test_bad_slug_is_reported_with_its_question() -> None:
    text = MINI_BANK.replace("id: fraud-scoring", "id: Fraud Scoring")
    (problem,) = problems_of(text)
    assert problem.startswith("bank.yaml:10:5: questions[1]: question id 'Fraud Scoring'")


def test_every_error_is_listed_not_just_the_first() -> None:
    text = MINI_BANK.replace("difficulty: hard", "difficulty: 3").replace(
        "category: recommendation", "category: [x]"
    )
    assert len(problems_of(text)) == 2


def test_budget_min_above_max_is_an_error() -> None:
    text = mini_rubric_text().replace(
        "min_minutes: 10, max_minutes: 15", "min_minutes: 20, max_minutes: 15"
    )
    (problem,) = problems_of(text, Rubric)
    assert "min_minutes (20) is more than max_minutes (15)" in problem
    assert problem.startswith("bank.yaml:7:9: frameworks[0].phases[2]:")


def test_top_level_must_be_a_mapping() -> None:
    (problem,) = problems_of("- just\n- a list\n")
    assert problem == "bank.yaml:1:1: expected a mapping at the top of the file"


def test_unknown_category_is_a_dangling_reference(mini_content: tuple[Path, Path]) -> None:
    rubric, bank = mini_content
    bank.write_text(MINI_BANK.replace("category: recommendation", "category: recomendation"))
    with pytest.raises(ContentError) as info:
        lib(rubric, bank)
    (problem,) = info.value.problems
    assert str(problem) == (
        f"{bank}:5:15: unknown category 'recomendation'; did you mean 'recommendation'?"
    )


def test_rule_referring_to_a_missing_item(mini_content: tuple[Path, Path]) -> None:
    rubric, bank = mini_content
    rubric.write_text(
        mini_rubric_text().replace("items: [model.baseline]", "items: [model.basline]")
    )
    with pytest.raises(ContentError) as info:
        lib(rubric, bank)
    (problem,) = info.value.problems
    assert "unknown item 'model.basline'; did you mean 'model.baseline'?" in str(problem)
    assert (problem.line, problem.col) == (21, 13)


def test_removing_a_canonical_item_is_an_error(mini_content: tuple[Path, Path]) -> None:
    rubric, bank = mini_content
    text = mini_rubric_text().replace("id: data.privacy", "id: data.private")
    rubric.write_text(text)
    with pytest.raises(ContentError) as info:
        lib(rubric, bank)
    assert any("canonical item 'data.privacy' is missing" in str(p) for p in info.value.problems)


def test_question_id_clash_names_both_files(
    mini_content: tuple[Path, Path], tmp_path: Path
) -> None:
    rubric, bank = mini_content
    other = tmp_path / "other.yaml"
    other.write_text(MINI_BANK.split("  - id: fraud-scoring")[0])
    with pytest.raises(ContentError) as info:
        lib(rubric, bank, other)
    (problem,) = info.value.problems
    assert str(problem) == (
        f"{other}:2:9: question id 'video-recs' is already defined at {bank}:2:9;"
        " to use this one instead, add 'replaces: true' to it"
    )


def test_user_banks_folder_is_merged(mini_content: tuple[Path, Path], coach_home: Path) -> None:
    rubric, bank = mini_content
    banks = coach_home / "banks"
    banks.mkdir(parents=True)
    (banks / "mine.yaml").write_text(
        MINI_BANK.split("  - id: fraud-scoring")[0].replace("id: video-recs", "id: my-own")
        + "items:\n"
        + "  - {id: mine.extra, phase: data, title: t, why: w, hint: h, probe: p,"
        + " categories: [recommendation], match: [{any: [extra]}]}\n"
    )
    library = load_library([bank], rubric_path=rubric, include_shipped=False)
    assert "my-own" in library.questions
    assert "mine.extra" in {i.id for i in library.items_for(library.question("my-own"))}


def test_yml_and_upper_case_files_in_the_banks_folder_are_loaded(
    mini_content: tuple[Path, Path], coach_home: Path
) -> None:
    rubric, _ = mini_content
    banks = coach_home / "banks"
    banks.mkdir(parents=True)
    one = MINI_BANK.split("  - id: fraud-scoring")[0]
    (banks / "short.yml").write_text(one.replace("id: video-recs", "id: from-yml"))
    (banks / "LOUD.YAML").write_text(one.replace("id: video-recs", "id: from-upper"))
    (banks / "notes.txt").write_text("not a bank")
    (banks / ".#short.yml").write_text("questions: [unclosed")  # an editor's lock file
    library = load_library(rubric_path=rubric, include_shipped=False)
    assert sorted(library.questions) == ["from-upper", "from-yml"]


def test_problems_are_listed_in_file_order() -> None:
    # pydantic reports fields in schema order (title before difficulty)
    text = MINI_BANK.replace("    title: Design video recommendations\n", "").replace(
        "    difficulty: medium\n", "    difficulty: extreme\n    title: [x]\n"
    )
    assert [p.split(": ")[0] for p in problems_of(text)] == ["bank.yaml:5:17", "bank.yaml:6:12"]


def test_cache_is_used_and_invalidated(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(MINI_BANK)
    cache = tmp_path / "cache"
    first = load_bank_file(bank, cache)
    assert len(list(cache.glob("*.pickle"))) == 1
    assert load_bank_file(bank, cache) == first
    bank.write_text(MINI_BANK.replace("Design fraud scoring", "Design fraud scoring v2"))
    assert load_bank_file(bank, cache).questions[1].title == "Design fraud scoring v2"
    # the cache of the old version is gone; another file's cache is left alone
    assert len(list(cache.glob("*.pickle"))) == 1
    other = tmp_path / "other.yaml"
    other.write_text(MINI_BANK)
    load_bank_file(other, cache)
    assert len(list(cache.glob("*.pickle"))) == 2


def test_old_compiled_rubrics_are_pruned_to_a_few(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    for n in range(6):
        stale = folder / f"compiled-v0-{n}.pickle"
        stale.write_bytes(b"x")
        os.utime(stale, ns=(n * 10**9, n * 10**9))
    (folder / "content-a-b.pickle").write_bytes(b"x")
    prune(folder, "compiled-*.pickle", keep=4)
    assert sorted(p.name for p in folder.iterdir()) == [
        "compiled-v0-2.pickle",
        "compiled-v0-3.pickle",
        "compiled-v0-4.pickle",
        "compiled-v0-5.pickle",
        "content-a-b.pickle",
    ]


def test_unreadable_files_are_content_errors(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no such file"):
        load_bank_file(tmp_path / "nope.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ContentError, match="UTF-16"):
        load_bank_file(binary)


def test_a_byte_that_is_not_utf8_is_located_by_line_and_column(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("questions:\n  - id: x\n    title: été café\n".encode("latin-1"))
    with pytest.raises(ContentError) as info:
        load_bank_file(latin1)
    assert str(info.value) == f"{latin1}:3:12: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_text("questions: []\n", encoding="utf-16")
    with pytest.raises(ContentError) as info:
        load_bank_file(utf16)
    assert str(info.value) == f"{utf16}:1:1: UTF-16 text; save the file as UTF-8"


def test_a_bad_phrase_is_located() -> None:
    text = mini_rubric_text().replace('- any: ["goal"]', '- any: ["goal", "re:(unclosed"]')
    (problem,) = problems_of(text, Rubric)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "re:(unclosed" in row)
    assert problem.startswith(f"bank.yaml:{line}:"), problem
    assert "bad regex '(unclosed'" in problem


def laughs(levels: int, last: str) -> str:
    """A 'billion laughs' file: each anchor is a list of nine aliases of the one before."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijk"[:levels]
    for before, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]")
    return "\n".join(lines) + f"\n{last}: *{names[-1]}\n"


def test_a_billion_laughs_is_refused_at_the_alias_that_overflows() -> None:
    # 9 levels stand for 9^9 values; the unknown key keeps the old loader quick to fail
    (problem,) = problems_of(laughs(9, "lol"))
    assert problem == (
        "bank.yaml:6:8: alias '*e' makes the file expand past 100,000 values; use fewer aliases"
    )


def test_a_few_aliases_are_fine() -> None:
    text = MINI_BANK.replace(
        "    facts:\n      - {topic: scale, triggers: [users, dau]",
        "    facts:\n      - {topic: scale, triggers: &t [users, dau]",
    ).replace("triggers: [transactions]", "triggers: *t")
    bank = validate_text(text, "bank.yaml", Bank)
    assert bank.questions[1].facts[0].triggers == ("users", "dau")


def test_an_alias_inside_its_own_node_is_refused() -> None:
    (problem,) = problems_of("questions: &a [*a]\n")
    assert problem == "bank.yaml:1:16: alias '*a' is inside the node it names (a loop)"


def test_deep_nesting_is_refused_before_it_can_crash_the_parser() -> None:
    (problem,) = problems_of("questions: " + "[" * 300 + "]" * 300 + "\n")
    assert problem == "bank.yaml:1:211: nested more than 200 levels deep"


def test_a_value_in_a_message_is_cut_short_without_building_its_repr() -> None:
    from coach.content.loader import _short

    nested: list[object] = []
    for _ in range(5000):  # repr() of this raises RecursionError
        nested = [nested]
    assert _short(nested) == "[[[...]]]"
    assert len(_short("x" * 1000)) <= 40


def test_a_list_as_a_key_is_a_located_error_not_a_crash() -> None:
    assert problems_of("{[1,2]: x}\n") == [
        "bank.yaml:1:2: a key must be a single value, not a list or mapping"
    ]
    assert problems_of("questions: []\n? {a: 1}\n: y\n") == [
        "bank.yaml:2:3: a key must be a single value, not a list or mapping"
    ]


MERGED_BANK = MINI_BANK.replace("  - id: video-recs\n", "  - &video\n    id: video-recs\n").replace(
    "  - id: fraud-scoring\n    title: Design fraud scoring\n",
    "  - <<: *video\n    id: fraud-scoring\n",
)


def test_merge_keys_copy_a_mapping_and_its_own_keys_win() -> None:
    bank = validate_text(MERGED_BANK, "bank.yaml", Bank)
    video, fraud = bank.questions
    assert (fraud.id, fraud.title, fraud.difficulty) == ("fraud-scoring", video.title, "hard")


def test_an_error_in_a_merged_value_points_where_it_is_written() -> None:
    text = MERGED_BANK.replace("title: Design video recommendations", "title: [x]")
    assert [p.split(": Input")[0] for p in problems_of(text)] == [
        "bank.yaml:4:12: questions[0].title",
        "bank.yaml:4:12: questions[1].title",  # merged from questions[0]
    ]


def test_infinite_and_nan_numbers_are_refused_where_they_are_written() -> None:
    item = "  - {{id: extra.{0}, phase: data, title: t, why: w, hint: h, probe: p, weight: {1},"
    text = "items:\n" + "\n".join(
        item.format(name, weight) + " match: [{any: [x]}]}"
        for name, weight in (("big", "1e999"), ("nan", ".nan"))
    )
    assert problems_of(text) == [
        "bank.yaml:2:79: items[0].weight: Input should be a finite number (got '1e999')",
        "bank.yaml:3:79: items[1].weight: Input should be a finite number (got nan)",
    ]
    rubric = mini_rubric_text().replace("penalties: {error: 5,", "penalties: {error: .inf,")
    (problem,) = problems_of(rubric, Rubric)
    assert problem.endswith("grading.penalties.error: Input should be a finite number (got inf)")


def test_a_weight_is_bounded_so_sums_stay_finite() -> None:
    item = "items:\n  - {id: extra.big, phase: data, title: t, why: w, hint: h, probe: p, weight: 1e308, match: [{any: [x]}]}"
    (problem,) = problems_of(item)
    assert problem.startswith("bank.yaml:2:"), problem
    assert "weight must be above 0 and at most 100" in problem


def test_a_regex_that_repeats_a_repeat_is_refused_where_it_is_written() -> None:
    text = mini_rubric_text().replace('- any: ["goal"]', '- any: ["goal", "re:(a+)+$"]')
    (problem,) = problems_of(text, Rubric)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "re:(a+)+$" in row)
    assert problem.startswith(f"bank.yaml:{line}:"), problem
    assert "regex '(a+)+$' repeats a repeat, as in (a+)+" in problem


@pytest.mark.parametrize(
    "pattern", [r"(a+)+$", r"(a*)*", r"(?:a+)+", r"((a+))+", r"(\w+\s?)+$", r"(a+|b)+", r"(a+)*?"]
)
def test_nested_unbounded_repeats_are_refused(pattern: str) -> None:
    from coach.content.phrases import phrase_problem

    assert "repeats a repeat" in (phrase_problem(f"re:{pattern}") or "")


@pytest.mark.parametrize(
    "pattern",
    [r"(?:(?:daily|weekly)\s+)*users", r"(\w+,)+", r"a+b+", r"(?:x(a+))+", r"(a+){2,5}", r"(a++)+"],
)
def test_repeats_whose_rounds_cannot_overlap_are_allowed(pattern: str) -> None:
    from coach.content.phrases import phrase_problem

    assert phrase_problem(f"re:{pattern}") is None
