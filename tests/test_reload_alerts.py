"""A clerk breaks a file while the bot runs: the staff chat hears of it once, with path:line, then of the fix."""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import replace
from pathlib import Path

from bot.engine import Engine
from bot.kb import Problem
from bot.render.format import TEXT_LIMIT, utf16_len
from bot.reload_alerts import ReloadAlerts, broken_text

from conftest import DEMO_TOWN
from harness import bot_on, run
from tests.fakebotapi import FakeBotAPI

STAFF = -1001234567890
TYPO = "stpes:"  # encombrants.yaml's `steps:` misspelt: an unknown key, and no answer left


def town_copy(tmp_path: Path) -> Path:
    town = tmp_path / "town"
    shutil.copytree(DEMO_TOWN, town)
    return town


def save(path: Path, text: str) -> None:
    """Write and move the modification time on, as an editor's save does (the reload looks at it)."""
    path.write_text(text)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def staff_rows(engine: Engine) -> list[str]:
    return [m.text for m in engine.outbox.due(100) if m.target == f"chat:{STAFF}"]


def test_once_per_breakage_then_the_fix(tmp_path, settings):
    town = town_copy(tmp_path)
    engine = Engine.from_settings(replace(settings, knowledge_dirs=(town,), staff_chat=STAFF))
    entries = len(engine.knowledge.entries)
    fiche = town / "dechets" / "encombrants.yaml"
    good = fiche.read_text()
    save(fiche, good.replace("steps:", TYPO).replace("title: Collecte", "title: <Collecte & co>"))
    assert engine.reload_if_changed()  # refused: the errors are returned, the old knowledge kept
    [alert] = staff_rows(engine)
    assert alert.startswith(f"⚠️ Connaissances non rechargées : 1 erreur(s) dans les fichiers modifiés. Guichet "
                            f"continue de répondre avec la version précédente ({entries} fiches).")
    assert f"• <code>{town / 'dechets' / 'encombrants.yaml'}:14</code> : clé inconnue « stpes »" in alert
    assert engine.knowledge.entries["encombrants"].steps  # still serving the good version

    assert engine.reload_if_changed() is None  # nothing changed: no reload, no message
    save(fiche, fiche.read_text())  # saved again, same mistake: nothing new to say
    engine.reload_if_changed()
    assert len(staff_rows(engine)) == 1

    save(fiche, fiche.read_text().replace("category: dechets", "category: <dechet>"))  # another breakage
    engine.reload_if_changed()
    rows = staff_rows(engine)
    assert len(rows) == 2 and "2 erreur(s)" in rows[1]
    assert "« &lt;dechet&gt; »" in rows[1] and "<dechet>" not in rows[1]  # escaped for Telegram's HTML

    save(fiche, good)
    assert engine.reload_if_changed() == []
    assert staff_rows(engine)[2:] == [f"✅ Connaissances réparées, {entries} fiches en service."]
    save(fiche, good.replace("Collecte des encombrants", "Collecte des gros objets"))  # a good edit: nothing
    engine.reload_if_changed()
    assert len(staff_rows(engine)) == 3
    engine.close()


def test_without_a_staff_chat_nothing_is_queued(tmp_path, settings):
    town = town_copy(tmp_path)
    engine = Engine.from_settings(replace(settings, knowledge_dirs=(town,)))
    fiche = town / "dechets" / "encombrants.yaml"
    save(fiche, fiche.read_text().replace("steps:", TYPO))
    engine.reload_if_changed()
    assert engine.outbox.pending() == 0
    engine.close()


def test_many_problems_fit_one_message():
    errors = [Problem(f"knowledge/dossier/{'tres-long-' * 8}{n}.yaml", n, "« & » <b>" + "x" * 900) for n in range(40)]
    text = broken_text(errors, 75)
    assert utf16_len(text) <= TEXT_LIMIT
    shown = text.count("• <code>")  # at most 10, fewer when 10 long ones would not fit
    assert 5 <= shown < 10 and f"… et {40 - shown} autre(s)." in text
    assert broken_text(errors[:12], 75).count("• <code>") <= 10
    short = [Problem("x.yaml", n, "clé inconnue") for n in range(12)]
    assert broken_text(short, 75).count("• <code>") == 10 and "… et 2 autre(s)." in broken_text(short, 75)
    assert "<b>" not in text and "&lt;b&gt;" in text and "&amp;" in text
    alerts = ReloadAlerts()
    first = alerts.after_reload(errors, 75)
    alerts.sent(first)
    assert alerts.after_reload(list(errors), 75) is None
    assert alerts.after_reload([], 76).text == "✅ Connaissances réparées, 76 fiches en service."


def test_the_staff_group_receives_it_through_telegram(tmp_path):
    """End to end: the real Application, the outbound sender and the strict fake Bot API (HTML checked)."""
    town = town_copy(tmp_path)
    fiche = town / "dechets" / "encombrants.yaml"
    good = fiche.read_text()

    async def scenario():
        async with FakeBotAPI() as api:
            group = api.group("Équipe mairie")
            async with bot_on(api, tmp_path / "data", town, staff_chat=group["id"]) as engine:
                save(fiche, good.replace("steps:", TYPO))
                await asyncio.to_thread(engine.reload_if_changed)  # what the reload job does every 10 s
                await api.wait_for(lambda: any("non rechargées" in m.text for m in api.sent(group["id"])),
                                   what="the alert in the staff group")
                save(fiche, good)
                await asyncio.to_thread(engine.reload_if_changed)
                await api.wait_for(lambda: any("réparées" in m.text for m in api.sent(group["id"])),
                                   what="the fix in the staff group")
            assert api.refused == []
            return [m.text for m in api.sent(group["id"])]

    texts = run(scenario())
    assert len(texts) == 2 and "encombrants.yaml:14 : clé inconnue « stpes »" in texts[0]
