"""The English interface: the catalogue in step with the code, the language per person, /langue, and the bot end to end."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import re
import sqlite3
from pathlib import Path

import pytest

from bot import actions as A
from bot import i18n
from bot import wording as W
from bot import wording_services as WS
from bot.config import Settings
from bot.engine import Engine
from bot.kb import DAYS
from bot.render import dates
from conftest import DEMO_TOWN
from tests.harness import ask, press, run, running_bot

STAFF = -1001234567890

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ the catalogue


def test_the_catalogue_is_up_to_date_complete_and_sound():
    """Every marked sentence of the code is in the .pot and the English .po, translated, with the
    same placeholders and balanced tags. A new French sentence without its translation fails here:
    run `python3 tools/i18n.py`, then translate (docs/traduction.md)."""
    assert _tool().problems() == []


def test_the_catalogue_ships_in_the_package():
    """A non-editable install has the .po (pyproject's package-data, relative to bot/)."""
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["bot"]
    shipped = {p for pattern in patterns for p in (ROOT / "bot").glob(pattern)}
    assert i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "guichet.po" in shipped
    assert i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "guichet.mo" in shipped


def test_a_po_edited_without_compiling_it_is_caught(monkeypatch):
    """The .mo must be the compilation of the .po: a .po whose compilation differs from the shipped
    .mo (a translation edited without running the tool) fails the check."""
    tool = _tool()
    assert tool.mo_path("en").read_bytes() == tool.compiled("en")
    monkeypatch.setattr(tool, "compiled", lambda language: b"the .po says something else")
    assert any("is not the compiled" in problem for problem in tool.problems())


def test_the_check_catches_a_missing_translation_a_lost_placeholder_and_broken_tags():
    tool = _tool()

    class Message:
        fuzzy = False

        def __init__(self, string):
            self.string = string

    assert tool.message_problems("Bonjour {town}", Message("")) == ["no translation"]
    assert tool.message_problems("Bonjour {town}", Message("Hello")) == ["placeholders left out: ['town']"]
    assert tool.message_problems("Bonjour", Message("Hello {town}")) == ["placeholders not in the French: ['town']"]
    assert tool.message_problems("<b>Bonjour</b>", Message("<b>Hello")) == ["HTML tags not balanced"]
    assert tool.message_problems("{who} {verb} ouvert{agree}", Message("{who}: open")) == []  # French grammar only


def _english() -> dict[str, str]:
    """msgid -> English, as the bot reads them (the compiled .mo)."""
    return {k: v for k, v in i18n.translations("en")._catalog.items() if isinstance(k, str) and k}


def test_the_bot_reads_the_compiled_catalogue():
    """Run time reads the .mo through the standard library's gettext, in the current language only."""
    with i18n.speaking("en"):
        assert i18n.gettext("Étapes") == "Steps"
    assert i18n.gettext("Étapes") == "Étapes"


def test_every_english_translation_keeps_the_placeholders_the_code_fills():
    english = _english()
    assert len(english) >= 300
    for french, text in english.items():
        assert _tool().placeholders(text) <= _tool().placeholders(french), french


def _texts(value) -> list[str]:
    return list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, tuple) else [value]


def _has_words(text: str) -> bool:
    return any(c.isalpha() for c in re.sub(r"\{[a-z_]*\}", "", text))


def test_citizen_sentences_are_translated_and_staff_ones_are_not():
    english = _english()
    citizen, staff = set(), set()
    for path in sorted((ROOT / "bot").glob("wording*.py")):
        module = importlib.import_module(f"bot.{path.stem}")
        for name, value in module.FRENCH.items():
            if name != "LANGUAGE_BUTTONS":  # each language named in itself
                (staff if name.startswith(("STAFF_", "KNOWLEDGE_", "STATS_")) else citizen).update(
                    filter(_has_words, _texts(value)))
    assert len(citizen) > 300
    assert citizen <= english.keys()
    assert not (staff - citizen) & english.keys()  # the staff read French (a sentence both read is translated)


