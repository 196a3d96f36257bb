"""Guichet in a family or neighbourhood group: it answers only when addressed, never shows a member's
own data there (an invitation to the private chat instead), and the group has its own flood budget.

Engine-level tests first (bot/engine_groups.py), then the real Application against the fake Bot API.
"""

from __future__ import annotations

import pytest

from bot import actions as A
from bot import wording_groups as WG
from bot.commands import COMMANDS
from bot.config import Settings
from bot.engine import Engine
from bot.engine_groups import PUBLIC_ACTIONS, chat_link
from conftest import DEMO_TOWN
from tests.fakebotapi import FakeBotAPI
from tests.harness import DEMO, ask, bot_on, run, running_bot

STAFF = -1001234567890
GROUP = -1009876543210
BOT = "guichet_test_bot"
LINK = f"https://t.me/{BOT}"
TEXT = "Bonjour, le lampadaire devant le 12 rue des Lilas ne marche plus"
UNKNOWN = "comment adopter un lama"  # the demo town's fallback, offered to be sent to the town hall


@pytest.fixture
def engine(tmp_path):
    settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path / "data", secret="s", staff_chat=STAFF)
    e = Engine.from_settings(settings)
    e.bot_username = BOT
    yield e
    e.close()


def buttons(reply) -> list:
    return [b for m in reply.messages for row in m.buttons for b in row]


def actions(reply) -> list:
    return [A.decode(b.data) for b in buttons(reply) if b.data]


# ---------------------------------------------------------------------------------------------- engine


def test_every_command_that_shows_or_writes_something_personal_is_marked_personal():
    personal = {c.name for c in COMMANDS if c.personal}
    assert {"contact", "signaler", "mes_demandes", "annuler", "suivis", "oubli"} <= personal
    # a citizen command reading text opens a dialogue: private, or it would publish the text
    assert all(c.personal for c in COMMANDS if c.with_text and not c.staff)
    assert not any(c.personal for c in COMMANDS if c.staff)


def test_the_group_key_is_a_keyed_hash_distinct_from_any_person(engine):
    key = engine.group_key(GROUP)
    assert key == engine.group_key(GROUP) and len(key) == 32 and str(abs(GROUP)) not in key
    assert key != engine.user_key(GROUP) and key != engine.group_key(GROUP - 1)


def test_the_invitation_opens_the_private_chat_never_shows_the_data(engine):
    engine.on_contact("camille", TEXT, chat=100)  # a first request: the confirmation screen...
    engine.on_button("camille", A.encode(A.Confirm(True)), chat=100)  # ...then sent: D-0001
    assert "D-0001" in engine.on_my_requests("camille").messages[0].text
    reply = engine.on_go_private("camille", "mes_demandes")
    (message,) = reply.messages
    assert "Suivre vos demandes" in message.text and "D-0001" not in message.text and "lampadaire" not in message.text
    assert [(b.label, b.url) for b in buttons(reply)] == [(WG.PRIVATE_BUTTON, f"{LINK}?start=_mes_demandes")]
    # /oubli and /annuler are typed by the person there: a tapped link must not erase anything
    for command in ("oubli", "annuler"):
        reply = engine.on_go_private("camille", command)
        assert f"/{command}" in reply.messages[0].text and buttons(reply)[0].url == LINK
    engine.bot_username = ""  # no username known (never in Telegram): the sentence alone
    assert engine.on_go_private("camille", "oubli").messages[0].text == WG.PRIVATE_INVITE_NO_LINK


