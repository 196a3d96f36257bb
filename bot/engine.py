"""The engine: one object that the Telegram handlers and the console chat both talk to.

Data flows one way: text or button data → matcher → renderer → Reply. The engine owns the
current knowledge (and keeps serving the last good one when an edit breaks it), the storage and
the per-user flood budget. It never raises on citizen input: a bug becomes a polite message.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Callable

from . import actions as A
from . import choices as C
from . import deeplinks as D
from . import honesty as H
from . import render as R
from . import wording as W
from .config import Settings, time_zone
from .engine_checklist import ChecklistMixin
from .engine_dialogue import DialogueMixin
from .engine_inline import InlineMixin
from .engine_groups import GroupsMixin
from .engine_language import LanguageMixin, citizen, spoken
from .engine_projects import ProjectsMixin
from .engine_services import ServicesMixin
from .engine_stats import StatsMixin
from .engine_semantic import SemanticMixin
from .failed_writes import FailedWrites
from .reload_alerts import ReloadAlerts
from .flood import FloodBudget
from .kb import Entry, Knowledge, Problem, errors
from .search import Matcher, Result, choice_label
from .search.cache import knowledge_fingerprint, load_index
from .render import Fmt
from .replies import Button, Message, Reply  # noqa: F401 - Message and Button are part of the engine API
from .safelog import describe_exception
from .storage import Storage, user_key

log = logging.getLogger("guichet.engine")

class KnowledgeError(Exception):
    """The knowledge folders have errors; `.problems` lists them as `path:line: message`."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problème(s) dans les connaissances")
        self.problems = problems


