"""`guichet sauvegarde`: a backup taken while the bot writes holds every committed row and opens whole;
rotation keeps N; a wrong data folder is one French line and exit 1."""

import datetime as dt
import sqlite3

import pytest

from bot.backup import databases, take
from bot.cli import main
from bot.config import Settings


@pytest.fixture
def running(tmp_path):
    """A data folder as the running bot leaves it: WAL databases with rows not yet checkpointed,
    another connection in the middle of a write, the key and the inbox beside them."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "secret.key").write_text("ab" * 32 + "\n")
    writer = sqlite3.connect(data / "guichet.db", isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")  # committed rows stay in the -wal file
    writer.execute("create table questions (id integer primary key, text text)")
    writer.executemany("insert into questions (text) values (?)", [(f"question {i}",) for i in range(50)])
    inbox = sqlite3.connect(data / "inbox.db")
    inbox.execute("create table inbox (update_id integer primary key, body text)")
    inbox.commit()
    inbox.close()
    writer.execute("begin immediate")  # a write under way, not committed
    writer.execute("insert into questions (text) values ('pas encore validée')")
    assert (data / "guichet.db-wal").stat().st_size > 0
    yield Settings(data_dir=data, secret="")
    writer.rollback()
    writer.close()


def test_a_backup_during_a_write_holds_the_committed_rows_and_opens_whole(running, tmp_path):
    backup = take(running, tmp_path / "sauvegardes", keep=14)
    copy = backup.folder / "guichet.db"
    db = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("select count(*) from questions").fetchone()[0] == 50  # WAL included
    assert db.execute("select count(*) from questions where text = 'pas encore validée'").fetchone()[0] == 0
    db.close()
    assert sorted(p.name for p in backup.folder.iterdir()) == ["guichet.db", "secret.key"]  # no inbox
    assert (backup.folder / "secret.key").read_text() == (running.data_dir / "secret.key").read_text()
    assert {p.stat().st_mode & 0o777 for p in backup.folder.iterdir()} == {0o600}
    assert backup.folder.stat().st_mode & 0o777 == 0o700
    assert backup.folder.name.startswith("guichet-") and len(backup.folder.name) == len("guichet-20270101-120000")


def test_rotation_keeps_the_last_n(running, tmp_path):
    out = tmp_path / "sauvegardes"
    (out / "photos").mkdir(parents=True)  # not ours: never touched
    start = dt.datetime(2027, 1, 1, 3, 0)
    for day in range(6):
        take(running, out, keep=3, now=start + dt.timedelta(days=day))
    again = take(running, out, keep=3, now=start + dt.timedelta(days=5))  # same second: a -2 folder
    assert again.removed == ["guichet-20270104-030000"] and again.kept == 3
    assert sorted(p.name for p in out.iterdir()) == [
        "guichet-20270105-030000", "guichet-20270106-030000", "guichet-20270106-030000-2", "photos"]


def test_an_interrupted_backup_is_neither_counted_nor_left_behind(running, tmp_path):
    out = tmp_path / "sauvegardes"
    (out / ".guichet-20270101-030000.tmp").mkdir(parents=True)
    take(running, out, keep=1)
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_the_configured_database_is_copied_even_outside_the_data_folder(running, tmp_path):
    elsewhere = tmp_path / "ailleurs" / "mairie.db"
    elsewhere.parent.mkdir()
    sqlite3.connect(elsewhere).close()
    settings = Settings(data_dir=running.data_dir, db_path=elsewhere)
    assert [p.name for p in databases(settings)] == ["guichet.db", "mairie.db"]


def test_the_command_says_what_it_did_in_french(running, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GUICHET_DATA_DIR", str(running.data_dir))
    monkeypatch.delenv("GUICHET_DB", raising=False)
    out = tmp_path / "sauvegardes"
    assert main(["sauvegarde", "--out", str(out), "--garder", "2"]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Sauvegarde écrite dans {out}/guichet-")
    assert "guichet.db (" in said and ", vérifiée)" in said and "secret.key" in said
    assert "1 sauvegarde(s) conservée(s)" in said


def test_a_missing_data_folder_is_one_french_line_and_exit_1(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path / "absent"))
    monkeypatch.delenv("GUICHET_DB", raising=False)
    assert main(["sauvegarde", "--out", str(tmp_path / "sauvegardes")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Sauvegarde impossible : le dossier de données") and "n'existe pas" in err
    assert "GUICHET_DATA_DIR" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "sauvegardes").exists()


def test_an_empty_data_folder_says_there_is_nothing_to_save(tmp_path, monkeypatch, capsys):
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GUICHET_DB", raising=False)
    assert main(["sauvegarde", "--out", str(tmp_path / "sauvegardes")]) == 1
    assert "aucune base de données" in capsys.readouterr().err


def test_the_bots_own_database_restored_from_a_backup_opens_with_its_questions(tmp_path):
    from bot.storage import Storage

    settings = Settings(data_dir=tmp_path / "data", secret="test-secret")
    live = Storage(settings.database)  # open, as in the running bot
    live.log_question("empreinte", "encombrants", "fallback", None, 0.0, 1.0)
    backup = take(settings, tmp_path / "sauvegardes")
    live.close()
    restored = Storage(backup.folder / "guichet.db")
    assert [row["text"] for row in restored.unanswered()] == ["encombrants"]
    restored.close()
