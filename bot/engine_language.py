"""The engine's interface language: whom it is speaking to, in which language, and /langue to change it.

A mixin of `Engine` (as `bot/engine_dialogue.py`). Each citizen call runs inside `speaking(user)`
(the `@spoken` decorator), which sets the language of bot/i18n.py for the duration of the call:
the person's choice made with /langue, else the language their Telegram declares (handed over by
handlers/ in `i18n.client`), else French. A message rendered later for someone else (a staff
answer, a project's news) is rendered inside `speaking(their key)`, which finds their stored
language (bot/i18n_store.py) since no Telegram update is at hand then.
"""

from __future__ import annotations

import functools
import logging
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from . import actions as A
from . import i18n
from . import wording as W
from .commands import COMMANDS
from .flood import counted
from .i18n_store import LanguageStore
from .replies import Button, Reply

if TYPE_CHECKING:
    from .engine import Engine
    from .storage import Storage

log = logging.getLogger("guichet.engine")


def spoken(method):
    """Run an engine `method` for a citizen (the first argument) in that citizen's language."""
    @functools.wraps(method)
    def wrapper(self, user: str = "", *args, **kwargs):
        with self.speaking(user):
            return method(self, user, *args, **kwargs)
    return wrapper


def citizen(method):
    """A citizen's call: in their language (`spoken`), within their flood budget (`counted`, whose
    notice is then in their language too). Every `on_…` method a citizen's update reaches has it."""
    return spoken(counted(method))


class LanguageMixin:
    """Who reads French and who reads English, remembered per pseudonymous key."""

    def _open_languages(self: "Engine", storage: "Storage | None") -> LanguageStore | None:
        self._chosen_in_memory: dict[str, str] = {}  # without a database (the console): this session's choice
        return LanguageStore(storage.db.conn, storage.lock) if storage is not None else None

    def language_of(self: "Engine", user: str) -> str:
        """The language to speak to `user`: chosen (/langue), else Telegram's (remembered when it is
        not the default, for later messages), else what was remembered, else French."""
        stored = self._stored_language(user)
        if stored is not None and stored[1]:
            return stored[0]
        client = i18n.client.get()
        declared = client[1] if client is not None and client[0] == user else None
        if declared is None:  # not the sender of the update at hand (a queued message), or Telegram said nothing
            return stored[0] if stored is not None else i18n.DEFAULT
        language = i18n.from_telegram(declared)
        if (stored[0] if stored is not None else i18n.DEFAULT) != language:
            self._store_language(user, language, chosen=False)
        return language

    @contextmanager
    def speaking(self: "Engine", user: str) -> Iterator[None]:
        """Render in `user`'s language inside the block."""
        with i18n.speaking(self.language_of(user) if user else i18n.DEFAULT):
            yield

    def _stored_language(self: "Engine", user: str) -> tuple[str, bool] | None:
        if self.languages is None:
            chosen = self._chosen_in_memory.get(user)
            return (chosen, True) if chosen else None
        try:
            return self.languages.get(user)
        except Exception as exc:  # a failed read must not stop the reply: the default language
            self.failed_writes.failed("langue", exc)
            return None

    def _store_language(self: "Engine", user: str, language: str, chosen: bool) -> None:
        if self.languages is None:
            if chosen:
                self._chosen_in_memory[user] = language
            return
        try:
            if language == i18n.DEFAULT and not chosen:  # Telegram's French is the default: no row
                self.languages.forget(user)
            else:
                self.languages.put(user, language, chosen)
        except Exception as exc:  # the reply matters more than the record: count it, and go on
            self.failed_writes.failed("langue", exc)

    def _forget_language(self: "Engine", user: str) -> int:
        self._chosen_in_memory.pop(user, None)
        return self.languages.forget(user) if self.languages is not None else 0

    @staticmethod
    def commands(staff: bool = False, language: str = i18n.DEFAULT) -> list[tuple[str, str]]:
        """(name, description) of the citizens' (or the staff's) commands, in the order of Telegram's
        menu, described in `language` (setMyCommands publishes one menu per language)."""
        with i18n.speaking(language):
            return [(c.name, i18n.gettext(c.description)) for c in COMMANDS if c.staff == staff]

    # ------------------------------------------------------------------ /langue

    @citizen
    def on_language(self: "Engine", user: str = "") -> Reply:
        """/langue: the two languages as buttons, each named in itself."""
        buttons = [[Button(name, data=A.encode(A.Language(code)))] for code, name in W.LANGUAGE_BUTTONS.items()]
        return self._text(W.LANGUAGE_PROMPT, buttons)

    def _language_press(self: "Engine", user: str, action: A.Language) -> Reply:
        """Switch at once: the choice is stored, and confirmed in the new language."""
        self._store_language(user, action.language, chosen=True)
        with i18n.speaking(action.language):
            return self._text(W.LANGUAGE_SET, edit=True)
