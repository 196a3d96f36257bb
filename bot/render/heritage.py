"""Heritage in replies: a site's photo, its visiting hours, map pins (venues), and a walking tour
told one stop per message, each with the way to the next.

A site's visiting hours are those of the place its `location.place` names (docs/format.md): a
place of the town's list, with weekly hours, exceptions and holidays like any other.
"""

from __future__ import annotations

import datetime as dt

from .. import wording as W
from .. import wording_services as WS
from ..actions import MapPin, TourStop, encode
from ..geo import distance_m, format_distance, walking_minutes
from ..kb import Entry, Knowledge, Place
from ..opening import day_hours
from ..replies import Button, Message, Venue
from .format import Fmt, utf16_len
from .opening import ranges_fr

CAPTION_MAX = 1024  # Telegram's limit for a photo's caption (the HTML is measured: never less than the text)


def visit_place(entry: Entry, k: Knowledge) -> Place | None:
    """The place whose hours are the site's visiting hours (its `location.place`), if any."""
    return k.places.get(entry.location.get("place", "")) if entry.location else None


def visit_line(entry: Entry, k: Knowledge, f: Fmt, today: dt.date) -> str:
    """"🕒 Visite aujourd'hui : de 9h à 18h", or closed today and why; "" when the site has no visiting hours."""
    place = visit_place(entry, k)
    if place is None or not (place.has_hours or place.exceptions):
        return ""
    ranges, holiday, note = day_hours(place, today)
    why = WS.WHY_HOLIDAY.format(name=holiday) if holiday else (f" ({note.rstrip('.')})" if note else "")
    return f.esc(WS.VISIT_TODAY.format(hours=ranges_fr(ranges) if ranges else W.CLOSED) + why)


def geo_of(entry: Entry) -> tuple[float, float] | None:
    geo = entry.location.get("geo") if entry.location else None
    return (geo["lat"], geo["lon"]) if geo else None


def entry_venue(entry: Entry) -> Venue | None:
    """The map pin of a heritage site (None without a position)."""
    geo = geo_of(entry)
    return Venue(geo[0], geo[1], entry.title, entry.location.get("address", "")) if geo else None


def place_venue(place: Place) -> Venue | None:
    """The map pin of a place (None without a position)."""
    return Venue(place.geo["lat"], place.geo["lon"], place.name, place.address) if place.geo else None


def pin_message(venue: Venue, f: Fmt) -> Message:
    """A map pin; its text (what the console shows) says the same in words."""
    text = f"📍 {f.b(venue.title)}" + (f"\n{f.esc(venue.address)}" if venue.address else "")
    return Message(text, venue=venue)


def photo_message(entry: Entry, f: Fmt) -> Message | None:
    """An entry's photo, captioned with its title (and period), sent before its page; None without one."""
    if not entry.photo:
        return None
    caption = f"🏰 {f.b(entry.title)}" + (f"\n{f.esc(W.PERIOD.format(period=entry.period))}" if entry.period else "")
    return Message(caption, photo=entry.photo)


def heritage_blocks(entry: Entry, k: Knowledge, f: Fmt, today: dt.date) -> list[str]:
    """A site's visiting hours today; a tour's length and its stops in order."""
    if entry.kind == "heritage":
        line = visit_line(entry, k, f, today)
        return [line] if line else []
    if entry.kind != "tour" or not entry.stops:
        return []
    sites = [k.entries[s.entry] for s in entry.stops]
    length = sum(_leg(a, b) for a, b in zip(sites, sites[1:]))
    head = f.esc(WS.TOUR_LENGTH.format(stops=len(sites), distance=format_distance(length),
                                      minutes=walking_minutes(length)))
    return [head + "\n" + "\n".join(f"{n}. {f.esc(site.title)}" for n, site in enumerate(sites, 1))]


def heritage_rows(entry: Entry) -> list[list[Button]]:
    """"▶️ Commencer le circuit" under a tour; "📌 Voir sur la carte" under a site with a position."""
    if entry.kind == "tour" and entry.stops:
        data = encode(TourStop(entry.id, 0))
        return [[Button(WS.TOUR_START, data=data)]] if data else []
    if entry.kind == "heritage" and geo_of(entry):
        data = encode(MapPin("e", entry.id))
        return [[Button(WS.PIN_BUTTON, data=data)]] if data else []
    return []


def _leg(a: Entry, b: Entry) -> float:
    (lat1, lon1), (lat2, lon2) = geo_of(a), geo_of(b)  # type: ignore[misc] - checked by guichet check
    return distance_m(lat1, lon1, lat2, lon2)


def render_tour_stop(tour: Entry, n: int, k: Knowledge, f: Fmt, today: dt.date) -> list[Message]:
    """Stop `n` of `tour`: its photo, story, note and visiting hours, the way to the next stop, a map
    pin button and "Étape suivante" (the last stop says the tour is over)."""
    stop = tour.stops[n]
    site = k.entries[stop.entry]
    lines = [f"🚶 {f.b(tour.title)} · {f.esc(WS.TOUR_STEP.format(n=n + 1, total=len(tour.stops)))}",
             f"🏰 {f.b(site.title)}"]
    if site.summary:
        lines.append(f.esc(site.summary))
    if stop.note:
        lines.append(f"👉 {f.i(stop.note)}")
    visit = visit_line(site, k, f, today)
    if visit:
        lines.append(visit)
    rows = [[Button(WS.PIN_BUTTON, data=encode(MapPin("e", site.id)))]]
    if n + 1 < len(tour.stops):
        following = k.entries[tour.stops[n + 1].entry]
        leg = _leg(site, following)
        lines.append("➡️ " + f.esc(WS.TOUR_NEXT.format(title=following.title, distance=format_distance(leg),
                                                        minutes=walking_minutes(leg))))
        rows.append([Button(WS.TOUR_NEXT_BUTTON, data=encode(TourStop(tour.id, n + 1)))])
    else:
        lines.append(f.esc(WS.TOUR_END))
    rows = [[b for b in row if b.data] for row in rows]
    return with_photo(site.photo, "\n\n".join(lines), [r for r in rows if r], f"🏰 {f.b(site.title)}")


def with_photo(photo: str, text: str, buttons: list[list[Button]], short: str) -> list[Message]:
    """`text` as the caption of `photo` when it fits (one message), else the photo captioned `short`
    then `text` in its own message; without a photo, `text` alone. The buttons go on the last."""
    if not photo:
        return [Message(text, buttons)]
    if utf16_len(text) <= CAPTION_MAX:
        return [Message(text, buttons, photo=photo)]
    return [Message(short, photo=photo), Message(text, buttons)]
