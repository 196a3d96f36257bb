"""Build time only: regenerate bot/language/background.json from an imported national catalogue.

Usage (after `guichet import-service-public ZIP --out /srv/guichet/national`):
    python3 tools/build_background.py /srv/guichet/national
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from bot.kb import Knowledge, load_knowledge
from bot.language import text as T
from bot.language.background import BACKGROUND_FILE
from bot.search.index import BODY_CHARS


def build_background(knowledge: Knowledge) -> dict:
    """Document frequencies of word stems over the visible entries (stems seen at least twice)."""
    df: Counter = Counter()
    entries = knowledge.visible()
    for e in entries:
        text = " ".join([e.title, e.summary, *e.questions, *e.keywords, *(f"{x.title} {x.text[:BODY_CHARS]}" for x in e.sections)])
        df.update(set(T.terms(text)))
    return {"source": "service-public.fr (DILA), Licence Ouverte 2.0: document frequencies of word stems",
            "documents": len(entries), "df": {s: c for s, c in sorted(df.items()) if c >= 2}}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    knowledge, _ = load_knowledge([Path(argv[0])])
    BACKGROUND_FILE.write_text(json.dumps(build_background(knowledge), ensure_ascii=False), encoding="utf-8")
    print(f"wrote {BACKGROUND_FILE} ({len(knowledge.visible())} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
