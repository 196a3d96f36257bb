"""Places in replies: address, phone, today's opening hours (or the next opening), the week's hours, the town's contact."""

from __future__ import annotations

import datetime as dt

from .. import i18n
from .. import wording as W
from ..kb import Knowledge, Place
from ..kb.place_kinds import kind_of
from .format import Fmt
from .dates import day_name


def format_ranges(ranges: list[tuple[str, str]]) -> str:
    """"08h30–12h00, 13h30–17h00"."""
    return ", ".join(f"{a.replace(':', 'h')}–{b.replace(':', 'h')}" for a, b in ranges)


def place_lines(place: Place, f: Fmt, today: dt.date) -> list[str]:
    """Name, address, phone and today's opening hours of a place."""
    lines = [f"📍 {f.b(place.name)}"]
    if place.address:
        lines.append(f.esc(place.address))
    if place.phone:
        lines.append(f"☎️ {f.esc(place.phone)}")
    if place.email:
        lines.append(f"✉️ {f.esc(place.email)}")
    if place.has_hours or place.exceptions:
        lines.extend(_today_lines(place, f, today))
    return lines


def _today_lines(place: Place, f: Fmt, today: dt.date) -> list[str]:
    """Open today (and when), or closed today and the next opening within a week; saying whose
    hours they are, since an entry about a monument shows the hours of the office to go to."""
    ranges, note = place.hours_on(today)
    # "de la mairie" reads only in French: another language names the place itself
    day, of = day_name(today.weekday()), kind_of(place).of if i18n.current() == i18n.DEFAULT else place.name
    note_txt = f" ({note})" if note else ""
    if ranges:
        return [f.esc(W.TODAY_OPEN.format(of=of, day=day, ranges=format_ranges(ranges)) + note_txt)]
    lines = [f.esc(W.TODAY_CLOSED.format(of=of, day=day) + note_txt)]
    for k in range(1, 8):
        nxt = today + dt.timedelta(days=k)
        r, _ = place.hours_on(nxt)
        if r:
            lines.append(f.esc(W.NEXT_OPENING.format(day=day_name(nxt.weekday()), date=f"{nxt.day:02d}/{nxt.month:02d}",
                                                     ranges=format_ranges(r))))
            break
    return lines


def week_lines(place: Place, f: Fmt) -> list[str]:
    """One line a day, Monday to Sunday."""
    out = []
    for i in range(7):
        day, r = day_name(i), place.hours.get(i, [])
        out.append(W.WEEK_DAY.format(day=day.capitalize(), hours=format_ranges(r) if r else W.CLOSED))
    return [f.esc(x) for x in out]


def contact_lines(k: Knowledge, f: Fmt, today: dt.date) -> list[str]:
    """How to reach the town hall: its contact place (with today's hours), else phone, email, website."""
    t = k.town
    lines = []
    place = k.places.get(t.contact_place) if t.contact_place else None
    if place:
        lines.extend(place_lines(place, f, today))
    elif t.phone:
        lines.append(f"☎️ {f.esc(t.phone)}")
    if t.email and not (place and place.email == t.email):
        lines.append(f"✉️ {f.esc(t.email)}")
    if t.website:
        lines.append(f.link(W.TOWN_WEBSITE, t.website))
    return lines
