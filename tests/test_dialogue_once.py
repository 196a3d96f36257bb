"""Once only: an update handled again (the durable inbox hands it over after a kill -9) makes no second request or answer.

Why: the request (or the answer) is committed before its update is marked handled; a kill -9 in
between, measured in tests/test_dialogue_crash.py, handed over up to 8 updates again, and each
made a second request with its own number and staff post, or sent a staff answer twice. The
engine now records each change's origin (Telegram's update id) in the same transaction.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import actions as A
from bot.engine import Engine

STAFF = -1_000_000_000_001
CHAT = 424_242


@pytest.fixture
def engine(settings):
    engine = Engine.from_settings(replace(settings, staff_chat=STAFF))
    yield engine
    engine.close()


def counts(engine: Engine) -> tuple[int, int, int]:
    conn = engine.dialogue.store.conn
    return tuple(conn.execute(f"select count(*) from {table}").fetchone()[0]
                 for table in ("requests", "outbox", "request_events"))


def first_request(engine: Engine, user: str) -> None:
    """The first request, confirmed on its screen (origins 1 and 2)."""
    confirm = engine.on_contact(user, "Le lampadaire du 12 rue des Lilas est éteint", chat=CHAT, origin="1")
    assert "Vérifiez" in confirm.messages[0].text
    assert "D-0001" in engine.on_button(user, A.encode(A.Confirm(True)), chat=CHAT, origin="2").messages[0].text


def test_a_confirmation_handled_again_acknowledges_the_same_request(engine):
    user = engine.user_key(CHAT)
    first_request(engine, user)
    before = counts(engine)
    again = engine.on_button(user, A.encode(A.Confirm(True)), chat=CHAT, origin="2")
    assert "✅ Votre demande D-0001" in again.messages[0].text  # not "expired": the draft is gone, the request is not
    assert counts(engine) == before


def test_a_shortcut_handled_again_makes_no_second_request(engine):
    user = engine.user_key(CHAT)
    first_request(engine, user)
    ack = engine.on_contact(user, "Un nid-de-poule devant l'école", chat=CHAT, origin="3")
    before = counts(engine)
    again = engine.on_contact(user, "Un nid-de-poule devant l'école", chat=CHAT, origin="3")
    assert "D-0002" in ack.messages[0].text and again.messages[0].text == ack.messages[0].text
    assert counts(engine) == before == (2, 2, 0)  # two requests, their two staff posts waiting
    engine.on_report(user, "Un tag sur le mur de la poste", chat=CHAT, origin="4")
    assert engine.on_report(user, "Un tag sur le mur de la poste", chat=CHAT, origin="4").messages[0].text.count("D-0003")
    assert counts(engine)[0] == 3
    # the same text from another update is another request (the citizen sent it twice on purpose)
    assert "D-0004" in engine.on_contact(user, "Un nid-de-poule devant l'école", chat=CHAT, origin="5").messages[0].text


def test_a_staff_reply_handled_again_is_not_sent_twice(engine):
    user = engine.user_key(CHAT)
    first_request(engine, user)
    engine.dialogue.store.record_post(1, 77)
    conn = engine.dialogue.store.conn
    conn.execute("delete from outbox")
    sent = engine.on_staff_reply(STAFF, 77, "L'équipe passe demain.", origin="9")
    assert counts(engine) == (1, 2, 1)  # the answer to the citizen and the post's new status
    again = engine.on_staff_reply(STAFF, 77, "L'équipe passe demain.", origin="9")
    assert again.messages[0].text == sent.messages[0].text == "Réponse envoyée pour D-0001."
    assert counts(engine) == (1, 2, 1)
    engine.on_staff_reply(STAFF, 77, "L'équipe passe demain.", origin="10")  # answered again, on purpose
    assert counts(engine) == (1, 4, 2)


def test_oubli_forgets_the_origins_too(engine):
    user = engine.user_key(CHAT)
    first_request(engine, user)
    engine.on_forget(user)
    assert engine.dialogue.store.conn.execute("select count(*) from origins").fetchone()[0] == 0
