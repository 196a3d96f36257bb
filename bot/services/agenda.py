"""Service: the town's agenda. "que faire ce week-end ?", "prochain conseil municipal", "prochaines
élections", "c'est quand le marché ?", "cérémonie du 11 novembre à quelle heure ?".

Claims a question that asks for the agenda ("agenda", "animations", or "que faire" with days), or
names an event by its title or a kind of event (bot/kb/events.py EVENT_CATEGORIES) with a "when"
word (prochain, quand, quel jour, à quelle heure); never a how-to question ("m'inscrire pour les prochaines élections" is the
entry's). A kind of event with nothing coming is left to the matcher, whose entry says more than
"no date".
"""

from __future__ import annotations

import datetime as dt

from .. import wording_services as WS
from ..actions import OpenEntry, encode
from ..agenda import Occurrence, between, running_weekly, upcoming
from ..kb import EVENT_CATEGORIES, Event, Knowledge
from ..language.text import content_words
from ..language.when import MONTH_NAMES, When, when
from ..render import Fmt, label
from ..render.agenda import date_label, occurrence_line, weekly_line
from ..replies import Button, Reply
from . import Ask, paged_reply
from .claims import claimable, has_phrase, tokens_of

# Words that ask the agenda by themselves ("agenda", "animations de Noël")…
AGENDA_WORDS = frozenset("agenda evenement evenements animation animations manifestations festivites sorties".split())
# …and phrases that do only with days and few other words ("que faire ce week-end ?", not "je ne
# sais pas quoi faire maintenant" after a bereavement).
WHAT_TO_DO = [tuple(p.split()) for p in ("que faire", "quoi faire", "koi faire", "qu il y a", "se passe")]
# Besides the days, at most one other word ("que faire ce week-end avec les enfants ?").
WHAT_TO_DO_OTHER_WORDS = 1
DAY_WORDS = frozenset("""lundi mardi mercredi jeudi vendredi samedi dimanche week end weekend we semaine mois
prochain prochaine demain soir matin midi aprem apres aujourd hui ajd noel an jour enfants famille ici""".split()
                      + list(MONTH_NAMES))
WHEN_WORDS = [tuple(p.split()) for p in ("prochain", "prochaine", "prochains", "prochaines", "quand", "dates",
                                         "quelle date", "quel jour", "quels jours", "quelle heure", "horaire",
                                         "horaires", "heure")]
NOT_WHEN = [("date", "de", "quand")]  # "elle date de quand ?": how old, not when
PLACE_NAMES = frozenset({"place", "halle", "rue", "avenue", "square", "allee"})  # "place du marché" is a place
LINES_MAX = 8       # a Telegram message that reads at a glance
DESCRIBE_MAX = 3    # descriptions only when the list is short
THEN_MAX = 3        # "nothing this weekend; then:" the next few
ENTRY_BUTTONS_MAX = 3


def _category(tokens: list[str]) -> str | None:
    """The kind of event the question names (the longest phrase wins: "journées du patrimoine"),
    not counting a place named after it ("la place du Marché")."""
    found = []
    for key, cat in EVENT_CATEGORIES.items():
        for phrase in (tuple(w.split()) for w in cat.words):
            n = len(phrase)
            for i in range(len(tokens) - n + 1):
                named_place = i >= 2 and tokens[i - 1] in ("du", "de") and tokens[i - 2] in PLACE_NAMES
                if tuple(tokens[i:i + n]) == phrase and not named_place:
                    found.append((n, key))
    return max(found)[1] if found else None


def _titled(k: Knowledge, text: str) -> list[Event]:
    """The events the question names by their title: two of its words ("marché de Noël", "feu
    d'artifice"), or its only one."""
    asked = set(content_words(text))
    out = []
    for event in k.events:
        own = set(content_words(event.title))
        if own and len(own & asked) >= min(2, len(own)):
            out.append(event)
    return out


def _other_words(ask: Ask) -> list[str]:
    """The content words that are neither days nor the town's name: what else the message is about."""
    town = set(content_words(ask.knowledge.town.name))
    return [w for w in content_words(ask.text) if w not in DAY_WORDS and w not in town and not w.isdigit()]


def _asks(ask: Ask) -> tuple[bool, list[Event], str | None]:
    """(whether the question asks the agenda, the events it is about, the kind of event it names)."""
    tokens = tokens_of(ask.text)
    if not claimable(ask.text, tokens):
        return False, [], None
    category = _category(tokens)
    titled = _titled(ask.knowledge, ask.text)
    timed = any(has_phrase(tokens, p) for p in WHEN_WORDS) and not any(has_phrase(tokens, p) for p in NOT_WHEN)
    what_to_do = any(has_phrase(tokens, p) for p in WHAT_TO_DO) and when(ask.text, ask.now) is not None \
        and len(_other_words(ask)) <= WHAT_TO_DO_OTHER_WORDS
    asked = bool(AGENDA_WORDS.intersection(tokens)) or what_to_do or (timed and (category is not None or bool(titled)))
    if titled:
        return asked, titled, None
    events = [e for e in ask.knowledge.events if category is None or e.category == category]
    return asked, events, category


