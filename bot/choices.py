"""Which entries a reply offers together (a "which one?" choice, the fallback's suggestions), and the example questions a welcome offers.

Why: after "mon père est décédé hier", a choice offered "Déclarer un décès" next to "Portage de
repas à domicile", "Monument aux morts" or "Signaler un problème sur la voirie". The rule: when
one offered entry is about a bereavement, every other one must be too, or be linked to it by the
town itself (listed in its `related`, or a sibling sharing one of its facets, as "De quel acte
s'agit-il : naissance, mariage ou décès ?"); the others are dropped. Categories cannot carry the
rule: "Déclarer un décès" shares "État civil" with the passport.
"""

from __future__ import annotations

from dataclasses import replace

from . import wording as W
from .kb import Entry, Knowledge
from .language import text as T
from .search import Matcher, Result, clarifying_question

# Folded words that make an entry's title or keywords about a death. Not "mort": "Monument aux
# morts" is heritage, not a bereavement.
BEREAVEMENT = frozenset(
    "deces decede decedee decedes decedees deceder deuil obseques funerailles funeraire funeraires "
    "funerarium defunt defunte defunts defuntes inhumation cremation veuvage veuf veuve veufs veuves".split())


def about_bereavement(entry: Entry) -> bool:
    """Whether the entry's title or keywords name a death (décès, obsèques, veuvage…)."""
    return not BEREAVEMENT.isdisjoint(T.words(" ".join([entry.title, *entry.keywords]), {}))


def linked(a: Entry, b: Entry) -> bool:
    """Whether the town links the two entries: one lists the other in `related`, or they share a facet."""
    return b.id in a.related or a.id in b.related or not a.facets.keys().isdisjoint(b.facets)


def never_mixed(entries: list[Entry]) -> list[Entry]:
    """`entries` (order kept) without those unrelated to a bereavement entry among them."""
    sensitive = [e for e in entries if about_bereavement(e)]
    if not sensitive:
        return entries
    return [e for e in entries if about_bereavement(e) or any(linked(e, s) for s in sensitive)]


def offered(result: Result) -> Result:
    """The matcher's decision with its choice obeying `never_mixed`; the clarifying question is
    worded again for what is left (a lone entry gets "Est-ce bien ce que vous cherchez ?")."""
    if result.decision != "choose":
        return result
    kept = never_mixed([c.entry for c in result.choices])
    if len(kept) == len(result.choices):
        return result
    ids = {e.id for e in kept}
    choices = [c for c in result.choices if c.entry.id in ids]
    question = W.CHOOSE_ONE if len(choices) == 1 else clarifying_question(kept)
    return replace(result, choices=choices, question=question)


def examples(knowledge: Knowledge, matcher: Matcher) -> list[str]:
    """Three example questions the knowledge answers: the usual ones, else the first entries' own."""
    picked = [q for q in W.FRENCH["DEFAULT_EXAMPLES"] if matcher.ask(q).decision == "answer"]  # asked in French
    for e in knowledge.visible():
        if len(picked) >= 3:
            break
        if e.questions and e.questions[0] not in picked and len(e.questions[0]) <= 60:
            picked.append(e.questions[0])
    return picked[:3]
