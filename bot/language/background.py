"""How specific each word stem is in French administrative language (the shipped background table).

Document frequencies of stems over the 2,976 service-public.fr fiches (Licence Ouverte, DILA),
in `background.json` beside this file; regenerate with `python3 tools/build_background.py DIR`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

BACKGROUND_FILE = Path(__file__).with_name("background.json")


def _load_background() -> tuple[dict[str, float], int]:
    """How specific each word is in French administrative language, in [0, 1].

    Document frequencies of stems over the 2,976 service-public.fr fiches (Licence Ouverte,
    DILA), shipped with the engine. A town's own 75 entries are too few to tell that
    "procédure" or "changer" are everyday words; this table tells it, so that the coverage of a
    question is judged on its topical words. Words it does not know count as fully specific.
    """
    try:
        data = json.loads(BACKGROUND_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, 1
    n = data["documents"]
    top = math.log(1 + (n + 0.5) / 0.5)
    return {s: math.log(1 + (n - d + 0.5) / (d + 0.5)) / top for s, d in data["df"].items()}, n


BACKGROUND, BACKGROUND_DOCUMENTS = _load_background()
