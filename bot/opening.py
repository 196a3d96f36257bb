"""Whether a place is open at a given moment, and when it opens next: the one reading of its weekly
hours, exceptions and public holidays that every label ("ouvert maintenant") and answer shares.

Times are compared as "HH:MM" strings, as the knowledge writes them (bot/kb/schema.py pads them),
in the town's own time: `moment` is aware and already in the town's zone (Engine.now()).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .kb import Place

LOOKAHEAD_DAYS = 45  # the piscine's two-week drain or a summer closure still find their reopening

Ranges = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Opening:
    """A day with hours, and those hours (ranges "HH:MM"-"HH:MM", in order)."""

    day: dt.date
    ranges: Ranges


@dataclass(frozen=True)
class OpenStatus:
    """A place at a moment. `state` names the case a reply words:

    - "open": open now, until `until`;
    - "later": closed now, opens again at `opens_at` the same day;
    - "closed": no more opening that day (why: `holiday`, or the exception's `note`);
      `next_opening` is the first following day with hours (None beyond LOOKAHEAD_DAYS);
    - "unknown": the place publishes no hours at all.
    """

    state: str
    moment: dt.datetime
    ranges: Ranges          # the hours of the moment's day (empty: closed that day)
    holiday: str = ""       # "Noël": the day is a public holiday the place closes for
    note: str = ""          # the note of the exception that sets the day's hours
    until: str = ""         # "17:30" (state "open"): the end of the opening we are in
    opens_at: str = ""      # "13:30" (state "later")
    next_opening: Opening | None = None

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def day(self) -> dt.date:
        return self.moment.date()


def day_hours(place: Place, day: dt.date) -> tuple[Ranges, str, str]:
    """(ranges, public holiday name, exception note) of `day`: the holiday is named only when it is
    what closes the place (an exception for that day wins, as in Place.hours_on)."""
    holiday = place.holiday_on(day)
    if holiday:
        return (), holiday, ""
    ranges, note = place.hours_on(day)
    return tuple(ranges), "", note


def next_opening(place: Place, after: dt.date, days: int = LOOKAHEAD_DAYS) -> Opening | None:
    """The first day strictly after `after` on which the place opens, within `days` days."""
    for k in range(1, days + 1):
        day = after + dt.timedelta(days=k)
        ranges, _ = place.hours_on(day)
        if ranges:
            return Opening(day, tuple(ranges))
    return None


def _merged(ranges: Ranges) -> Ranges:
    """Back-to-back ranges as one ("09:00-12:00, 12:00-14:00" is open until 14:00)."""
    out: list[tuple[str, str]] = []
    for start, end in ranges:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return tuple(out)


def status_at(place: Place, moment: dt.datetime) -> OpenStatus:
    """Whether `place` is open at `moment` (town time), until when, or when it opens next."""
    if not place.has_hours and not place.exceptions:
        return OpenStatus("unknown", moment, ())
    day = moment.date()
    ranges, holiday, note = day_hours(place, day)
    now = f"{moment.hour:02d}:{moment.minute:02d}"
    for start, end in _merged(ranges):
        if start <= now < end:
            return OpenStatus("open", moment, ranges, holiday, note, until=end)
        if now < start:
            return OpenStatus("later", moment, ranges, holiday, note, opens_at=start)
    return OpenStatus("closed", moment, ranges, holiday, note, next_opening=next_opening(place, day))
