"""One fiche → one entry mapping: kind, search terms, summary, body, guide or checklist, source."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import NamedTuple

from .body import BodyReader, Ctx
from .navigation import checklist, guide
from .refs import References
from .report import ImportReport
from .sections import content
from .source import SOURCE_NAME, Corpus
from .urls import https_url
from .xmltext import DC, clean, inline_text, lower_first, parse_date, title_of

# Entry kind by the fiche's ``type``; any other type is a procedure.
KINDS = {
    "Fiche d'information": "procedure",
    "Fiche d'information conditionnée": "procedure",
    "Fiche Question-réponse": "procedure",
    "Fiche Question-réponse conditionnée": "procedure",
    "Recherche guidée": "guide",
    "Fiche Comment faire si": "checklist",
    "Fiche Comment faire si - simulateur": "checklist",
    "Fiche avec liens externes": "info",
}

_GUIDE_SUMMARY = ("Répondez à quelques questions pour trouver la fiche qui correspond "
                  "à votre situation.")


class _Dossier(NamedTuple):
    """Where the fiche is filed: its dossier's title, sub-dossier, and its own label in the dossier."""

    title: str
    sub: str
    label: str


def _put(entry: dict, key: str, value: object) -> None:
    """Set an optional key only when it has something: the YAML files leave empty keys out."""
    if value:
        entry[key] = value


