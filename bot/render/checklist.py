"""The document list on screen: its tick buttons (☐ / ✅), the date question, the confirmation and the reminder itself.

Buttons carry a short label (the number, then the first words); the message body carries every
document in full under the same number, so that a label cut short is never the only word.
"""

from __future__ import annotations

import datetime as dt

from .. import wording_checklist as WC
from ..actions import ChecklistAct, encode
from ..checklist.items import Documents
from ..checklist.reminder import Appointment, Plan
from ..kb import Entry
from ..replies import Button, Message
from .dates import day_name, day_of_month, month_name
from .format import MAX_BUTTONS, TEXT_LIMIT, Fmt, utf16_len
from .opening import hhmm

ITEM_LABEL_MAX = 36    # characters of a document on its button, after "☐ 12. " (a phone shows about 40)
ITEM_TEXT_MAX = 400    # characters of one document in the message (imported bullets are sometimes paragraphs)
ITEM_TEXT_SHORT = 120  # the same, for a list that would not fit in one message otherwise
BUTTON_ROWS_AFTER = 2  # the reminder and erase buttons


def short(text: str, limit: int = ITEM_LABEL_MAX) -> str:
    """The first words of `text` within `limit` characters, cut between words with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:(-–") + "…"


def day_fr(day: dt.date, today: dt.date) -> str:
    """"mardi 12 janvier" (and the year when it is not this one)."""
    words = f"{day_name(day.weekday())} {day_of_month(day.day)} {month_name(day.month)}"
    return words + (f" {day.year}" if day.year != today.year else "")


def moment_fr(day: dt.date, at: dt.time | None, today: dt.date) -> str:
    """"demain (mardi 12 janvier) à 14h", "le vendredi 15 janvier", "aujourd'hui (lundi 11 janvier) à 18h"."""
    relative = {today: WC.TODAY, today + dt.timedelta(days=1): WC.TOMORROW}.get(day)
    words = (WC.RELATIVE_DAY.format(relative=relative, day=day_fr(day, today)) if relative
             else WC.ON_DAY.format(day=day_fr(day, today)))
    return WC.AT_HOUR.format(day=words, hour=hhmm(at.strftime("%H:%M"))) if at is not None else words


def appointment_fr(appointment: Appointment, today: dt.date) -> str:
    return moment_fr(appointment.day, appointment.at, today)


def _title(entry: Entry, variant: int | None) -> str:
    v = entry.variants[variant] if variant is not None and variant < len(entry.variants) else None
    return entry.title + (f" — {v.label}" if v is not None else "")


def _act(op: str, entry: Entry, variant: int | None, doc: str = "") -> str | None:
    return encode(ChecklistAct(op, entry.id, variant, doc))


def _rows(buttons: list[Button]) -> list[list[Button]]:
    """One button a row, leaving out any whose data did not fit in callback data."""
    return [[b] for b in buttons if b.data]


def _item_lines(docs: Documents, ticked: set[str], f: Fmt, limit: int) -> list[str]:
    return [f"{'✅' if d.hash in ticked else '☐'} {n}. {f.esc(short(d.text, limit))}"
            for n, d in enumerate(docs.items, 1)]


def render_checklist(entry: Entry, variant: int | None, docs: Documents, ticked: set[str], f: Fmt,
                     today: dt.date, reminder: tuple[Appointment, dt.datetime] | None = None) -> Message:
    """The list with a tick button per document, then "📅 Me rappeler le rendez-vous" and "🗑 Effacer ma liste".

    `reminder`: the appointment and the moment of its reminder, when one is set."""
    done = sum(1 for d in docs.items if d.hash in ticked)
    head = [f"📝 {f.b(WC.LIST_TITLE.format(title=_title(entry, variant)))}",
            f.i(WC.ALL_TICKED if done == len(docs.items) else WC.PROGRESS.format(done=done, total=len(docs.items)))]
    tail = [f.esc(WC.CONDITIONAL)] if docs.conditional else []
    if reminder is not None:
        appointment, remind = reminder
        tail.append(f.esc(WC.REMINDER_LINE.format(remind=moment_fr(remind.date(), remind.time(), today),
                                                  appointment=appointment_fr(appointment, today))))
    tail.append(f.i(WC.TAP_HINT))
    text = ""
    for limit in (ITEM_TEXT_MAX, ITEM_TEXT_SHORT, ITEM_LABEL_MAX):  # the longest that fits in one message
        text = "\n\n".join(["\n".join(head), "\n".join(_item_lines(docs, ticked, f, limit)), "\n".join(tail)])
        if utf16_len(text) <= TEXT_LIMIT - 96:
            break
    room = MAX_BUTTONS - BUTTON_ROWS_AFTER
    ticks = [Button(f"{'✅' if d.hash in ticked else '☐'} {n}. {short(d.text)}", data=_act("t", entry, variant, d.hash))
             for n, d in enumerate(docs.items[:room], 1)]
    remind = WC.CHANGE_REMINDER_BUTTON if reminder is not None else WC.REMIND_BUTTON
    actions = [Button(remind, data=_act("r", entry, variant)), Button(WC.ERASE_BUTTON, data=_act("x", entry, variant))]
    return Message(text, _rows(ticks + actions))


def list_button(entry: Entry, variant: int | None) -> list[list[Button]]:
    """The "📝 Ma liste" row under an entry (empty when its data would not fit)."""
    return _rows([Button(WC.LIST_BUTTON, data=_act("o", entry, variant))])


def render_erased(entry: Entry, variant: int | None, f: Fmt) -> Message:
    return Message(f.esc(WC.ERASED.format(title=_title(entry, variant))),
                   _rows([Button(WC.LIST_AGAIN_BUTTON, data=_act("o", entry, variant))]))


def render_ask_date(entry: Entry, variant: int | None, f: Fmt) -> Message:
    """The question of the appointment's date, with a button to give up."""
    return Message(f.esc(WC.ASK_DATE.format(title=_title(entry, variant))),
                   _rows([Button(WC.CANCEL_BUTTON, data=_act("c", entry, variant))]))


