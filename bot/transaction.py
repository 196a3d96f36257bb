"""One atomic change on the shared SQLite connection in autocommit mode: BEGIN IMMEDIATE … COMMIT, or ROLLBACK."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def transaction(conn: sqlite3.Connection, lock: threading.Lock) -> Iterator[sqlite3.Connection]:
    """Why explicit: the stores share one autocommit connection (bot/storage.py), and a request, its
    posts in the outbound queue and a project's announced state must be written together or not at all."""
    with lock:
        conn.execute("begin immediate")
        try:
            yield conn
        except BaseException:
            conn.execute("rollback")
            raise
        conn.execute("commit")

