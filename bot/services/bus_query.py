"""What a bus question asks, read from the citizen's words: the stop they board at, where they go,
the lines they name, and whether they want the next, the last or the first bus, or a day's times.

Stops are found by name with rapidfuzz, so that "hopitl" is the Hôpital; a place of the
knowledge ("la piscine", "la déchetterie") stands for the stop nearest to it. Conservative by
design (bot/services): a question about fares, the on-demand service or a lost bag on a bus
returns None, and so does one that names no stop and no line, which the town's entry answers.
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..geo import distance_m
from ..kb import DAYS, Knowledge
from ..language.text import words
from ..transit.model import Timetable

BUS_WORDS = frozenset("bus autobus navette navettes".split())
CUE_WORDS = frozenset("ligne lignes arret arrets".split())  # without a bus word, one of these at least
# "ligne 2" alone, or with one of these, is a bus line; "la ligne 1 du formulaire" is not.
LINE_HINTS = frozenset("horaire horaires passe passage passages prochain prochains depart departs arret arrets "
                       "dernier premier direction terminus".split())
# Questions an entry answers better: fares, the on-demand service, lost property, driving, parking.
DECLINE = frozenset("""ticket tickets tarif tarifs prix coute coutent cout combien abonnement abonnements carnet
payer paye gratuit gratuite demande tad reserver reservation pmr fauteuil handicap handicape chercher domicile
conduit conduire velo trottinette perdu oublie objet objets accident plainte stationnement garer travaux
greve emploi chauffeur""".split())
MAX_WORDS = 25  # a longer message tells a story (a mother without a car…): the entry answers it
TO_MARKERS = frozenset("pour vers direction jusqu jusque destination aller rendre va".split())
FROM_MARKERS = frozenset("depuis de du partir part".split())
SKIPPED = frozenset("le la les l a au aux un une d en arret arrets".split())
PLACE_RADIUS_M = 800  # a place stands for its nearest stop when one is within this walk


@dataclass(frozen=True)
class StopGroup:
    """The stops a citizen means by one name (both platforms of « Mairie »), and the place they
    named when it is not a stop's own name."""

    name: str
    ids: frozenset[str]
    place: str = ""
    metres: float = 0.0


@dataclass
class BusQuery:
    at: StopGroup | None = None
    to: StopGroup | None = None
    routes: set[str] = field(default_factory=set)
    last: bool = False
    first: bool = False
    day: dt.date | None = None  # a day asked ("samedi", "demain"); None: from now on


def read_query(text: str, knowledge: Knowledge, today: dt.date) -> BusQuery | None:
    """The bus question in `text`, or None when it is not one this service should answer."""
    tt = knowledge.transit
    found = words(text)
    if tt is None or not found or len(found) > MAX_WORDS or not DECLINE.isdisjoint(found) \
            or (BUS_WORDS.isdisjoint(found) and CUE_WORDS.isdisjoint(found)):
        return None  # most questions leave here, before any stop name is looked for
    query = BusQuery(routes=_routes(found, tt))
    named = _stops(found, tt)
    named = sorted(named + [p for p in _places(found, knowledge, tt)
                            if all(p[1] <= a or b <= p[0] for a, b, _ in named)], key=lambda n: n[0])[:2]
    line_question = query.routes and (len(found) <= 3 or not LINE_HINTS.isdisjoint(found))
    if not (BUS_WORDS.intersection(found) or line_question or (named and "arret" in found)):
        return None
    _roles(query, found, named)
    if query.at is None and query.to is None and not query.routes:
        return None
    query.last = bool({"dernier", "derniers", "derniere", "dernieres"}.intersection(found))
    query.first = bool({"premier", "premiers", "premiere", "premieres"}.intersection(found))
    query.day = _day(found, today)
    return query


def _routes(found: list[str], tt: Timetable) -> set[str]:
    """Lines named "ligne 2", "lignes 1 et 2", "la ligne A"."""
    by_name = {" ".join(words(r.short_name)): r.id for r in tt.routes.values() if r.short_name}
    out: set[str] = set()
    for i, w in enumerate(found):
        if w in ("ligne", "lignes"):
            for nxt in found[i + 1:i + 4]:
                if nxt in by_name:
                    out.add(by_name[nxt])
                elif nxt not in ("n", "no", "numero", "et", "la", "le"):
                    break
    return out


_GROUPS: "weakref.WeakKeyDictionary[Timetable, dict[str, StopGroup]]" = weakref.WeakKeyDictionary()


def stop_groups(tt: Timetable) -> dict[str, StopGroup]:
    """The network's stops grouped by folded name (made once per loaded timetable)."""
    found = _GROUPS.get(tt)
    if found is None:
        groups: dict[str, list] = {}
        for stop in tt.stops.values():
            groups.setdefault(" ".join(words(stop.name)), []).append(stop)
        found = {key: StopGroup(stops[0].name, frozenset(s.id for s in stops)) for key, stops in groups.items() if key}
        _GROUPS[tt] = found
    return found


