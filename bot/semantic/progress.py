"""The build's progress on stderr: a bar on a terminal, a log line every tenth elsewhere (counts only, never text)."""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

log = logging.getLogger("guichet.semantic")


class ProgressBar:
    """A `Progress` callback: `(done, total)` passages drawn as « lecture des fiches [#####.....] 1 200/6 925 »."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._tenth = -1
        self._start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if total == 0:
            return
        if not self.tty:
            tenth = done * 10 // total
            if tenth != self._tenth:
                self._tenth = tenth
                log.info("classement sémantique : %d/%d passages lus par le modèle", done, total)
            return
        filled = self.width * done // total
        elapsed = time.monotonic() - self._start
        self.stream.write(f"\rlecture des fiches par le modèle [{'#' * filled}{'.' * (self.width - filled)}] "
                          f"{done}/{total} ({elapsed:.0f} s)")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
