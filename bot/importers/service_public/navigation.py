"""Where a fiche sends the reader: a guided search's decision tree, a life event's checklist."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterator

from .report import ImportReport
from .source import Corpus
from .xmltext import title_of


def guide(root: ET.Element, fiche_id: str, corpus: Corpus, report: ImportReport) -> dict | None:
    """The decision tree of a "Recherche guidée" (``Problematiques``), None when nothing leads anywhere.

    A single top question is folded into the root question, so the first screen is a real choice.
    """
    problems = root.find("Problematiques")
    if problems is None:
        return None
    options = _guide_options(problems.findall("Problematique"), fiche_id, corpus, report)
    if not options:
        return None
    if len(options) == 1 and "options" in options[0]:
        return {"question": f"{options[0]['label']} : quelle est votre situation ?",
                "options": options[0]["options"]}
    return {"question": "Quelle est votre situation ?", "options": options}


def _guide_options(branches: list[ET.Element], fiche_id: str, corpus: Corpus,
                   report: ImportReport) -> list[dict]:
    """Options for these branches; a leaf without an imported fiche to open is dropped and counted.

    Questions that cannot change the answer are skipped: a branch whose answers all open the same
    fiche goes straight to it, and a branch with one answer takes that answer's place.
    """
    options: list[dict] = []
    for branch in branches:
        label = title_of(branch)
        children = branch.findall("Branche")
        if children:
            sub = _guide_options(children, fiche_id, corpus, report)
            if not sub:
                continue
            targets = {t for t in _targets(sub)}
            if len(targets) == 1:  # every answer below leads to the same fiche
                options.append({"label": label, "goto": targets.pop()})
            elif len(sub) == 1:
                options.append({"label": label, **{k: v for k, v in sub[0].items() if k != "label"}})
            else:
                options.append({"label": label, "question": f"{label} : précisez votre situation.",
                                "options": sub})
            continue
        link = branch.find("LienInterne")
        target = link.get("LienPublication") if link is not None else None
        if target and target in corpus.fiches and target != fiche_id:
            options.append({"label": label, "goto": target})
        else:
            report.guide_options_dropped += 1
    return [o for o in options if o["label"]]


def _targets(options: list[dict]) -> Iterator[str]:
    """Every fiche the options lead to, however deep."""
    for option in options:
        if "goto" in option:
            yield option["goto"]
        else:
            yield from _targets(option["options"])


def checklist(root: ET.Element, fiche_id: str, corpus: Corpus) -> list[dict]:
    """The other imported fiches a "Comment faire si" fiche links to, once each, in order."""
    items: dict[str, dict] = {}
    for scope in (root.find("Texte"), root.find("ListeSituations")):
        if scope is None:
            continue
        for link in scope.iter("LienInterne"):
            target = link.get("LienPublication", "")
            if target in corpus.fiches and target != fiche_id and target not in items:
                items[target] = {"label": corpus.titles[target], "id": target}
    return list(items.values())
