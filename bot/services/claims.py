"""What every value-added service checks before claiming a question: it is not a "how do I…" or
"how much…" question (an entry answers those), not a long story (the matcher reads those better),
and the phrases it looks for, matched on folded words.
"""

from __future__ import annotations

from ..language.text import content_words, words

# A procedure or price question is an entry's, even when it names a place or says "prochaines élections".
HOW_TO = frozenset("""comment inscrire inscris inscrit inscription inscriptions demande demander dossier
formulaire document documents justificatif justificatifs prix tarif tarifs combien cout coute payer procuration
acte permis""".split())
HOW_TO_PREFIXES = ("inscri", "reinscri", "procura")  # "faut que je m'inscrive", "réinscrire"
MAX_CONTENT_WORDS = 12  # longer messages tell a story: the matcher reads them better


def tokens_of(text: str) -> list[str]:
    """The folded words of `text`, stop words kept ("que faire", "quel jour" are phrases)."""
    return words(text)


def claimable(text: str, tokens: list[str]) -> bool:
    """Whether a service may claim `text` at all: short, and not a how-to or price question."""
    if HOW_TO.intersection(tokens) or any(t.startswith(HOW_TO_PREFIXES) for t in tokens):
        return False
    return len(content_words(text)) <= MAX_CONTENT_WORDS


def has_phrase(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether the words `phrase` follow one another in `tokens`."""
    n = len(phrase)
    return any(tuple(tokens[i:i + n]) == phrase for i in range(len(tokens) - n + 1))
