"""The key is born whole at start-up, refused when damaged; the data folder and its files are private."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys

import pytest

from bot.config import Settings, SettingsError
from bot.engine import Engine
from conftest import ROOT
from tests.harness import MINI


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def keyless(tmp_path) -> Settings:
    return Settings(knowledge_dirs=(MINI,), data_dir=tmp_path / "data")


def test_the_key_is_made_at_start_up_whole_and_private(tmp_path):
    settings = keyless(tmp_path)
    engine = Engine.from_settings(settings)  # no message yet
    key = settings.data_dir / "secret.key"
    value = key.read_text().strip()
    assert len(value) == 64 and int(value, 16) >= 0
    assert mode(key) == 0o600
    assert engine.user_key(42) == Engine.from_settings(settings).user_key(42)  # stable across restarts
    assert not list(settings.data_dir.glob("*.tmp"))


@pytest.mark.parametrize("content", ["", "\n", "abc123", "z" * 64, "0123456789abcdef" + " " * 30])
def test_an_empty_short_or_damaged_key_stops_with_a_french_sentence(tmp_path, content):
    settings = keyless(tmp_path)
    settings.data_dir.mkdir()
    (settings.data_dir / "secret.key").write_text(content)
    with pytest.raises(SettingsError, match="vide ou abîmée"):
        Engine.from_settings(settings)
    assert (settings.data_dir / "secret.key").read_text() == content  # never silently replaced


def test_an_unreadable_key_stops_with_a_french_sentence(tmp_path):
    settings = keyless(tmp_path)
    (settings.data_dir / "secret.key").mkdir(parents=True)  # unreadable even for root
    with pytest.raises(SettingsError, match="illisible"):
        settings.resolved_secret()


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_a_full_disk_while_making_the_key_leaves_no_key_and_says_so(tmp_path, monkeypatch, failing):
    settings = keyless(tmp_path)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, failing, full)
        with pytest.raises(SettingsError, match="impossible de créer la clé .*espace disque"):
            settings.resolved_secret()
    assert list(settings.data_dir.iterdir()) == []  # neither an empty key nor a half-written one
    assert len(settings.resolved_secret()) == 64  # once there is room, the key is made whole


def test_cli_stops_in_one_line_on_a_damaged_key(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "secret.key").write_text("")
    env = dict(os.environ, GUICHET_DATA_DIR=str(data), GUICHET_KNOWLEDGE=str(MINI), GUICHET_SECRET="",
               TELEGRAM_TOKEN="")
    done = subprocess.run([sys.executable, "-m", "bot", "chat"], cwd=ROOT, env=env, input="bonjour\n",
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Réglage incorrect : la clé") and "vide ou abîmée" in lines[0]


def test_chat_makes_the_data_folder_private_and_removes_stale_temporary_files(tmp_path):
    data = tmp_path / "data"
    (data / "cache").mkdir(parents=True, mode=0o755)
    os.chmod(data, 0o755)
    (data / "cache" / "index.tmp").write_bytes(b"\0" * 4096)  # half a cache left by a full disk
    (data / "secret.key.tmp").write_text("")
    old_db = data / "guichet.db"
    old_db.touch(mode=0o644)
    os.chmod(old_db, 0o644)
    env = dict(os.environ, GUICHET_DATA_DIR=str(data), GUICHET_KNOWLEDGE=str(MINI), GUICHET_SECRET="",
               TELEGRAM_TOKEN="")
    done = subprocess.run([sys.executable, "-m", "bot", "chat"], cwd=ROOT, env=env,
                          input="encombrants\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert not (data / "cache" / "index.tmp").exists() and not (data / "secret.key.tmp").exists()
    assert mode(data) == 0o700 and mode(data / "cache") == 0o700
    files = [p for p in data.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"guichet.db", "secret.key"}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert any(p.parent.name == "cache" for p in files)  # the caches are there, and private too