def reply(ask: Ask) -> Reply | None:
    """The events the question asks about, soonest first, or None when it does not ask the agenda."""
    asked, events, category = _asks(ask)
    if not asked:
        return None
    k, today = ask.knowledge, ask.now.date()
    if len(events) < len(k.events) and not upcoming(events, today):
        return None  # nothing coming of what was asked: the entry says more than "no date"
    span = when(ask.text, ask.now)
    titled = len(events) < len(k.events) and category is None
    if titled and span is not None and not between(events, span.first, span.last):
        span = None  # "marché de Noël", "feu d'artifice du 14 juillet": the date words name the event
    head = _head(_name(category, events, k), span, today)
    lines, shown = (_span_lines(events, span, k, ask.fmt, today) if span is not None
                    else _next_lines(events, category, k, ask.fmt, today))
    return paged_reply(["\n".join([ask.fmt.b(head)] + lines)], _entry_buttons(k, shown))


def _name(category: str | None, events: list[Event], k: Knowledge) -> tuple[str, str]:
    """(emoji, name) of what is listed: a kind of event, the one event asked by its title, or the agenda."""
    if category is not None:
        return EVENT_CATEGORIES[category].emoji, EVENT_CATEGORIES[category].label
    if len(events) < len(k.events) and len({e.title for e in events}) == 1:
        return EVENT_CATEGORIES[events[0].category].emoji, events[0].title
    return "📅", WS.AGENDA_LABEL


def _head(name: tuple[str, str], span: When | None, today: dt.date) -> str:
    """"🏛️ Conseil municipal : prochaines dates", "📅 Agenda de la commune : du samedi 12/12 au dimanche 13/12"."""
    emoji, label_ = name
    if span is None:
        return WS.AGENDA_NEXT.format(emoji=emoji, label=label_)
    days = date_label(span.first, today) if span.one_day else \
        WS.FROM_DAY_TO_DAY.format(first=date_label(span.first, today), last=date_label(span.last, today))
    return WS.AGENDA_ON.format(emoji=emoji, label=label_, days=days)


def _lines(occurrences: list[Occurrence], k: Knowledge, f: Fmt, today: dt.date) -> list[str]:
    shown = occurrences[:LINES_MAX]
    lines = [occurrence_line(o, k, f, today, describe=len(shown) <= DESCRIBE_MAX) for o in shown]
    if len(occurrences) > len(shown):
        lines.append(f.esc(WS.AGENDA_MORE.format(count=len(occurrences) - len(shown))))
    return lines


def _span_lines(events: list[Event], span: When, k: Knowledge, f: Fmt,
                today: dt.date) -> tuple[list[str], list[Event]]:
    """Every occurrence within the asked days; when there is none, say so and give the next ones."""
    found = between(events, span.first, span.last)
    if found:
        return _lines(found, k, f, today), [o.event for o in found[:LINES_MAX]]
    after = [o for o in upcoming(events, span.last + dt.timedelta(days=1)) if o.day > span.last][:THEN_MAX]
    lines = [f.esc(WS.AGENDA_NOTHING)]
    if after:
        lines += [f.esc(WS.AGENDA_THEN)] + [occurrence_line(o, k, f, today) for o in after]
    return lines, [o.event for o in after]


def _next_lines(events: list[Event], category: str | None, k: Knowledge, f: Fmt,
                today: dt.date) -> tuple[list[str], list[Event]]:
    """The weekly events said once, then the next dated ones."""
    weekly = running_weekly(events, today)
    dated = upcoming(events, today, weekly=False)
    lines = [weekly_line(e, k, f, today) for e in weekly]
    if lines and category is None:
        lines.insert(0, f.b(WS.AGENDA_EVERY_WEEK))
        lines.append("")
    return lines + _lines(dated, k, f, today), weekly + [o.event for o in dated[:LINES_MAX]]


def _entry_buttons(k: Knowledge, events: list[Event]) -> list[list[Button]]:
    """"📄 <entry>" for the entries the listed events belong to (at most ENTRY_BUTTONS_MAX)."""
    ids: list[str] = []
    for event in events:
        if event.entry and event.entry in k.entries and event.entry not in ids and not k.entries[event.entry].hidden:
            ids.append(event.entry)
    return [[Button(label("📄 " + k.entries[i].title), data=encode(OpenEntry(i)))] for i in ids[:ENTRY_BUTTONS_MAX]]
