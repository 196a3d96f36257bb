"""What a reply may honestly say about the citizen's message: is it a question, is it kept?

Why: the fallback used to say "Votre question a été enregistrée et transmise aux services" after
every miss, insults and keyboard mashing included, and in `guichet ask`, which records nothing: a
citizen may then wait for an answer that never comes. The promise is now made only when the
question was written to the database and reads like a question the services could act on.
"""

from __future__ import annotations

import re

from .language import text as T
from .language.lexicon import lexicon
from .search import Result, detect_smalltalk

# Gibberish: at least this share of the message's words unknown to the knowledge (the matcher's
# `unknown_share`, after typo correction) and none of them a French word ("azerty qsdfgh", "lol").
# A far-off question in real words ("recette de la blanquette") is still a question.
GIBBERISH_UNKNOWN_SHARE = 0.75

# "99", "2.", "n° 3": a number alone, as typed to pick a numbered choice
_BARE_NUMBER = re.compile(r"\s*(?:n°|no|#)?\s*(\d{1,12})\s*[.)]?\s*", re.IGNORECASE)


def bare_number(text: str) -> str | None:
    """The number, when the message is a number alone (a choice picked where none is offered)."""
    found = _BARE_NUMBER.fullmatch(text or "")
    return found.group(1) if found else None


def has_insult(text: str) -> bool:
    """Whether one of the message's words is, on its own, an insult (the matcher's small-talk
    vocabulary): "connard" inside a longer message is no question to forward."""
    return any(detect_smalltalk([w]) == "insult" for w in T.words(text or ""))


def gibberish(text: str, result: Result) -> bool:
    """Whether the message is keyboard mashing rather than words: mostly unknown to the knowledge,
    and not one French word (the lexicon's known words) among them."""
    known = lexicon()[1]
    return (result.unknown_share >= GIBBERISH_UNKNOWN_SHARE
            and not any(w in known for w in T.content_words(text or "")))


def worth_promising(text: str, result: Result) -> bool:
    """Whether a fallback may say the question was passed on to the services (once it is recorded):
    a miss that reads like a question; not small talk, an insult, gibberish, or no word at all
    to act on ("2026 ?")."""
    return (result.decision == "fallback" and not result.smalltalk and bool(T.content_words(text or ""))
            and not gibberish(text, result) and not has_insult(text))
