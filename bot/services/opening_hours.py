"""Service: is a town place open now, or on a given day? "la mairie est ouverte ?", "déchetterie
ouverte dimanche ?", "horaires de la médiathèque demain", "la mairie est ouverte le 24 décembre ?",
"c'est ouvert la piscine ce midi ?".

Answered from the place's hours, exceptions and public holidays (bot/opening.py), with the day
read by bot/language/when.py. Claims a question only when it asks about opening (ouvert, fermé,
horaires…) AND names a place that has hours, and is not a "how do I…" question: "comment
s'inscrire à la médiathèque" stays with its entry. "horaires de la mairie" is claimed too: the
answer gives today's status, the week and the coming special days (the entry gives today's hours
only) and a button opens the entry.
"""

from __future__ import annotations

import datetime as dt

from .. import wording as W
from .. import wording_services as WS
from ..actions import OpenEntry, encode
from ..kb import NATIONAL_ID, Entry, Knowledge, Place
from ..kb.place_kinds import kind_of
from ..language.text import STOP_WORDS, TIME_WORDS, fold, words
from ..language.when import When, when
from ..opening import day_hours, status_at
from ..render import Fmt, label
from ..render.opening import at_sentences, day_line, day_sentences, now_sentences
from ..render.places import week_lines
from ..replies import Button, Reply
from . import Ask, paged_reply
from .claims import claimable, tokens_of
from .place_finder import find_places

OPEN_WORDS = frozenset("""ouvert ouverte ouverts ouvertes ouvre ouvrent ouvrira ouvriront ferme fermee fermes
fermees ferment fermera fermeront fermeture fermetures horaire horaires ouver ouvers ouvet horraires horraire
oraires oraire horair""".split())
OPENING_NOUN = "ouverture"  # counts only with "heures", "horaires" or "jours" ("déclaration d'ouverture de chantier" is not)
HOURS_NOUNS = frozenset({"heure", "heures", "horaire", "horaires", "jour", "jours"})
MAX_PLACES = 3          # "horaires de l'école": both schools, not a directory
SPAN_DAYS_MAX = 14      # "la semaine prochaine" lists its days; a month is cut to two weeks
SPECIAL_DAYS_AHEAD = 31
SPECIAL_DAYS_MAX = 4


def asks_opening(text: str) -> bool:
    """Whether `text` asks when a place is open (and is not a procedure or price question)."""
    found = tokens_of(text)
    if not claimable(text, found):
        return False
    tokens = set(found)
    return bool(tokens & OPEN_WORDS) or (OPENING_NOUN in tokens and bool(tokens & HOURS_NOUNS))


def reply(ask: Ask) -> Reply | None:
    """The opening status of the places the question names, or None when it is not such a question."""
    if not asks_opening(ask.text):
        return None
    places = [p for p in find_places(ask.knowledge, ask.text) if p.has_hours or p.exceptions][:MAX_PLACES]
    if not places or _another_subject(ask.knowledge, ask.text, places):
        return None
    span = when(ask.text, ask.now)
    f = ask.fmt
    blocks = ["\n".join(_place_block(p, span, ask.now, f)) for p in places]
    buttons = [[Button(label("📄 " + e.title), data=encode(OpenEntry(e.id)))]
               for e in _entries_for(ask.knowledge, places)]
    return paged_reply(blocks, buttons)


def _another_subject(k: Knowledge, text: str, places: list[Place]) -> bool:
    """"la garderie du matin ouvre à quelle heure à l'école ?": besides the place, the question
    names the subject of a town entry (the garderie, the cantine), whose own page says when it
    runs; the school's hours would mislead, so the matcher answers."""
    own: set[str] = set()
    for p in places:
        own |= set(words(p.name)) | set(words(p.kind.replace("-", " ")))
    subjects = _subject_words(k)
    return any(w in subjects and w not in own for w in words(text))


