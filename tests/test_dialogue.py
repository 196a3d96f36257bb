"""The dialogue with the town, engine level: drafts, limits, staff-only actions, privacy, and the knowledge behind it."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import pytest

from bot.config import Settings
from bot.engine import Engine
from bot.kb import load_knowledge
from bot.render import plain
from conftest import DEMO_TOWN

STAFF = -1001234567890


@pytest.fixture
def engine(tmp_path):
    settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path / "data", secret="s", staff_chat=STAFF,
                        flood_per_minute=0)
    e = Engine.from_settings(settings, flavour="text")
    yield e
    e.close()


def text(reply) -> str:
    return "\n".join(plain(m) for m in reply.messages)


def data_of(reply, label_start: str) -> str:
    return next(b.data for m in reply.messages for row in m.buttons for b in row if b.label.startswith(label_start))


def send(engine, user, message, chat=100):
    """A first request needs the confirmation screen; later ones go at once."""
    reply = engine.on_contact(user, message, chat=chat)
    if "Vérifiez" in text(reply):
        reply = engine.on_button(user, data_of(reply, "✅"), chat=chat)
    return reply


def test_the_contact_shortcut_confirms_the_first_time_then_sends_at_once(engine):
    alice = engine.user_key(1)
    first = engine.on_contact(alice, "Le parc ferme trop tôt", chat=1)
    assert "Ce qui est transmis à la mairie" in text(first) and engine.dialogue.store.open_requests() == []
    sent = engine.on_button(alice, data_of(first, "✅"), chat=1)
    assert "D-0001" in text(sent)
    again = engine.on_contact(alice, "Et les bancs sont cassés", chat=1)
    assert "D-0002" in text(again) and "Vérifiez" not in text(again)
    posts = engine.outbox.due()
    assert [p.chat for p in posts] == [STAFF, STAFF] and "Le parc ferme trop tôt" in posts[0].text


def test_writing_to_an_official_by_delegation(engine):
    bob = engine.user_key(2)
    targets = engine.on_contact(bob, chat=2)
    assert any("adjointe aux écoles" in b.label for m in targets.messages for row in m.buttons for b in row)
    prompt = engine.on_button(bob, data_of(targets, "👤 L'adjointe aux écoles"), chat=2)
    assert "Claire Martin" in text(prompt)
    confirm = engine.on_text(bob, "Pourquoi la cantine ferme-t-elle le mercredi ?", chat=2)
    assert "Pour : l'adjointe aux écoles (Claire Martin)" in text(confirm)
    engine.on_button(bob, data_of(confirm, "✅"), chat=2)
    (request,) = engine.dialogue.store.open_requests()
    assert request.official == "adjointe-ecoles" and "cantine" in request.text


def test_an_entry_offers_to_report_and_a_text_in_a_group_is_never_a_draft(engine):
    carl = engine.user_key(3)
    answer = engine.on_text(carl, "il y a un trou dans ma rue", chat=3)
    prompt = engine.on_button(carl, data_of(answer, "📣 Signaler maintenant"), chat=3)
    assert "Décrivez le problème" in text(prompt) and prompt.messages[0].ask_location
    assert "Vérifiez" not in text(engine.on_text(carl, "encombrants", chat=None))  # a group: a question
    confirm = engine.on_text(carl, "Nid-de-poule devant le 4 rue Haute", chat=3)
    assert "Route, trottoir" in text(confirm)
    assert "Vous n'avez aucune demande" in text(engine.on_my_requests(carl))  # a draft is not a request
    engine.on_cancel(carl)
    assert engine.dialogue.store.draft(carl) is None


def test_staff_actions_only_from_the_staff_chat_and_the_citizen_is_told(engine):
    dana = engine.user_key(4)
    send(engine, dana, "Un arbre est tombé sur le trottoir")
    data = "s:t:1"
    assert engine.on_button(engine.user_key(5), data, chat=999).toast.startswith("Seule l'équipe")
    assert engine.dialogue.store.get(1).status == "recue"
    engine.on_button(engine.user_key(6), data, chat=STAFF)
    assert engine.dialogue.store.get(1).status == "prise"
    told = [m for m in engine.outbox.due() if m.user == dana]
    assert len(told) == 1 and "prise en charge" in told[0].text
    assert engine.on_staff_list(999).messages[0].text.startswith("Seule l'équipe")
    assert "D-0001" in text(engine.on_staff_list(STAFF))


def test_a_reply_to_an_unknown_post_is_said_in_the_staff_chat_and_ignored_elsewhere(engine):
    assert "Je ne retrouve pas" in text(engine.on_staff_reply(STAFF, 424242, "Bonjour"))
    assert engine.on_staff_reply(777, 424242, "Bonjour").messages == []


def test_daily_limit_and_mute(engine):
    eve = engine.user_key(7)
    engine.settings = replace(engine.settings, requests_per_day=2)
    engine.dialogue.settings = engine.settings
    send(engine, eve, "un")
    send(engine, eve, "deux")
    assert "déjà envoyé 2 demandes" in text(engine.on_contact(eve, "trois", chat=100))
    frank = engine.user_key(8)
    send(engine, frank, "message insultant")
    engine.on_button(engine.user_key(6), "s:m:3", chat=STAFF)
    assert "ne sont plus transmises" in text(engine.on_contact(frank, "encore", chat=100))


def test_ask_town_takes_only_the_persons_own_question(engine):
    gina, hugo = engine.user_key(9), engine.user_key(10)
    fallback = engine.on_text(gina, "quand repeint-on le kiosque à musique du square", chat=9)
    data = data_of(fallback, "✉️ Poser la question")
    assert "Cette réponse a changé" in text(engine.on_button(hugo, data, chat=10))  # not his question
    confirm = engine.on_button(gina, data, chat=9)
    assert "kiosque" in text(confirm)


def test_forget_deletes_requests_answers_drafts_chat_and_pending_messages(engine):
    ines = engine.user_key(11)
    send(engine, ines, "Lampadaire cassé")
    request = engine.dialogue.store.get(1)
    engine.dialogue.answer(request, "Nous passons demain.")
    engine.on_report(ines, chat=100)
    assert engine.dialogue.store.chat_of(ines) == 100
    engine.on_forget(ines)
    db = engine.storage.db
    assert db["requests"].count == 0 and db["request_events"].count == 0
    assert db["drafts"].count == 0 and db["chats"].count == 0
    assert [m for m in engine.outbox.due() if m.user == ines] == []


def test_retention_purges_closed_requests_only(engine):
    jade = engine.user_key(12)
    send(engine, jade, "ancien")
    send(engine, jade, "récent")
    engine.dialogue.set_status(engine.dialogue.store.get(1), "close", "Traité par téléphone")
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=engine.settings.retention_days + 1)
    assert engine.dialogue.store.purge(engine.settings.retention_days, now=later) == 1
    assert engine.dialogue.store.get(1) is None and engine.dialogue.store.get(2) is not None


def test_without_storage_there_is_no_dialogue_and_a_polite_word(tmp_path):
    e = Engine.from_settings(Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path, secret="s"),
                             flavour="text", with_storage=False)
    assert "pas possible ici" in text(e.on_contact(e.user_key(1), "bonjour", chat=1))


@pytest.mark.parametrize("content, expected", [
    ("id: x\ntitle: X\ncategory: mairie\nsummary: s\nupdated: 2026-01-01\nreport: nids\n",
     "catégorie de signalement « nids » introuvable"),
    ("officials:\n  - id: maire\n    role: Le maire\n  - id: maire\n    role: Le maire\n", "défini deux fois"),
    ("officials:\n  - id: maire\n    role: Le maire\n    telegram_chat: groupe-des-elus\n", "« telegram_chat » est un nombre"),
    ("report_categories:\n  - id: Voirie Ville\n    title: Voirie\n", "identifiant invalide"),
])
def test_dialogue_knowledge_mistakes_are_clear(tmp_path, content, expected):
    folder = tmp_path / "k"
    shutil.copytree(DEMO_TOWN, folder)
    (folder / "ajout.yaml").write_text(content, encoding="utf-8")
    _, problems = load_knowledge([folder])
    assert any(expected in p.message for p in problems), [str(p) for p in problems]


def test_a_group_that_became_a_supergroup_does_not_block_the_queue(engine, caplog):
    """Telegram answers ChatMigrated: the message is given up with the new id in the log, never retried for ever."""
    import asyncio

    from telegram.error import ChatMigrated

    from bot.outbox import Outgoing, to_chat
    from handlers.outbound import OutboundSender

    class Bot:
        async def send_message(self, *args, **kwargs):
            raise ChatMigrated(-1009876543210)

    engine.outbox.put([Outgoing(to_chat(STAFF), "Nouvelle demande")])
    sender = OutboundSender(Bot(), engine)

    async def once():
        await sender._start_due()
        await asyncio.gather(*sender.sending.values())

    asyncio.run(once())
    assert engine.outbox.pending() == 0
    assert any("-1009876543210" in r.getMessage() for r in caplog.records)
