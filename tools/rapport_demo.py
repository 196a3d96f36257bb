"""Docs only: a month of scripted conversation with the demo town, for the screenshot docs/rapport.png.

Usage (the whole sequence is in docs/rapport.md):
    python3 -m tools.rapport_demo /tmp/guichet-demo

Every question, 👍/👎, request and follow goes through the real engine (Engine.on_text, on_button,
on_contact), as on Telegram. Only the dates are then moved back, day by day, over the last 30 days
(the engine stamps what it records with the real time), so that the chart has a month to show.
The same seed makes the same database.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from dataclasses import replace
from pathlib import Path

from bot import actions as A
from bot.config import Settings
from bot.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
DEMO_TOWN = ROOT / "tests" / "fixtures" / "demo-town"
STAFF = -1001234567890
DAYS = 30

ANSWERED = ["encombrants", "horaires de la mairie", "passeport", "carte d'identité", "acte de naissance",
            "inscription cantine", "déchetterie", "mariage", "piscine horaires", "bus pour la gare",
            "location de vélo électrique", "collecte des poubelles"]
CHOICES = ["inscription", "papiers"]
UNANSWERED = ["où adopter un chien", "adopter un chien à la SPA", "je veux adopter un chien",
              "tarif du cinéma", "prix des places de cinéma", "cinéma tarifs",
              "location de salle pour un anniversaire", "louer la salle des fêtes pour un anniversaire",
              "wifi gratuit en ville", "où trouver du wifi public", "permis de pêche"]
SMALLTALK = ["bonjour", "merci", "au revoir"]
REQUESTS = ["Le lampadaire devant le 12 rue des Lilas ne marche plus", "Un banc est cassé au parc",
            "Nid-de-poule dangereux avenue Jean-Jaurès", "Tags sur le mur de l'école",
            "Dépôt sauvage près du stade", "Le panneau de la rue des Écoles est tombé"]


def _press(engine: Engine, user: str, reply, label: str, chat: int) -> None:
    data = next((b.data for m in reply.messages for row in m.buttons for b in row if b.label.startswith(label)), None)
    if data:
        engine.on_button(user, data, chat=chat)


def _backdate(engine: Engine, day: dt.datetime, marks: dict[str, int]) -> None:
    """Give the rows written since `marks` a time of `day` (spread over its opening hours)."""
    conn = engine.storage.db.conn
    for table in ("questions", "feedback", "requests", "request_events"):
        for (rowid,) in conn.execute(f"select id from {table} where id > ?", [marks[table]]).fetchall():
            at = day + dt.timedelta(minutes=(rowid * 37) % 600)
            conn.execute(f"update {table} set at = ? where id = ?", [at.isoformat(timespec="seconds"), rowid])
        marks[table] = conn.execute(f"select coalesce(max(id), 0) from {table}").fetchone()[0]


def _day(engine: Engine, rng: random.Random, n: int, people: list[tuple[str, int]]) -> None:
    """One day of questions; a third of the answers get 👍/👎, now and then a request or a follow."""
    for _ in range(n):
        user, chat = rng.choice(people)
        pool = rng.choices([ANSWERED, CHOICES, UNANSWERED, SMALLTALK], weights=[60, 8, 22, 10])[0]
        reply = engine.on_text(user, rng.choice(pool), chat=chat)
        if pool is ANSWERED and rng.random() < 0.35:
            _press(engine, user, reply, "👍" if rng.random() < 0.8 else "👎", chat)
    if rng.random() < 0.25:
        user, chat = rng.choice(people)
        reply = engine.on_contact(user, rng.choice(REQUESTS), chat=chat)
        _press(engine, user, reply, "✅", chat)
    if rng.random() < 0.3:
        user, chat = rng.choice(people)
        project = rng.choice(["voie-verte", "voie-verte", "maison-de-sante", "requalification-centre-bourg"])
        engine.on_button(user, A.encode(A.Follow(project, True)), chat=chat)


def fill(data_dir: Path, seed: int = 17) -> None:
    rng = random.Random(seed)
    shutil.rmtree(data_dir, ignore_errors=True)
    settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=data_dir, secret="demo", staff_chat=STAFF)
    engine = Engine.from_settings(replace(settings, flood_per_minute=0), flavour="text")
    people = [(engine.user_key(1_000 + n), 1_000 + n) for n in range(60)]
    marks = dict.fromkeys(("questions", "feedback", "requests", "request_events"), 0)
    today = dt.datetime.now(dt.timezone.utc).replace(hour=7, minute=0, second=0, microsecond=0)
    for back in range(DAYS - 1, -1, -1):
        day = today - dt.timedelta(days=back)
        weekend = day.weekday() >= 5
        _day(engine, rng, rng.randint(4, 10) if weekend else rng.randint(14, 34), people)
        for request in engine.dialogue.store.open_requests():
            if rng.random() < 0.5:
                engine.dialogue.answer(request, "Merci, c'est transmis au service technique.")
        _backdate(engine, day, marks)
    engine.close()


if __name__ == "__main__":
    fill(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/guichet-demo"))
