"""The engine's inline mode: `@bot carte identité` typed in any chat lists the entries the matcher
finds, each a short card whose button opens the full answer in the bot (README, « Mode en ligne »).

A mixin of `Engine` (as `bot/engine_services.py`). What differs from a question asked in private,
and why:
- Telegram sends one inline query per keystroke, so nothing is recorded (a half-typed word is no
  question, and the statistics count what people asked, not what they typed) and nothing of the
  text is logged.
- Inline queries spend their own flood budget, not the one of the person's private messages:
  typing "carte d'identité" sends up to 16 queries in a few seconds, which would empty a budget of
  20 a minute and leave the person's next private question unanswered. The inline bucket holds
  INLINE_PER_MINUTE (three or four queries typed at once) and refills at one a second; over it,
  a query gets no answer at all (the matcher does not run, and no empty list is cached by
  Telegram for everybody).
- Only entries are listed: the value-added services (opening hours, buses, the agenda) answer
  "now", which a card read later in a group would get wrong.
- The card's fixed words are in the language of the person typing (bot/engine_language.py); an
  answer in another language than French is personal, so that Telegram's cache, shared by
  everyone typing the same words, never hands English buttons to French readers. (A French list
  cached for everyone may still reach an English reader: its cards are the town's French anyway.)
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from . import deeplinks as D
from . import i18n
from . import inline as I
from . import wording_inline as WI
from .engine_language import spoken
from .flood import FloodBudget
from .kb import Entry
from .render.inline import render_inline_result
from .safelog import describe_exception

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger("guichet.engine")

INLINE_PER_MINUTE = 60


class InlineMixin:
    """`on_inline(user, query)`: the results for what a person typed after the bot's @name."""

    _inline_flood: FloodBudget | None = None
    _inline_popular: tuple[object, list[Entry]] | None = None  # (the matcher it was made with, the entries)

    @spoken
    def on_inline(self: "Engine", user: str, query: str) -> I.InlineAnswer | None:
        """The answer to an inline query; None over the person's inline budget (no answer is
        sent). Never raises: a failure answers an empty list Telegram does not cache."""
        if self.inline_flood.check(user) != "ok":
            return None
        try:
            text = (query or "")[: I.MAX_QUERY]
            result = self._decide(text)[0] if text.strip() else None
            if result is None or result.decision == "smalltalk" or result.smalltalk == "empty":
                return self._inline_answer(self._popular(), private=True)  # nothing asked yet: the usual
            entries = I.listed(result)
            shorter = I.before_half_typed(text) if not entries else ""
            if shorter:  # "passeport per…": the words before the one being typed
                entries = I.listed(self._decide(shorter)[0])
            return self._inline_answer(entries, private=not entries)  # declined: ask in private
        except Exception as exc:
            log.error("engine failure on an inline query: %s", describe_exception(exc))
            return I.InlineAnswer([], cache_time=0, is_personal=True, button_text=WI.ASK_IN_PRIVATE,
                                  start_parameter=I.START_PARAMETER)

    @property
    def inline_flood(self: "Engine") -> FloodBudget:
        """The inline queries' own budget (see the module docstring); none when GUICHET_FLOOD_PER_MINUTE is 0."""
        if self._inline_flood is None:
            self._inline_flood = FloodBudget(INLINE_PER_MINUTE if self.settings.flood_per_minute > 0 else 0,
                                             clock=self.flood.clock)
        return self._inline_flood

    def _inline_answer(self: "Engine", entries: list[Entry], private: bool) -> I.InlineAnswer:
        """The results for `entries`, with the button to the private chat when `private`."""
        results = [render_inline_result(e, self.knowledge, D.entry_link(self.bot_username, e)) for e in entries]
        personal = i18n.current() != i18n.DEFAULT  # see the module docstring
        if not private:
            return I.InlineAnswer(results, is_personal=personal)
        return I.InlineAnswer(results, is_personal=personal, button_text=WI.ASK_IN_PRIVATE,
                              start_parameter=I.START_PARAMETER)

    def _popular(self: "Engine") -> list[Entry]:
        """What an empty query lists (`inline.popular`), made once per knowledge."""
        matcher = self.matcher
        if self._inline_popular is None or self._inline_popular[0] is not matcher:
            self._inline_popular = (matcher, I.popular(self.knowledge, matcher, self.examples))
        return self._inline_popular[1]
