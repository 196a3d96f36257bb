"""The command line: every command has help with an example; ask, chat, check, eval work."""

import json
import subprocess
import sys


from bot.cli import build_parser, main

from conftest import DEMO_TOWN, FIXTURES, ROOT

DEMO = ("--knowledge", str(DEMO_TOWN))  # tests that expect a given entry run on the frozen demo town


def run(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_every_command_has_help_with_an_example():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        assert "Exemple :" in p.format_help(), name


def test_ask_json_contract(capsys):
    assert main(["ask", "encombrants", "--json", *DEMO]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decision"] == "answer"
    assert data["candidates"][0]["id"] == "encombrants"
    assert {"id", "title", "score"} <= set(data["candidates"][0])
    assert data["reply"]


def test_chat_from_a_pipe_prints_steps_and_a_link(tmp_path):
    env_db = tmp_path / "chat.db"
    proc = subprocess.run([sys.executable, "-m", "bot", "chat", *DEMO], input="comment refaire ma carte d'identité\n",
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**__import__("os").environ, "GUICHET_DB": str(env_db), "GUICHET_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert "1. " in proc.stdout and "https://" in proc.stdout


def test_chat_numbered_choice(tmp_path, monkeypatch):
    import io

    from bot.cli_chat import chat_loop
    from bot.config import Settings
    from bot.engine import Engine

    engine = Engine.from_settings(Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path, secret="s"), flavour="text")
    out = io.StringIO()
    chat_loop(engine, io.StringIO("/menu\n1\n1\n"), out)
    text = out.getvalue().lower()
    assert "choisissez un thème" in text and "retour aux thèmes" in text


def test_check_exit_codes():
    ok = run("check")
    assert ok.returncode == 0, ok.stdout
    bad = run("check", "--knowledge", str(FIXTURES / "broken"))
    assert bad.returncode == 1
    assert "syntax.yaml:" in bad.stdout and "typo.yaml:5:" in bad.stdout


def test_eval_json_keys(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {q: encombrants, expect: [encombrants]}\n- {q: 'météo demain', expect: []}\n")
    proc = run("eval", str(cases), "--json", *DEMO)
    data = json.loads(proc.stdout)
    for key in ("cases", "in_scope", "out_of_scope", "top1", "top3", "direct", "resolved", "choose_rate",
                "wrong", "oos_rejected", "p50_ms", "p99_ms", "failures"):
        assert key in data
    assert data["cases"] == 2 and data["top1"] == 1.0


def test_unanswered_lists_the_fallback_questions_for_staff(tmp_path):
    import os

    env = {**os.environ, "GUICHET_DATA_DIR": str(tmp_path), "GUICHET_DB": str(tmp_path / "g.db")}
    subprocess.run([sys.executable, "-m", "bot", "chat", *DEMO], input="encombrants\nrecette de la blanquette de veau\n",
                   capture_output=True, text=True, cwd=ROOT, timeout=120, env=env, check=True)
    proc = subprocess.run([sys.executable, "-m", "bot", "unanswered"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env=env)
    assert proc.returncode == 0
    assert "blanquette" in proc.stdout and "encombrants" not in proc.stdout.split("\n", 1)[1]
    assert "1 sans réponse" in proc.stdout


def test_console_chat_reloads_knowledge_edited_between_two_lines(tmp_path):
    """Like the Telegram mode (every 10 s), the console reloads edited files, before each line;
    a broken edit keeps the last good knowledge."""
    import io
    import shutil

    from bot.cli_chat import chat_loop
    from bot.config import Settings
    from bot.engine import Engine

    town = tmp_path / "town"
    shutil.copytree(DEMO_TOWN, town)
    entry = town / "dechets" / "encombrants.yaml"
    edits = {2: lambda: entry.write_text(entry.read_text().replace("title: Collecte des encombrants",
                                                                     "title: Ramassage des monstres et encombrants")),
             3: lambda: entry.write_text("id: encombrants\n  title: [cassé\n")}

    class EditedBetweenLines(io.StringIO):
        """Piped lines; the knowledge is edited just before the 2nd and the 3rd are read."""
        read = 0

        def readline(self, *args):
            self.read += 1
            edits.get(self.read, lambda: None)()
            return super().readline(*args)

    engine = Engine.from_settings(Settings(knowledge_dirs=(town,), data_dir=tmp_path / "data", secret="s"),
                                  flavour="text")
    out = io.StringIO()
    chat_loop(engine, EditedBetweenLines("encombrants\nencombrants\nencombrants\n"), out)
    replies = out.getvalue()
    assert replies.index("Collecte des encombrants") < replies.index("Ramassage des monstres et encombrants")
    assert replies.count("Ramassage des monstres et encombrants") == 2  # the broken 3rd edit: last good kept
