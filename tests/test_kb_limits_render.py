"""What `check` accepts renders into replies Telegram accepts, even at every limit at once.

A knowledge folder is written with ids, titles, labels, texts, links and a guided search as
long as bot/kb/limits.py allows; the engine's menu is then crawled button by button, and every
reply is held to Telegram's rules: 4,096 characters of text (UTF-16), callback_data of 1 to 64
bytes, at most 100 buttons.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.config import Settings
from bot.engine import Engine
from bot.kb import load_knowledge
from bot.kb.limits import (MAX_FIELD_CHARS, MAX_ID_LEN, MAX_LABEL_CHARS, MAX_SHOWN_CHARS, MAX_TITLE_CHARS,
                           MAX_URL_CHARS)

ENTRY, GUIDE, LIST, CATEGORY = "e" * MAX_ID_LEN, "g" * MAX_ID_LEN, "k" * MAX_ID_LEN, "c" * MAX_ID_LEN
GUIDE_LEVELS = 7  # the most "g:<48-char id>:0.0.0.0.0.0.0" allows (64 bytes); check refuses 8


def words(n: int, word: str) -> str:
    return (" ".join([word] * (n // (len(word) + 1) + 1)))[:n].strip()


def guide_node(depth: int) -> dict:
    deeper = guide_node(depth + 1) if depth < GUIDE_LEVELS else {"goto": ENTRY}
    return {"question": words(MAX_SHOWN_CHARS, "question"),
            "options": [{"label": words(MAX_LABEL_CHARS, "suite"), **deeper}]
            + [{"label": words(MAX_LABEL_CHARS, f"option{i}"), "goto": ENTRY} for i in range(20)]}


def at_the_limits(folder: Path) -> Path:
    files = {
        "categories.yaml": {"categories": [{"id": CATEGORY, "title": words(MAX_TITLE_CHARS, "Thème"),
                                            "emoji": "🏛️", "description": words(MAX_SHOWN_CHARS, "description")}]},
        "entry.yaml": {"id": ENTRY, "title": words(MAX_TITLE_CHARS, "Titre"), "category": CATEGORY,
                       "updated": "2026-01-05", "summary": words(MAX_FIELD_CHARS, "résumé"),
                       "steps": [words(MAX_FIELD_CHARS, "étape")] * 4,
                       "variants": [{"label": words(MAX_LABEL_CHARS, f"situation{i}"),
                                     "summary": words(MAX_FIELD_CHARS // 4, "variante")} for i in range(30)],
                       "links": [{"label": words(MAX_LABEL_CHARS, f"lien{i}"),
                                  "url": "https://www.exemple.fr/" + "a" * (MAX_URL_CHARS - 23)} for i in range(8)],
                       "related": [GUIDE, LIST]},
        "guide.yaml": {"id": GUIDE, "kind": "guide", "title": words(MAX_TITLE_CHARS, "Guide"), "category": CATEGORY,
                       "updated": "2026-01-05", "guide": guide_node(0)},
        "list.yaml": {"id": LIST, "kind": "checklist", "title": words(MAX_TITLE_CHARS, "Liste"), "category": CATEGORY,
                      "updated": "2026-01-05",
                      "checklist": [{"label": words(MAX_LABEL_CHARS, f"item{i}"), "id": ENTRY} for i in range(120)]},
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, width=10**9), encoding="utf-8")
    return folder


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_every_reply_at_the_limits_is_one_telegram_accepts(tmp_path):
    folder = at_the_limits(tmp_path / "knowledge")
    _, problems = load_knowledge([folder])
    assert problems == []
    engine = Engine.from_settings(Settings(knowledge_dirs=(folder,), data_dir=tmp_path / "data", secret="s"))
    pressed, todo, seen = 0, [None], set()
    while todo:
        data = todo.pop()
        key = engine.user_key(pressed)  # a new user per press: the flood budget is not under test
        reply = engine.on_menu(key) if data is None else engine.on_button(key, data)
        pressed += 1
        for message in reply.messages:
            assert utf16_len(message.text) <= 4096, (data, utf16_len(message.text))
            assert sum(len(row) for row in message.buttons) <= 100, data
            for button in (b for row in message.buttons for b in row):
                if button.data is None:
                    continue
                assert 1 <= len(button.data.encode()) <= 64, button.data
                if button.data not in seen and not button.data.startswith("f:"):
                    seen.add(button.data)
                    todo.append(button.data)
    kinds = {d.split(":")[0] for d in seen}
    assert {"m", "e", "p", "v", "g"} <= kinds and pressed > 300
    assert f"g:{GUIDE}:" + ".".join(["0"] * GUIDE_LEVELS) in seen  # the deepest step is reachable