class Engine(DialogueMixin, ProjectsMixin, ServicesMixin, StatsMixin, SemanticMixin, InlineMixin,
             ChecklistMixin, GroupsMixin, LanguageMixin):
    """Knowledge + matcher + storage + rendering, behind a few `on_…` methods."""

    def __init__(self, knowledge: Knowledge, *, settings: Settings,
                 storage: Storage | None = None, flavour: str = "html", fingerprint: str | None = None,
                 matcher: Matcher | None = None) -> None:
        self.settings = settings  # required: every default lives in Settings, not here
        self.storage = storage
        self.flavour = flavour
        self.fmt = Fmt(flavour)
        self.flood = FloodBudget(self.settings.flood_per_minute)
        self._secret: bytes | None = None
        self.languages = self._open_languages(storage)  # before the dialogue, which renders in them
        self.dialogue, self.outbox = self._open_dialogue(storage)
        self.projects, self.checklists = self._open_projects(storage), self._open_checklists(storage)
        self.failed_writes = FailedWrites()
        self.reload_alerts = ReloadAlerts()
        self.clock: Callable[[], dt.datetime] | None = None  # see `now`
        self.bot_username = ""  # the bot's Telegram username, set by handlers/ at start-up: the share links
        self.set_knowledge(knowledge, matcher)
        # taken *before* loading by from_settings, so an edit saved during the load is seen later
        self._fingerprint = fingerprint if fingerprint is not None else knowledge_fingerprint(self.settings.knowledge_dirs)

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_settings(cls, settings: Settings, *, flavour: str = "html", with_storage: bool = True) -> "Engine":
        """Load the knowledge (raising KnowledgeError on errors), make sure the key exists (SettingsError
        when it cannot be made or is damaged) and open the database."""
        fp = knowledge_fingerprint(settings.knowledge_dirs)
        knowledge, problems, matcher = load_index(settings.knowledge_dirs, settings.data_dir / "cache", fp)
        if errors(problems):
            raise KnowledgeError(errors(problems))
        if with_storage:
            settings.resolved_secret()  # the key is born at start-up, never at a first message
        storage = Storage(settings.database) if with_storage else None
        return cls(knowledge, settings=settings, storage=storage, flavour=flavour, fingerprint=fp, matcher=matcher)

    def set_knowledge(self, knowledge: Knowledge, matcher: Matcher | None = None) -> None:
        """Swap in new knowledge. The index is built first and the three attributes are assigned
        only at the end, so questions answered meanwhile (the bot reloads in a worker thread) use
        the old knowledge until the new one is complete."""
        matcher = matcher or Matcher(knowledge)
        examples = C.examples(knowledge, matcher)
        self.knowledge, self.matcher, self.examples = knowledge, matcher, examples
        self._follow_semantic(matcher)  # its semantic ranker, when started, is built in the background
        self._announce_changes()  # followers of a project that changed are told, once

    def reload(self) -> list[Problem]:
        """Reload the knowledge folders; on errors keep serving the last good knowledge (and tell the staff chat)."""
        fingerprint = knowledge_fingerprint(self.settings.knowledge_dirs)
        knowledge, problems, matcher = load_index(self.settings.knowledge_dirs, self.settings.data_dir / "cache", fingerprint)
        if errors(problems):
            self._fingerprint = fingerprint  # do not retry the same broken files every round
            log.error("knowledge reload refused, %d error(s); still serving the previous version",
                      len(errors(problems)))
            for p in errors(problems)[:20]:  # path:line: message, staff text only (no citizen data)
                log.error("  %s", p)
            self._alert_reload(errors(problems))  # the staff chat hears of it once (bot/reload_alerts.py)
            return problems
        self.set_knowledge(knowledge, matcher)
        self._fingerprint = fingerprint
        log.info("knowledge reloaded: %d entries", len(knowledge.entries))
        self._alert_reload([])
        return problems

    def knowledge_changed(self) -> bool:
        """Whether a knowledge file was saved, added or removed since the last (re)load."""
        return knowledge_fingerprint(self.settings.knowledge_dirs) != self._fingerprint

    def reload_if_changed(self) -> list[Problem] | None:
        """`reload()` when the files changed (None when nothing changed). Never raises."""
        try:
            if not self.knowledge_changed():
                return None
            return self.reload()
        except Exception as exc:  # a reload bug must not stop the bot: keep the last good knowledge
            log.error("knowledge reload failed: %s", describe_exception(exc))
            return []

    # ------------------------------------------------------------------ helpers

    def now(self) -> dt.datetime:
        """Now in the town's time zone (GUICHET_TIMEZONE, else the knowledge's `timezone`); tests and
        `guichet ask --at` set `self.clock` (a function returning an aware datetime) to fix it."""
        tz = time_zone(self.settings.timezone, self.knowledge.town.timezone)
        return self.clock().astimezone(tz) if self.clock is not None else dt.datetime.now(tz)

    def today(self) -> dt.date:
        """Today in the town's time zone (see `now`)."""
        return self.now().date()

    def user_key(self, telegram_id: int | str) -> str:
        """The pseudonymous key for a Telegram user id (HMAC); the raw id goes no further."""
        if self._secret is None:
            self._secret = self.settings.resolved_secret()
        return user_key(self._secret, telegram_id)

    def _text(self, text: str, buttons: list[list[Button]] | None = None, **reply) -> Reply:
        """A one-message Reply of a fixed sentence."""
        return Reply([R.render_text(text, self.fmt, buttons)], **reply)

    def _log(self, user: str, text: str, result: Result, ms: float) -> int:
        if self.storage is None:
            return 0
        best = result.candidates[0] if result.candidates else None
        entry_id = best.entry.id if best and result.decision == "answer" else None
        try:
            return self.storage.log_question(user, text, result.decision, entry_id,
                                             best.score if best else 0.0, ms)
        except Exception as exc:  # the reply matters more than the record: count it, and go on
            self.failed_writes.failed("question", exc)
            return 0

    def _flood(self, user: str) -> Reply | None:
        """None when `user` is within their budget; else the one polite notice, then silence.

        What counts (one token each): a text, a command, a sticker/photo/…, and a button press
        that sends a new message or writes a row (see `actions.is_free`).
        """
        budget = self.flood.check(user)
        if budget == "ok":
            return None
        return self._text(W.FLOOD_NOTICE) if budget == "notice" else Reply([])

    # ------------------------------------------------------------------ conversation

    @citizen
    def on_start(self, user: str = "", private: bool = False, payload: str = "") -> Reply:
        """/start (`private`: "📍 Autour de moi" offered); `payload`: an entry's deep link, or a group invitation's."""
        entry = D.entry_of(payload, self.knowledge.entries)
        if entry is not None:  # a private chat's follow buttons need only know it is one (0, as the console)
            return self._entry(entry, viewer=(user, 0 if private else None))
        welcome = Reply([R.render_welcome(self.knowledge, self.fmt, self.examples)])
        return self._resumed(user, payload, private) or self._near_invite(welcome, private)

    @citizen
    def on_help(self, user: str = "", private: bool = False) -> Reply:
        return self._near_invite(Reply([R.render_help(self.fmt)]), private)

    @citizen
    def on_menu(self, user: str = "") -> Reply:
        return Reply([R.render_menu(self.knowledge, self.fmt)])

    @citizen
    def on_hours(self, user: str = "") -> Reply:
        return Reply([R.render_hours(self.knowledge, self.fmt, self.today())])

    @citizen
    def on_unsupported(self, user: str = "", kind: str = "") -> Reply:
        """A sticker, photo, voice note, file, location…: say that Guichet reads text."""
        return self._unsupported(kind)

    def _unsupported(self, kind: str) -> Reply:
        return Reply([R.render_unsupported(kind, self.examples, self.fmt)])

    @citizen
    def on_caption(self, user: str, kind: str, caption: str) -> Reply:
        """A file sent with a caption: the caption is the question (photos: `on_photo`)."""
        return self._caption(kind, caption, user)

    def _caption(self, kind: str, caption: str, user: str) -> Reply:
        """A photo or file sent with a caption ("trou dans ma rue" under a photo of it): the caption
        is the question. A short note first says the picture itself was not read, so that nobody
        believes the photo has reached the town's services."""
        if not any(ch.isalnum() for ch in caption or ""):
            return self._unsupported(kind)
        note = R.render_caption_note(kind, self.fmt)
        reply = self._question(user, caption)
        return Reply([note, *reply.messages], toast=reply.toast)

    def answer(self, text: str) -> tuple[Result, Reply, float]:
        """Engine only (no storage, no flood): the decision and its rendered reply (`guichet ask`)."""
        result, ms = self._decide(text)
        return result, self.render_result(result), ms

    def _decide(self, text: str) -> tuple[Result, float]:
        """The matcher's decision, its choice obeying `choices.never_mixed`, and the time it took (ms)."""
        start = time.perf_counter()
        result = C.offered(self.ranking.ask(text))
        return result, (time.perf_counter() - start) * 1000

    @citizen
    def on_text(self, user: str, text: str, chat: int | None = None) -> Reply:
        """A citizen's free text: a date asked for (Ma liste), the request being written, else a question.

        `chat` is given for a private chat (the console passes 0): only there can a request be
        written. Never raises."""
        return (self._appointment_text(user, text, chat) or (chat is not None and self._in_draft(
            lambda d: d.draft_text(user, chat, text))) or self._question(user, text, chat))

    def _question(self, user: str, text: str, chat: int | None = None) -> Reply:
        """Decide, record (committed before the reply is returned, so before it is sent), render.

        A bare number ("99") picks no choice here (the console maps the numbers of its last
        reply): a short hint, and nothing recorded as an unanswered question."""
        try:
            number = H.bare_number(text)
            if number is not None:
                return self._text(W.NUMBER_HINT.get(self.flavour, W.NUMBER_HINT["text"]).format(number=number))
            served = self._served(user, text or "")
            if served is not None:
                return served
            result, ms = self._decide(text or "")
            qid = self._log(user, text or "", result, ms)
            return self.render_result(result, question=qid, promise=qid > 0 and H.worth_promising(text, result),
                                      viewer=(user, chat))
        except Exception as exc:
            log.error("engine failure on a text message: %s", describe_exception(exc))
            return self._text(W.ENGINE_ERROR)

    def render_result(self, result: Result, question: int = 0, promise: bool = False,
                      viewer: tuple[str, int | None] | None = None) -> Reply:
        """The reply for a matcher decision; `question` is the recorded question's id (for 👍/👎);
        `promise`: a fallback may say the question was passed on (it was recorded, `honesty`);
        `viewer`: (key, chat) of the person asking, for a project's follow and vote buttons."""
        f, k, today = self.fmt, self.knowledge, self.today()
        if result.decision == "smalltalk":
            return Reply([R.render_smalltalk(result.smalltalk, k, f, self.examples)])
        if result.decision == "answer":
            return self._entry(result.candidates[0].entry, question=question, viewer=viewer)
        if result.decision == "choose":
            entries = [c.entry for c in result.choices]
            labels = [choice_label(e, entries) for e in entries]
            return Reply([R.render_choose(result.question, entries, f, labels)])
        if result.smalltalk == "empty":
            return Reply([R.render_smalltalk("empty", k, f, self.examples)])
        suggestions = C.never_mixed([c.entry for c in result.candidates[:2] if c.score >= 0.25])
        ask_town = question if self.dialogue is not None and promise else 0  # only what was recorded, and sensible
        return Reply([R.render_fallback(k, f, today, suggestions, promise=promise, ask_town=ask_town)])

    def _entry(self, entry: Entry, *, question: int = 0, viewer: tuple[str, int | None] | None = None,
               **where) -> Reply:
        """An entry's page as a reply, with the 👍/👎 buttons (and a project's, for `viewer`: key, chat)."""
        project = self._project_view(entry, *viewer) if viewer is not None else None
        page = R.render_entry(entry, self.knowledge, self.flavour, today=self.today(), question=question,
                              feedback=True, project=project, share=D.share_url(self.bot_username, entry),
                              my_list=self._lists_offered(viewer), **where)
        photo = None if where else R.photo_message(entry, self.fmt)  # a site's photo above its first page
        return Reply([photo, page] if photo else [page])

    # ------------------------------------------------------------------ buttons

    @spoken
    def on_button(self, user: str, data: str, chat: int = 0, origin: str = "") -> Reply:
        """A pressed inline button (callback_data made by `bot.actions`); `origin`: see engine_dialogue. Never raises."""
        try:
            action = A.decode(data)
            if not A.is_free(action):
                flooded = self._flood(user)
                if flooded is not None:
                    # the notice as the press's toast only (the press must be answered anyway)
                    return Reply([], toast=W.FLOOD_NOTICE if flooded.messages else None)
            return self._press(user, action, chat, origin)
        except Exception as exc:
            log.error("engine failure on a button: %s", describe_exception(exc))
            return self._text(W.BUTTON_ERROR, toast=W.EXPIRED_TOAST)

    def _press(self, user: str, action: A.Action | A.Expired, chat: int = 0, origin: str = "") -> Reply:
        """Carry out one decoded button action; whatever no longer exists answers `_expired()`."""
        entries = self.knowledge.entries
        match action:
            case A.OpenEntry(eid) if eid in entries:
                return self._entry(entries[eid], viewer=(user, chat))
            case A.ShowVariant(eid, n) if eid in entries and n < len(entries[eid].variants):
                reply = self._entry(entries[eid], variant=n, viewer=(user, chat))
                reply.toast = entries[eid].variants[n].label[:200]
                return reply
            case A.ShowPage(eid, variant, page) if eid in entries:
                return self._entry(entries[eid], page=page, variant=variant, viewer=(user, chat))
            case A.GuideStep(eid, path) if eid in entries and R.guide_branch(entries[eid], path):
                return Reply([R.render_guide(entries[eid], path, self.fmt, D.share_url(self.bot_username, entries[eid]))], edit=True)
            case A.Feedback(entry=eid) if eid in entries:
                return self._feedback(user, action)
            case A.Menu(category):
                return Reply([R.render_menu(self.knowledge, self.fmt, category)], edit=True)
            case A.Example(n) if n < len(self.examples):
                return self._question(user, self.examples[n], chat)  # already counted as a press
            case A.NoneOfThese():
                return Reply([R.render_fallback(self.knowledge, self.fmt, self.today())])
            case A.StaffAct() | A.Write() | A.ContactTo() | A.ReportIn() | A.Confirm() | A.AskTown():
                return self._dialogue_press(user, action, chat, origin) or self._expired()
            case A.Follow() | A.Vote():
                return self._project_press(user, action, chat)
            case A.NearBy() | A.MapPin() | A.TourStop():
                return self._near_press(action) or self._expired()
            case A.ChecklistAct():
                return self._checklist_press(user, action, chat)
            case A.Language():
                return self._language_press(user, action)
        return self._expired()

    def _expired(self) -> Reply:
        return self._text(W.EXPIRED, toast=W.EXPIRED_TOAST)

    def _feedback(self, user: str, action: A.Feedback) -> Reply:
        """Record 👍/👎 once per answer and thank the citizen; a question this person did not ask (or
        erased with /oubli) is "expired", a second press only gets a toast (Storage.log_feedback)."""
        outcome = "unrecorded"  # no storage (`guichet ask`), or a failed write: thanked, never promised
        if self.storage is not None:
            try:
                outcome = self.storage.log_feedback(user, action.question or None, action.entry, action.useful)
            except Exception as exc:
                self.failed_writes.failed("avis", exc)
        if outcome == "refused":
            return self._expired()
        if outcome == "duplicate":
            return Reply([], toast=W.THANKS_ALREADY)
        if action.useful:
            return Reply([], toast=W.THANKS_USEFUL)
        return self._text(W.THANKS_NOT_USEFUL if outcome == "recorded" else W.THANKS_NOT_USEFUL_UNRECORDED)

    # ------------------------------------------------------------------ privacy

    @spoken
    def on_forget(self, user: str) -> Reply:
        """Delete everything stored about `user`, always; the confirmation obeys the flood budget.

        The in-memory flood bucket is kept on purpose: it holds no personal content (a keyed hash
        and a counter, gone within minutes), and dropping it would let a flooder reset their
        budget with /oubli.
        """
        stores = (self.storage, self.dialogue.store if self.dialogue else None, self.projects, self.checklists)
        n = sum(store.forget(user) for store in stores if store is not None) + self._forget_language(user)
        return self._flood(user) or self._text(W.FORGOTTEN.format(count=n))

    @citizen
    def on_privacy(self, user: str = "") -> Reply:
        return self._text(W.PRIVACY.format(days=self.settings.retention_days))

    def purge(self) -> int:
        """Delete what is older than the retention period (questions, feedback, closed requests, lists)."""
        if self.storage is None:
            return 0
        n = self.storage.purge(self.settings.retention_days) + self.checklists.purge(self.settings.retention_days, self.now())
        return n + (self.dialogue.store.purge(self.settings.retention_days) if self.dialogue is not None else 0)

    def close(self) -> None:
        self._close_semantic()
        if self.storage is not None:
            self.storage.close()
