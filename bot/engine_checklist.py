"""The engine's document lists ("📝 Ma liste"): tick buttons kept per person, the appointment's date
asked and read, and the reminder sent the evening before with the papers still unticked.

A mixin of `Engine` (as `bot/engine_projects.py`), so that handlers, the console and the CLI keep
talking to one object. The memory is in `bot/checklist/store.py`, what a list holds in
`bot/checklist/items.py`, when to remind in `bot/checklist/reminder.py`, the screens in
`bot/render/checklist.py`.

Why reminders are queued at send time, not when the date is given: the reminder lists the papers
*still* unticked, so it is written from the ticks of that moment (and the entry as staff left it),
by `send_due_reminders`, which the bot's job runs every minute; and a message waiting days in the
outbound queue would hold back every later message to that person (the queue sends each chat's
messages in order).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from . import actions as A
from . import wording as W
from . import wording_checklist as WC
from .checklist.items import documents_of, every_hash
from .checklist.reminder import plan
from .checklist.store import ChecklistStore, Reminder
from .engine_projects import private
from .kb import Entry
from .outbox import Outgoing, to_user
from .render.checklist import (render_ask_date, render_checklist, render_confirmed, render_erased,
                               render_refusal, render_reminder)
from .replies import Message, Reply
from .safelog import describe_exception

if TYPE_CHECKING:
    from .engine import Engine
    from .storage import Storage

log = logging.getLogger("guichet.engine")

ASK_MINUTES = 15  # the date question is forgotten after this long: the next text is a question again


class ChecklistMixin:
    """Citizens tick the documents of a procedure and may be reminded of their appointment."""

    def _open_checklists(self: "Engine", storage: "Storage | None") -> ChecklistStore | None:
        return ChecklistStore(storage.db.conn, storage.lock) if storage is not None else None

    def _utc(self: "Engine", ago: dt.timedelta = dt.timedelta(0)) -> str:
        """The engine's now (or `ago` before it), as the stores write times: ISO, UTC, seconds."""
        return (self.now() - ago).astimezone(dt.timezone.utc).isoformat(timespec="seconds")

    def _lists_offered(self: "Engine", viewer: tuple[str, int | None] | None) -> bool:
        """Whether an entry shown to `viewer` (key, chat) offers "📝 Ma liste": in a private chat with
        storage only (a list is one person's: in a group, each member's ticks would show in one message)."""
        return self.checklists is not None and viewer is not None and private(viewer[1])

    def _checklist_press(self: "Engine", user: str, action: A.ChecklistAct, chat: int) -> Reply:
        """Open, tick, remind, cancel or erase; a list whose entry is gone is expired."""
        entry = self.knowledge.entries.get(action.entry)
        if entry is None or self.checklists is None or (action.variant is not None
                                                         and action.variant >= len(entry.variants)):
            return self._expired()
        if not private(chat):
            return Reply([], toast=WC.PRIVATE_ONLY)
        variant, store = action.variant, self.checklists
        if action.op == "r":
            store.ask(user, entry.id, variant, self._utc())
            return Reply([render_ask_date(entry, variant, self.fmt)])
        if action.op == "c":
            cancelled = store.cancel_reminder(user, entry.id)
            store.drop_ask(user)
            return self._text(WC.REMINDER_CANCELLED if cancelled else WC.NO_REMINDER, edit=True)
        if action.op == "x":
            store.clear(user, entry.id)
            return Reply([render_erased(entry, variant, self.fmt)], toast=WC.ERASED_TOAST, edit=True)
        docs = documents_of(entry, variant)
        if not docs:
            return self._expired()
        if action.op == "o":
            return Reply([self._list_message(user, entry, variant)])
        if action.doc not in docs.hashes():  # staff changed the entry since the list was drawn
            return Reply([self._list_message(user, entry, variant)], toast=WC.CHANGED, edit=True)
        ticked = store.toggle(user, entry.id, action.doc, self._utc())
        return Reply([self._list_message(user, entry, variant)], toast=WC.TICKED if ticked else WC.UNTICKED, edit=True)

    def _list_message(self: "Engine", user: str, entry: Entry, variant: int | None) -> Message:
        """The list as this person left it; ticks of documents the entry no longer names are dropped."""
        store = self.checklists
        store.drop_stale(user, entry.id, every_hash(entry))
        reminder = store.reminder(user, entry.id)
        when = (reminder.appointment, self._local(reminder.due)) if reminder is not None else None
        return render_checklist(entry, variant, documents_of(entry, variant), store.ticked(user, entry.id), self.fmt,
                                self.today(), when)

    def _local(self: "Engine", stamp: float) -> dt.datetime:
        """A stored Unix time in the town's time zone."""
        return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).astimezone(self.now().tzinfo)

    def _appointment_text(self: "Engine", user: str, text: str, chat: int | None) -> Reply | None:
        """The citizen's text when they were asked their appointment's date (None: not asked, a question).
        Never raises."""
        if self.checklists is None or not private(chat):
            return None
        try:
            asked = self.checklists.asked(user, newer_than=self._utc(dt.timedelta(minutes=ASK_MINUTES)))
            entry = self.knowledge.entries.get(asked[0]) if asked else None
            if asked is None or entry is None:
                return None
            variant = asked[1] if asked[1] is not None and asked[1] < len(entry.variants) else None
            found = plan(text or "", self.now(), self.settings.retention_days)
            if found.refusal:
                if found.refusal == "too_close":
                    self.checklists.drop_ask(user)
                return Reply([render_refusal(found, entry, variant, self.fmt, self.today(), self.settings.retention_days)])
            if self.dialogue is not None:
                self.dialogue.store.remember_chat(user, chat)  # where to send it (deleted by /oubli)
            self.checklists.set_reminder(user, entry.id, variant, found.appointment, found.remind.timestamp(), self._utc())
            return Reply([render_confirmed(found, entry, variant, self.fmt, self.today())])
        except Exception as exc:
            log.error("checklist failure on a date: %s", describe_exception(exc))
            return self._text(W.ENGINE_ERROR)

    def send_due_reminders(self: "Engine") -> int:
        """Queue the reminders whose time has come, each written now (see the module's docstring);
        how many were queued. A reminder whose appointment is already past is dropped unsent. Never raises."""
        if self.checklists is None:
            return 0
        now, sent = self.now(), 0
        for reminder in self.checklists.due(now.timestamp()):
            try:
                messages = self._reminder_messages(reminder, now)  # none for an appointment already past
                sent += self.checklists.send(reminder, messages) and bool(messages)
            except Exception as exc:  # one broken reminder must not hold back the others
                log.error("checklist reminder failed: %s", describe_exception(exc))
        if sent:
            log.info("checklist reminders queued: %d", sent)
        return sent

    def _reminder_messages(self: "Engine", reminder: Reminder, now: dt.datetime) -> list[Outgoing]:
        appointment = reminder.appointment
        if appointment.day < now.date() or (appointment.at is not None and appointment.moment(now.tzinfo) <= now):
            return []
        entry = self.knowledge.entries.get(reminder.entry)
        variant = reminder.variant if entry is not None and reminder.variant is not None \
            and reminder.variant < len(entry.variants) else None
        docs = documents_of(entry, variant) if entry is not None else None
        ticked = self.checklists.ticked(reminder.user, reminder.entry)
        with self.speaking(reminder.user):  # written now, in its reader's language (bot/engine_language.py)
            message = render_reminder(entry, variant, docs, ticked, appointment, self.fmt, now.date())
        return [Outgoing(to_user(reminder.user), message.text, message.buttons)]