def test_wording_is_read_at_call_time_never_imported_by_name():
    """`from bot.wording import X` would freeze the French at import: every importer reads W.X."""
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1].startswith("wording"):
                pytest.fail(f"{path.relative_to(ROOT)} imports names from {node.module}")


def test_wording_in_the_current_language():
    assert W.FALLBACK.startswith("🙇 Je suis désolé")
    with i18n.speaking("en"):
        assert W.FALLBACK.startswith("🙇 I'm sorry")
        assert W.SMALLTALK["bye"].startswith("Goodbye")
        assert W.STATUS_NAMES["prise"] == "in progress"
        assert WS.ZONE_SIDES == ("even-numbered side", "odd-numbered side")
        assert W.STAFF_HOW.startswith("↩️ Répondez")  # staff: French
        assert dates.day_name(5) == "Saturday" and dates.month_fr("2027-03-01") == "1 March 2027"
    assert W.FALLBACK.startswith("🙇 Je suis désolé") and dates.month_fr("2027-03-01") == "1er mars 2027"
    with pytest.raises(AttributeError):
        W.NO_SUCH_SENTENCE


def test_the_day_names_shown_are_the_knowledges():
    assert dates.DAY_LABELS == DAYS


@pytest.mark.parametrize("code, language", [("en", "en"), ("en-GB", "en"), ("EN_us", "en"), ("fr", "fr"),
                                            ("de", "fr"), ("", "fr"), (None, "fr"), ("eng", "fr")])
def test_telegram_language_code(code, language):
    assert i18n.from_telegram(code) == language


def test_language_action_round_trip():
    assert A.decode(A.encode(A.Language("en"))) == A.Language("en")
    assert isinstance(A.decode("lang:de"), A.Expired)


# ------------------------------------------------------------------ the engine


@pytest.fixture
def engine(settings):
    e = Engine.from_settings(settings)
    yield e
    e.close()


def _as(engine, key, code):
    """The engine as a handler calls it for an update of `key` whose Telegram says `code`."""
    i18n.client.set((key, code))
    return engine


def test_telegram_language_then_langue_then_oubli(engine):
    assert "Hello" in _as(engine, "k", "en").on_start("k").messages[0].text
    assert "Bonjour" in _as(engine, "f", "fr").on_start("f").messages[0].text
    prompt = _as(engine, "k", "en").on_language("k")
    assert [b.label for row in prompt.messages[0].buttons for b in row] == ["🇫🇷 Français", "🇬🇧 English"]
    done = engine.on_button("k", A.encode(A.Language("fr")))
    assert done.messages[0].text.startswith("C'est noté") and done.edit
    assert "Bonjour" in engine.on_start("k").messages[0].text  # the choice wins over Telegram's
    forgotten = engine.on_forget("k")
    assert "effacées" in forgotten.messages[0].text
    assert "Hello" in engine.on_start("k").messages[0].text  # forgotten: Telegram's language again
    i18n.client.set(None)


def test_the_language_row_holds_no_raw_id_and_only_what_is_not_the_default(engine, settings):
    _as(engine, "key-en", "en").on_menu("key-en")
    _as(engine, "key-fr", "fr").on_menu("key-fr")
    i18n.client.set(None)
    rows = sqlite3.connect(settings.database).execute("select user, language, chosen from languages").fetchall()
    assert rows == [("key-en", "en", 0)]
    _as(engine, "key-en", "fr").on_menu("key-en")  # their Telegram now says French: the row goes
    i18n.client.set(None)
    assert sqlite3.connect(settings.database).execute("select count(*) from languages").fetchone() == (0,)