def test_the_invitation_link_does_in_private_what_the_group_was_denied_and_nothing_more(engine):
    engine.on_contact("camille", TEXT, chat=100)
    engine.on_button("camille", A.encode(A.Confirm(True)), chat=100)
    welcome = engine.on_start("nobody", private=True).messages[0].text
    assert "D-0001" in engine.on_start("camille", private=True, payload="_mes_demandes").messages[0].text
    assert engine.on_start("camille", private=False, payload="_mes_demandes").messages[0].text == welcome  # a group
    assert engine.on_start("camille", private=True, payload="_oubli").messages[0].text == welcome
    assert engine.dialogue.store.of_user("camille")  # the link erased nothing
    assert "Vérifiez" not in engine.on_start("camille", private=True, payload="_contact").messages[0].text
    assert engine.dialogue.store.draft("camille") is not None  # writing started, in private
    qid = engine.storage.log_question("omar", UNKNOWN, "fallback", None, 0.0, 1.0)
    confirm = engine.on_start("omar", private=True, payload=f"_question-{qid}").messages[0].text
    assert "Vérifiez" in confirm and UNKNOWN in confirm  # the asker: the question, ready to send
    assert engine.on_start("paul", private=True, payload=f"_question-{qid}").messages[0].text == welcome
    assert engine.on_start("paul", private=True, payload="_question-99999999999999999").messages[0].text == welcome


def test_a_reply_for_a_group_keeps_public_buttons_and_links_personal_ones_to_the_private_chat(engine):
    fallback = engine.on_text("camille", UNKNOWN)
    assert any(isinstance(a, A.AskTown) for a in actions(fallback))  # in private: "ask the town hall"
    shown = engine.for_group(fallback)
    assert not any(isinstance(a, A.AskTown) for a in actions(shown))
    (asked,) = [b for b in buttons(shown) if b.url and b.url.startswith(f"{LINK}?start=_question-")]
    assert asked.label.startswith("✉️") and asked.label.endswith("(en privé)")
    assert any(isinstance(a, A.Menu) for a in actions(shown))  # the themes stay a button of the group
    entry = engine.on_button("camille", A.encode(A.OpenEntry("contacter-elu")), chat=GROUP)
    assert any(isinstance(a, A.Write) for a in actions(entry))
    assert not any(isinstance(a, A.Write) for a in actions(engine.for_group(entry)))
    assert f"{LINK}?start=_contact" in [b.url for b in buttons(engine.for_group(entry))]
    engine.bot_username = ""  # nowhere to send people: the personal button is dropped, not kept
    assert [b for b in buttons(engine.for_group(fallback)) if not b.url and not b.data] == []
    assert not any(isinstance(a, A.AskTown) for a in actions(engine.for_group(fallback)))


def test_a_personal_button_pressed_in_a_group_invites_to_the_private_chat_and_writes_nothing(engine):
    group = engine.group_key(GROUP)
    for action in (A.AskTown(1), A.Write(), A.ReportIn("eclairage"), A.Confirm(True), A.ContactTo(""),
                   A.Follow("renovation-ecole-jules-ferry", True)):
        assert not isinstance(action, PUBLIC_ACTIONS)
        reply = engine.on_group_press("camille", A.encode(action), group, chat=GROUP)
        assert reply.toast == WG.PRIVATE_TOAST and buttons(reply)[0].url.startswith(LINK), action
    assert engine.dialogue.store.draft("camille") is None
    assert engine.projects.followed("camille") == []
    ask = engine.on_group_press("camille", A.encode(A.AskTown(7)), group, chat=GROUP)
    assert buttons(ask)[0].url == f"{LINK}?start=_question-7"  # continued in private, for its asker only


def test_someone_elses_feedback_button_in_a_group_gets_a_toast_and_no_message(engine):
    group = engine.group_key(GROUP)
    answer = engine.on_text("omar", "carte d'identité")
    thumbs_up = next(b.data for b in buttons(answer) if isinstance(A.decode(b.data), A.Feedback))
    paul = engine.on_group_press("paul", thumbs_up, group, chat=GROUP)
    assert paul.messages == [] and paul.toast == WG.FEEDBACK_NOT_YOURS
    assert engine.on_group_press("omar", thumbs_up, group, chat=GROUP).toast  # the asker's own: thanked
    assert engine.storage.db["feedback"].count == 1


