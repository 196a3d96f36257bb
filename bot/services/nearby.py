"""What is near a shared position: the nearest heritage sites and places, by family, each with its
distance and whether it is open now, with a map pin and filters as buttons.

`reply_near` composes the reply: the list (every family, or one), then, for the whole view, one
message from each function of `NEAR_SECTIONS` that has something to say about this spot. Other
rooms add theirs with one line (the next buses from the nearest stop, the collection day here):

    NEAR_SECTIONS.append(buses_near)   # def buses_near(spot: Spot) -> Message | None

The position is never stored: it comes with the citizen's message, and travels on only in the
filter buttons of their own chat (rounded to about a metre, `bot.actions.NearBy`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable

from .. import wording_services as WS
from ..actions import MapPin, NearBy, OpenEntry, TourStop, encode
from ..geo import distance_m, format_distance
from ..kb import Entry, Knowledge, Place
from ..render import Fmt, label
from ..opening import status_at
from ..render.heritage import geo_of, visit_place
from ..render.opening import open_label
from ..replies import Button, Message, Reply
from ..safelog import describe_exception

log = logging.getLogger("guichet.nearby")


@dataclass(frozen=True)
class Spot:
    """A shared position as a section sees it: where, when (aware, in the town's time), what the town knows."""

    lat: float
    lon: float
    now: dt.datetime
    knowledge: Knowledge
    fmt: Fmt


Section = Callable[[Spot], "Message | None"]

# One message each under the list of what is near, in this order; each returns None when it has
# nothing to say about the spot. A failing section is logged and left out, never the whole reply.
NEAR_SECTIONS: list[Section] = []

HERITAGE, OTHERS = "patrimoine", "autres"
# The kinds of place (`kind` in knowledge/lieux.yaml) behind each filter button; a kind that no
# family lists is in OTHERS. Heritage sites (entries of kind heritage) are HERITAGE.
FAMILY_KINDS: dict[str, frozenset[str]] = {
    "mairie": frozenset({"mairie", "mairie-annexe", "ccas", "espace-famille", "services-techniques",
                         "police-municipale", "france-services", "poste"}),
    "dechets": frozenset({"decheterie", "dechetterie", "point-apport", "recyclerie", "compostage"}),
    "ecoles": frozenset({"ecole", "creche", "college", "lycee", "periscolaire", "centre-de-loisirs"}),
    "sante": frozenset({"sante", "medecin", "pharmacie", "hopital", "maison-de-sante", "dentiste",
                        "infirmier", "urgences"}),
    "sport": frozenset({"piscine", "stade", "gymnase", "sport", "club", "club-sportif", "salle-de-sport"}),
    "culture": frozenset({"bibliotheque", "mediatheque", "musee", "cinema", "theatre", "culture",
                          "office-tourisme", "salle-des-fetes"}),
}
OVERVIEW_HERITAGE = 3   # heritage sites in the first list
OVERVIEW_PLACES = 5     # places in the first list
FAMILY_MAX = 8          # items once a family is chosen
FAR_M = 20_000          # beyond this from the nearest item, the citizen is told they seem far from the town
TOURS_MAX = 2           # "Commencer le circuit" buttons under the list


@dataclass(frozen=True)
class Near:
    """One thing near the spot: a place ("p") or a heritage site's entry ("e"), and how far it is."""

    what: str
    id: str
    name: str
    family: str
    metres: float
    address: str
    hours: Place | None  # whose hours say whether it is open (a site's: its visiting place)


def family_of(kind: str) -> str:
    """The filter family of a kind of place ("piscine" → "sport"; unknown kinds → "autres")."""
    return next((family for family, kinds in FAMILY_KINDS.items() if kind in kinds), OTHERS)


def nearest(k: Knowledge, lat: float, lon: float) -> list[Near]:
    """Every heritage site and place with a position, nearest first. A place that gives a site its
    visiting hours (`location.place`) is that site, not listed twice."""
    sites = [e for e in k.visible() if e.kind == "heritage" and geo_of(e)]
    visiting = {e.location.get("place") for e in sites}
    items = [Near("e", e.id, e.title, HERITAGE, distance_m(lat, lon, *geo_of(e)),  # type: ignore[misc]
                  e.location.get("address", ""), visit_place(e, k)) for e in sites]
    items += [Near("p", p.id, p.name, family_of(p.kind), distance_m(lat, lon, p.geo["lat"], p.geo["lon"]),
                   p.address, p) for p in k.places.values() if p.geo and p.id not in visiting]
    return sorted(items, key=lambda n: (n.metres, n.name))


def reply_near(knowledge: Knowledge, lat: float, lon: float, now: dt.datetime, fmt: Fmt,
               kind: str | None = None) -> Reply:
    """What is near (lat, lon) at `now`: every family (`kind` None, with the sections) or one family."""
    spot = Spot(lat, lon, now, knowledge, fmt)
    items = nearest(knowledge, lat, lon)
    if not items:
        return Reply([Message(fmt.esc(WS.NEAR_NONE.format(town=knowledge.town.name)))])
    families = [family for family in WS.NEAR_FAMILIES if any(n.family == family for n in items)]
    if kind:
        return Reply([_family_view(spot, [n for n in items if n.family == kind][:FAMILY_MAX], kind, families)])
    sites = [n for n in items if n.what == "e"][:OVERVIEW_HERITAGE]
    places = [n for n in items if n.what == "p"][:OVERVIEW_PLACES]
    return Reply([_overview(spot, items[0], sites, places, families), *_sections(spot)])


def _overview(spot: Spot, first: Near, sites: list[Near], places: list[Near], families: list[str]) -> Message:
    f, k = spot.fmt, spot.knowledge
    blocks = [f.b(WS.NEAR_TITLE)]
    if first.metres > FAR_M:
        blocks[0] += "\n" + f.esc(WS.NEAR_FAR.format(town=k.town.name, distance=format_distance(first.metres)))
    if sites:
        blocks.append(f"🏰 {f.b(WS.NEAR_HERITAGE)}\n" + "\n".join(_line(spot, n, i) for i, n in enumerate(sites, 1)))
    if places:
        blocks.append(f"🏛️ {f.b(WS.NEAR_PLACES)}\n"
                      + "\n".join(_line(spot, n, i) for i, n in enumerate(places, len(sites) + 1)))
    tours = _tours(spot)
    blocks.extend(f.esc(WS.NEAR_TOUR.format(title=t.title, distance=format_distance(d), first=site.title))
                  for t, site, d in tours)
    blocks.append(f.esc(WS.NEAR_HINT))
    rows = _item_rows(sites + places)
    rows += _family_rows(spot, families, None)
    rows += [[Button(label(f"{WS.TOUR_START} : {t.title}"), data=encode(TourStop(t.id, 0)))] for t, _, _ in tours]
    return Message("\n\n".join(blocks), [[b for b in row if b.data] for row in rows if any(b.data for b in row)])


def _family_view(spot: Spot, items: list[Near], family: str, families: list[str]) -> Message:
    f = spot.fmt
    title = f.b(WS.NEAR_FAMILY_TITLE.format(family=WS.NEAR_FAMILIES.get(family, family)))
    if not items:
        text = f"{title}\n\n{f.esc(WS.NEAR_NONE_HERE)}"
    else:
        lines = [_line(spot, n, i) + (f"\n    {f.esc(n.address)}" if n.address else "") for i, n in enumerate(items, 1)]
        text = f"{title}\n\n" + "\n".join(lines) + f"\n\n{f.esc(WS.NEAR_HINT)}"
    rows = _item_rows(items) + _family_rows(spot, families, family)
    return Message(text, [[b for b in row if b.data] for row in rows if any(b.data for b in row)])


def _line(spot: Spot, n: Near, number: int) -> str:
    """"1. Église Saint-Martin — 40 m · 🟢 ouvert jusqu'à 18h00"."""
    f = spot.fmt
    status = open_label(status_at(n.hours, spot.now)) if n.hours is not None else ""
    return f"{number}. {f.b(n.name)} — {f.esc(format_distance(n.metres))}" + (f" · {f.esc(status)}" if status else "")


def _item_rows(items: list[Near]) -> list[list[Button]]:
    """Per item, its map pin; a heritage site also opens its story (with its photo)."""
    rows = []
    for i, n in enumerate(items, 1):
        row = [Button(label(f"📌 {i}. {n.name}", 40), data=encode(MapPin(n.what, n.id)))]
        if n.what == "e":
            row.append(Button(WS.STORY_BUTTON, data=encode(OpenEntry(n.id))))
        rows.append(row)
    return rows


def _family_rows(spot: Spot, families: list[str], current: str | None) -> list[list[Button]]:
    """The filter buttons, three a row: every family present but the current one, and "Tout" in a family."""
    buttons = [Button(WS.NEAR_ALL, data=encode(NearBy("", spot.lat, spot.lon)))] if current else []
    buttons += [Button(WS.NEAR_FAMILIES[f], data=encode(NearBy(f, spot.lat, spot.lon)))
                for f in families if f != current]
    return [buttons[i:i + 3] for i in range(0, len(buttons), 3)]


def _tours(spot: Spot) -> list[tuple[Entry, Entry, float]]:
    """(tour, its first stop, how far that stop is) for the nearest tours' starts."""
    k = spot.knowledge
    found = []
    for tour in k.visible():
        if tour.kind == "tour" and tour.stops and tour.stops[0].entry in k.entries:
            first = k.entries[tour.stops[0].entry]
            geo = geo_of(first)
            if geo:
                found.append((tour, first, distance_m(spot.lat, spot.lon, *geo)))
    return sorted(found, key=lambda t: t[2])[:TOURS_MAX]


def _sections(spot: Spot) -> list[Message]:
    """The messages of NEAR_SECTIONS for this spot; a failing section is logged and left out."""
    out = []
    for section in NEAR_SECTIONS:
        try:
            message = section(spot)
        except Exception as exc:  # one room's bug must not take the others' answers down
            log.error("near section %s failed: %s", getattr(section, "__name__", "?"), describe_exception(exc))
            continue
        if message is not None:
            out.append(message)
    return out
