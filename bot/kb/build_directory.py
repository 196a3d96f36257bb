"""Building the directory (`annuaire.yaml`, `directory:`): associations, clubs, health and safety
services as places with contacts, each also an entry so that the matcher finds it by what people
type ("club de foot", "numéro de la police municipale", "pharmacie de garde").

Why entries: the matcher already forgives typos, knows synonyms and tells a clear answer from a
guess; a separate search for the directory would copy it. So each item becomes an ordinary entry
(kind `service`, in the `annuaire` category unless it says otherwise) whose `where` is its place:
the answer shows the address, phone and today's hours like any other. An item either names an
existing place (`place: police-municipale`) or carries its own address and contacts, which make
a new place of its `kind` (association, club-sportif, sante…), found by the nearby search too.
Every field goes through the entry and place checkers: one set of rules, one set of messages.
"""

from __future__ import annotations

from ..language.names import core
from .model import DirectoryItem, Knowledge
from .quote import excerpt, suggest
from .schema import Validator
from .yamlio import LineDict, line_of

DIRECTORY_KINDS = ("association", "club-sportif", "culture", "sante", "securite", "social", "service")
PLACE_KEYS = ("address", "geo", "phone", "email", "url", "hours", "exceptions", "closed_on_holidays")
ENTRY_KEYS = ("summary", "keywords", "questions", "notes", "links", "category", "updated", "review_by", "related")
DIRECTORY_FIELDS = {"id", "kind", "name", "place", "contact", *PLACE_KEYS, *ENTRY_KEYS}
DEFAULT_CATEGORY = "annuaire"


def _sub(data: LineDict, keys: dict[str, str], extra: dict[str, object]) -> LineDict:
    """A mapping made of some of `data`'s values (`keys`: new key → key in data) and `extra`
    values, every one keeping the line it was written on."""
    out = LineDict()
    out.line, out.key_lines = data.line, {}
    for new, old in keys.items():
        if old in data:
            out[new] = data[old]
            out.key_lines[new] = line_of(data, old)
    for key, value in extra.items():
        out[key] = value
        out.key_lines[key] = data.line
    return out


class DirectoryBuilder(Validator):
    """The directory part of the builder (see `bot.kb.build.Builder`): `place` and `entry` are the
    place and entry builders' own."""

    k: Knowledge

    def directory_item(self, data: LineDict) -> None:
        self.unknown_keys(data, DIRECTORY_FIELDS, "un contact de l'annuaire (directory)")
        kind = self.text(data, "kind", required=True, what=" dans un contact de l'annuaire")
        if kind and kind not in DIRECTORY_KINDS:
            self.err(line_of(data, "kind"), f"type « {excerpt(kind)} » inconnu dans l'annuaire.{suggest(kind, DIRECTORY_KINDS)} "
                                            f"Types possibles : {', '.join(DIRECTORY_KINDS)}.")
        own = [k for k in PLACE_KEYS if k in data and k != "url"]
        place = self.text(data, "place")
        if place and own:
            self.err(line_of(data, own[0]), f"« {own[0]} » avec « place » : l'adresse et les contacts sont ceux du "
                                            "lieu nommé ; retirez l'un ou l'autre.")
        where = place
        if not place and ("address" in data or "geo" in data):
            self.place(_sub(data, {"id": "id", "name": "name", **{k: k for k in PLACE_KEYS}}, {"kind": kind}))
            where = self.text(data, "id")
        summary = self.text(data, "summary")
        if not summary and not self.misspelt(data, "summary"):
            self.err(data.line, "un contact de l'annuaire a un « summary » : ce qu'il propose, en une ou deux phrases.")
            summary = self.text(data, "name") or "-"  # reported once: the entry checker has an answer
        if not where:  # no place to show them: the contacts are said in the answer itself
            contacts = [f"{label} : {self.text(data, key)}." for key, label in (("phone", "Téléphone"), ("email", "Courriel"))
                        if key in data]
            summary = " ".join([summary, *contacts]).strip()
        extra: dict[str, object] = {"kind": "service", "summary": summary}
        if "category" not in data:
            extra["category"] = DEFAULT_CATEGORY
        if where and not place:
            extra["where"] = where
        if "url" in data and isinstance(data.get("links", []), list):  # else the entry checker says how to write links
            link = _sub(data, {"url": "url"}, {"label": "Site internet"})
            link.line = line_of(data, "url")
            extra["links"] = [link] + list(data.get("links", []))
        contact = self.text(data, "contact")
        if contact and isinstance(data.get("notes", []), list):
            extra["notes"] = [f"Contact : {contact}"] + list(data.get("notes", []))
        eid = self.text(data, "id")
        known = eid in self.k.entries
        keys = {"id": "id", "title": "name", **{k: k for k in ENTRY_KEYS}, **({"where": "place"} if place else {})}
        self.entry(_sub(data, keys, extra))
        if eid in self.k.entries and not known:
            phrases = [core(p) for p in [self.text(data, "name"), *self.texts(data, "keywords")]]
            self.k.directory[eid] = DirectoryItem(eid, kind, tuple(dict.fromkeys(p for p in phrases if p)))
