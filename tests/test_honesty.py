"""Honest promises (issue 11, item 5): the fallback says a question is kept only where it is, a bare
number is no question, 👎 thanks once, and a choice never mixes a bereavement with an unrelated entry."""

import io
import json
from dataclasses import replace

import pytest

from bot import wording as W
from bot.choices import about_bereavement, linked, never_mixed
from bot.cli import main
from bot.cli_chat import chat_loop
from bot.engine import Engine
from bot.honesty import bare_number

from conftest import DEMO_TOWN

KEPT = "enregistrée et transmise"
QUESTION = "comment devenir astronaute"  # a real question the demo town cannot answer


def make_engine(settings, flavour="html", with_storage=True):
    return Engine.from_settings(settings, flavour=flavour, with_storage=with_storage)


def texts(reply):
    return "\n".join(m.text for m in reply.messages)


def ids(reply):
    return [b.data[2:] for m in reply.messages for row in m.buttons for b in row if b.data and b.data.startswith("e:")]


# --------------------------------------------------------------------------- the fallback's promise


def test_the_promise_is_made_when_the_question_was_recorded(settings):
    engine = make_engine(settings)
    reply = engine.on_text(engine.user_key(1), QUESTION)
    assert KEPT in texts(reply)
    assert [r["decision"] for r in engine.storage.db.query("select decision from questions")] == ["fallback"]