def render_refusal(plan: Plan, entry: Entry, variant: int | None, f: Fmt, today: dt.date, days: int) -> Message:
    """Why no reminder could be set for the date given (the date question stays open, but after "too_close")."""
    words = appointment_fr(plan.appointment, today) if plan.appointment is not None else ""
    text = {"no_date": WC.NO_DATE, "not_one_day": WC.NOT_ONE_DAY, "past": WC.PAST, "too_far": WC.TOO_FAR,
            "too_close": WC.TOO_CLOSE, "need_time": WC.NEED_TIME}[plan.refusal].format(appointment=words, days=days)
    buttons = [] if plan.refusal == "too_close" else [Button(WC.CANCEL_BUTTON, data=_act("c", entry, variant))]
    return Message(f.esc(text), _rows(buttons))


def render_confirmed(plan: Plan, entry: Entry, variant: int | None, f: Fmt, today: dt.date) -> Message:
    """The reminder set, in words, with "✖️ Annuler le rappel" and the list."""
    remind = plan.remind
    text = WC.CONFIRMED.format(appointment=appointment_fr(plan.appointment, today),
                               remind=moment_fr(remind.date(), remind.time(), today))
    return Message(f.esc(text), _rows([Button(WC.CANCEL_REMINDER_BUTTON, data=_act("c", entry, variant)),
                                       Button(WC.LIST_BUTTON, data=_act("o", entry, variant))]))


def render_reminder(entry: Entry | None, variant: int | None, docs: Documents, ticked: set[str],
                    appointment: Appointment, f: Fmt, today: dt.date) -> Message:
    """The reminder as sent: the appointment, and the documents still unticked at this moment."""
    title = _title(entry, variant) if entry is not None else ""
    lines = [f.b(WC.REMINDER_TITLE.format(title=title, appointment=appointment_fr(appointment, today)))]
    if entry is None:
        return Message("\n\n".join(lines + [f.esc(WC.ENTRY_GONE)]))
    left = [d for d in docs.items if d.hash not in ticked]
    if left:
        lines.append(f.b(WC.STILL_TO_PREPARE) + "\n" + "\n".join(f"☐ {f.esc(short(d.text, ITEM_TEXT_SHORT))}"
                                                                 for d in left))
    else:
        lines.append(f.esc(WC.ALL_READY))
    return Message("\n\n".join(lines), _rows([Button(WC.LIST_BUTTON, data=_act("o", entry, variant))]))