def test_an_entry_says_once_that_its_content_is_french(engine):
    english = _as(engine, "k", "en").on_text("k", "carte d'identité")
    page = english.messages[-1].text
    assert page.count("This procedure is described in French by the town.") == 1
    assert "Carte nationale d'identité" in page  # the knowledge itself stays French
    labels = [b.label for m in english.messages for row in m.buttons for b in row]
    assert "👍 Helpful" in labels
    french = _as(engine, "f", "fr").on_text("f", "carte d'identité")
    assert "described in French" not in french.messages[-1].text and "Cette démarche" not in french.messages[-1].text
    i18n.client.set(None)


def test_example_buttons_show_english_and_ask_french(engine):
    welcome = _as(engine, "k", "en").on_start("k")
    labels = [b.label for row in welcome.messages[0].buttons for b in row]
    assert "How do I renew my ID card?" in labels
    pressed = engine.on_button("k", A.encode(A.Example(labels.index("How do I renew my ID card?"))))
    assert "Carte nationale d'identité" in pressed.messages[-1].text
    i18n.client.set(None)


def test_commands_are_published_in_each_language(engine):
    english = dict(engine.commands(language="en"))
    assert english["langue"].startswith("Choose the language") and english["oubli"] == "Erase all your data"
    assert dict(engine.commands())["oubli"] == "Effacer toutes vos données"
    assert [n for n, _ in engine.commands(language="en")] == [n for n, _ in engine.commands()]


def test_a_staff_answer_reaches_an_english_reader_in_english_and_the_staff_post_stays_french(tmp_path):
    settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path, secret="s", staff_chat=STAFF, flood_per_minute=0)
    e = Engine.from_settings(settings)
    try:
        first = _as(e, "k", "en").on_contact("k", "The street light in front of number 3 is broken.", chat=42)
        assert "What is passed on to the town hall" in first.messages[-1].text
        confirm = next(b.data for m in first.messages for row in m.buttons for b in row if b.label == "✅ Send")
        assert "has been passed on to the town hall of Bourg-Exemple" in e.on_button("k", confirm, chat=42).messages[0].text
        i18n.client.set(None)
        (post,) = [m for m in e.outbox.due() if m.chat == STAFF]
        assert "Répondez à ce message" in post.text and "reçue" in post.text  # the staff read French
        (request,) = e.dialogue.store.open_requests()
        e.dialogue.store.record_post(request.id, 7)
        _as(e, "staff-member", "en").on_staff_reply(STAFF, 7, "Merci, nous passons demain.")  # an English clerk
        (answer,) = [m for m in e.outbox.due() if m.target == "user:k"]
        assert "💬 Answer from Bourg-Exemple to your request" in answer.text and "Merci, nous passons demain." in answer.text
    finally:
        i18n.client.set(None)
        e.close()


def test_project_news_reach_each_follower_in_their_language(engine):
    project = next(e for e in engine.knowledge.entries.values() if e.kind == "project")
    for key, code in (("reader-en", "en"), ("reader-fr", "fr")):
        _as(engine, key, code).on_menu(key)
        engine.projects.follow(key, project.id)
    i18n.client.set(None)
    assert engine.announce(project.id, "Réunion publique mardi.") == 2
    texts = {m.target: m.text for m in engine.outbox.due()}
    assert "message from the town hall" in texts["user:reader-en"]
    assert "message de la mairie" in texts["user:reader-fr"]


def test_inline_cards_in_the_typists_language_and_personal_when_not_french(engine):
    engine.bot_username = "guichet_test_bot"  # the cards' button is the deep link
    english = _as(engine, "k", "en").on_inline("k", "lost id card")
    assert english.results[0].id == "carte-identite" and english.is_personal
    assert english.results[0].buttons[0][0].label == "📖 Full answer"
    french = _as(engine, "f", "fr").on_inline("f", "carte identite")
    assert not french.is_personal and french.results[0].buttons[0][0].label == "📖 Réponse complète"
    i18n.client.set(None)


