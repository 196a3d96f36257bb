"""Building entries (fiches): their fields, their variants, guides and checklists, their rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .limits import MAX_CALLBACK_BYTES, MAX_LABEL_CHARS, MAX_SHOWN_CHARS, MAX_TITLE_CHARS, guide_button
from .build_heritage import HeritageBuilder
from .build_projects import ProjectFieldsBuilder
from .lint import future_date
from .model import KINDS, LOCAL_ID, Entry, Knowledge, Office, Variant
from .quote import excerpt, suggest
from .schema import ENTRY_FIELDS, PROJECT_STATUSES, VARIANT_FIELDS
from .yamlio import LineDict, line_of

ANSWER_KEYS = ("summary", "steps", "sections", "variants", "guide", "checklist")


class EntryBuilder(ProjectFieldsBuilder, HeritageBuilder):
    """The entries part of the builder (see `bot.kb.build.Builder`)."""

    k: Knowledge
    seen_ids: dict[str, str]

    def entry(self, data: LineDict) -> None:
        self.unknown_keys(data, ENTRY_FIELDS, "une fiche")
        eid = self.identifier(data, "une fiche", national=True)
        if not eid:
            return
        if eid in self.seen_ids:
            self.err(line_of(data, "id"), f"identifiant « {eid} » déjà utilisé dans {self.seen_ids[eid]} : "
                                          "chaque fiche a un id unique.")
            return
        self.seen_ids[eid] = f"{self.path}:{line_of(data, 'id')}"
        kind = self.text(data, "kind") or "procedure"
        if kind not in KINDS:
            self.err(line_of(data, "kind"), f"type « {excerpt(kind)} » inconnu.{suggest(kind, KINDS)} Types possibles : {', '.join(KINDS)}.")
            kind = "procedure"
        e = Entry(id=eid, kind=kind, title=self.text(data, "title", required=True, what=f" dans la fiche « {eid} »",
                                                     max_len=MAX_TITLE_CHARS),
                  category=self.text(data, "category", required=True, what=f" dans la fiche « {eid} »"),
                  path=self.path, line=data.line)
        if e.category:
            self.refs.append((self.path, line_of(data, "category"), "category", e.category))
        for key in ("questions", "keywords", "steps", "documents", "notes"):
            setattr(e, key, self.texts(data, key))
        for key in ("summary", "cost", "delay", "period", "status", "budget"):
            setattr(e, key, self.text(data, key))
        e.where = self.refs_list(data, "where", "place")
        e.related = self.refs_list(data, "related", "entry")
        e.links = self.links(data)
        e.sections = self.sections(data)
        e.variants = self.variants(data)
        e.offices = self.offices(data)
        e.updated, e.review_by = self.date(data, "updated"), self.date(data, "review_by")
        e.hidden = self.bool_(data, "hidden")
        e.facets = self.facets(data)
        e.source = self.source(data)
        e.timeline = self.timeline(data)
        e.news = self.news(data)
        e.consultation = self.consultation(data, e)
        if "location" in data:
            e.location = self.location(data["location"], line_of(data, "location"))
        if "guide" in data:
            e.guide = self.guide_node(data["guide"], line_of(data, "guide"), eid) or {}
        e.checklist = self.checklist(data)
        e.report = self.text(data, "report")
        e.contact = self.bool_(data, "contact")
        e.photo = self.photo(data)
        e.stops = self.stops(data, eid, kind)
        if e.report:
            self.refs.append((self.path, line_of(data, "report"), "report", e.report))
        self.entry_rules(e, data)
        self.k.entries[eid] = e

    def entry_rules(self, e: Entry, data: LineDict) -> None:
        """Rules across fields. A field the clerk wrote but got wrong is already reported: its
        absence is then not reported again (one mistake, one problem)."""
        where = f"la fiche « {e.id} »"
        if not any(self.written(data, k) for k in ANSWER_KEYS):
            self.err(data.line, f"{where} n'a aucune réponse : ajoutez au moins « summary » ou « steps ».")
        if e.kind == "heritage" and not self.written(data, "location"):
            self.err(data.line, f"{where} (patrimoine) doit avoir « location » (address et geo).")
        if e.kind == "project":
            if not self.written(data, "status"):
                self.err(data.line, f"{where} (projet) doit avoir « status » : {', '.join(PROJECT_STATUSES)}.")
            elif e.status and e.status not in PROJECT_STATUSES:
                self.err(line_of(data, "status"),
                         f"statut « {excerpt(e.status)} » inconnu : {', '.join(PROJECT_STATUSES)}.")
        if e.kind == "guide" and not self.written(data, "guide"):
            self.err(data.line, f"{where} (parcours guidé) doit avoir « guide » (question et options).")
        if e.kind == "checklist" and not self.written(data, "checklist"):
            self.err(data.line, f"{where} (liste de démarches) doit avoir « checklist ».")
        if LOCAL_ID.match(e.id) and not self.written(data, "updated") and not self.written(data, "source"):
            self.err(data.line, f"{where} n'a pas de date de vérification : ajoutez « updated: AAAA-MM-JJ ».")
        advice = future_date(e.updated)
        if advice:
            self.err(line_of(data, "updated"), advice, "warning")
        if e.review_by and e.review_by < dt.date.today():
            self.err(line_of(data, "review_by"), f"{where} devait être revérifiée avant le {e.review_by.isoformat()}.", "warning")

    def variants(self, data: LineDict) -> list[Variant]:
        out = []
        for item in self.mappings(data, "variants", "de situations (« - label: … »)",
                                  "une situation s'écrit « - label: Majeur » suivie de ses champs."):
            self.unknown_keys(item, VARIANT_FIELDS, "une situation (variants)")
            v = Variant(label=self.text(item, "label", required=True, what=" dans une situation",
                                        max_len=MAX_LABEL_CHARS),
                        summary=self.text(item, "summary"), steps=self.texts(item, "steps"),
                        documents=self.texts(item, "documents"), cost=self.text(item, "cost"),
                        delay=self.text(item, "delay"), notes=self.texts(item, "notes"),
                        sections=self.sections(item))
            if v.label:
                out.append(v)
        return out

    def offices(self, data: LineDict) -> list[Office]:
        out = []
        for item in self.mappings(data, "offices", "(« - kind: mairie »)",
                                  "un guichet s'écrit « - kind: mairie » puis « label: … »."):
            self.unknown_keys(item, {"kind", "label", "url"}, "un guichet (offices)")
            url = self.url(item["url"], line_of(item, "url")) if item.get("url") else ""
            out.append(Office(self.text(item, "kind") or "other",
                              self.text(item, "label", required=True, max_len=MAX_LABEL_CHARS), url))
        return out

    def facets(self, data: LineDict) -> dict[str, str]:
        value = data.get("facets")
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(v, (str, int)) for v in value.values()):
            self.err(line_of(data, "facets"), "« facets » s'écrit « facets: {pour: majeur, situation: renouvellement} ».")
            return {}
        return {str(k): str(v) for k, v in value.items()}

    def source(self, data: LineDict) -> dict[str, Any]:
        value = data.get("source")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.err(line_of(data, "source"), "« source » s'écrit avec « name », « url » et « date ».")
            return {}
        self.unknown_keys(value, {"name", "url", "date"}, "la source")
        out: dict[str, Any] = {"name": self.text(value, "name")}
        if "url" in value:
            out["url"] = self.url(value["url"], line_of(value, "url"))
        out["date"] = self.date(value, "date")
        return out

    def location(self, value: Any, line: int) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.err(line, "« location » s'écrit avec « address » et « geo ».")
            return {}
        self.unknown_keys(value, {"address", "geo", "place"}, "« location »")
        out: dict[str, Any] = {"address": self.text(value, "address")}
        if "geo" in value:
            out["geo"] = self.geo(value["geo"], line_of(value, "geo"))
        if "place" in value:
            out["place"] = self.text(value, "place")
            self.refs.append((self.path, line_of(value, "place"), "place", out["place"]))
        return out

    def guide_node(self, node: Any, line: int, eid: str, path: tuple[int, ...] = ()) -> dict[str, Any] | None:
        """One step of a guided search (`path`: the option numbers leading to it), or None."""
        depth = len(path)
        if depth > 12:
            self.err(line, "parcours guidé trop profond (plus de 12 niveaux).")
            return None
        if not isinstance(node, dict) or "options" not in node:
            self.err(line, "un parcours guidé s'écrit « question: … » puis « options: » (une liste).")
            return None
        self.unknown_keys(node, {"question", "options"} | ({"label"} if depth else set()), "un parcours guidé")
        options = node["options"]
        if not isinstance(options, list) or not options:
            self.err(line_of(node, "options", line), "« options » doit être une liste non vide.")
            return None
        out_options = []
        for i, opt in enumerate(options):
            oline = line_of(options, i, line)
            if not isinstance(opt, dict) or not opt.get("label"):
                self.err(oline, "chaque option a un « label ».")
                continue
            self.unknown_keys(opt, {"label", "goto", "question", "options"}, "une option de parcours")
            item: dict[str, Any] = {"label": self.text(opt, "label", max_len=MAX_LABEL_CHARS)}
            if "goto" in opt:
                item["goto"] = self.text(opt, "goto")
                self.refs.append((self.path, line_of(opt, "goto", oline), "entry", item["goto"]))
            elif "options" in opt:
                step = path + (len(out_options),)
                if len(guide_button(eid, step).encode()) > MAX_CALLBACK_BYTES:
                    self.err(oline, f"parcours guidé trop long ici : avec l'identifiant « {eid} », le bouton de "
                                    "cette option ne tient pas dans Telegram ; raccourcissez l'identifiant ou "
                                    "regroupez des niveaux.")
                    continue
                sub = self.guide_node(opt, oline, eid, step)
                if sub is None:
                    continue
                item.update(sub)
            else:
                self.err(oline, "une option mène soit à une fiche (« goto: … »), soit à d'autres « options ».")
                continue
            out_options.append(item)
        question = self.text(node, "question", max_len=MAX_SHOWN_CHARS)
        return {"question": question or "Quelle est votre situation ?", "options": out_options}

    def checklist(self, data: LineDict) -> list[dict[str, str]]:
        hint = "un élément de liste s'écrit « - label: … » (et « id: » d'une fiche)."
        out = []
        for item in self.mappings(data, "checklist", "de « label » (et « id »)", hint):
            if not item.get("label"):
                self.err(item.line, hint)
                continue
            self.unknown_keys(item, {"label", "id"}, "un élément de liste")
            row = {"label": self.text(item, "label", max_len=MAX_LABEL_CHARS)}
            if item.get("id"):
                row["id"] = self.text(item, "id")
                self.refs.append((self.path, line_of(item, "id"), "entry", row["id"]))
            out.append(row)
        return out
