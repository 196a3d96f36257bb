"""The engine end to end without Telegram: replies, buttons, records, flood, privacy, reload."""

import shutil

from bot.config import Settings
from bot.engine import Engine
from bot.flood import FloodBudget

from conftest import DEMO_TOWN


def make_engine(settings, flavour="html"):
    return Engine.from_settings(settings, flavour=flavour)


def buttons(reply):
    return [b for m in reply.messages for row in m.buttons for b in row]


def test_question_is_recorded_with_hashed_user_before_reply(settings):
    engine = make_engine(settings)
    key = engine.user_key(987654321)
    reply = engine.on_text(key, "encombrants")
    assert reply.messages and "encombrants" in reply.messages[0].text.lower()
    rows = list(engine.storage.db.query("select user, text, decision, entry_id from questions"))
    assert rows == [{"user": key, "text": "encombrants", "decision": "answer", "entry_id": "encombrants"}]
    assert "987654321" not in settings.database.read_bytes().decode("latin-1")


def test_feedback_button_is_recorded(settings):
    engine = make_engine(settings)
    key = engine.user_key(1)
    reply = engine.on_text(key, "encombrants")
    up = [b for b in buttons(reply) if b.data and b.data.startswith("f:1:")][0]
    result = engine.on_button(key, up.data)
    assert result.toast and "Merci" in result.toast
    assert engine.storage.db["feedback"].count == 1


def test_choose_then_press_gives_the_entry(settings):
    engine = make_engine(settings)
    key = engine.user_key(2)
    for q in ("acte", "carte", "inscription", "papiers"):
        result, reply, _ = engine.answer(q)
        if result.decision == "choose":
            break
    assert result.decision == "choose", "no ambiguous question found in the demo town"
    choice = [b for b in buttons(reply) if b.data and b.data.startswith("e:")][0]
    opened = engine.on_button(key, choice.data)
    assert choice.data[2:] in {c.entry.id for c in result.choices}
    assert opened.messages[0].text


def test_every_button_of_every_menu_works(settings):
    from dataclasses import replace

    engine = make_engine(replace(settings, flood_per_minute=0))  # 75 presses: beyond any flood budget
    key = engine.user_key(3)
    root = engine.on_menu(key)
    for b in buttons(root):
        sub = engine.on_button(key, b.data)
        assert sub.messages and "expiré" not in (sub.toast or "")
        for e in buttons(sub):
            if e.data and e.data.startswith("e:"):
                assert "expiré" not in (engine.on_button(key, e.data).toast or "")


def test_garbage_button_data_is_polite(settings):
    engine = make_engine(settings)
    for data in ("", "zz", "e:", "e:nope", "v:x:99", "p:::", "g:x:9.9", "f:1:", "m:inconnu", "x:99"):
        reply = engine.on_button("u", data)
        assert reply.messages or reply.toast


def test_flood_budget_notice_once_then_silence_then_refill():
    budget = FloodBudget(per_minute=3)
    states = [budget.check("u", now=0.0) for _ in range(6)]
    assert states == ["ok", "ok", "ok", "notice", "silent", "silent"]
    assert budget.check("u", now=30.0) == "ok"


def test_flood_memory_is_bounded():
    budget = FloodBudget(per_minute=5, max_users=100)
    for i in range(1000):
        budget.check(f"user{i}", now=0.0)
    assert len(budget.buckets) == 100


def test_forget_and_privacy(settings):
    engine = make_engine(settings)
    key = engine.user_key(4)
    engine.on_text(key, "cantine")
    assert engine.storage.count_for(key) == 1
    assert "effacées" in engine.on_forget(key).messages[0].text
    assert engine.storage.count_for(key) == 0
    assert "jours" in engine.on_privacy(key).messages[0].text


def test_broken_edit_keeps_last_good_knowledge(settings, tmp_path):
    copy = tmp_path / "k"
    shutil.copytree(DEMO_TOWN, copy)
    settings = settings.with_knowledge([copy])
    engine = make_engine(settings)
    before = len(engine.knowledge.entries)
    target = next(p for p in copy.rglob("*.yaml") if "encombrants" in p.name)
    target.write_text("id: encombrants\n  title: [cassé\n")
    problems = engine.reload()
    assert problems and any("encombrants" in str(p) for p in problems)
    assert len(engine.knowledge.entries) == before
    assert engine.matcher.ask("encombrants").best.id == "encombrants"


