"""Urban projects, engine level: the follow button, /projets and /suivis, /oubli, and followers told of each change once."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from bot import actions as A
from bot.config import Settings
from bot.engine import Engine
from bot.render import plain
from conftest import DEMO_TOWN

PROJECT = "voie-verte"
STAFF = -1001234567890


def make_engine(tmp_path, knowledge=DEMO_TOWN) -> Engine:
    settings = Settings(knowledge_dirs=(knowledge,), data_dir=tmp_path / "data", secret="s", staff_chat=STAFF,
                        flood_per_minute=0)
    return Engine.from_settings(settings, flavour="text")


@pytest.fixture
def engine(tmp_path):
    e = make_engine(tmp_path)
    yield e
    e.close()


@pytest.fixture
def town(tmp_path):
    """A copy of the demo town that a test may edit, as a clerk would while the bot runs."""
    copy = tmp_path / "town"
    shutil.copytree(DEMO_TOWN, copy)
    return copy


def text(reply) -> str:
    return "\n".join(plain(m) for m in reply.messages)


def labels(reply) -> list[str]:
    return [b.label for m in reply.messages for row in m.buttons for b in row]


def data_of(reply, label_start: str) -> str:
    return next(b.data for m in reply.messages for row in m.buttons for b in row if b.label.startswith(label_start))


def queued(engine) -> list[tuple[str, str]]:
    return engine.storage.db.conn.execute("select target, text from outbox order by id").fetchall()


# ------------------------------------------------------------------ phase 1: following


def test_a_project_answer_offers_to_follow_in_a_private_chat_only(engine):
    alice = engine.user_key(1)
    private = engine.on_text(alice, "où passera la voie verte", chat=1)
    assert any(l.startswith("🔔 Suivre") for l in labels(private))
    group = engine.on_text(alice, "où passera la voie verte", chat=None)
    assert not any("Suivre" in l for l in labels(group))
    other = engine.on_text(alice, "carte d'identité perdue", chat=1)
    assert not any("Suivre" in l for l in labels(other))
    _, ask, _ = engine.answer("où passera la voie verte")  # `guichet ask`: no person, no button
    assert not any("Suivre" in l for l in labels(ask))


def test_follow_then_unfollow_redraws_the_page_and_lists_it_in_suivis(engine):
    alice = engine.user_key(1)
    page = engine.on_text(alice, "où passera la voie verte", chat=1)
    followed = engine.on_button(alice, data_of(page, "🔔 Suivre"), chat=1)
    assert followed.edit and "préviendrai" in followed.toast
    assert any(l.startswith("🔕 Ne plus suivre") for l in labels(followed))
    assert engine.dialogue.store.chat_of(alice) == 1  # where to tell them
    follows = text(engine.on_follows(alice))
    assert "Voie verte" in follows and "Prochaine étape" in follows
    stopped = engine.on_button(alice, data_of(followed, "🔕"), chat=1)
    assert "ne suivez plus" in stopped.toast and any(l.startswith("🔔 Suivre") for l in labels(stopped))
    assert "ne suivez aucun projet" in text(engine.on_follows(alice))


def test_a_follow_press_in_a_group_or_for_something_else_is_refused(engine):
    alice = engine.user_key(1)
    assert engine.on_button(alice, A.encode(A.Follow(PROJECT, True)), chat=-100).toast.startswith("Écrivez-moi en message privé")
    assert engine.projects.followed(alice) == []
    refused = engine.on_button(alice, A.encode(A.Follow("inscription-scolaire", True)), chat=1)  # not a project
    assert "plus disponible" in text(refused) or refused.toast
    assert engine.projects.followed(alice) == []
    assert A.decode("u:2:voie-verte") == A.Expired() and A.decode("u:1:") == A.Expired()


def test_projets_lists_every_project_with_its_status_and_next_milestone(engine):
    listing = engine.on_projects(engine.user_key(1))
    body = text(listing)
    for title in ("Voie verte", "Maison de santé", "centre-bourg", "Jules-Ferry"):
        assert title in body
    assert "en cours" in body and "Prochaine étape" in body
    assert len(labels(listing)) == 4  # one button a project, to open it (and follow it)


def test_oubli_deletes_the_follows(engine):
    alice = engine.user_key(1)
    engine.on_button(alice, A.encode(A.Follow(PROJECT, True)), chat=1)
    engine.on_forget(alice)
    assert engine.projects.followed(alice) == [] and engine.dialogue.store.chat_of(alice) is None


# ------------------------------------------------------------------ phase 2: told of each change, once


def edit(town, project: str, old: str, new: str) -> None:
    path = next(town.rglob(f"{project}.yaml"))
    content = path.read_text(encoding="utf-8")
    assert old in content
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


NEW_STEP = '  - date: "2028"\n    label: Raccordement à la commune voisine\n'
ADDED_STEP = NEW_STEP + '  - date: "2028-06"\n    label: Inauguration de la voie verte complète\n'


def test_a_new_milestone_is_told_once_to_each_follower_and_never_again(tmp_path, town):
    engine = make_engine(tmp_path, town)
    alice, bob = engine.user_key(1), engine.user_key(2)
    for key, chat in ((alice, 1), (bob, 2)):
        engine.on_button(key, A.encode(A.Follow(PROJECT, True)), chat=chat)
    assert queued(engine) == []  # the first load only records the state
    edit(town, PROJECT, NEW_STEP, ADDED_STEP)
    engine.reload()
    messages = queued(engine)
    assert sorted(t for t, _ in messages) == sorted([f"user:{alice}", f"user:{bob}"])
    assert all("Voie verte" in m and "juin 2028" in m and "Inauguration" in m for _, m in messages)
    engine.reload()
    engine.close()
    again = make_engine(tmp_path, town)  # a restart: the state was recorded with the messages
    assert len(queued(again)) == 2
    edit(town, "maison-de-sante", "5 médecins", "6 médecins")  # an unrelated change
    again.reload()
    assert len(queued(again)) == 2
    again.close()


@pytest.mark.parametrize("old, new, expected", [
    ("status: en cours", "status: terminé", "Statut : terminé"),
    ("budget: 1,8 million", "budget: 2 millions", "Budget : 2 millions"),
    ("news:\n", "news:\n  - date: 2026-11-25\n    text: Le tronçon des Vignes est en travaux.\n",
     "Le tronçon des Vignes est en travaux"),
])
def test_status_budget_and_news_are_told(tmp_path, town, old, new, expected):
    engine = make_engine(tmp_path, town)
    engine.on_button(engine.user_key(1), A.encode(A.Follow(PROJECT, True)), chat=1)
    edit(town, PROJECT, old, new)
    engine.reload()
    (message,) = queued(engine)
    assert expected in message[1]
    engine.close()


def test_a_project_nobody_follows_records_its_change_and_sends_nothing(tmp_path, town):
    engine = make_engine(tmp_path, town)
    edit(town, PROJECT, "status: en cours", "status: terminé")
    engine.reload()
    assert queued(engine) == []
    state = engine.storage.db.conn.execute("select state from project_state where project = ?", [PROJECT]).fetchone()
    assert "terminé" in state[0]
    engine.close()


def test_staff_announcement_reaches_the_followers_only(engine):
    alice = engine.user_key(1)
    engine.on_button(alice, A.encode(A.Follow(PROJECT, True)), chat=1)
    reply = engine.on_staff_announce(STAFF, f"{PROJECT} Réunion publique jeudi à 18 h, salle des fêtes.")
    assert "1 abonné" in text(reply)
    ((target, body),) = queued(engine)
    assert target == f"user:{alice}" and "Réunion publique" in body and "message de la mairie" in body
    assert "Usage" in text(engine.on_staff_announce(STAFF, ""))
    assert "inconnu" in text(engine.on_staff_announce(STAFF, "piscine Bonjour"))


def test_a_blocked_follower_is_unsubscribed(engine):
    alice = engine.user_key(1)
    engine.on_button(alice, A.encode(A.Follow(PROJECT, True)), chat=1)
    engine.on_blocked(alice)
    assert engine.projects.followed(alice) == []


def test_follows_and_votes_hold_no_chat_id_and_no_text(engine, tmp_path):
    engine.on_button(engine.user_key(77777), A.encode(A.Follow(PROJECT, True)), chat=77777)
    db = sqlite3.connect(tmp_path / "data" / "guichet.db")
    for table in ("follows", "votes", "project_state"):
        for row in db.execute(f"select * from {table}"):
            assert "77777" not in " ".join(map(str, row))
    db.close()