def test_the_group_budget_says_so_once_then_keeps_silent_until_it_refills(engine):
    clock = [1000.0]
    engine.group_flood.clock, engine.group_flood.per_minute = (lambda: clock[0]), 3
    group = engine.group_key(GROUP)
    assert [engine.on_group_message(group, GROUP) for _ in range(3)] == [None, None, None]
    notice = engine.on_group_message(group, GROUP)
    assert notice.messages[0].text == WG.GROUP_FLOOD_NOTICE
    assert engine.on_group_message(group, GROUP).messages == []  # silence, however many more
    assert engine.on_group_message(engine.group_key(GROUP - 1), GROUP - 1) is None  # another group: its own
    assert all(engine.on_group_message(engine.group_key(STAFF), STAFF) is None for _ in range(10))  # the staff's
    clock[0] += 20  # 3 a minute: one message every 20 seconds
    assert engine.on_group_message(group, GROUP) is None


def test_a_zero_budget_means_no_group_limit(tmp_path):
    settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path / "d", secret="s", flood_per_group=0)
    e = Engine.from_settings(settings)
    try:
        group = e.group_key(GROUP)
        assert all(e.on_group_message(group, GROUP) is None for _ in range(100))
    finally:
        e.close()


@pytest.mark.parametrize("raw, value", [("10", 10), ("0", 0), ("1000", 1000)])
def test_the_group_budget_setting(raw, value):
    assert Settings.from_env({"GUICHET_FLOOD_PER_GROUP": raw}, load_dotenv_file=False).flood_per_group == value


@pytest.mark.parametrize("raw", ["-1", "dix", "1001"])
def test_a_wrong_group_budget_is_refused_in_french(raw):
    with pytest.raises(Exception, match="GUICHET_FLOOD_PER_GROUP"):
        Settings.from_env({"GUICHET_FLOOD_PER_GROUP": raw}, load_dotenv_file=False)


def test_the_hello_says_how_to_address_the_bot_and_is_not_for_the_staff(engine):
    (hello,) = engine.on_group_joined(engine.group_key(GROUP), GROUP).messages
    assert f"@{BOT}" in hello.text and "/aide" in hello.text and "message privé" in hello.text
    assert engine.on_group_joined(engine.group_key(STAFF), STAFF).messages == []


# ---------------------------------------------------------------------------------------------- end to end


async def press_in(api: FakeBotAPI, message, user, *, label: str | None = None, data: str | None = None) -> dict:
    """A member presses a button of a group message; wait for the answer to the press."""
    qid = api.press(message, label=label, data=data, user=user)
    await api.wait_for(lambda: api.callback_queries[qid]["answered"], what="answerCallbackQuery")
    await api.wait_idle(quiet=0.1)
    return api.callback_queries[qid]


