"""`guichet explore`: Datasette on a filtered copy; every page fetched, no raw Telegram id anywhere."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.cli import main
from bot.report.explore import DATABASE, filtered_copy, metadata
from bot.report.explore_tables import ENTRIES_TABLE, HIDDEN, QUERIES, TABLES
from conftest import DEMO_TOWN, ROOT
from test_report import RAW_IDS, STAFF, conversation  # noqa: F401 - the scripted conversation fixture

datasette_app = pytest.importorskip("datasette.app")
tilde_encode = pytest.importorskip("datasette.utils").tilde_encode


def secrets_of(engine) -> list[str]:
    """What must never show: the citizens' and the staff chat's Telegram ids, and every person's key."""
    with engine.storage.lock:
        keys = [r[0] for r in engine.storage.db.conn.execute("select user from questions union select user from chats")]
        chat_ids = [str(r[0]) for r in engine.storage.db.conn.execute("select chat_id from chats")]
    assert chat_ids and set(chat_ids) <= set(map(str, RAW_IDS))  # the test would prove nothing otherwise
    return [*map(str, RAW_IDS), str(STAFF), *keys]


@pytest.fixture
def copy(conversation, tmp_path):  # noqa: F811 - the fixture imported above
    engine = conversation[0]
    path = filtered_copy(engine.settings.database, tmp_path / f"{DATABASE}.db", engine.knowledge.entries.values())
    return engine, path


def test_every_table_is_either_described_or_hidden_and_every_column_described(copy):
    engine, path = copy
    with engine.storage.lock:
        live = {r[0] for r in engine.storage.db.conn.execute("select name from sqlite_master where type = 'table'")}
    assert live - set(TABLES) - set(HIDDEN) == set()  # a new table must be described or hidden, on purpose
    meta = metadata("Bourg-Exemple")["databases"][DATABASE]["tables"]
    conn = sqlite3.connect(path)
    copied = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    assert copied == set(TABLES) | {ENTRIES_TABLE} and not copied & set(HIDDEN)
    for table in copied:
        columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
        assert "user" not in columns and all(meta[table]["columns"].get(c) for c in columns), table
        assert meta[table]["description"]
    assert all(meta[t] == {"hidden": True} for t in HIDDEN)
    conn.close()


def test_no_raw_id_in_the_copy_file_itself(copy):
    engine, path = copy
    content = path.read_bytes()
    assert [s for s in secrets_of(engine) if s.encode() in content] == []


def test_every_datasette_page_is_free_of_telegram_ids_and_canned_queries_answer(copy):
    engine, path = copy
    secrets = secrets_of(engine)

    async def fetch_everything() -> dict[str, tuple[int, str]]:
        ds = datasette_app.Datasette([], immutables=[str(path)], metadata=metadata("Bourg-Exemple"))
        await ds.invoke_startup()
        conn = sqlite3.connect(path)
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        rows = []
        for t in tables:  # a row's page is named by its primary key, else by its rowid
            pk = next((r[1] for r in conn.execute(f"pragma table_info([{t}])") if r[5]), "rowid")
            rows += [f"/{DATABASE}/{t}/{tilde_encode(str(r[0]))}" for r in conn.execute(f"select [{pk}] from [{t}] limit 5")]
        conn.close()
        paths = ["/", f"/{DATABASE}", "/-/metadata.json", "/-/databases.json", f"/{DATABASE}.json", *rows,
                 *[f"/{DATABASE}/{t}{ext}" for t in tables + list(HIDDEN) for ext in ("", ".json", ".csv")],
                 *[f"/{DATABASE}/{q}{ext}" for q in QUERIES for ext in ("", ".json")],
                 f"/{DATABASE}?sql=select+*+from+sqlite_master"]
        return {p: ((r := await ds.client.get(p)).status_code, r.text) for p in paths}

    pages = asyncio.run(fetch_everything())
    leaks = [(p, s) for p, (_, text) in pages.items() for s in secrets if s in text]
    assert leaks == []
    assert all(pages[f"/{DATABASE}/{t}"][0] == 404 for t in HIDDEN)
    assert all(status == 200 for p, (status, _) in pages.items() if not any(f"/{t}" in p for t in HIDDEN)), \
        [p for p, (s, _) in pages.items() if s != 200]
    assert "Questions sans réponse cette semaine" in pages[f"/{DATABASE}/questions_sans_reponse_cette_semaine"][1]
    assert "la question telle qu&#39;elle a été écrite" in pages[f"/{DATABASE}/questions"][1]

    def rows(query: str) -> list[dict]:
        return json.loads(pages[f"/{DATABASE}/{query}.json"][1])["rows"]

    assert len(rows("questions_sans_reponse_cette_semaine")) == 6
    assert [r[0] for r in rows("demandes_ouvertes")] == ["D-0001", "D-0002"]
    never = {r[0] for r in rows("entrees_jamais_consultees")}
    assert never == set(engine.knowledge.entries) - {"encombrants", "passeport", "carte-identite"}


def test_the_command_writes_a_read_only_copy(conversation, tmp_path, monkeypatch, capsys):  # noqa: F811
    engine, _, settings = conversation
    engine.close()
    monkeypatch.setenv("GUICHET_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("GUICHET_SECRET", "s")
    before = settings.database.stat().st_mtime_ns
    folder = tmp_path / "copie"
    assert main(["explore", "--knowledge", str(DEMO_TOWN), "--copie", str(folder)]) == 0
    assert (folder / "guichet.db").stat().st_mode & 0o777 == 0o400
    assert json.loads((folder / "metadata.json").read_text(encoding="utf-8"))["databases"][DATABASE]["queries"]
    assert settings.database.stat().st_mtime_ns == before


def test_the_command_serves_datasette_on_this_machine(conversation, tmp_path):  # noqa: F811
    """`guichet explore` for real: Datasette answers on 127.0.0.1, without the chats table; stopped by SIGINT."""
    engine, _, settings = conversation
    engine.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    copies_before = set(Path(tempfile.gettempdir()).glob("guichet-explore-*"))
    env = {**os.environ, "GUICHET_DATA_DIR": str(settings.data_dir), "GUICHET_SECRET": "s"}
    bot = subprocess.Popen([sys.executable, "-m", "bot", "explore", "--knowledge", str(DEMO_TOWN), "--port", str(port)],
                           cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}/{DATABASE}"
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(f"{base}/questions.json", timeout=5).read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline and bot.poll() is None, bot.stderr.read().decode()[-2000:]
                time.sleep(0.3)
        assert "encombrants" in page and not any(str(raw) in page for raw in RAW_IDS)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/chats", timeout=5)
        assert refused.value.code == 404
    finally:
        bot.send_signal(signal.SIGINT)
        bot.wait(timeout=30)
    assert set(Path(tempfile.gettempdir()).glob("guichet-explore-*")) <= copies_before  # the copy went with it
