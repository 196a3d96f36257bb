"""`guichet demandes` and `guichet repondre`: the dialogue with the town from a terminal.

Requests are made through the engine as a citizen makes them on Telegram; then `main([...])` runs
as a clerk types it. What must hold: the list is the open requests, oldest first, in the town's
time; the Open311 export has the GeoReport v2 fields and never a key or a Telegram id; an answer
is one message queued for the citizen and one edit of the staff post; every mistake is one
French sentence and exit code 1; the running bot delivers what `repondre` queued.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import sqlite3
import stat

import pytest

from bot.cli import main
from bot.config import Settings
from bot.dialogue.export import OPEN311_FIELDS
from bot.engine import Engine
from conftest import DEMO_TOWN
from tests.harness import DEMO, ask, running_bot
from tests.harness import press as press_button

STAFF_CHAT = -1001234567890
SECRET = "0123456789abcdef0123456789abcdef"
CHAT = 987654321                  # the citizen's Telegram chat id: must never leave the `chats` table
PHOTO = "AgACAgQAAxkBAAIBfakefileid"  # a Telegram file id: never exported
LAMP = "Lampadaire éteint devant l'école, rue des Lilas"
QUESTION = "Bonjour, <b>quand</b> passe la balayeuse rue Pasteur ?"
TO_MAYOR = "Je voudrais un rendez-vous au sujet du stade."


@pytest.fixture
def town(tmp_path, monkeypatch):
    """The demo town's settings in the environment, as a clerk's `.env` gives them to `guichet`."""
    for name, value in {"GUICHET_DATA_DIR": str(tmp_path), "GUICHET_KNOWLEDGE": str(DEMO_TOWN),
                        "GUICHET_SECRET": SECRET, "GUICHET_STAFF_CHAT": str(STAFF_CHAT),
                        "GUICHET_TIMEZONE": "Europe/Paris"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GUICHET_DB", raising=False)
    engine = Engine.from_settings(Settings.from_env(), flavour="html")
    yield engine
    engine.close()


def press(engine: Engine, user: str, reply, label: str):
    button = next(b for m in reply.messages for row in m.buttons for b in row if b.label.startswith(label))
    return engine.on_button(user, button.data, chat=CHAT)


def report_with_photo_and_position(engine: Engine, user: str) -> None:
    press(engine, user, engine.on_report(user, chat=CHAT), "💡")
    engine.on_photo(user, PHOTO, chat=CHAT)
    engine.on_location(user, 48.8566, 2.3522, chat=CHAT)
    press(engine, user, engine.on_text(user, LAMP, chat=CHAT), "✅")


def contact(engine: Engine, user: str, text: str, official_label: str = "🏛️") -> str:
    press(engine, user, engine.on_contact(user, chat=CHAT), official_label)
    sent = press(engine, user, engine.on_text(user, text, chat=CHAT), "✅")
    return sent.messages[0].text


@pytest.fixture
def requests(town):
    """D-0001 a report (photo, position), D-0002 a message to the town hall, D-0003 to the mayor, closed."""
    lea, tom = town.user_key(1), town.user_key(2)
    report_with_photo_and_position(town, lea)
    contact(town, lea, QUESTION)
    contact(town, tom, TO_MAYOR, "👤 Le maire")
    dialogue = town.dialogue
    dialogue.set_status(dialogue.request("D-0003"), "close", "rendez-vous pris par téléphone")
    return town


def outbox(engine: Engine) -> list[tuple]:
    with engine.storage.lock:
        return engine.storage.db.conn.execute(
            "select id, target, method, text, message_id from outbox order by id").fetchall()


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- guichet demandes


def test_the_list_is_the_open_requests_oldest_first_in_the_towns_time(requests, capsys):
    code, out, _ = run_cli(capsys, "demandes")
    assert code == 0
    assert out.startswith("2 demandes ouvertes")
    assert out.index("D-0001") < out.index("D-0002") and "D-0003" not in out
    assert "Éclairage public en panne" in out and "position : 48.85660, 2.35220" in out and "photo jointe" in out
    assert "pour : la mairie de Bourg-Exemple" in out and LAMP in out
    at = dt.datetime.fromisoformat(requests.dialogue.request("D-0001").at).astimezone(requests.dialogue.zone)
    assert at.strftime("%d/%m/%Y %H:%M") in out
    assert 'guichet repondre D-0001 "votre réponse"' in out

    code, out, _ = run_cli(capsys, "demandes", "--statut", "close")
    assert code == 0 and "D-0003" in out and "D-0001" not in out and "motif : rendez-vous pris" in out
    assert "pour : le maire (Hélène Marchand)" in out
    code, out, _ = run_cli(capsys, "demandes", "--statut", "Résolue")  # accents and capitals welcome
    assert (code, out) == (0, "Aucune demande au statut « résolue ».\n")


def test_open311_export_has_the_georeport_v2_fields(requests, capsys):
    code, out, _ = run_cli(capsys, "demandes", "--export", "open311")
    assert code == 0
    rows = {r["service_request_id"]: r for r in json.loads(out)}
    assert list(rows) == ["D-0001", "D-0002", "D-0003"]  # an export holds every request by default
    assert all(tuple(r) == OPEN311_FIELDS for r in rows.values())
    report, message, closed = rows["D-0001"], rows["D-0002"], rows["D-0003"]
    assert (report["status"], report["status_notes"]) == ("open", "reçue")
    assert (report["service_code"], report["service_name"]) == ("eclairage", "Éclairage public en panne")
    assert (report["lat"], report["long"]) == (48.8566, 2.3522) and report["description"] == LAMP
    assert report["media_url"] is None and report["address"] is None  # photos are Telegram file ids, not URLs
    assert (message["service_code"], message["service_name"]) == ("contact", "Message à la mairie de Bourg-Exemple")
    assert message["description"] == QUESTION and message["lat"] is None and message["long"] is None
    assert (closed["status"], closed["status_notes"]) == ("closed", "rendez-vous pris par téléphone")
    assert closed["service_name"] == "Message au maire (Hélène Marchand)"
    assert closed["agency_responsible"] == "Le maire (Hélène Marchand)"
    for r in rows.values():
        requested = dt.datetime.fromisoformat(r["requested_datetime"])
        assert requested.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))  # Paris, with its offset
        assert dt.datetime.fromisoformat(r["updated_datetime"]) >= requested
    code, out, _ = run_cli(capsys, "demandes", "--export", "open311", "--statut", "ouvertes")
    assert [r["service_request_id"] for r in json.loads(out)] == ["D-0001", "D-0002"]


def test_no_key_or_telegram_id_leaves_in_any_output(requests, capsys, tmp_path):
    keys = [requests.user_key(1), requests.user_key(2)]
    requests.dialogue.store.record_post(1, 4242)
    outputs = [run_cli(capsys, "demandes", *extra)[1]
               for extra in ([], ["--statut", "toutes"], ["--export", "open311"], ["--export", "csv"])]
    for text in outputs:
        assert LAMP in text
        for secret in (*keys, str(CHAT), str(STAFF_CHAT), PHOTO, "4242", SECRET):
            assert secret not in text


def test_csv_opens_in_excel_utf8_bom_semicolons_private_file(requests, capsys, tmp_path):
    target = tmp_path / "demandes.csv"
    code, out, _ = run_cli(capsys, "demandes", "--export", "csv", "--out", str(target))
    assert code == 0 and out == f"3 demandes écrites dans {target}.\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8, accents intact
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == OPEN311_FIELDS and len(rows) == 4
    first = dict(zip(rows[0], rows[1]))
    assert first["service_request_id"] == "D-0001" and first["description"] == LAMP
    assert first["lat"] == "48.8566" and first["media_url"] == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds what citizens wrote


def test_without_a_database_nothing_is_listed_and_nothing_created(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path / "absent"))
    monkeypatch.delenv("GUICHET_DB", raising=False)
    assert run_cli(capsys, "demandes", "--knowledge", str(DEMO_TOWN)) == (0, "Aucune demande ouverte.\n", "")
    code, out, _ = run_cli(capsys, "demandes", "--export", "open311", "--knowledge", str(DEMO_TOWN))
    assert (code, json.loads(out)) == (0, [])
    code, _, err = run_cli(capsys, "repondre", "D-0001", "Bonjour", "--knowledge", str(DEMO_TOWN))
    assert code == 1 and "n'existe pas" in err
    assert not (tmp_path / "absent").exists()


# --------------------------------------------------------------------------- guichet repondre


def test_an_answer_is_one_message_for_the_citizen_and_one_edit_of_the_staff_post(requests, capsys):
    requests.dialogue.store.record_post(2, 777)  # the bot sent D-0002's post: Telegram's message 777
    before = {row[0] for row in outbox(requests)}
    code, out, err = run_cli(capsys, "repondre", "d-2", "La balayeuse passe le mardi <matin>.")
    assert (code, err) == (0, "")
    assert "Réponse à D-0002 enregistrée" in out and "Statut : prise en charge." in out
    added = [row for row in outbox(requests) if row[0] not in before]
    to_citizen = [r for r in added if r[1] == f"user:{requests.user_key(1)}"]
    edits = [r for r in added if r[2] == "edit"]
    assert len(added) == 2 and len(to_citizen) == 1 and len(edits) == 1
    assert "La balayeuse passe le mardi &lt;matin&gt;." in to_citizen[0][3]  # Telegram HTML, as the bot sends
    assert "Bourg-Exemple" in to_citizen[0][3]
    assert edits[0][1] == f"chat:{STAFF_CHAT}" and edits[0][4] == 777 and "prise en charge" in edits[0][3]
    assert requests.dialogue.request("D-0002").status == "prise"
    assert requests.dialogue.store.last_answer(2) == "La balayeuse passe le mardi <matin>."


def test_no_edit_is_queued_while_the_post_is_not_known(requests, capsys):
    before = {row[0] for row in outbox(requests)}
    assert run_cli(capsys, "repondre", "D-0001", "Merci, c'est noté.")[0] == 0
    added = [row for row in outbox(requests) if row[0] not in before]
    assert [(r[1], r[2]) for r in added] == [(f"user:{requests.user_key(1)}", "send")]


def test_statut_closes_with_a_reason_and_the_citizen_is_told(requests, capsys):
    requests.dialogue.store.record_post(1, 778)
    before = {row[0] for row in outbox(requests)}
    code, out, _ = run_cli(capsys, "repondre", "D-0001", "C'est réparé.", "--statut", "résolue",
                           "--motif", "lampe changée")
    assert code == 0 and "Statut : résolue (motif : lampe changée)." in out
    request = requests.dialogue.request("D-0001")
    assert (request.status, request.reason) == ("resolue", "lampe changée")
    added = [row for row in outbox(requests) if row[0] not in before]
    citizen = [r[3] for r in added if r[1].startswith("user:")]
    assert len(citizen) == 2 and "C'est réparé." in citizen[0] and "résolue" in citizen[1] and "lampe changée" in citizen[1]
    last_edit = [r for r in added if r[2] == "edit"][-1]
    assert "résolue" in last_edit[3] and "C'est réparé." in last_edit[3]  # the post still shows the answer


@pytest.mark.parametrize("args, says", [
    (["D-0042", "Bonjour"], "La demande D-0042 n'existe pas"),
    (["D-00A2", "Bonjour"], "« D-00A2 » n'est pas un numéro de demande"),
    (["D-0001", "   "], "La réponse est vide"),
    (["D-0001", "x" * 3001], "La réponse dépasse 3000 caractères"),
    (["D-0001", "Bonjour", "--motif", "doublon"], "--motif accompagne --statut"),
    (["D-0003", "Encore une précision."], "La demande D-0003 est déjà close (motif : rendez-vous pris par "
                                          "téléphone) : rien n'a été envoyé. Pour répondre quand même"),
])
def test_mistakes_are_one_french_sentence_exit_1_and_nothing_sent(requests, capsys, args, says):
    before = outbox(requests)
    code, out, err = run_cli(capsys, "repondre", *args)
    assert (code, out) == (1, "") and err.startswith(says) and "Traceback" not in err
    assert outbox(requests) == before


def test_a_closed_request_is_answered_when_the_clerk_says_which_status_it_keeps(requests, capsys):
    code, out, _ = run_cli(capsys, "repondre", "D-0003", "Le rendez-vous est confirmé.", "--statut", "close")
    assert code == 0 and "Statut : close (motif : rendez-vous pris par téléphone)." in out
    assert requests.dialogue.store.last_answer(3) == "Le rendez-vous est confirmé."


def test_an_unknown_statut_is_refused_by_the_parser_in_french(requests, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["repondre", "D-0001", "Bonjour", "--statut", "ouverte"])
    assert stop.value.code == 2
    assert "--statut : 'ouverte' inconnu (possibles : 'resolue', 'close')" in capsys.readouterr().err


def test_the_citizen_is_told_whom_the_request_went_to_in_french(town):
    sent = contact(town, town.user_key(3), TO_MAYOR, "👤 Le maire")
    assert "est transmise au maire (Hélène Marchand)." in sent
    sent = contact(town, town.user_key(3), QUESTION)
    assert "est transmise à la mairie de Bourg-Exemple." in sent


# --------------------------------------------------------------------------- with the running bot


def test_the_running_bot_delivers_what_repondre_queued(tmp_path, monkeypatch, capsys):
    async def scenario():
        async with running_bot(tmp_path, DEMO, staff_chat=STAFF_CHAT) as (api, engine):
            api.group("Équipe mairie", id=STAFF_CHAT)
            camille = api.user("Camille")
            (confirm,) = await ask(api, camille, "/contact " + QUESTION)
            await press_button(api, confirm, label="✅ Envoyer")
            await api.wait_for(lambda: any("D-0001" in m.text for m in api.sent(STAFF_CHAT)), what="the staff post")
            await api.wait_for(lambda: engine.dialogue.request("D-0001").staff_message != 0, what="the post's id")
            for name, value in {"GUICHET_DATA_DIR": str(tmp_path), "GUICHET_KNOWLEDGE": str(DEMO),
                                "GUICHET_SECRET": "secret-for-tests", "GUICHET_STAFF_CHAT": str(STAFF_CHAT)}.items():
                monkeypatch.setenv(name, value)
            monkeypatch.delenv("GUICHET_DB", raising=False)
            before = len(api.sent(camille.id))
            code = await asyncio.to_thread(main, ["repondre", "D-0001", "Le mardi matin.", "--statut", "resolue"])
            assert code == 0
            await api.wait_for(lambda: len(api.sent(camille.id)) >= before + 2, timeout=10, what="answer and status")
            answer, status = api.sent(camille.id)[before:before + 2]
            assert "Le mardi matin." in answer.text and "Bourg-Exemple" in answer.text
            assert "résolue" in status.text
            post = next(m for m in api.sent(STAFF_CHAT) if "D-0001" in m.text)
            await api.wait_for(lambda: "résolue" in api.messages[(post.chat_id, post.message_id)].text, timeout=10,
                               what="the staff post shows the new status")

    asyncio.run(scenario())
    db = sqlite3.connect(tmp_path / "guichet.db")
    assert db.execute("select count(*) from outbox").fetchone()[0] == 0
    db.close()


@pytest.mark.parametrize("staff_chat, setting", [(0, "GUICHET_STAFF_CHAT={id}"), (STAFF_CHAT, "telegram_chat: {id}")])
def test_demandes_in_another_group_gives_the_line_that_sets_it_up(tmp_path, staff_chat, setting):
    """No other tool needed to find a group's id: before the staff group is set, the line for .env;
    after, the line for an official's chat. Addressed to the bot, as privacy mode requires."""
    async def scenario():
        async with running_bot(tmp_path, DEMO, staff_chat=staff_chat) as (api, engine):
            group = api.group("Équipe mairie")
            api.send_command(api.user("Agent"), "demandes", chat=group, addressed=True)
            await api.wait_for(lambda: bool(api.sent(group["id"])), what="the setup answer")
            text = api.sent(group["id"])[-1].text
            assert setting.format(id=group["id"]) in text
            assert (".env" in text) == (not staff_chat) and ("dialogue.yaml" in text) == bool(staff_chat)

    asyncio.run(scenario())