def test_in_a_group_the_bot_answers_only_what_is_addressed_to_it(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            group = api.group("Famille Martin")
            omar, paul = api.user("Omar"), api.user("Paul")
            sent = lambda: len(api.sent(group["id"]))  # noqa: E731
            # not addressed: chatter, another user's mention, stickers, photos, a position, a member
            # joining, a bare unknown command, a command for another bot, a card shared through inline mode
            api.send_text(omar, "quelqu'un sait pour les encombrants ?", chat=group)
            api.send_mentioning(omar, "@guichet_test_bot_fan tu viens dimanche ?", chat=group)
            api.send_sticker(omar, chat=group)
            api.send_photo(paul, caption="encombrants", chat=group)
            api.send_location(paul, chat=group)
            api.add_member(omar, group, api.user("Zoé"))
            api.send_command(paul, "inconnue", chat=group)
            api.send_text(paul, "/aide@AutreBot", chat=group)
            api.send_via_bot(omar, f"📄 Carte d'identité — via @{BOT}", chat=group)  # a shared card: not a question
            await api.wait_idle(quiet=0.4)
            assert sent() == 0 and not api.calls_to("sendMessage")
            # addressed: /aide@ThisBot, a mention in any case, a text mention, a reply, /inconnue@ThisBot
            api.send_command(paul, "aide", chat=group, addressed=True)
            await api.wait_replies(1, group["id"])
            assert "Comment m'utiliser" in api.last_sent(group["id"]).text
            api.send_mentioning(omar, "@GUICHET_Test_Bot quand passe le ramassage des encombrants ?", chat=group)
            await api.wait_replies(2, group["id"])
            mention_reply = api.last_sent(group["id"])
            assert "Collecte des encombrants" in mention_reply.text
            api.send_text_mention(paul, "", "Guichet", " où jeter mes gravats ?", chat=group)
            await api.wait_replies(3, group["id"])
            assert "Déchetterie" in api.last_sent(group["id"]).text
            api.send_text(omar, "Et le ramassage des encombrants ?", chat=group, reply_to=mention_reply)
            await api.wait_replies(4, group["id"])
            assert "Collecte des encombrants" in api.last_sent(group["id"]).text
            api.send_text(paul, f"/inconnue@{BOT}", chat=group)
            await api.wait_replies(5, group["id"])
            assert "Comment m'utiliser" in api.last_sent(group["id"]).text
            await api.wait_idle()
            assert sent() == 5
            assert not api.sent(omar.id) and not api.sent(paul.id)  # nothing went to private chats
            assert all("keyboard" not in (c.params.get("reply_markup") or "") for c in api.calls_to("sendMessage"))

    run(scenario())


def test_added_to_a_group_the_bot_says_once_how_to_address_it(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            group = api.group("Voisins de la rue des Lilas")
            ana = api.user("Ana")
            api.add_member(ana, group)  # the bot itself
            await api.wait_replies(1, group["id"])
            api.add_member(ana, group, api.user("Tom"))  # someone else: the bot keeps quiet
            await api.wait_idle(quiet=0.3)
            (hello,) = api.sent(group["id"])
            assert "@guichet_test_bot" in hello.text and "message privé" in hello.text

    run(scenario())


def test_a_members_requests_never_show_in_the_group_only_the_way_to_the_private_chat(tmp_path):
    async def scenario():
        async with FakeBotAPI() as api:
            staff, group = api.group("Équipe mairie"), api.group("Famille Martin")
            camille, paul = api.user("Camille"), api.user("Paul")
            async with bot_on(api, tmp_path, DEMO, staff_chat=staff["id"]) as engine:
                (confirm,) = await ask(api, camille, f"/contact {TEXT}")
                qid = api.press(confirm, label="✅ Envoyer")
                await api.wait_for(lambda: api.callback_queries[qid]["answered"], what="sent")
                await api.wait_for(lambda: "D-0001" in api.last_sent(camille.id).text, what="the acknowledgement")
                for command, args in (("mes_demandes", ""), ("suivis", ""), ("oubli", ""), ("annuler", ""),
                                      ("contact", "ma voisine fait du bruit"), ("signaler", "")):
                    before = len(api.sent(group["id"]))
                    api.send_command(camille, command, args, chat=group, addressed=True)
                    await api.wait_replies(before + 1, group["id"])
                    invite = api.last_sent(group["id"])
                    assert "c'est personnel" in invite.text and "D-0001" not in invite.text and "lampadaire" not in invite.text
                    (button,) = invite.buttons
                    typed = command in ("oubli", "annuler")  # a link does not erase: the person types it there
                    assert button["url"] == LINK + ("" if typed else f"?start=_{command}"), button
                    assert (f"/{command}" in invite.text) == typed
                api.send_command(paul, "mes_demandes", chat=group)  # bare, by another member: the same
                await api.wait_replies(7, group["id"])
                await api.wait_idle()
                assert all("D-0001" not in m.text for m in api.sent(group["id"]))
                assert engine.dialogue.store.of_user(engine.user_key(camille.id))  # /oubli in the group erased nothing
                assert engine.dialogue.store.draft(engine.user_key(camille.id)) is None  # no dialogue started there
                assert engine.dialogue.store.count_since(engine.user_key(camille.id), "2000-01-01") == 1
                assert len(api.sent(camille.id)) == 2  # nothing more in private either: the person comes when ready
                # Camille taps "💬 Continuer en privé": Telegram sends /start _mes_demandes in her private chat
                (listing,) = await ask(api, camille, "/start _mes_demandes")
                assert "D-0001" in listing.text and "lampadaire" in listing.text.lower()

    run(scenario())


def test_an_unknown_question_in_a_group_offers_the_town_hall_in_private_only(tmp_path):
    async def scenario():
        async with FakeBotAPI() as api:
            group, omar, paul = api.group("Quartier"), api.user("Omar"), api.user("Paul")
            async with bot_on(api, tmp_path, DEMO) as engine:
                api.send_mentioning(omar, f"@{BOT} {UNKNOWN} ?", chat=group)
                await api.wait_replies(1, group["id"])
                fallback = api.last_sent(group["id"])
                assert [b for b in fallback.callback_buttons if b["callback_data"].startswith("a:")] == []
                (town,) = [b for b in fallback.url_buttons if b["text"].startswith("✉️")]
                assert town["url"].startswith(f"{LINK}?start=_question-")
                # an old (or forged) "ask the town hall" button pressed there: the invitation, no draft
                qid = api.forge_press(fallback, A.encode(A.AskTown(1)), paul)
                await api.wait_for(lambda: api.callback_queries[qid]["answered"], what="the press")
                await api.wait_replies(2, group["id"])
                assert "message privé" in api.last_sent(group["id"]).text
                assert engine.dialogue.store.draft(engine.user_key(paul.id)) is None
                assert engine.dialogue.store.draft(engine.user_key(omar.id)) is None
                payload = town["url"].partition("?start=")[2]
                welcome = await ask(api, paul, f"/start {payload}", replies=2)  # someone else's question: the welcome
                assert len(welcome) == 2 and all(UNKNOWN not in m.text for m in welcome)
                (confirm,) = await ask(api, omar, f"/start {payload}")  # the asker: ready to send, in private
                assert "Vérifiez" in confirm.text and UNKNOWN in confirm.text
                # Paul presses 👍 on Omar's answer: a toast for Paul, nothing in the group
                api.send_mentioning(omar, f"@{BOT} carte d'identité", chat=group)
                await api.wait_replies(3, group["id"])
                answer = api.last_sent(group["id"])
                thumbs = next(b["text"] for b in answer.callback_buttons if b["callback_data"].startswith("f:1"))
                query = await press_in(api, answer, paul, label=thumbs)
                assert query["answer"] == WG.FEEDBACK_NOT_YOURS
                await api.wait_idle()
                assert len(api.sent(group["id"])) == 3 and len(api.sent(paul.id)) == 2  # his welcome, nothing more

    run(scenario())


def test_the_group_budget_applies_although_each_member_is_within_their_own(tmp_path):
    clock = [1000.0]

    async def scenario():
        async with running_bot(tmp_path, flood_per_group=4, flood_per_minute=20) as (api, engine):
            engine.group_flood.clock = lambda: clock[0]
            engine.flood.clock = lambda: clock[0]
            group, other = api.group("Association des parents"), api.group("Club de foot")
            members = [api.user(f"Membre {i}") for i in range(7)]
            for member in members:  # seven members, one question each: everyone within their own 20
                api.send_mentioning(member, f"@{BOT} encombrants", chat=group)
            await api.wait_replies(5, group["id"])
            await api.wait_idle(quiet=0.3)
            texts = [m.text for m in api.sent(group["id"])]
            assert len(texts) == 5, texts  # four answers, one notice, then silence
            assert all("Collecte des encombrants" in t for t in texts[:4])
            assert texts[4].startswith("⏸️") and "ce groupe" in texts[4]
            assert engine.storage.db["questions"].count == 4  # the silenced ones are not even recorded
            api.send_mentioning(members[0], f"@{BOT} encombrants", chat=other)  # another group: its own budget
            await api.wait_replies(1, other["id"])
            (alone,) = await ask(api, members[6], "encombrants")  # and in private, the person's own
            assert "Collecte des encombrants" in alone.text
            clock[0] += 15  # 4 a minute: one more every 15 seconds
            api.send_mentioning(members[5], f"@{BOT} encombrants", chat=group)
            await api.wait_replies(6, group["id"])
            assert "Collecte des encombrants" in api.last_sent(group["id"]).text

    run(scenario())
