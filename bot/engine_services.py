"""The engine's value-added services: a question that a service claims (`bot/services`) is answered
from the town's data (hours, places, buses, zones, events) instead of the matcher's entry; a shared
position gets what is near it (`bot/services/nearby.py`), and its buttons (filters, map pins, the
stops of a walking tour) are pressed here.

A mixin of `Engine` (as `bot/engine_dialogue.py`), so that handlers, the console and the CLI keep
talking to one object.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from . import actions as A
from . import services as S
from . import wording as W
from . import wording_services as WS
from .engine_language import citizen
from .geo import valid
from .language import english
from .render.heritage import entry_venue, geo_of, pin_message, place_venue, render_tour_stop
from .replies import Message, Reply
from .safelog import describe_exception
from .services.nearby import reply_near

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger("guichet.engine")


class ServicesMixin:
    """Questions answered by a value-added service, recorded like any question; what is near a position."""

    def _served(self: "Engine", user: str, text: str) -> Reply | None:
        """The reply of a value-added service that claims the question (`bot/services`), recorded
        with the decision `service:<name>`; None when no service claims it."""
        start = time.perf_counter()
        served = S.first_reply(S.Ask(english.to_french(text), self.now(), self.knowledge, self.fmt))  # English: its French
        if served is None:
            return None
        name, reply = served
        if self.storage is not None:
            try:
                self.storage.log_question(user, text, f"service:{name}", None, 1.0,
                                          (time.perf_counter() - start) * 1000)
            except Exception as exc:  # the reply matters more than the record
                self.failed_writes.failed("question", exc)
        return reply

    @citizen
    def on_location(self: "Engine", user: str, lat: float, lon: float, chat: int = 0) -> Reply:
        """A shared position (a venue, or a live location's first message): attached to the report
        being written, else what is near it. The position is neither recorded nor logged."""
        if not valid(lat, lon):
            return self._text(WS.NEAR_BAD_POSITION)
        drafted = self._in_draft(lambda d: d.draft_location(user, chat, lat, lon))
        return drafted if drafted is not None else self._near(lat, lon)

    def _near(self: "Engine", lat: float, lon: float, family: str | None = None) -> Reply:
        """What is near (lat, lon) now, for every family of places or one; never raises."""
        try:
            return reply_near(self.knowledge, lat, lon, self.now(), self.fmt, family)
        except Exception as exc:
            log.error("engine failure on a position: %s", describe_exception(exc))
            return self._text(W.ENGINE_ERROR)

    def _near_press(self: "Engine", action: A.NearBy | A.MapPin | A.TourStop) -> Reply | None:
        """A filter (edits the list in place), a map pin, or a tour's stop; None when stale."""
        k = self.knowledge
        match action:
            case A.NearBy(family, lat, lon) if not family or family in WS.NEAR_FAMILIES:
                reply = self._near(lat, lon, family or None)
                reply.edit = True
                return reply
            case A.MapPin("p", pid) if pid in k.places and k.places[pid].geo:
                return Reply([pin_message(place_venue(k.places[pid]), self.fmt)])  # type: ignore[arg-type]
            case A.MapPin("e", eid) if eid in k.entries and geo_of(k.entries[eid]):
                return Reply([pin_message(entry_venue(k.entries[eid]), self.fmt)])  # type: ignore[arg-type]
            case A.TourStop(tid, n) if tid in k.entries and k.entries[tid].kind == "tour" \
                    and n < len(k.entries[tid].stops):
                return Reply(render_tour_stop(k.entries[tid], n, k, self.fmt, self.today()))
        return None

    def _near_invite(self: "Engine", reply: Reply, private: bool) -> Reply:
        """/start and /aide in a private chat: a last message with the "📍 Autour de moi" keyboard
        button (Telegram's location request, refused in groups), when the town's places are on the map."""
        k = self.knowledge
        on_map = any(p.geo for p in k.places.values()) or any(geo_of(e) for e in k.visible() if e.kind == "heritage")
        if private and self.fmt.html and on_map:
            reply.messages.append(Message(self.fmt.esc(WS.NEAR_INVITE), ask_location=WS.NEAR_BUTTON))
        return reply