class Fiche:
    """Converts one ``Publication`` into an entry mapping."""

    def __init__(self, root: ET.Element, corpus: Corpus, report: ImportReport):
        self.root = root
        self.corpus = corpus
        self.report = report
        self.id = root.get("ID", "")
        self.refs = References(self.id, corpus, report)
        self.reader = BodyReader(self.refs)

    def entry(self, category: str) -> dict:
        """The entry mapping, keys in the order the YAML files show them.

        The steps run in a fixed order: links, offices and related fiches are listed in the order
        they are met, body first, then the parts outside it.
        """
        root = self.root
        title = clean(root.findtext(f"{DC}title"))
        kind = KINDS.get(clean(root.get("type")), "procedure")
        date = parse_date(root.findtext(f"{DC}date"))
        tree = guide(root, self.id, self.corpus, self.report) if kind == "guide" else None
        if kind == "guide" and tree is None:
            kind = "info"
        sections, variants = content(self.reader, root, kind)
        self._services_and_offices(sections)
        self._further_links()
        self._warnings(sections)
        self._related_fiches()
        items = checklist(root, self.id, self.corpus) if kind == "checklist" else []
        if kind == "checklist" and not items:
            kind = "info"
        dossier = self._dossier()
        entry: dict = {"id": self.id, "kind": kind, "title": title, "category": category}
        _put(entry, "questions", self._questions(title, dossier))
        _put(entry, "keywords", self._keywords(title, dossier))
        entry["summary"] = self._summary(kind, title, sections)
        _put(entry, "facets", _facets(dossier))
        _put(entry, "guide", tree)
        _put(entry, "checklist", items)
        _put(entry, "sections", sections)
        if variants:
            entry["variants"] = variants
            self.report.with_variants += 1
        _put(entry, "offices", list(self.refs.offices.values()))
        _put(entry, "links", [{"label": label, "url": url} for url, label in self.refs.links.items()])
        _put(entry, "related", [r for r in self.refs.related if r != self.id])
        entry["source"] = self._source(date)
        _put(entry, "updated", date)
        self.report.kinds[kind] += 1
        return entry

    # ---- the parts outside the body ------------------------------------------------------------

    def _services_and_offices(self, sections: list[dict]) -> None:
        """Link the top-level online services; record the offices, those with a text as a section."""
        root = self.root
        for el in root.findall("ServiceEnLigne"):
            self.refs.add_service(el)
        top_offices: list[str] = []
        for el in root.findall("OuSAdresser"):
            label = self.refs.add_office(el)
            texte = el.find("Texte")
            lines = self.reader.lines(texte, Ctx()) if texte is not None else []
            if lines:
                complement = clean(el.findtext("Complement"))
                top_offices.append("\n".join([f"▸ {label}" + (f" ({complement})" if complement else "")]
                                             + lines))
        if top_offices:
            sections.append({"title": "Où s'adresser", "text": "\n".join(top_offices)})

    def _further_links(self) -> None:
        """The "Pour en savoir plus" and commented external links."""
        for el in self.root.findall("PourEnSavoirPlus"):
            self.refs.add_link(title_of(el), el.get("URL"))
        for el in self.root.findall("LienExterneCommente"):
            for link in el.findall("LienExterne"):
                self.refs.add_link(inline_text(link), link.get("URL"))

    def _warnings(self, sections: list[dict]) -> None:
        """Warnings (``Avertissement``) open the fiche, each dated when it carries a date."""
        for el in self.root.findall("Avertissement"):
            text = self.reader.lines(el.find("Texte") if el.find("Texte") is not None else el, Ctx())
            if text:
                when = parse_date(el.get("date"))
                head = title_of(el) + (f" ({when:%d/%m/%Y})" if when else "")
                sections.insert(0, {"title": f"Attention : {head}", "text": "\n".join(text)})

    def _related_fiches(self) -> None:
        """The questions, life events and guided searches the fiche lists, then its "Voir aussi"."""
        for tag in ("QuestionReponse", "CommentFaireSi", "RechercheGuidee"):
            for el in self.root.findall(tag):
                self.refs.add_related(el.get("ID"))
        voir = self.root.find("VoirAussi")
        if voir is not None:
            for el in voir.findall("Fiche"):
                self.refs.add_related(el.get("ID"))

    # ---- what the search and the lists show ----------------------------------------------------

    def _summary(self, kind: str, title: str, sections: list[dict]) -> str:
        """The dataset's description, else the first line of the text, else the title."""
        summary = clean(self.root.findtext(f"{DC}description"))
        if kind == "guide" and (not summary or summary.lower() == title.lower()):
            summary = _GUIDE_SUMMARY
        if not summary:
            first = next((s["text"].split("\n", 1)[0] for s in sections), "")
            summary = first or title
        elif summary[-1] not in ".?!…)»\"":
            summary += "…"  # descriptions are cut at about 150 characters
        return summary

    def _dossier(self) -> _Dossier:
        """The ``DossierPere`` title, the ``SousDossierPere``, and the fiche's label in the dossier."""
        dossier = self.root.find("DossierPere")
        label_in_dossier = ""
        if dossier is not None:
            for fiche in dossier.iter("Fiche"):
                if fiche.get("ID") == self.id:
                    label_in_dossier = clean(fiche.text)
        sub = clean(self.root.findtext("SousDossierPere"))
        return _Dossier(title_of(dossier), sub, label_in_dossier)

    def _questions(self, title: str, dossier: _Dossier) -> list[str]:
        """Other ways to ask for the fiche, for the search to match.

        Its title when it is a question, and the phrase its place in a dossier makes
        ("dossier sous-dossier : label in the dossier") when that differs from the title.
        """
        questions: list[str] = []
        if title.endswith("?"):
            questions.append(title)
        if dossier.title and dossier.sub:
            phrase = f"{dossier.title} {lower_first(dossier.sub)}"
            if dossier.label and dossier.label.lower() not in phrase.lower():
                phrase += f" : {lower_first(dossier.label)}"
            if phrase.lower() != title.lower():
                questions.append(phrase)
        return questions

    def _keywords(self, title: str, dossier: _Dossier) -> list[str]:
        """Words of the fiche's place in the site (breadcrumb, dossier, theme, audience), once each.

        They let the search match a question that names the subject the title leaves implicit.
        """
        root = self.root
        keywords: list[str] = []
        seen_kw = {title.lower()}
        candidates = [clean(n.text) for n in root.findall("FilDAriane/Niveau")
                      if n.get("ID") not in ("Particuliers", self.id)]
        candidates += [dossier.title, clean(root.findtext("SousThemePere")), dossier.sub]
        candidates += [c for c in re.split(r",\s*", clean(root.findtext("Cible"))) if c]
        for word in candidates:
            if word and word.lower() not in seen_kw and word != "Comment faire si":
                seen_kw.add(word.lower())
                keywords.append(word)
        return keywords

    def _source(self, date: dt.date | None) -> dict:
        """The attribution the licence asks for: name, the fiche's page, its date."""
        source: dict = {"name": SOURCE_NAME,
                        "url": https_url(self.root.get("spUrl"))
                        or f"https://www.service-public.fr/particuliers/vosdroits/{self.id}"}
        _put(source, "date", date)
        return source


def _facets(dossier: _Dossier) -> dict[str, str]:
    """What tells the fiche from its siblings (``pour``, ``situation``), to word a clarifying question."""
    facets: dict[str, str] = {}
    if dossier.title and dossier.sub:
        match = re.match(r"(?i)pour (?:un |une |les |des |le |la |l')?(.+)$", dossier.sub)
        if match:
            facets["pour"] = match.group(1)
            if dossier.label and len(dossier.label) <= 40:
                facets["situation"] = lower_first(dossier.label)
    return facets