def _threshold(name: str) -> float:
    """How close a typed word must be: exact for "gare" (a typo of it is another word: "garer"),
    one slip in a short name, a little more in a long one."""
    return 100 if len(name) <= 4 else 88 if len(name) <= 6 else 84


def _stops(found: list[str], tt: Timetable) -> list[tuple[int, int, StopGroup]]:
    """(first word, past-the-end word, stops) of each stop name in the question, longest first, not overlapping."""
    candidates = []
    for key, group in stop_groups(tt).items():
        name = key.split()
        core = [w for w in name if w not in SKIPPED and w not in ("des", "du", "de")] or name
        for size in {len(name), len(core)}:
            target = " ".join(name if size == len(name) else core)
            for i in range(len(found) - size + 1):
                window = " ".join(found[i:i + size])
                score = 100.0 if window == target or window == target + "s" else fuzz.ratio(window, target)
                if score < 100 and window[:1] in "ld" and window[1:] == target:
                    score = 100.0  # "lhopital": an elision typed without its apostrophe
                elif score < 100 and window[:1] in "ld":
                    score = max(score, fuzz.ratio(window[1:], target))
                if score >= _threshold(target):
                    candidates.append((score, size, i, group))
    chosen: list[tuple[int, int, StopGroup]] = []
    for score, size, i, group in sorted(candidates, key=lambda c: (-c[0], -c[1], c[2])):
        if all(i + size <= a or b <= i for a, b, _ in chosen) and all(g != group for _, _, g in chosen):
            chosen.append((i, i + size, group))
    return sorted(chosen, key=lambda c: c[0])[:2]


def _places(found: list[str], knowledge: Knowledge, tt: Timetable) -> list[tuple[int, int, StopGroup]]:
    """A place of the knowledge named by its id words ("piscine", "dechetterie"), standing for its nearest stop."""
    out = []
    for place in knowledge.places.values():
        if not place.geo:
            continue
        key = place.id.split("-")
        for i in range(len(found) - len(key) + 1):
            if found[i:i + len(key)] == key:
                group = _nearest_group(tt, place.geo["lat"], place.geo["lon"])
                if group is not None:
                    out.append((i, i + len(key), StopGroup(group.name, group.ids, place.name, group.metres)))
                break
    return sorted(out, key=lambda c: c[0])[:2]


def _nearest_group(tt: Timetable, lat: float, lon: float) -> StopGroup | None:
    best: tuple[float, StopGroup] | None = None
    for group in stop_groups(tt).values():
        for sid in group.ids:
            stop = tt.stops[sid]
            if stop.lat is None or stop.lon is None:
                continue
            metres = distance_m(lat, lon, stop.lat, stop.lon)
            if metres <= PLACE_RADIUS_M and (best is None or metres < best[0]):
                best = (metres, StopGroup(group.name, group.ids, metres=metres))
    return best[1] if best else None


def _roles(query: BusQuery, found: list[str], named: list[tuple[int, int, StopGroup]]) -> None:
    """Which named stop is boarded at and which is gone to: "pour", "vers", "aller à" mark the way
    there; "de", "depuis" the start; a bare "à" (or nothing) is the stop itself, unless a start is
    named too ("de la gare à l'hôpital") or comes first ("bus mairie gare")."""
    marks = [(_marker(found, start), group) for start, _, group in named]
    has_from = any(m == "from" for m, _ in marks)
    for mark, group in marks:
        if mark == "to" or (mark == "at" and (has_from or query.at is not None)):
            query.to = query.to or group
        elif query.at is None:
            query.at = group
        else:
            query.to = query.to or group


def _marker(found: list[str], start: int) -> str:
    """"to", "from" or "at", from the words just before a stop's name (articles and "à" skipped)."""
    i = start - 1
    while i >= 0 and found[i] in SKIPPED:
        if found[i] in ("a", "au", "aux") and i >= 1 and found[i - 1] in TO_MARKERS:
            return "to"  # "aller à la gare", "jusqu'aux Vignes"
        i -= 1
    if i < 0:
        return "at"
    return "to" if found[i] in TO_MARKERS else "from" if found[i] in FROM_MARKERS else "at"


def _day(found: list[str], today: dt.date) -> dt.date | None:
    """The day asked: "demain", or a weekday ("samedi": the next one, today's if today)."""
    if "demain" in found:
        return today + dt.timedelta(days=1)
    for i, name in enumerate(DAYS):
        if name in found:
            return today + dt.timedelta(days=(i - today.weekday()) % 7)
    return None