def _subject_words(k: Knowledge) -> frozenset[str]:
    """The words of the town entries' keywords that are no place's name or kind, no opening or
    time word (built once per loaded knowledge)."""
    if _SUBJECTS[0] is not k:
        places = {w for p in k.places.values() for w in words(f"{p.name} {p.kind.replace('-', ' ')}")}
        found = {w for e in k.searched() if not NATIONAL_ID.match(e.id) for kw in e.keywords for w in words(kw)}
        _SUBJECTS[:] = [k, frozenset(w for w in found if len(w) >= 5 and w not in places and w not in STOP_WORDS
                                     and w not in OPEN_WORDS and w not in HOURS_NOUNS and w not in TIME_WORDS
                                     and w != OPENING_NOUN)]
    return _SUBJECTS[1]


_SUBJECTS: list = [None, frozenset()]


def _is_now(span: When | None, now: dt.datetime) -> bool:
    if span is None:
        return True
    if not span.one_day or span.first != now.date():
        return False
    return span.at is None or span.at == now.time().replace(second=0, microsecond=0)


def _status_lines(place: Place, span: When | None, now: dt.datetime) -> list[str]:
    """What the question asks: now, a moment, a day, or each day of a span."""
    kind, today = kind_of(place), now.date()
    if _is_now(span, now):
        return now_sentences(status_at(place, now), kind)
    assert span is not None
    status = status_at(place, span.moment(now))
    if span.one_day:
        return at_sentences(status, kind, today) if span.at is not None else day_sentences(status, kind, today)
    last = min(span.last, span.first + dt.timedelta(days=SPAN_DAYS_MAX - 1))
    lines = [WS.HOURS_ON_DAYS.format(of=kind.of)[0].upper() + WS.HOURS_ON_DAYS.format(of=kind.of)[1:]]
    day = span.first
    while day <= last:
        lines.append(day_line(day, *day_hours(place, day)))
        day += dt.timedelta(days=1)
    return lines


def _special_days(place: Place, today: dt.date) -> list[str]:
    """The coming days whose hours differ from the week's (an exception, a public holiday), a run
    of identical days said once ("du jeudi 24/12 au samedi 02/01 : fermé (…)")."""
    runs: list[tuple[dt.date, dt.date, tuple]] = []
    for k in range(1, SPECIAL_DAYS_AHEAD + 1):
        day = today + dt.timedelta(days=k)
        if place.exception_on(day) is None and not place.holiday_on(day):
            continue
        hours = day_hours(place, day)
        if not hours[0] and not place.hours.get(day.weekday()) and not hours[2]:
            continue  # a holiday on a day it is closed anyway says nothing
        if runs and runs[-1][2] == hours and runs[-1][1] == day - dt.timedelta(days=1):
            runs[-1] = (runs[-1][0], day, hours)
        elif len(runs) < SPECIAL_DAYS_MAX:
            runs.append((day, day, hours))
        else:
            break
    return [day_line(first, *hours, last=last) for first, last, hours in runs]


def _place_block(place: Place, span: When | None, now: dt.datetime, f: Fmt) -> list[str]:
    """Status sentences, then the place (name, address, phone); with no day asked, the week's hours
    and the coming special days too."""
    lines = [f.esc(x) for x in _status_lines(place, span, now)]
    lines += ["", f"📍 {f.b(place.name)}"]
    lines += [f.esc(x) for x in (place.address, f"☎️ {place.phone}" if place.phone else "") if x]
    if span is None:
        lines += ["", f.b(W.WEEK_HOURS)] + week_lines(place, f)
        special = _special_days(place, now.date())
        if special:
            lines += ["", f.b(WS.COMING_SPECIAL_DAYS)] + [f.esc(x) for x in special]
    return lines


def _entries_for(k: Knowledge, places: list[Place]) -> list[Entry]:
    """The entry about each place: the one with its id, else one sending there about its hours
    ("Horaires et contact de la mairie"); none when no entry is about the place itself."""
    out: list[Entry] = []
    for place in places:
        entry = k.entries.get(place.id)
        if entry is None or entry.hidden:
            entry = next((e for e in k.visible() if e.where[:1] == [place.id] and "horaires" in fold(e.title)), None)
        if entry is not None and entry not in out:
            out.append(entry)
    return out
