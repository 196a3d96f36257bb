"""What a fiche points to (links, offices, related fiches), collected while its XML is read."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .report import ImportReport
from .source import Corpus
from .urls import https_url
from .xmltext import clean, inline_text, slug, title_of


class References:
    """The links, offices and related fiches of one fiche, in the order first met.

    Body rendering meets them inline (a link in a paragraph, an office in a case) and the entry
    lists them once at the end, so they are gathered here rather than returned with the text.
    """

    def __init__(self, fiche_id: str, corpus: Corpus, report: ImportReport):
        self.id = fiche_id
        self.corpus = corpus
        self.report = report
        self.links: dict[str, str] = {}  # url -> label, in order
        self.offices: dict[tuple[str, str], dict] = {}
        self.related: dict[str, None] = {}

    def add_link(self, label: str, url: str | None) -> None:
        """Keep an https link (first label wins); a link that cannot be https is counted and dropped."""
        label = clean(label)
        if not url:
            return
        good = https_url(url)
        if good is None:
            self.report.links_dropped += 1
            return
        if good not in self.links and label:
            self.links[good] = label[:200]

    def add_related(self, target: str | None) -> None:
        """Relate another imported fiche (never this one, never a draft or missing one)."""
        if target and target != self.id and target in self.corpus.fiches:
            self.related.setdefault(target, None)

    def service_label(self, el: ET.Element) -> str:
        """A service's label with its kind, and a form's cerfa number, so the link says what it opens."""
        kind = clean(el.get("type"))
        label = title_of(el)
        cerfa = clean(el.get("numerocerfa"))
        if kind == "Formulaire" and cerfa:
            return f"Formulaire : {label} (cerfa n° {cerfa})"
        if kind and kind.lower() not in label.lower():
            return f"{kind} : {label}"
        return label

    def add_service(self, el: ET.Element) -> str:
        """Link a ``ServiceEnLigne`` (its URL, else its resource's); return its label for the text."""
        label = self.service_label(el)
        url = el.get("URL")
        if not url and el.get("ID") in self.corpus.resources:
            url = self.corpus.resources[el.get("ID")][2]
        self.add_link(label, url)
        return label

    def add_office(self, el: ET.Element) -> str:
        """Record an ``OuSAdresser`` office; return its label for the text.

        Its kind comes from ``PivotLocal`` (any mairie variant is "mairie": the town's own), else
        from the label, so the bot can show the town's own place of that kind (co-marquage).
        """
        label = title_of(el)
        pivot = clean(el.findtext("PivotLocal"))
        if pivot:
            kind = slug(pivot)
            if kind.startswith("mairie"):
                kind = "mairie"  # e.g. mairie_passeport_bio: the town's mairie
        elif re.search(r"\bmairie\b", label, re.IGNORECASE) and "paris" not in label.lower():
            kind = "mairie"
        else:
            kind = "other"
        office: dict = {"kind": kind, "label": label}
        web = el.find("RessourceWeb")
        if web is not None:
            url = https_url(web.get("URL"))
            if url:
                office["url"] = url
            elif web.get("URL"):
                self.report.links_dropped += 1
        if label:
            self.offices.setdefault((kind, label.lower()), office)
        return label

    def scan_inline(self, el: ET.Element) -> None:
        """Collect links and related fiches from an inline element's descendants."""
        for sub in el.iter():
            tag = sub.tag
            if tag == "LienInterne":
                target = sub.get("LienPublication", "")
                if target.startswith("F"):
                    self.add_related(target)
                elif target.startswith("R") and target in self.corpus.resources:
                    _, rtitle, rurl = self.corpus.resources[target]
                    self.add_link(rtitle or inline_text(sub), rurl)
            elif tag == "LienExterne":
                self.add_link(inline_text(sub) or sub.get("URL", ""), sub.get("URL"))
