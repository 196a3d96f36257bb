"""Docs that stay true: the README names every command and setting, .env.example documents every
setting, /aide lists every bot command, the help of `guichet` is French, timelines read in French."""

import re

import pytest

from bot.cli import build_parser
from bot.commands import citizen_commands
from bot.config import ENVIRONMENT
from bot.engine import Engine
from bot.render.dates import month_fr

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def subcommands() -> dict:
    parser = build_parser()
    return next(a for a in parser._actions if a.dest == "command").choices


def test_every_guichet_command_is_in_the_readme():
    missing = [name for name in subcommands() if f"`guichet {name}" not in README]
    assert missing == []


def test_every_setting_is_in_env_example_and_in_the_readme_table():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert [k for k in ENVIRONMENT if not re.search(rf"^#? ?{k}=", example, re.M)] == []
    assert [k for k in ENVIRONMENT if f"| `{k}` |" not in README] == []


def test_every_bot_command_is_in_the_help_message(settings):
    text = Engine.from_settings(settings, with_storage=False).on_help("u").messages[0].text
    assert [c.name for c in citizen_commands() if f"/{c.name} " not in text] == []


ENGLISH = ("show this help", "usage:", "positional arguments", "Example", "optional arguments", "message and exit")


@pytest.mark.parametrize("name", ["guichet", *subcommands()])
def test_help_is_french_with_an_example(name):
    parser = build_parser()
    p = parser if name == "guichet" else subcommands()[name]
    text = p.format_help()
    assert [w for w in ENGLISH if w in text] == [], text
    assert text.startswith("utilisation : ")
    if name != "guichet":
        assert "Exemple :\n  guichet " in text or "Exemple :\n  echo " in text
        assert all(a.help for a in p._actions), [a.dest for a in p._actions if not a.help]


def test_readme_uses_one_example_path_for_the_national_catalogue():
    assert "/tmp/national" not in README and "/srv/guichet/national" in README
    assert "GUICHET_SERVICE_PUBLIC" in README and "lecomarquage.service-public.fr" in README


@pytest.mark.parametrize("value, shown", [
    ("2026-09", "septembre 2026"), ("2027-02", "février 2027"), ("2026-09-15", "15 septembre 2026"),
    ("2027-03-01", "1er mars 2027"), ("2027", "2027"), ("printemps 2027", "printemps 2027"),
    ("2026-13", "2026-13"), ("2026-12-40", "2026-12-40")])
def test_timeline_dates_read_in_french(value, shown):
    assert month_fr(value) == shown


def test_a_project_timeline_shows_months_in_words(demo):
    from bot.render import render_entry

    text = render_entry(demo.entries["maison-de-sante"], demo, "text").text
    assert "• septembre 2023 : " in text and "2023-09" not in text
