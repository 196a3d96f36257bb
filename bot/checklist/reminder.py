"""When to remind a citizen of their appointment: the date they type ("mardi 14h", "le 12/01 à 9h30",
"demain") read with `bot/language/when.py`, and the moment of the reminder.

The rule: the evening before at 18:00, when that is still to come; else, for an appointment
given with its hour, two hours before. A date already past, a span ("la semaine prochaine"), a
reminder too close to send, or further away than what Guichet keeps (the retention period) is
refused with its reason, which the engine words. Pure: `now` is the engine's clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..language.text import DAY_NAMES, fold
from ..language.when import when

EVE_AT = dt.time(18, 0)              # the evening before, when the citizen can still gather their papers
SHORT_NOTICE = dt.timedelta(hours=2)  # before an appointment too close for the evening before
# "14h", "14 h 30", "9h30", "14:30": the hour alone, which `when` reads only after "à" or "vers".
_HOUR = re.compile(r"(?<![\d/:])([01]?\d|2[0-3])\s*(?:h|:)\s*([0-5]\d)?(?!\d)")


@dataclass(frozen=True)
class Appointment:
    """The day of the appointment, and its hour when the citizen gave one."""

    day: dt.date
    at: dt.time | None = None

    def moment(self, tz) -> dt.datetime:
        """The appointment's start (its day's start when no hour was given)."""
        return dt.datetime.combine(self.day, self.at or dt.time(0, 0), tz)


@dataclass(frozen=True)
class Plan:
    """The reading of the citizen's text: the appointment and when to remind, or why not (`refusal`):
    "no_date", "not_one_day", "past", "too_far", "too_close" or "need_time"."""

    appointment: Appointment | None = None
    remind: dt.datetime | None = None
    refusal: str = ""


def read_appointment(text: str, now: dt.datetime) -> Appointment | str:
    """The appointment `text` gives, or the refusal "no_date" / "not_one_day".

    Only an hour the citizen wrote counts ("14h", "à 9h30"): the time `when` gives to "demain matin"
    or "ce soir" is a guess, and the confirmation must not announce an hour nobody said. A day
    named by its weekday that is today, at an hour already past, is next week's ("mardi 9h" said on
    a Tuesday afternoon)."""
    folded = " ".join(fold(text).split())
    found = when(text, now)
    hour = _HOUR.search(folded)
    at = dt.time(int(hour.group(1)), int(hour.group(2) or 0)) if hour else None
    if found is None:
        return Appointment(now.date(), at) if at is not None else "no_date"
    if not found.one_day:
        return "not_one_day"
    day = found.first
    if day == now.date() and at is not None and at <= now.time() and any(d in folded.split() for d in DAY_NAMES):
        day += dt.timedelta(days=7)
    return Appointment(day, at)


def plan(text: str, now: dt.datetime, max_days: int) -> Plan:
    """When to remind of the appointment `text` gives (see the module's rule)."""
    appointment = read_appointment(text, now)
    if isinstance(appointment, str):
        return Plan(refusal=appointment)
    moment = appointment.moment(now.tzinfo)
    if appointment.day < now.date() or (appointment.at is not None and moment <= now):
        return Plan(appointment, refusal="past")
    if appointment.day > now.date() + dt.timedelta(days=max_days):
        return Plan(appointment, refusal="too_far")
    eve = dt.datetime.combine(appointment.day - dt.timedelta(days=1), EVE_AT, now.tzinfo)
    if eve > now:
        return Plan(appointment, eve)
    if appointment.at is None:
        return Plan(appointment, refusal="need_time")
    if moment - SHORT_NOTICE > now:
        return Plan(appointment, moment - SHORT_NOTICE)
    return Plan(appointment, refusal="too_close")
