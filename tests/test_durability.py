"""Storage safety: a `kill -9` at any moment loses no acknowledged record; erasure is real.

The child process writes through `Storage` in a loop and prints each id once `log_question` (or
`log_feedback`) has returned, i.e. once the record is acknowledged. The parent SIGKILLs it after a
random number of acknowledgements (bounded by count, never by time) and checks that every printed
id is in the database, then starts again on the same file (recovery from a killed WAL writer).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys

from bot.storage import Storage

from conftest import ROOT

CHILD = """
import sys
from bot.storage import Storage

storage = Storage(sys.argv[1])
i = 0
while True:
    qid = storage.log_question("u%d" % (i % 7), "question %d é" % i, "answer", "x", 0.5, 1.0)
    print("q", qid, flush=True)
    if i % 3 == 0:
        assert storage.log_feedback("u%d" % (i % 7), qid, "x", i % 2 == 0) == "recorded"
        fid = storage.db.execute("select max(id) from feedback").fetchone()[0]
        print("f", fid, flush=True)
    i += 1
"""


def test_kill_9_at_a_random_moment_loses_no_acknowledged_record(tmp_path):
    database = tmp_path / "guichet.db"
    rng = random.Random(20260105)
    acknowledged = {"q": set(), "f": set()}
    for _ in range(5):
        stop_after = rng.randint(1, 300)
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(database)], cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        try:
            seen = 0
            while seen < stop_after:
                line = child.stdout.readline()
                assert line, child.stderr.read()
                kind, number = line.split()
                acknowledged[kind].add(int(number))
                seen += 1
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=60)
            for line in child.stdout:  # acknowledged just before the kill, still in the pipe
                if line.strip():
                    kind, number = line.split()
                    acknowledged[kind].add(int(number))
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        with sqlite3.connect(database) as db:
            stored_q = {r[0] for r in db.execute("select id from questions")}
            stored_f = {r[0] for r in db.execute("select id from feedback")}
            assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert acknowledged["q"] <= stored_q, sorted(acknowledged["q"] - stored_q)[:10]
        assert acknowledged["f"] <= stored_f, sorted(acknowledged["f"] - stored_f)[:10]
    assert len(acknowledged["q"]) >= 5


def test_wal_synchronous_full_and_secure_delete(tmp_path):
    storage = Storage(tmp_path / "g.db")
    assert storage.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert storage.db.execute("pragma synchronous").fetchone()[0] == 2  # FULL
    assert storage.db.execute("pragma secure_delete").fetchone()[0] == 1


def test_forget_and_purge_leave_no_bytes_in_the_file_or_the_journal(tmp_path):
    import datetime as dt

    path = tmp_path / "g.db"
    storage = Storage(path)
    storage.log_question("alice", "Alice-Secret-Question rue des Tilleuls", "answer", "x", 1, 1)
    storage.log_question("bob", "question de Bob", "answer", "x", 1, 1)
    storage.db["questions"].insert({"at": "2000-01-01T00:00:00+00:00", "user": "carol", "text": "Carol-Old-Question",
                                    "decision": "answer", "entry_id": "x", "score": 1.0, "ms": 1.0})
    assert storage.forget("alice") == 1
    assert storage.purge(365, now=dt.datetime.now(dt.timezone.utc)) == 1
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("g.db*"))
    assert b"Alice-Secret" not in raw and b"Carol-Old" not in raw
    assert "question de Bob".encode() in raw
    storage.close()