def test_the_appointment_reminder_is_written_in_its_readers_language_when_it_is_sent(tmp_path):
    import datetime as dt

    from tests.harness import MINI
    from tests.test_checklist import MONDAY, _at, _button

    e = Engine.from_settings(Settings(knowledge_dirs=(MINI,), data_dir=tmp_path, secret="s"))
    e.clock = lambda: MONDAY
    try:
        answer = _as(e, "k", "en").on_text("k", "carte d'identité", chat=5)
        listed = e.on_button("k", _button(answer, "📝 My list").data, chat=5)
        assert listed.messages[0].text.startswith("📝 <b>My list: ")
        e.on_button("k", _button(listed, "📅 Remind me").data, chat=5)
        confirmed = e.on_text("k", "mardi 14h", chat=5)
        assert "tomorrow (Tuesday 8 December) at 14h" in confirmed.messages[0].text
        i18n.client.set(None)  # the reminder is written by a job, with no update at hand
        _at(e, MONDAY.replace(hour=18, minute=1) + dt.timedelta(seconds=1))
        assert e.send_due_reminders() == 1
        (reminder,) = [m for m in e.outbox.due() if m.target == "user:k"]
        assert reminder.text.startswith("<b>📅 Reminder: your appointment for") and "Documents not ticked yet" in reminder.text
    finally:
        i18n.client.set(None)
        e.close()


def test_a_personal_command_in_a_group_invites_in_the_askers_language(engine):
    engine.bot_username = "guichet_test_bot"
    invite = _as(engine, "k", "en").on_go_private("k", command="mes_demandes")
    assert "“Follow your requests to the town hall”: that's personal" in invite.messages[0].text
    assert invite.messages[0].buttons[0][0].label == "💬 Continue in private"
    i18n.client.set(None)


# ------------------------------------------------------------------ end to end, through the fake Bot API


def test_english_menus_end_to_end(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, engine):
            en_menu = json.loads(json.dumps(api.commands))
            key = json.dumps([{"type": "default"}, "en"], sort_keys=True)
            assert key in en_menu, en_menu.keys()
            assert any(c["command"] == "langue" and c["description"].startswith("Choose") for c in en_menu[key])
            french = json.dumps([{"type": "default"}, ""], sort_keys=True)
            assert any(c["description"] == "Effacer toutes vos données" for c in en_menu[french])

            alice = api.user("Alice")
            alice.language_code = "en-GB"
            api.send_command(alice, "start")
            await api.wait_replies(2)  # the welcome, then "📍 Around me"
            welcome, near = api.sent(alice.id)[-2:]
            assert welcome.text.startswith("👋 Hello!")
            assert "📚 Browse the topics" in [b["text"] for b in welcome.buttons]
            assert "Around me" in near.text

            api.send_command(alice, "langue")
            await api.wait_replies(3)
            prompt = api.last_sent(alice.id)
            assert prompt.text.startswith("🌐 In which language")
            await press(api, prompt, label="🇫🇷 Français")
            assert api.last_sent(alice.id).text.startswith("C'est noté : je vous écris désormais en français.")
            replies = await ask(api, alice, "merci")
            assert replies[-1].text.startswith("Avec plaisir")

            api.send_command(alice, "langue")
            await api.wait_for(lambda: api.last_sent(alice.id).text.startswith("🌐 Dans quelle langue"), what="/langue")
            await press(api, api.last_sent(alice.id), label="🇬🇧 English")
            assert api.last_sent(alice.id).text.startswith("Noted: I will write to you in English")

            alice.language_code = "fr"  # Telegram now says French, but the choice stands
            replies = await ask(api, alice, "merci")
            assert replies[-1].text.startswith("You're welcome")

            before = len(api.sent(alice.id))
            api.send_command(alice, "oubli")
            await api.wait_for(lambda: len(api.sent(alice.id)) > before, what="/oubli")
            assert api.last_sent(alice.id).text.startswith("Done: all your data has been erased")
            replies = await ask(api, alice, "merci")  # forgotten: Telegram's French again
            assert replies[-1].text.startswith("Avec plaisir")

    run(scenario())
