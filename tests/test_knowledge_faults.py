"""Knowledge faults: a broken folder at start-up stops with `path:line: message` and exit code 1
(never a traceback); while running, edited files are reloaded and a broken edit keeps the last
good knowledge.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from bot.config import Settings
from bot.engine import Engine
from tests.harness import MINI, ask, run, running_bot

from conftest import FIXTURES, ROOT

POOL_ENTRY = """\
entries:
  - id: piscine
    title: Piscine municipale
    category: dechets
    questions:
      - Quels sont les horaires de la piscine ?
    keywords: [piscine, natation, bassin]
    summary: La piscine municipale est ouverte tous les jours de 10 h à 19 h.
    updated: 2026-11-01
"""
PROBLEM_LINE = re.compile(r"^\S+\.ya?ml:\d+: .+", re.MULTILINE)


@pytest.mark.parametrize("command", [["run"], ["chat"], ["ask", "encombrants"]])
def test_a_broken_knowledge_folder_stops_with_path_line_errors_and_exit_1(tmp_path, command):
    env = {**os.environ, "GUICHET_DATA_DIR": str(tmp_path), "GUICHET_KNOWLEDGE": "",
           # if start-up went past the knowledge, `run` would poll an address where nothing listens
           "TELEGRAM_TOKEN": "123:fake-token", "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot"}
    proc = subprocess.run([sys.executable, "-m", "bot", *command, "--knowledge", str(FIXTURES / "broken")],
                          input="encombrants\n", capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "syntax.yaml:" in proc.stderr and "typo.yaml:5:" in proc.stderr
    assert len(PROBLEM_LINE.findall(proc.stderr)) >= 3
    assert "erreur(s) dans les connaissances" in proc.stderr


def test_a_missing_knowledge_folder_or_unwritable_data_folder_is_one_clear_line(tmp_path):
    env = {**os.environ, "GUICHET_DATA_DIR": str(tmp_path), "TELEGRAM_TOKEN": ""}
    missing = subprocess.run([sys.executable, "-m", "bot", "chat", "--knowledge", str(tmp_path / "nope")],
                             input="", capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert "nope:1: dossier de connaissances introuvable" in missing.stderr
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env["GUICHET_DATA_DIR"] = str(blocker / "data")
    unwritable = subprocess.run([sys.executable, "-m", "bot", "chat", "--knowledge", str(MINI)],
                                input="", capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert unwritable.returncode == 1 and "Traceback" not in unwritable.stderr
    assert "Impossible d'ouvrir les données" in unwritable.stderr


def test_reload_if_changed_picks_up_edits_and_keeps_the_last_good_knowledge(tmp_path):
    folder = tmp_path / "k"
    shutil.copytree(MINI, folder)
    engine = Engine.from_settings(Settings(knowledge_dirs=(folder,), data_dir=tmp_path / "data", secret="s"),
                                  with_storage=False)
    assert engine.reload_if_changed() is None  # nothing changed: no reload at all
    assert engine.matcher.ask("horaires de la piscine municipale").decision != "answer"
    (folder / "entries" / "piscine.yaml").write_text(POOL_ENTRY)
    assert engine.reload_if_changed() == []
    assert engine.matcher.ask("horaires de la piscine municipale").best.id == "piscine"
    # a clerk saves a half-edited file: refused, the previous knowledge keeps serving
    (folder / "entries" / "piscine.yaml").write_text(POOL_ENTRY.replace("    title:", "  title: [cassé\n    title:"))
    problems = engine.reload_if_changed()
    assert problems and any("piscine.yaml:" in str(p) for p in problems)
    assert engine.matcher.ask("horaires de la piscine municipale").best.id == "piscine"
    assert engine.reload_if_changed() is None  # the same broken files are not reloaded every round
    os.remove(folder / "entries" / "piscine.yaml")  # removing a file is a change too
    assert engine.reload_if_changed() == []
    assert "piscine" not in engine.knowledge.entries


def test_the_running_bot_reloads_edited_knowledge(tmp_path, caplog):
    folder = tmp_path / "k"
    shutil.copytree(MINI, folder)

    async def scenario():
        async with running_bot(tmp_path / "data", knowledge=folder) as (api, engine):
            (job,) = api.app.job_queue.get_jobs_by_name("reload-knowledge")
            assert 5 <= job.trigger.interval.total_seconds() <= 30
            ali = api.user("Ali")
            (before,) = await ask(api, ali, "horaires de la piscine municipale")
            assert "Piscine municipale" not in before.text
            (folder / "entries" / "piscine.yaml").write_text(POOL_ENTRY)
            await job.run(api.app)  # what the job queue does every few seconds
            (after,) = await ask(api, ali, "horaires de la piscine municipale")
            assert "Piscine municipale" in after.text and "10 h à 19 h" in after.text
            (folder / "entries" / "dechets.yaml").write_text("entries:\n  - id: encombrants\n    title: [oups\n")
            await job.run(api.app)
            (still,) = await ask(api, ali, "encombrants")
            assert "Collecte des encombrants" in still.text

    run(scenario())
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "knowledge reload refused" in logged and "dechets.yaml:" in logged
