"""Storage: schema, keyed hashes only, forget, retention."""

import datetime as dt
import sqlite3

from bot.storage import SCHEMA_VERSION, Storage, user_key


def test_user_key_is_keyed_and_stable():
    assert user_key(b"k1", 123456789) == user_key(b"k1", 123456789)
    assert user_key(b"k1", 123456789) != user_key(b"k2", 123456789)
    assert "123456789" not in user_key(b"k1", 123456789)


def test_schema_version_wal_and_records(tmp_path):
    db = tmp_path / "g.db"
    s = Storage(db)
    qid = s.log_question("u1", "ma question", "answer", "cantine", 0.9, 0.4)
    s.log_feedback("u1", qid, "cantine", True)
    s.close()
    conn = sqlite3.connect(db)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert conn.execute("select value from meta where key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert conn.execute("select text, entry_id from questions").fetchall() == [("ma question", "cantine")]
    assert conn.execute("select question_id, useful from feedback").fetchall() == [(qid, 1)]


def test_forget_deletes_only_that_user(tmp_path):
    s = Storage(tmp_path / "g.db")
    s.log_question("u1", "a", "answer", "x", 1, 1)
    s.log_question("u2", "b", "answer", "x", 1, 1)
    s.log_feedback("u1", None, "x", False)
    assert s.forget("u1") == 2
    assert s.count_for("u1") == 0 and s.count_for("u2") == 1


def test_purge_respects_retention(tmp_path):
    s = Storage(tmp_path / "g.db")
    s.log_question("u1", "ancienne", "answer", "x", 1, 1)
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=400)
    assert s.purge(365, now=later) == 1
    s.log_question("u1", "récente", "answer", "x", 1, 1)
    assert s.purge(365) == 0
