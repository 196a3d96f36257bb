"""Records that could not be written (full disk, database locked): counted, reported once a minute.

Why not one log line per failure: while the disk is full every question fails the same way, and a
line per question would fill the logs (on the same full disk) without saying anything new. The
citizen is answered anyway; the staff learn from one line a minute how many records went missing.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import Callable

log = logging.getLogger("guichet.storage")

REPORT_EVERY = 60.0  # seconds between two reports


class FailedWrites:
    """Count failed writes; log the first at once, then at most one summary per `every` seconds."""

    def __init__(self, every: float = REPORT_EVERY, clock: Callable[[], float] = time.monotonic, *,
                 consequence: str = "Les citoyens reçoivent leurs réponses, mais elles ne sont pas enregistrées.",
                 ) -> None:
        self.every = every
        self.consequence = consequence  # what the staff should know it means, in French
        self.clock = clock
        self.total = 0  # since start-up
        self.unreported = 0
        self._last_report: float | None = None

    def failed(self, what: str, error: BaseException) -> None:
        """One record (`what`: "question", "avis"…) was not written because of `error`."""
        self.total += 1
        self.unreported += 1
        now = self.clock()
        if self._last_report is not None and now - self._last_report < self.every:
            return
        log.error("%d enregistrement(s) non écrit(s) (dernier : %s, %s) ; %d depuis le démarrage. "
                  "Disque plein ? %s", self.unreported, what, _cause(error), self.total, self.consequence)
        self.unreported = 0
        self._last_report = now


def _cause(error: BaseException) -> str:
    """The failure's type, and its message when it cannot quote a citizen (SQLite and OS errors)."""
    if isinstance(error, (sqlite3.Error, OSError)):
        return f"{type(error).__name__}: {error}"
    return type(error).__name__
