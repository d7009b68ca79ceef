"""Words that carry no content of their own when judging whether a sentence says something.

Agenda verbs belong here too: "Discuss monitoring." names a topic, it makes no point.
"""

from __future__ import annotations

__all__ = ["AGENDA_OPENINGS", "REASON_FORMS", "RELATION_WORDS", "STOPWORDS"]

STOPWORDS = frozenset(
    """
    a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each either etc few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just let me more most my myself nor of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself e
    g ie eg i.e e.g vs via per we'll we'd we're we've i'll i'd i'm i've it's that's there's
    let's they'll they're you'll would've could've should've one two first second third then
    next finally also maybe perhaps probably really basically thing things stuff something
    lot lots kind sort way ways etc need needs want wants going get gets got make makes made
    ask asks asked asking discuss discusses discussed discussing talk talks talked talking
    mention mentions mentioned mentioning summarise summarises summarised summarize summarizes
    summarized
    """.split()
)

# Words that relate concepts to each other ("a baseline first, then a ranker",
# "precision rather than accuracy because..."). They are what separates a
# reasoned sentence from a list of terms, so they count as content. A copula
# joins two terms into a claim: "The online metric is click-through rate."
RELATION_WORDS = frozenset(
    """
    first then before after because since so than instead against versus vs when whenever
    if unless until only per every each both either rather while whereas therefore thus
    is are was were means
    """.split()
)

# How an agenda line opens ("Discuss offline and online metrics.", "Ask about the
# scale"): it promises a topic and makes no point. Only talk verbs: "Cover cold
# start with a popularity fallback" and "Ask annotators to label" are real steps.
AGENDA_OPENINGS = frozenset(
    [
        ("discuss",),
        ("mention",),
        ("summarise",),
        ("summarize",),
        ("talk", "about"),
        ("ask", "about"),
        ("touch", "on"),
        ("go", "over"),
    ]
)


# Words that give a reason or weigh options ("PR-AUC because positives are rare",
# "a smaller model rather than BERT"), as written and capitalised: a point made
# with one of them, or with a figure, is made with substance, not only mentioned.
_REASON_WORDS = """
    because since therefore thus hence otherwise instead rather whereas unless so but
    avoid avoids prevent prevents means due given why trade-off tradeoff cost costs
    """.split()
REASON_FORMS = frozenset(w for word in _REASON_WORDS for w in (word, word.capitalize()))
