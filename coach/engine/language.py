"""Whether an answer is written in English, the only language the rubric reads.

The rubric's phrases are English: an answer in Portuguese or Chinese would be
graded on the few English terms it borrows (NDCG, A/B, two-tower) and get a
score that means nothing. Two cheap signals, counted once over the text:
- the script: letters outside the Latin alphabet (CJK, Cyrillic, Arabic...) are
  most of the letters;
- the function words: words that only other Latin-script languages use ("que",
  "para", "und", "nicht", "les") outnumber English ones ("the", "is", "with").
Mixed notes (English with Chinese asides) stay English.
"""

from __future__ import annotations

from coach.common.regex_store import cached_regex
from coach.engine.text import Document

__all__ = ["language_problem"]

_LETTER = cached_regex(r"[^\W\d_]")
_NON_LATIN = cached_regex(r"[^\W\d_A-Za-z\u00c0-\u024f]")  # a letter of another script

# Frequent English function words, none of which is a common word in the
# languages below ("a", "as", "no", "do", "me", "so", "en" are left out).
_ENGLISH = frozenset(
    """
    the is are was were be been being and of to with for that this these those on in
    at by from which will would can could should not have has had we our you they it
    its their there what when where how why than then also into about over after
    before each such only both more most other some any because while if or but
    """.split()
)
# Function words of Portuguese, Spanish, French, German, Italian and Dutch that
# are not also English words.
_OTHER = frozenset(
    """
    de que para com uma um os dos das não nao por mais como seu sua pelo pela nos
    el la los las del y es con se lo su al una pero muy esta este estos también
    le les des du et est une pour dans sur avec pas qui au aux ce cette sont nous
    der die das und ist nicht mit für fur den dem ein eine zu von auf wir sie sich
    auch oder wird werden bei nach
    il di che per gli della sono nel anche questo
    het een van niet voor met op zijn ook wordt
    """.split()
)
# As written: lower-case and capitalised ("The", "Das").
_ENGLISH_FORMS = frozenset(w for word in _ENGLISH for w in (word, word.capitalize()))
_OTHER_FORMS = frozenset(w for word in _OTHER for w in (word, word.capitalize()))
MIN_WORDS = 5  # fewer function words than this say nothing about the language
MIN_LETTERS = 20  # nor do fewer letters of another script ("Ά", a name in a footnote)
_OTHER_SCRIPT_SHARE = 0.6


def language_problem(doc: Document) -> str | None:
    """Why the answer is not English, in a few words; None when it is (or cannot tell).

    It runs on every answer graded, so it reads the words the parser already
    found, counted by set lookups mapped in C, and scans the letters only when
    the text has a character outside ASCII and one of another script.
    """
    text = doc.text
    if not text.isascii() and _NON_LATIN.search(text):
        outside = len(_NON_LATIN.findall(text))
        if outside >= MIN_LETTERS and outside > _OTHER_SCRIPT_SHARE * len(_LETTER.findall(text)):
            return "most of its letters are not in the Latin alphabet"
    english = other = 0
    for sentence in doc.sentences:
        if sentence.kind == "code":
            continue  # code is not what the answer says (and "per" is Italian too)
        english += sum(map(_ENGLISH_FORMS.__contains__, sentence.forms))
        other += sum(map(_OTHER_FORMS.__contains__, sentence.forms))
    if other >= MIN_WORDS and other > 2 * english:
        return f"its common words are not English ({other} such words, {english} English)"
    return None