def test_no_promise_when_nothing_is_recorded(settings, monkeypatch, capsys):
    # guichet ask: the engine alone, no database
    assert main(["ask", QUESTION, "--knowledge", str(DEMO_TOWN)]) == 0
    out = capsys.readouterr().out
    assert "je ne connais pas encore la réponse" in out and "enregistrée" not in out
    # an engine without storage, and a storage that fails to write
    assert KEPT not in texts(make_engine(settings, with_storage=False).on_text("u", QUESTION))
    engine = make_engine(settings)
    monkeypatch.setattr(engine.storage, "log_question", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    reply = engine.on_text("u", QUESTION)
    assert "je ne connais pas encore la réponse" in texts(reply) and KEPT not in texts(reply)


@pytest.mark.parametrize("text", [
    "espèce de connard tu sers à rien",  # an insult inside words: a fallback, not small talk
    "azerty qsdfgh", "lol", "bla bla bla",  # gibberish: unknown to the town, not one French word
    "2026 ?",  # no word to act on
])
def test_no_promise_for_insults_gibberish_or_nothing(settings, text):
    engine = make_engine(settings)
    reply = engine.on_text(engine.user_key(2), text)
    assert KEPT not in texts(reply), text


def test_pure_insults_get_the_calm_small_talk(settings):
    engine = make_engine(settings)
    reply = engine.on_text("u", "t'es nul connard")
    assert texts(reply).startswith(W.SMALLTALK["insult"]) and KEPT not in texts(reply)


def test_none_of_these_makes_no_promise(settings):
    engine = make_engine(settings)
    reply = engine.on_button("u", "n:")
    assert "je ne connais pas encore la réponse" in texts(reply) and KEPT not in texts(reply)


# --------------------------------------------------------------------------- bare numbers


def test_a_bare_number_is_a_hint_not_an_unanswered_question(settings):
    engine = make_engine(settings)
    for text in ("99", " 2. ", "n° 3"):
        reply = engine.on_text("u", text)
        assert "bouton" in texts(reply) and "je ne connais pas" not in texts(reply), text
    assert engine.storage.db["questions"].count == 0
    assert bare_number("carte 2") is None and bare_number("2026 ?") is None


def test_console_number_outside_the_last_choice(settings, tmp_path):
    engine = make_engine(replace(settings, data_dir=tmp_path / "console"), flavour="text")
    out = io.StringIO()
    chat_loop(engine, io.StringIO("99\nmenu de la cantine\n"), out)
    assert "Aucun choix ne porte le numéro « 99 »" in out.getvalue()


# --------------------------------------------------------------------------- 👎 thanks once


def test_not_useful_thanks_once_and_promises_only_what_was_recorded(settings):
    engine = make_engine(settings)
    key = engine.user_key(3)
    qid = next(b.data for m in engine.on_text(key, "encombrants").messages for row in m.buttons for b in row
               if b.data and b.data.startswith("f:0:"))
    reply = engine.on_button(key, qid)
    assert reply.toast is None and len(reply.messages) == 1
    assert reply.messages[0].text.count("Merci") == 1 and "transmis" in reply.messages[0].text
    assert engine.storage.db["feedback"].count == 1
    unrecorded = make_engine(settings, with_storage=False).on_button(key, qid)
    assert unrecorded.toast is None and "transmis" not in texts(unrecorded) and "Merci" in texts(unrecorded)


# --------------------------------------------------------------------------- bereavement never mixed


BEREAVEMENT_MESSAGES = ["mon fils est mort", "ma fille est décédée", "mon enfant est décédé", "mon bébé est mort",
                        "mon père est décédé hier", "mon voisin est mort", "mon mari est mort sur le trottoir",
                        "mon fils est mort dans un accident de voiture", "mon père est mort cette nuit"]


def offered_entries(engine, text):
    result, reply, _ = engine.answer(text)
    return result, [engine.knowledge.entries[i] for i in ids(reply)]


def assert_never_mixed(entries, text):
    sensitive = [e for e in entries if about_bereavement(e)]
    if sensitive:
        unrelated = [e.id for e in entries if not about_bereavement(e) and not any(linked(e, s) for s in sensitive)]
        assert unrelated == [], (text, [e.id for e in entries])


def test_a_bereavement_choice_offers_no_unrelated_entry(settings):
    engine = make_engine(settings, with_storage=False)
    result, entries = offered_entries(engine, "mon fils est mort")
    # before the rule: Déclarer un décès, acte de décès, Recensement citoyen à 16 ans, Monument aux morts
    assert result.decision == "choose" and [e.id for e in entries] == ["declaration-deces", "acte-deces"]
    _, suggestions = offered_entries(engine, "mon père est décédé hier")  # a fallback: its "Peut-être"
    assert "declaration-deces" in [e.id for e in suggestions] and "portage-repas" not in [e.id for e in suggestions]
    for text in BEREAVEMENT_MESSAGES:
        assert_never_mixed(offered_entries(engine, text)[1], text)


def test_siblings_by_facet_stay_together(settings, demo):
    engine = make_engine(settings, with_storage=False)
    result, entries = offered_entries(engine, "demande d'acte d'état civil")
    assert result.decision == "choose" and {"acte-naissance", "acte-mariage", "acte-deces"} <= {e.id for e in entries}
    e = demo.entries
    assert never_mixed([e["passeport"], e["declaration-deces"]]) == [e["declaration-deces"]]
    assert never_mixed([e["passeport"], e["carte-identite"]]) == [e["passeport"], e["carte-identite"]]
    assert never_mixed([e["monument-aux-morts"], e["cimetiere-concession"]]) == [e["cimetiere-concession"]]


def test_a_lone_entry_left_is_asked_about_plainly(settings, capsys):
    from bot.choices import offered
    from bot.search import Candidate, Result

    engine = make_engine(settings, with_storage=False)
    e = engine.knowledge.entries
    result = Result("choose", [Candidate(e["bruit"], 0.7), Candidate(e["declaration-deces"], 0.69)],
                    question="Laquelle ?", choices=[Candidate(e["bruit"], 0.7), Candidate(e["declaration-deces"], 0.69)])
    kept = offered(result)
    assert [c.entry.id for c in kept.choices] == ["declaration-deces"] and kept.question == W.CHOOSE_ONE
    # guichet ask --json lists the choices the citizen sees
    assert main(["ask", "mon fils est mort", "--json", "--knowledge", str(DEMO_TOWN)]) == 0
    assert json.loads(capsys.readouterr().out)["choices"] == ["declaration-deces", "acte-deces"]


def test_bereavement_with_the_national_catalogue(settings, national_dir):
    """The real deployment (town and the 2,976 national fiches): the same rule on every message."""
    engine = make_engine(replace(settings, knowledge_dirs=(DEMO_TOWN, national_dir)), with_storage=False)
    for text in BEREAVEMENT_MESSAGES + ["un proche est mort sur le trottoir", "mon grand-père est mort cette nuit"]:
        assert_never_mixed(offered_entries(engine, text)[1], text)
