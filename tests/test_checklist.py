"""The document list ("📝 Ma liste"): its items and their hashes, the codec, the date of the appointment,
ticks kept per person (and erased), the reminder written at send time, and the console."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest

from bot import actions as A
from bot import wording_checklist as WC
from bot.checklist.items import MAX_ITEMS, doc_hash, documents_of
from bot.checklist.reminder import Appointment, plan, read_appointment
from bot.cli_chat import chat_loop
from bot.config import Settings
from bot.engine import Engine
from bot.engine_checklist import ASK_MINUTES
from bot.kb import Entry, Section, Variant
from bot.kb.model import MAX_ID_LEN
from bot.render.checklist import render_checklist, short
from bot.render.entry import render_entry
from bot.render.format import MAX_BUTTONS, TEXT_LIMIT, Fmt, utf16_len
from tests.harness import MINI

PARIS = ZoneInfo("Europe/Paris")
MONDAY = dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)  # a Monday morning


def _buttons(reply):
    return [b for m in reply.messages for row in m.buttons for b in row]


def _button(reply, starts: str):
    return next(b for b in _buttons(reply) if b.label.startswith(starts))


@pytest.fixture
def engine(tmp_path):
    e = Engine.from_settings(Settings(knowledge_dirs=(MINI,), data_dir=tmp_path / "data", secret="s"))
    e.clock = lambda: MONDAY
    yield e
    e.close()


def _open_list(engine, user="u", chat=5):
    answer = engine.on_text(user, "carte d'identité", chat=chat)
    return engine.on_button(user, _button(answer, WC.LIST_BUTTON).data, chat=chat)


def _at(engine, moment: dt.datetime) -> None:
    engine.clock = lambda: moment


# ------------------------------------------------------------------ the codec


def test_callback_data_fits_for_the_longest_ids_and_reads_back():
    action = A.ChecklistAct("t", "x" * MAX_ID_LEN, 29, "f" * 8)
    data = A.encode(action)
    assert data is not None and len(data.encode()) == 64
    assert A.decode(data) == action
    for op in A.CHECKLIST_OPS:
        assert A.decode(A.encode(A.ChecklistAct(op, "carte-identite"))) == A.ChecklistAct(op, "carte-identite")


@pytest.mark.parametrize("forged", ["d:z:carte-identite::", "d:t:carte identite::ab", "d:t:carte-identite:x:ab",
                                    "d:t:carte-identite::<b>", "d:o:carte-identite", "d:t:" + "x" * 70 + "::ab"])
def test_forged_list_data_is_expired(forged):
    assert A.decode(forged) == A.Expired()


def test_every_national_list_button_fits(national_dir):
    from bot.kb import load_knowledge

    knowledge, _ = load_knowledge([national_dir])
    with_docs = 0
    for entry in knowledge.entries.values():
        for variant in [None, *range(len(entry.variants))]:
            docs = documents_of(entry, variant)
            with_docs += bool(docs)
            for d in docs.items:
                assert A.encode(A.ChecklistAct("t", entry.id, variant, d.hash)) is not None
    assert with_docs >= 100  # the "Pièces à fournir" of the national fiches become lists
    f1342 = knowledge.entries["F1342"]
    docs = documents_of(f1342, 0)
    assert docs.conditional and any("Justificatif de domicile" in d.text for d in docs.items)
    assert len({d.hash for d in docs.items}) == len(docs.items)  # each paper once, whatever the cases
    page = render_entry(f1342, knowledge, "html", variant=0, my_list=True)
    assert WC.LIST_BUTTON in [b.label for row in page.buttons for b in row]
    assert WC.LIST_BUTTON not in [b.label for row in render_entry(f1342, knowledge, "html", my_list=True).buttons
                                  for b in row]  # the situation is chosen first: its papers are the list
    listed = render_checklist(f1342, 0, docs, set(), Fmt("html"), MONDAY.date())
    assert WC.CONDITIONAL in listed.text and utf16_len(listed.text) <= TEXT_LIMIT


# ------------------------------------------------------------------ the items


def test_documents_of_town_and_imported_entries():
    entry = Entry(id="x", title="X", category="c", documents=["Une photo", "Un  justificatif"], variants=[
        Variant("Mineur", documents=["Livret de famille", "une PHOTO"],
                sections=[Section("Pièces à fournir", "Il faut les originaux.\n▸ Si perte\n  • Déclaration de perte\n"
                                                      "• Livret de famille")])])
    assert [d.text for d in documents_of(entry).items] == ["Une photo", "Un justificatif"]
    docs = documents_of(entry, 0)
    assert [d.text for d in docs.items] == ["Une photo", "Un justificatif", "Livret de famille", "Déclaration de perte"]
    assert docs.conditional and not documents_of(entry).conditional
    assert doc_hash("Une  photo ") == doc_hash("une photo") != doc_hash("Une photo récente")
    many = dataclasses.replace(entry, documents=[f"Pièce {i}" for i in range(200)])
    assert len(documents_of(many).items) == MAX_ITEMS
    assert not documents_of(Entry(id="y", title="Y", category="c", sections=[Section("Coût", "• 25 €")]))
    assert not documents_of(Entry(id="z", title="Z", category="c", documents=["Aucun (une photo aide)"]))


def test_a_long_list_fits_one_message_with_short_labels():
    entry = Entry(id="x", title="X", category="c", documents=[f"Document numéro {i} " + "très long " * 60
                                                              for i in range(MAX_ITEMS)])
    message = render_checklist(entry, None, documents_of(entry), set(), Fmt("html"), MONDAY.date())
    assert utf16_len(message.text) <= TEXT_LIMIT
    buttons = [b for row in message.buttons for b in row]
    assert len(buttons) <= MAX_BUTTONS and all(len(b.label) <= 48 for b in buttons)
    assert short("Une photo d'identité de moins de 6 mois, conforme aux normes") == "Une photo d'identité de moins de 6…"


# ------------------------------------------------------------------ the appointment's date


@pytest.mark.parametrize("text, day, at", [
    ("mardi 14h", dt.date(2026, 12, 8), dt.time(14, 0)),
    ("le 12/01 à 9h30", dt.date(2027, 1, 12), dt.time(9, 30)),
    ("demain", dt.date(2026, 12, 8), None),
    ("jeudi 9 h 15", dt.date(2026, 12, 10), dt.time(9, 15)),
    ("16:45", dt.date(2026, 12, 7), dt.time(16, 45)),
    ("vendredi 18 décembre", dt.date(2026, 12, 18), None),
    ("lundi 9h", dt.date(2026, 12, 14), dt.time(9, 0)),  # said on a Monday at 10h: next Monday
    ("lundi 11h", dt.date(2026, 12, 7), dt.time(11, 0)),
    ("demain matin", dt.date(2026, 12, 8), None),  # no hour said, none announced
])
def test_appointment_dates_in_free_text(text, day, at):
    assert read_appointment(text, MONDAY) == Appointment(day, at)


def test_when_the_reminder_is_sent():
    assert plan("mardi 14h", MONDAY, 365).remind == dt.datetime(2026, 12, 7, 18, 0, tzinfo=PARIS)  # the evening before
    evening = MONDAY.replace(hour=19)
    assert plan("demain 9h", evening, 365).remind == dt.datetime(2026, 12, 8, 7, 0, tzinfo=PARIS)  # two hours before
    assert plan("demain", evening, 365).refusal == "need_time"
    assert plan("aujourd'hui 11h", MONDAY, 365).refusal == "too_close"
    assert plan("aujourd'hui 9h", MONDAY, 365).refusal == "past"
    assert plan("le 1/12/2026", MONDAY, 365).refusal == "past"
    assert plan("la semaine prochaine", MONDAY, 365).refusal == "not_one_day"
    assert plan("bonjour", MONDAY, 365).refusal == "no_date"
    assert plan("le 12/01/2028", MONDAY, 365).refusal == "too_far"


# ------------------------------------------------------------------ the list


def test_the_list_button_in_a_private_chat_only(engine):
    assert WC.LIST_BUTTON in [b.label for b in _buttons(engine.on_text("u", "carte d'identité", chat=5))]
    assert WC.LIST_BUTTON not in [b.label for b in _buttons(engine.on_text("u", "carte d'identité"))]  # a group
    _, reply, _ = engine.answer("carte d'identité")  # `guichet ask`: no storage, no list
    assert WC.LIST_BUTTON not in [b.label for b in _buttons(reply)]
    data = A.encode(A.ChecklistAct("o", "carte-identite"))
    assert engine.on_button("u", data, chat=-100123) == type(engine.on_button("u", data))([], toast=WC.PRIVATE_ONLY)
    assert WC.LIST_BUTTON not in [b.label for b in _buttons(engine.on_text("u", "acte de naissance", chat=5))]


def test_ticks_toggle_edit_in_place_and_are_per_person(engine):
    listed = _open_list(engine)
    assert not listed.edit and "0 sur 2" in listed.messages[0].text
    first = _buttons(listed)[0]
    assert first.label.startswith("☐ 1.")
    ticked = engine.on_button("u", first.data, chat=5)
    assert ticked.edit and ticked.toast == WC.TICKED and _buttons(ticked)[0].label.startswith("✅ 1.")
    assert "✅ 1. Une photo" in ticked.messages[0].text
    assert _buttons(_open_list(engine, "v", 6))[0].label.startswith("☐")  # someone else's list is their own
    again = engine.on_button("u", first.data, chat=5)
    assert again.toast == WC.UNTICKED and _buttons(again)[0].label.startswith("☐")


def test_a_list_drawn_before_a_staff_edit(engine):
    listed = _open_list(engine)
    photo, proof = _buttons(listed)[:2]
    engine.on_button("u", photo.data, chat=5)
    engine.on_button("u", proof.data, chat=5)
    entry = engine.knowledge.entries["carte-identite"]
    edited = dataclasses.replace(entry, documents=["Une photo d'identité de moins de 6 mois", "Un justificatif de domicile récent"])
    engine.knowledge.entries["carte-identite"] = edited  # the clerk reworded the second document
    reply = engine.on_button("u", proof.data, chat=5)  # a press on the old message
    assert reply.edit and reply.toast == WC.CHANGED
    labels = [b.label for b in _buttons(reply)]
    assert labels[0].startswith("✅ 1.") and labels[1].startswith("☐ 2. Un justificatif de domicile")
    assert engine.checklists.ticked("u", "carte-identite") == {doc_hash("Une photo d'identité de moins de 6 mois")}
    del engine.knowledge.entries["carte-identite"]
    assert engine.on_button("u", photo.data, chat=5).toast == engine._expired().toast


def test_erase_forget_and_purge(engine):
    listed = _open_list(engine)
    engine.on_button("u", _buttons(listed)[0].data, chat=5)
    erased = engine.on_button("u", _button(listed, WC.ERASE_BUTTON).data, chat=5)
    assert erased.edit and "effacée" in erased.messages[0].text and engine.checklists.ticked("u", "carte-identite") == set()
    engine.on_button("u", _buttons(listed)[0].data, chat=5)
    engine.on_button("u", _button(listed, WC.REMIND_BUTTON).data, chat=5)
    engine.on_text("u", "mardi 14h", chat=5)
    assert "(4 enregistrement(s))" in engine.on_forget("u").messages[0].text  # question, tick, reminder, chat
    assert engine.checklists.ticked("u", "carte-identite") == set() and engine.checklists.reminder("u", "carte-identite") is None
    engine.on_button("u", _buttons(listed)[0].data, chat=5)
    _at(engine, MONDAY + dt.timedelta(days=engine.settings.retention_days + 1))
    assert engine.purge() >= 1 and engine.checklists.ticked("u", "carte-identite") == set()


# ------------------------------------------------------------------ the reminder


def test_reminder_lists_what_is_unticked_when_it_is_sent_and_only_once(engine):
    listed = _open_list(engine)
    asked = engine.on_button("u", _button(listed, WC.REMIND_BUTTON).data, chat=5)
    assert "Quand est votre rendez-vous" in asked.messages[0].text
    confirmed = engine.on_text("u", "mardi 14h", chat=5)
    text = confirmed.messages[0].text
    assert "demain (mardi 8 décembre) à 14h" in text and "aujourd'hui (lundi 7 décembre) à 18h" in text
    assert [b.label for b in _buttons(confirmed)] == [WC.CANCEL_REMINDER_BUTTON, WC.LIST_BUTTON]
    assert "carte" in engine.on_text("u", "carte d'identité", chat=5).messages[-1].text.lower()  # a question again
    engine.on_button("u", _buttons(listed)[0].data, chat=5)  # the photo is ready, after the date was given
    assert engine.send_due_reminders() == 0  # not yet
    _at(engine, MONDAY.replace(hour=18, minute=1))
    assert engine.send_due_reminders() == 1 and engine.send_due_reminders() == 0
    (sent,) = engine.outbox.due(10)
    assert sent.user == "u" and "demain (mardi 8 décembre) à 14h" in sent.text
    assert "justificatif de domicile" in sent.text and "photo" not in sent.text
    assert engine.dialogue.store.chat_of("u") == 5


def test_the_date_question_hint_cancel_and_expiry(engine):
    listed = _open_list(engine)
    remind = _button(listed, WC.REMIND_BUTTON).data
    engine.on_button("u", remind, chat=5)
    hint = engine.on_text("u", "je sais pas", chat=5)
    assert hint.messages[0].text == WC.NO_DATE and [b.label for b in _buttons(hint)] == [WC.CANCEL_BUTTON]
    cancelled = engine.on_button("u", _buttons(hint)[0].data, chat=5)
    assert cancelled.edit and cancelled.messages[0].text == WC.NO_REMINDER
    assert WC.LIST_BUTTON in [b.label for b in _buttons(engine.on_text("u", "carte d'identité", chat=5))]
    engine.on_button("u", remind, chat=5)
    _at(engine, MONDAY + dt.timedelta(minutes=ASK_MINUTES + 1))
    assert WC.LIST_BUTTON in [b.label for b in _buttons(engine.on_text("u", "carte d'identité", chat=5))]
    engine.on_button("u", remind, chat=5)
    engine.on_text("u", "mercredi 10h", chat=5)
    assert engine.on_button("u", remind.replace("d:r:", "d:c:"), chat=5).messages[0].text == WC.REMINDER_CANCELLED
    assert engine.checklists.reminder("u", "carte-identite") is None


def test_a_reminder_for_an_appointment_already_past_is_dropped(engine):
    listed = _open_list(engine)
    engine.on_button("u", _button(listed, WC.REMIND_BUTTON).data, chat=5)
    engine.on_text("u", "mardi 14h", chat=5)
    _at(engine, MONDAY + dt.timedelta(days=3))  # the bot was down for days
    assert engine.send_due_reminders() == 0 and engine.checklists.due(1e12) == [] and engine.outbox.due(10) == []


# ------------------------------------------------------------------ the console


def test_the_console_ticks_by_number(engine):
    out = io.StringIO()
    answer = engine.on_text(engine.user_key("console"), "carte d'identité", chat=0)
    numbers = [b for b in _buttons(answer) if b.data]
    lines = ["carte d'identité", str(numbers.index(_button(answer, WC.LIST_BUTTON)) + 1), "1", "2"]
    chat_loop(engine, io.StringIO("\n".join(lines) + "\n"), out)
    shown = out.getvalue()
    assert "Ma liste : Carte nationale d'identité" in shown and "2 sur 2 pièce(s)" not in shown
    assert "Tout est prêt ✅" in shown
