"""The build's progress on stderr: a bar on a terminal, else a log line now and then (counts only, never text)."""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

log = logging.getLogger("guichet.semantic")

LOG_EVERY = 15.0  # seconds between log lines (a short build logs its start only; the service logs its end)


class ProgressBar:
    """A `Progress` callback: « lecture des fiches [#####.....] 1200/2976 (40 s) » on a terminal.

    `bar=False` (the console chat, where the person types on the same terminal), or a stream that
    is not a terminal (a service's journal): a log line at the start and every LOG_EVERY seconds.
    """

    def __init__(self, stream: TextIO | None = None, bar: bool = True, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.bar = bar and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.width = width
        self._start = time.monotonic()
        self._logged = -LOG_EVERY

    def __call__(self, done: int, total: int) -> None:
        if total == 0:
            return
        elapsed = time.monotonic() - self._start
        if not self.bar:
            if done == 0 or elapsed - self._logged >= LOG_EVERY:
                self._logged = elapsed
                log.info("classement sémantique : %d/%d passages lus par le modèle (%.0f s)", done, total, elapsed)
            return
        filled = self.width * done // total
        self.stream.write(f"\rlecture des fiches par le modèle [{'#' * filled}{'.' * (self.width - filled)}] "
                          f"{done}/{total} ({elapsed:.0f} s)")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
