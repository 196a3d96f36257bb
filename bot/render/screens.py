"""The replies that are not an entry: welcome, help, menu, hours, choice, fallback, small talk, unsupported messages."""

from __future__ import annotations

import datetime as dt

from .. import wording as W
from .. import i18n
from ..i18n import gettext as _
from ..actions import AskTown, Example, Menu, NoneOfThese, OpenEntry, encode
from ..commands import citizen_commands
from ..kb import Entry, Knowledge
from ..search.clarify import GENERIC_QUESTION
from ..replies import Button, Message
from .format import Fmt, label
from .places import contact_lines, place_lines, week_lines

MENU_MAX = 90  # buttons in a menu screen (Telegram allows 100 in a keyboard)


def _town(k: Knowledge, default: str = "") -> str:
    return k.town.name if k.has_town else (default or W.YOUR_TOWN_HALL)


def _shown(examples: list[str]) -> list[str]:
    """The first three examples as the reader sees them: the usual ones translated (their French is
    what a press asks the matcher), an entry's own question as the town wrote it."""
    return [_(e) for e in examples[:3]]


def _example_rows(examples: list[str]) -> list[list[Button]]:
    return [[Button(label(e), data=encode(Example(i)))] for i, e in enumerate(_shown(examples))]


def _example_lines(examples: list[str]) -> str:
    return "\n".join(f"• {e}" for e in _shown(examples))


def render_choose(question: str, entries: list[Entry], f: Fmt, labels: list[str]) -> Message:
    """"Which one?": the clarifying question, one button per candidate, and "none of these".
    In another language, the question translated, or the generic one when the French names values."""
    shown = _(question)
    text = f"🤔 {f.esc(shown if shown != question or i18n.current() == i18n.DEFAULT else _(GENERIC_QUESTION))}"
    if not f.html:
        text += "\n" + "\n".join(f"{n}. {lab}" for n, lab in enumerate(labels, 1))
        text += "\n" + W.CHOOSE_TYPE_NUMBER
    buttons = [[Button(label(lab), data=encode(OpenEntry(e.id)))] for e, lab in zip(entries, labels)]
    buttons.append([Button(W.NONE_OF_THESE, data=encode(NoneOfThese()))])
    return Message(text, buttons)


def render_fallback(k: Knowledge, f: Fmt, today: dt.date, suggestions: list[Entry] | None = None,
                    promise: bool = False, *, ask_town: int = 0) -> Message:
    """The honest "I don't know", with the town's contact; `promise`: say the question was passed
    on to the services, only when it was recorded (the engine decides, bot/honesty.py); `ask_town`: the
    recorded question's id, offered to be sent to the town hall as a request (the dialogue)."""
    text = f.esc(W.FALLBACK)
    if promise:
        text += "\n" + f.esc(W.FALLBACK_KEPT.format(town=_town(k, W.THE_TOWN_HALL)))
    contact = contact_lines(k, f, today)
    if contact:
        text += "\n\n" + f.b(W.FALLBACK_CONTACT) + "\n" + "\n".join(contact)
    if k.town.emergency:
        numbers = ", ".join(f"{e['label']} {e['number']}" for e in k.town.emergency[:4])
        text += "\n\n" + f.esc(W.EMERGENCY.format(numbers=numbers))
    text += "\n\n" + f.esc(W.REPHRASE)
    buttons = [[Button(label(W.MAYBE + e.title), data=encode(OpenEntry(e.id)))] for e in (suggestions or [])[:2]]
    if ask_town:
        buttons.append([Button(W.ASK_TOWN, data=encode(AskTown(ask_town)))])
    buttons.append([Button(W.SEE_THEMES, data=encode(Menu()))])
    return Message(text, buttons)


def render_smalltalk(kind: str, k: Knowledge, f: Fmt, examples: list[str]) -> Message:
    """Hello, thanks, who are you…: a short answer, with example questions where they help."""
    text = f.esc(W.SMALLTALK.get(kind, W.SMALLTALK["help"]).format(town=_town(k)))
    buttons = []
    if kind in ("greeting", "identity", "help", "insult", "empty"):
        text += "\n\n" + f.esc(W.FOR_EXAMPLE)
        if not f.html:
            text += "\n" + _example_lines(examples)
        buttons = _example_rows(examples)
    return Message(text, buttons)