def test_secret_is_generated_once_with_private_mode(tmp_path):
    from bot.config import Settings

    s = Settings(data_dir=tmp_path)
    first = s.resolved_secret()
    assert first == s.resolved_secret()
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600


def test_unsupported_messages_get_a_short_french_note_with_examples(settings):
    engine = make_engine(settings)
    reply = engine.on_unsupported(engine.user_key(5), "sticker")
    (message,) = reply.messages
    assert message.text.startswith("Je ne lis que les messages écrits") and "autocollants" in message.text
    assert [b.data for b in buttons(reply)] == [f"x:{i}" for i in range(len(engine.examples))]
    assert "ce type de message" in engine.on_unsupported("u", "hologram").messages[0].text


def test_a_caption_under_a_photo_is_read_as_the_question(settings):
    engine = make_engine(settings)
    user = engine.user_key(6)
    reply = engine.on_caption(user, "photo", "il y a un trou dans ma rue")
    note, *answer = reply.messages
    assert "photos" in note.text and "rien n'en est transmis à la mairie" in note.text
    direct = engine.on_text(user, "il y a un trou dans ma rue").messages
    assert [m.text for m in answer] == [m.text for m in direct]  # the same answer as the typed question
    assert engine.storage.db["questions"].count == 2
    # a caption without any word is no question: the usual "I read text" note
    (only,) = engine.on_caption(user, "photo", "📷 !!").messages
    assert only.text.startswith("Je ne lis que les messages écrits")


def test_flood_counts_texts_commands_and_presses_but_not_menu_navigation(settings):
    from dataclasses import replace

    engine = make_engine(replace(settings, flood_per_minute=3))
    engine.flood.clock = lambda: 0.0
    key = engine.user_key(6)
    engine.on_start(key)
    engine.on_text(key, "encombrants")
    menu = engine.on_menu(key)  # 3rd token: the budget is now empty
    category = buttons(menu)[0].data
    assert engine.on_button(key, category).messages  # navigation (an edit in place) stays free
    notice = engine.on_button(key, "e:encombrants")
    assert notice.messages == [] and "beaucoup de messages" in notice.toast  # said once, as the toast
    assert engine.on_button(key, "e:encombrants").toast is None
    assert engine.on_text(key, "cantine").messages == []  # silence
    assert engine.on_forget(key).messages == [] and engine.storage.count_for(key) == 0  # erased all the same
    engine.flood.clock = lambda: 60.0
    assert "effacées" in engine.on_forget(key).messages[0].text


def test_index_cache_is_reused_then_invalidated_by_an_edit(settings, tmp_path, monkeypatch):
    import bot.search.cache as E  # where the index is built when the cache does not match

    copy = tmp_path / "k"
    shutil.copytree(DEMO_TOWN, copy)
    settings = settings.with_knowledge([copy])
    Engine.from_settings(settings)
    assert (settings.data_dir / "cache" / "index.pickle").exists()
    built = []
    real = E.Matcher
    monkeypatch.setattr(E, "Matcher", lambda k: built.append(1) or real(k))
    again = Engine.from_settings(settings)
    assert built == [] and again.matcher.ask("encombrants").best.id == "encombrants"
    target = next(p for p in copy.rglob("*.yaml") if p.name == "encombrants.yaml")
    target.write_text(target.read_text().replace("title:", "title: Ramassage —", 1))
    edited = Engine.from_settings(settings)
    assert built == [1] and edited.knowledge.entries["encombrants"].title.startswith("Ramassage")


def test_the_timezone_setting_takes_effect(demo, tmp_path):
    """GUICHET_TIMEZONE wins over the knowledge's `timezone`: at any instant, UTC+14 and UTC-11 are on different dates."""
    east = Engine(demo, settings=Settings(data_dir=tmp_path, timezone="Pacific/Kiritimati"))
    west = Engine(demo, settings=Settings(data_dir=tmp_path, timezone="Pacific/Pago_Pago"))
    assert east.today() != west.today()
