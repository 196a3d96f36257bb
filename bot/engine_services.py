"""The engine's value-added services: a question that a service claims (`bot/services`) is answered
from the town's data (hours, places, buses, zones, events) instead of the matcher's entry.

A mixin of `Engine` (as `bot/engine_dialogue.py`), so that handlers, the console and the CLI keep
talking to one object.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from . import services as S
from .replies import Reply

if TYPE_CHECKING:
    from .engine import Engine


class ServicesMixin:
    """Questions answered by a value-added service, recorded like any question."""

    def _served(self: "Engine", user: str, text: str) -> Reply | None:
        """The reply of a value-added service that claims the question (`bot/services`), recorded
        with the decision `service:<name>`; None when no service claims it."""
        start = time.perf_counter()
        served = S.first_reply(S.Ask(text, self.now(), self.knowledge, self.fmt))
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