def render_unsupported(kind: str, examples: list[str], f: Fmt) -> Message:
    """A sticker, photo, voice note…: Guichet reads text; three examples (as buttons in Telegram)."""
    what = W.UNSUPPORTED_WHAT.get(kind, W.UNSUPPORTED_OTHER)
    text = W.UNSUPPORTED.format(what=what, examples=_example_lines(examples))
    return Message(f.esc(text), _example_rows(examples) if f.html else [])


def render_caption_note(kind: str, f: Fmt) -> Message:
    """Above the answer to a file's caption: the file itself was not read, nor passed on."""
    return Message(f.esc(W.CAPTION_NOTE.format(what=W.UNSUPPORTED_WHAT.get(kind, W.UNSUPPORTED_OTHER))))


def render_welcome(k: Knowledge, f: Fmt, examples: list[str]) -> Message:
    """/start: who the bot is, what it knows, three example questions as buttons."""
    text = f.esc(W.WELCOME).replace("{bot}", f.b("Guichet")).replace("{town}", f.esc(_town(k)))
    if k.town.fictional:
        text += "\n\n" + f.i(W.FICTIONAL_TOWN)
    if not f.html:
        text += "\n" + _example_lines(examples)
    buttons = _example_rows(examples)
    buttons.append([Button(W.BROWSE_THEMES, data=encode(Menu()))])
    return Message(text, buttons)


def render_help(f: Fmt) -> Message:
    """/aide: how to ask, and the commands of the one command table."""
    commands = "\n".join(f"/{c.name} – {f.esc(_(c.description))}" for c in citizen_commands())
    text = f"{f.b(W.HELP_TITLE)}\n{f.esc(W.HELP_TIPS)}\n\n{f.b(W.HELP_COMMANDS)}\n{commands}"
    return Message(text, [[Button(W.BROWSE_THEMES, data=encode(Menu()))]])


def render_menu(k: Knowledge, f: Fmt, category: str | None = None) -> Message:
    """Categories as buttons, or the entries of one category with a back button."""
    visible = k.visible()
    if category is None or category not in k.categories:
        used = {e.category for e in visible}
        cats = [c for c in k.categories.values() if c.id in used][:MENU_MAX]
        text = "📚 " + f.b(W.CHOOSE_THEME)
        if not f.html:
            text += "\n" + "\n".join(f"{n}. {c.emoji} {c.title}".replace("  ", " ") for n, c in enumerate(cats, 1))
        rows = [[Button(label(f"{c.emoji} {c.title}".strip()), data=encode(Menu(c.id)))] for c in cats]
        return Message(text, [r for r in rows if r[0].data])
    cat = k.categories[category]
    entries = sorted((e for e in visible if e.category == category), key=lambda e: e.title.lower())
    shown = entries[:MENU_MAX]
    text = f"{f.esc(cat.emoji)} {f.b(cat.title)}".strip()
    if cat.description:
        text += "\n" + f.esc(cat.description)
    if len(entries) > len(shown):
        text += "\n" + f.esc(W.THEME_TRUNCATED.format(shown=len(shown), total=len(entries)))
    if not f.html:
        text += "\n" + "\n".join(f"{n}. {e.title}" for n, e in enumerate(shown, 1))
    buttons = [[Button(label(e.title), data=encode(OpenEntry(e.id)))] for e in shown]
    buttons.append([Button(W.BACK_TO_THEMES, data=encode(Menu()))])
    return Message(text, buttons)


def render_hours(k: Knowledge, f: Fmt, today: dt.date) -> Message:
    """/horaires: the town hall today and for the week."""
    place = k.places.get(k.town.contact_place) if k.town.contact_place else None
    if place is None:
        places = k.places_of_kind("mairie")
        place = places[0] if places else None
    if place is None:
        return Message(f.esc(W.NO_TOWN_HALL_HOURS))
    lines = place_lines(place, f, today) + [""] + [f.b(W.WEEK_HOURS)] + week_lines(place, f)
    return Message("\n".join(lines))
