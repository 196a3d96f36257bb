"""End to end on Telegram: the real Application (build_application) polling the strict fake Bot API.

Each scenario ends with the same checks: zero calls refused by the fake (the bot never sent
anything Telegram would refuse) and every button press answered (no endless spinner).
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.config import Settings
from bot.engine import Engine
from tests.harness import DEMO, MINI, ask, labels, press, run, running_bot  # noqa: F401  (re-exported)


def test_start_welcomes_with_example_buttons_and_sets_the_command_menu(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, engine):
            published = [c for c in api.calls_to("setMyCommands", ok=True) if not c.params.get("language_code")]  # English: tests/test_i18n.py
            assert len(published) == 1
            assert [c["command"] for c in published[0].params["commands"]] == [n for n, _ in engine.commands()]
            alice = api.user("Alice")
            api.send_command(alice, "start")
            await api.wait_replies(2)
            welcome, invite = api.sent(alice.id)  # then "📍 Autour de moi" (tests/test_nearby_e2e.py)
            assert "Guichet" in welcome.text and "Testville" in welcome.text and "Autour de moi" in invite.text
            examples = welcome.callback_buttons
            assert len(examples) >= 3
            assert welcome.data.get("entities"), "HTML formatting was parsed"
            # an example button asks the question for the citizen
            await press(api, welcome, label=examples[0]["text"])
            answer = api.last_sent(alice.id)
            assert answer.message_id != welcome.message_id
            assert answer.url_buttons and "1." in answer.text

    run(scenario())


def test_help_and_aide_and_unknown_command(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            bob = api.user("Bob")
            for command in ("help", "aide", "nimportequoi"):
                api.send_command(bob, command)
            await api.wait_replies(5)
            texts = [m.text for m in api.sent(bob.id)]  # /help and /aide also offer "📍 Autour de moi"
            assert texts[0] == texts[2] == texts[4] and texts[1] == texts[3] != texts[0]

    run(scenario())


def test_menu_navigation_category_entry_and_back(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            camille = api.user("Camille")
            api.send_command(camille, "menu")
            await api.wait_replies(1)
            (menu,) = api.sent(camille.id)
            assert any("Déchets" in label for label in labels(menu))
            # category: the pressed message is edited in place into the list of entries
            await press(api, menu, label=next(l for l in labels(menu) if "Déchets" in l))
            (edited,) = api.sent(camille.id)
            assert edited.message_id == menu.message_id and "Déchets" in edited.text
            assert "Collecte des encombrants" in labels(edited)
            back = next(l for l in labels(edited) if "Retour" in l)
            # back to the categories, then into an entry (a new message with the answer)
            await press(api, edited, label=back)
            assert labels(api.sent(camille.id)[0]) == labels(menu)
            await press(api, api.sent(camille.id)[0], label=next(l for l in labels(menu) if "Déchets" in l))
            await press(api, api.sent(camille.id)[0], label="Collecte des encombrants")
            answer = api.last_sent(camille.id)
            assert "Collecte des encombrants" in answer.text and answer.url_buttons
            assert len(api.calls_to("editMessageText", ok=True)) == 3

    run(scenario())


def test_procedure_question_gets_steps_links_and_feedback(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            dan = api.user("Dan")
            (answer,) = await ask(api, dan, "comment refaire ma carte d'identite")
            assert "Carte nationale d'identité" in answer.text
            assert "1. " in answer.text and "2. " in answer.text
            # knowledge text with & and < was escaped by the renderer and shown literally
            assert "vos pièces & votre photo <récente>" in answer.text
            urls = [b["url"] for b in answer.url_buttons]
            assert urls and all(u.startswith("https://") for u in urls)
            assert api.calls_to("sendMessage", ok=True)[-1].params["link_preview_options"] == {"is_disabled": True}
            # feedback 👍: answered with a toast, no extra message
            query = await press(api, answer, label=next(l for l in labels(answer) if "👍" in l))
            assert query["answer"] and "Merci" in query["answer"]
            assert len(api.sent(dan.id)) == 1

    run(scenario())


def test_ambiguous_question_offers_choices_then_answers(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, engine):
            # This test is about the Telegram flow, not the matcher's tuning: take the first
            # phrasing the engine finds ambiguous between the identity card and the passport.
            phrasings = ["pré-demande", "pré-demande ANTS rendez-vous", "rendez-vous mairie pré-demande", "titre d'identité"]
            question = next((q for q in phrasings if engine.answer(q)[0].decision == "choose"), None)
            assert question is not None, "the mini knowledge is no longer ambiguous for the matcher"
            eve = api.user("Eve")
            (choose,) = await ask(api, eve, question)
            options = labels(choose)
            assert 2 <= len(choose.callback_buttons) <= 6, options
            assert any("passeport" in o.lower() for o in options)
            await press(api, choose, label=next(o for o in options if "passeport" in o.lower()))
            answer = api.last_sent(eve.id)
            assert "Passeport" in answer.text and answer.url_buttons

    run(scenario())


def test_greeting_and_out_of_scope(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            fred = api.user("Fred")
            (hello,) = await ask(api, fred, "Bonjour !")
            assert "Bonjour" in hello.text
            (fallback,) = await ask(api, fred, "quel temps fera-t-il demain à Tokyo")
            assert "désolé" in fallback.text.lower() or "ne sais pas" in fallback.text.lower()
            assert "01 99 00 20 00" in fallback.text  # the town's contact
            assert "enregistrée" in fallback.text

    run(scenario())


def test_citizen_html_and_stickers_do_not_break_messages(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            gus = api.user("Gus")
            await ask(api, gus, "<b>carte</b> d'identité & <script>alert(1)</script>")
            api.send_sticker(gus)
            api.send_photo(gus, caption="<i>photo</i>")
            await api.wait_replies(3, gus.id)

    run(scenario())


def test_no_raw_user_id_next_to_question_text_in_logs_or_database(tmp_path, caplog):
    raw_id = 7_123_456_789
    question = "Comment refaire ma carte d'identité ? Merci, Zoé"

    async def scenario():
        async with running_bot(tmp_path) as (api, engine):
            zoe = api.user("Zoé", id=raw_id)
            await ask(api, zoe, question)
            await ask(api, zoe, "quel temps fera-t-il demain à Tokyo")
            api.send_command(zoe, "menu")
            await api.wait_replies(3, zoe.id)
            menu = api.last_sent(zoe.id)
            await press(api, menu, label=labels(menu)[0])

    caplog.set_level(logging.DEBUG)
    run(scenario())
    logs = "\n".join(r.getMessage() + " " + str(r.args) for r in caplog.records)
    assert str(raw_id) not in logs
    assert "Zoé" not in logs and "Tokyo" not in logs
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*.db*"))
    assert "Tokyo".encode() in stored, "the question log is where we think it is"
    assert str(raw_id).encode() not in stored


def test_replies_survive_429_500_and_dropped_connections_once(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            hugo = api.user("Hugo")
            api.inject_fault("sendMessage", 429, retry_after=1)  # AIORateLimiter waits and retries
            api.inject_fault("sendMessage", 500)  # PatientRateLimiter retries (not delivered)
            api.inject_fault("sendMessage", "drop")
            api.inject_fault("getUpdates", 429, retry_after=1)  # polling goes on by itself
            (answer,) = await ask(api, hugo, "encombrants")
            assert "encombrants" in answer.text
            assert [c.fault for c in api.calls_to("sendMessage")] == ["429", "500", "drop", None]
            (again,) = await ask(api, hugo, "Bonjour")  # polling still running
            assert "Bonjour" in again.text

    run(scenario())


def test_a_timed_out_reply_is_not_sent_twice(tmp_path, caplog):
    async def scenario():
        async with running_bot(tmp_path, request_timeout=0.3) as (api, _):
            ines = api.user("Inès")
            api.inject_fault("sendMessage", "slow", delay=0.8)  # delivered, but the answer comes too late
            (answer,) = await ask(api, ines, "encombrants")
            await asyncio.sleep(0.9)  # let a (wrong) retry or apology happen, if any
            await api.wait_idle()
            assert api.sent(ines.id) == [answer]  # exactly once, and no apology after it

    run(scenario())
    assert any("Délai dépassé" in r.getMessage() for r in caplog.records)


def test_an_engine_failure_gets_a_polite_answer_and_a_log_without_the_text(tmp_path, caplog):
    async def scenario():
        async with running_bot(tmp_path) as (api, engine):
            def broken(user: str, text: str, chat: int | None = None):
                raise RuntimeError(f"boom on {text}")

            engine.on_text = broken  # type: ignore[method-assign]
            jules = api.user("Jules")
            (apology,) = await ask(api, jules, "question secrète de Jules")
            assert apology.text.startswith("Désolé, une erreur est survenue")

    run(scenario())
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in logged and "secrète" not in logged


def test_demo_town_replies_are_all_valid_for_telegram(tmp_path):
    """The demo town (long answers, many links) through the strict fake: nothing refused."""
    from bot.engine import KnowledgeError

    demo = DEMO
    try:
        Engine.from_settings(Settings(knowledge_dirs=(demo,), data_dir=tmp_path, secret="x"), with_storage=False)
    except KnowledgeError as exc:  # reported by the knowledge tests and `guichet check`
        pytest.skip(f"demo knowledge has errors: {exc}")

    async def scenario():
        async with running_bot(tmp_path, knowledge=demo) as (api, _):
            kim = api.user("Kim")
            api.send_command(kim, "start")
            api.send_command(kim, "menu")
            api.send_command(kim, "horaires")
            api.send_command(kim, "confidentialite")
            await api.wait_replies(5, kim.id)  # /start: the welcome and "📍 Autour de moi"
            for question in ["comment refaire ma carte d'identité", "encombrants", "inscrire mon fils à la cantine",
                             "permis de construire", "bonjour", "merci", "recette de la tarte tatin"]:
                await ask(api, kim, question)
            menu = api.sent(kim.id)[2]
            for label in labels(menu):  # every category, then back
                await press(api, api.sent(kim.id)[2], label=label)
                await press(api, api.sent(kim.id)[2], label=next(l for l in labels(api.sent(kim.id)[2]) if "Retour" in l))

    run(scenario())


def test_oubli_forgets_the_citizen(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, engine):
            lea = api.user("Léa")
            await ask(api, lea, "Où jeter mes gravats de la rue Mouffetard ?")
            api.send_command(lea, "oubli")
            await api.wait_replies(2, lea.id)
            assert "effacées" in api.last_sent(lea.id).text

    run(scenario())
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*.db*"))
    assert b"Mouffetard" not in stored, "deleted rows must not linger in the file (secure_delete)"
