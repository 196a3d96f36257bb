"""Turning parsed YAML documents into one Knowledge: dispatch, categories, synonyms, overlays, references.

One Builder is used per load: `document()` for each parsed file, then `finish()` once every file
is read, to apply the overlays and report the references that lead nowhere.
"""

from __future__ import annotations

from typing import Any

from .build_dialogue import DialogueBuilder
from .build_directory import DirectoryBuilder
from .build_entries import EntryBuilder
from .build_events import EventBuilder
from .build_places import PlaceBuilder
from .build_streets import StreetBuilder
from .build_zones import ZoneBuilder
from .build_questions import KEY as QUESTIONS_EN_PLUS, QuestionsBuilder
from .limits import MAX_SHOWN_CHARS, MAX_TITLE_CHARS
from .lint import shrinking_synonym
from .model import Category, Knowledge, Problem
from .quote import excerpt, suggest
from .schema import CATEGORY_FIELDS, OVERLAY_FIELDS, TOP_LEVEL
from .yamlio import LineDict, line_of


class Builder(EntryBuilder, PlaceBuilder, DialogueBuilder, EventBuilder, ZoneBuilder, StreetBuilder,
              DirectoryBuilder, QuestionsBuilder):
    """Turns parsed YAML documents into a Knowledge, collecting problems."""

    def __init__(self) -> None:
        super().__init__()
        self.k = Knowledge()
        self.overlays: list[tuple[str, LineDict]] = []
        self.seen_ids: dict[str, str] = {}

    def document(self, path: str, data: Any) -> None:
        self.path = path
        self.k.files += 1
        if data is None:
            self.err(1, "fichier vide : supprimez-le ou ajoutez du contenu.", "warning")
            return
        if not isinstance(data, dict):
            found = "une liste" if isinstance(data, list) else f"un texte seul « {excerpt(data)} »"
            self.err(line_of(data), "le fichier doit commencer par des clés (« id: … » pour une "
                                    f"fiche, ou « entries: », « places: », « town: »…), pas par {found}.")
            return
        if "id" in data:
            self.entry(data)
            return
        unknown = [k for k in data if k not in TOP_LEVEL]
        for key in unknown:
            self.err(line_of(data, key), f"clé de premier niveau inconnue « {excerpt(key)} ».{suggest(key, TOP_LEVEL)} "
                                         "Une fiche commence par « id: » ; sinon utilisez "
                                          + ", ".join(f"« {k}: »" for k in sorted(TOP_LEVEL)) + ".")
        if "town" in data:
            self.town(data["town"], line_of(data, "town"))
        if "layer" in data:
            self.zone_layer(data["layer"], line_of(data, "layer"))
        for key, handler in (("places", self.place), ("categories", self.category),
                             ("entries", self.entry), ("overlays", self.overlay),
                             ("report_categories", self.report_category), ("officials", self.official),
                             ("events", self.event), ("streets", self.street),
                             ("directory", self.directory_item)):
            if key in data:
                items = data[key]
                if not isinstance(items, list):
                    self.err(line_of(data, key), f"« {key} » doit être une liste (éléments commençant par « - »).")
                    continue
                for i, item in enumerate(items):
                    if not isinstance(item, dict):
                        self.err(line_of(items, i), f"« {key} » : l'élément {i + 1} doit être un ensemble de clés.")
                        continue
                    handler(item)
        if "synonyms" in data:
            self.synonym_groups(data["synonyms"], line_of(data, "synonyms"))
        if QUESTIONS_EN_PLUS in data:
            self.questions_en_plus(data)

    def category(self, data: LineDict) -> None:
        self.unknown_keys(data, CATEGORY_FIELDS, "une catégorie")
        cid = self.identifier(data, "une catégorie")
        title = self.text(data, "title", required=True, what=" dans une catégorie", max_len=MAX_TITLE_CHARS)
        if not cid:
            return
        if cid in self.k.categories:
            self.err(line_of(data, "id"), f"catégorie « {cid} » définie deux fois.")
            return
        self.k.categories[cid] = Category(cid, title or cid, self.text(data, "emoji", max_len=MAX_TITLE_CHARS),
                                          self.text(data, "description", max_len=MAX_SHOWN_CHARS))

    def synonym_groups(self, value: Any, line: int) -> None:
        if not isinstance(value, list):
            self.err(line, "« synonyms » doit être une liste de groupes, ex. « - [cni, carte d'identité] ».")
            return
        for i, group in enumerate(value):
            if not isinstance(group, list) or len(group) < 2 or not all(isinstance(g, (str, int)) and str(g).strip() for g in group):
                self.err(line_of(value, i, line), "un groupe de synonymes est une liste d'au moins deux "
                                                  "expressions, ex. « - [cni, carte d'identité] ».")
                continue
            expressions = [str(g).strip() for g in group]
            for expr in expressions[1:]:
                advice = shrinking_synonym(expr, expressions[0])
                if advice:
                    self.err(line_of(value, i, line), advice, "warning")
            self.k.synonyms.append(expressions)

    def overlay(self, data: LineDict) -> None:
        self.unknown_keys(data, OVERLAY_FIELDS, "un complément (overlays)")
        self.overlays.append((self.path, data))

    def finish(self) -> None:
        """Once every file is read: build the zone layers and the street index (they need every
        place and each other), apply the overlays and the questions en plus, then report references
        leading nowhere and tour stops that are not heritage sites on the map."""
        self.k.unbuilt_ids |= self.refused_ids
        for place in self.k.places.values():  # the town's region may be read after its places
            place.holiday_region = self.k.town.holidays
        self.finish_zones()
        self.finish_streets()
        self.apply_overlays()
        self.apply_questions_en_plus()
        self.report_dangling_refs()
        self.check_tours()

    def apply_overlays(self) -> None:
        for path, data in self.overlays:
            self.path = path
            eid = self.text(data, "id", required=True, what=" dans un complément")
            entry = self.k.entries.get(eid)
            if entry is None:
                if eid and not self.k.unbuilt(eid):
                    self.err(line_of(data, "id"), f"complément pour la fiche « {excerpt(eid)} », qui n'existe pas."
                                                  f"{suggest(eid, self.k.entries)}")
                continue
            self.add_questions(entry, data)
            entry.keywords += self.texts(data, "keywords")
            entry.notes = self.texts(data, "notes") + entry.notes
            entry.links = self.links(data) + entry.links
            entry.related += self.refs_list(data, "related", "entry")
            if "where" in data:
                entry.where = self.refs_list(data, "where", "place")
            if "hidden" in data:
                entry.hidden = self.bool_(data, "hidden")

    def report_dangling_refs(self) -> None:
        targets = {"place": self.k.places, "entry": self.k.entries, "category": self.k.categories,
                   "report": self.k.report_categories}
        names = {"place": ("lieu", "aucun lieu n'a"), "entry": ("fiche", "aucune fiche n'a"),
                 "category": ("catégorie", "aucune catégorie n'a"),
                 "report": ("catégorie de signalement", "aucune catégorie de signalement (report_categories) n'a")}
        for path, line, kind, value in self.refs:
            if value not in targets[kind] and not self.k.unbuilt(value):
                noun, none = names[kind]
                self.problems.append(Problem(path, line, f"{noun} « {excerpt(value)} » introuvable : {none} cet id."
                                                         f"{suggest(value, targets[kind])}"))
