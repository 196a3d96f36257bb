"""Synonym groups and SMS spellings: any expression of a group also counts as its first one.

The base table ships in `synonyms.yaml` beside this file (docs/format.md, "Synonyms"); a town's
own `synonyms:` are added to it by the index.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

from . import text as T

BASE_SYNONYMS = Path(__file__).with_name("synonyms.yaml")
_CAPITALS = re.compile(r"(?<![\w'’])[A-Z]{2,6}(?!\w)")
_ANY_WORD = re.compile(r"\w+")


def light(word: str) -> str:
    """A folded word without its plural mark: what synonyms are matched on.

    Not the stem: stems merge words that differ in meaning ("marié" and "mari" both stem to
    "mari"), and a synonym group must not turn "marié" into "conjoint".
    """
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


class Synonyms:
    """Expressions (as sequences of light words) → the stems of their group's canonical expression."""

    def __init__(self, groups: list[list[str]], sms: dict[str, str]) -> None:
        self.sms = sms
        self.by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = defaultdict(list)
        # Acronyms that are also French words dropped as stop words ("BSR" is "bsr", bonsoir;
        # "PAS", "CE"): their canonical stems, for a question that types them as acronyms.
        self.stop_acronyms: dict[str, tuple[str, ...]] = {}
        for group in groups:
            canonical = tuple(T.terms(group[0], sms))
            if not canonical:
                continue
            for expr in group:
                if any(ch.isdigit() for ch in expr):
                    continue  # numbers never reach the matcher ("plus de 18 ans" would become "ans")
                seq = tuple(light(w) for w in T.content_words(expr, sms))
                if seq:
                    self.by_first[seq[0]].append((seq, canonical))
                elif 2 <= len(expr) <= 6 and expr.isalpha() and expr[0].isupper():  # "BSR", "Ira"
                    self.stop_acronyms.setdefault(T.fold(expr), canonical)
        for options in self.by_first.values():
            options.sort(key=lambda o: -len(o[0]))  # longest expression first

    def acronyms_in(self, text: str) -> list[str]:
        """The known stop-word acronyms `text` types in capitals ("BSR"), folded; none when the
        whole text is shouted ("JE N'AI PAS REÇU") or holds no such word."""
        if not self.stop_acronyms:
            return []
        capitals = _CAPITALS.findall(text)
        if not capitals:
            return []
        words = _ANY_WORD.findall(text)
        if len(words) > 2 and sum(w.isupper() for w in words) * 2 > len(words):
            return []
        return [w for w in (T.fold(c) for c in capitals) if w in self.stop_acronyms]

    def rewrite(self, words: list[str], stems: list[str]) -> tuple[list[str], list[str]]:
        """Return (stems with expressions replaced by canonical ones, canonical additions).

        `words` are the content words (folded) and `stems` their stems, aligned.
        """
        by_first = self.by_first
        lights = [w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in words]  # light(), inlined
        starts = [i for i, w in enumerate(lights) if w in by_first]
        if not starts:  # no expression starts here: the usual case
            return list(stems), []
        out: list[str] = []
        added: list[str] = []
        pos = 0
        for i in starts:
            if i < pos:
                continue
            for seq, canonical in by_first[lights[i]]:
                if tuple(lights[i:i + len(seq)]) == seq:
                    out.extend(stems[pos:i])
                    out.extend(canonical)
                    added.extend(c for c in canonical if c not in stems[i:i + len(seq)])
                    pos = i + len(seq)
                    break
        out.extend(stems[pos:])
        return out, added


def load_base_language() -> tuple[list[list[str]], dict[str, str]]:
    """The synonyms and SMS tables shipped with the engine (`bot/language/synonyms.yaml`)."""
    try:
        data = yaml.load(BASE_SYNONYMS.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    groups = [[str(x) for x in g] for g in data.get("synonyms") or [] if isinstance(g, list) and len(g) >= 2]
    sms = dict(T.BASE_SMS)
    for k, v in (data.get("sms") or {}).items():
        sms[T.fold(str(k))] = str(v)
    return groups, sms
