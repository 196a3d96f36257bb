"""Deep links: `/start <entry id>` opens the entry, and every answer's "🔗 Partager" button shares it."""

from __future__ import annotations

import dataclasses
from urllib.parse import parse_qs, urlsplit

import pytest

from bot import deeplinks as D
from bot import render as R
from bot import wording as W
from bot.engine import Engine
from bot.kb import Entry
from bot.replies import Button
from tests.harness import run, running_bot


def _buttons(reply):
    return [b for m in reply.messages for row in m.buttons for b in row]


def _share(reply):
    shares = [b for b in _buttons(reply) if b.label == W.SHARE]
    return shares[0] if shares else None


@pytest.fixture
def engine(settings):
    e = Engine.from_settings(settings)
    yield e
    e.close()


def test_start_with_an_entry_id_opens_that_entry(engine):
    reply = engine.on_start("u", payload="carte-identite")
    assert "Carte nationale d'identité" in reply.messages[-1].text
    assert reply.messages[-1].text != engine.on_start("u").messages[0].text


@pytest.mark.parametrize("payload", ["inconnue", "", "carte-identite<b>x</b>", "<script>", "a" * 65,
                                     "carte identite", "../carte-identite"])
def test_unknown_or_forged_payload_gets_the_welcome(engine, payload):
    welcome = engine.on_start("u").messages[0].text
    assert engine.on_start("u", payload=payload).messages[0].text == welcome


def test_payload_rules_match_telegram():
    assert D.PAYLOAD.fullmatch("a" * 64) and not D.PAYLOAD.fullmatch("a" * 65)
    assert not D.PAYLOAD.fullmatch("é") and not D.PAYLOAD.fullmatch("a.b")


def test_share_button_only_with_a_bot_username(engine):
    assert _share(engine.on_start("u", payload="carte-identite")) is None  # the console: no username
    engine.bot_username = "guichet_test_bot"
    reply = engine.on_text("u", "carte d'identité")
    share = _share(reply)
    assert share is not None and share.data is None
    query = parse_qs(urlsplit(share.url).query)
    assert share.url.startswith("https://t.me/share/url?")
    assert query["url"] == ["https://t.me/guichet_test_bot?start=carte-identite"]
    assert query["text"] == [engine.knowledge.entries["carte-identite"].title]
    feedback_row = next(row for m in reply.messages for row in m.buttons if share in row)
    assert [b.label for b in feedback_row] == [W.USEFUL, W.NOT_USEFUL, W.SHARE]


def test_no_share_link_for_a_forged_username_or_an_id_telegram_cannot_carry(engine):
    entry = engine.knowledge.entries["carte-identite"]
    assert D.share_url("x<b>", entry) == "" and D.share_url("", entry) == ""
    assert D.share_url("guichet_test_bot", dataclasses.replace(entry, id="carte.identité")) == ""


def test_a_guided_search_keeps_its_share_button_on_every_step():
    entry = dataclasses.replace(Entry(id="papiers", title="Papiers", category="papiers", kind="guide"), guide={
        "question": "Pour qui ?", "options": [{"label": "Moi", "options": [{"label": "Majeur", "goto": "x"}]}]})
    share = "https://t.me/share/url?url=x"
    for path in ((), (0,)):
        assert R.render_guide(entry, path, R.Fmt("html"), share).buttons[-1] == [Button(W.SHARE, url=share)]
    many = [{"label": f"n{i}", "goto": "x"} for i in range(120)]  # 99 kept, and the way back: 100 buttons
    crowded = dataclasses.replace(entry, guide={"options": [{"label": "Moi", "options": many}]})
    kept = [b.label for row in R.render_guide(crowded, (0,), R.Fmt("html"), share).buttons for b in row]
    assert len(kept) == 100 and W.SHARE not in kept  # Telegram's limit first: no share button then


def test_start_deep_link_end_to_end(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, engine):
            assert engine.bot_username == api.bot_username  # filled at start-up from getMe
            alice = api.user("Alice")
            api.send_command(alice, "start", "carte-identite")
            await api.wait_replies(1)
            answer = api.last_sent(alice.id)
            assert "Carte nationale d'identité" in answer.text
            share = [b for b in answer.url_buttons if b["text"] == W.SHARE]
            assert len(share) == 1
            query = parse_qs(urlsplit(share[0]["url"]).query)
            assert query["url"] == [f"https://t.me/{api.bot_username}?start=carte-identite"]
            api.send_command(alice, "start", "pas-une-fiche")
            await api.wait_replies(3)  # the welcome, then "📍 Autour de moi"
            assert "Guichet" in api.sent(alice.id)[-2].text

    run(scenario())
