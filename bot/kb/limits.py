"""The limits a knowledge file must respect, with why; knowledge/README.md lists them for clerks.

They are checked at the door (file, YAML) or by the field checkers (ids, titles, links), so that
whatever `guichet check` accepts is read in well under a second and renders into replies
Telegram accepts. Real knowledge is far inside them: the largest national fiche is 250 kB, its
longest text 3,500 characters, its deepest nesting 22 levels.
"""

from __future__ import annotations

from .model import MAX_ID_LEN

MAX_FILE_BYTES = 1_000_000     # a fiche is a few kB; a bigger file is a mistake or an attack
MAX_FIELD_CHARS = 20_000       # one text (summary, step…); the reply is cut into pages anyway
MAX_DEPTH = 40                 # nested lists/keys; a guided search of 12 levels uses about 27
MAX_TITLE_CHARS = 200          # entry and category titles: menus list them, buttons show them
MAX_LABEL_CHARS = 500          # labels of situations, links, guide options, checklists, offices
MAX_SHOWN_CHARS = 1_000        # guide questions, category descriptions: one message with more
MAX_URL_CHARS = 2_000          # what browsers and Telegram buttons reliably accept
EXCERPT_CHARS = 60             # how much of a wrong value a message quotes

# Telegram's callback_data holds 64 bytes. The longest the engine builds (docs/engine-api.md) are
# "p:<id>:<variant>:<page>", at most 57 bytes with MAX_ID_LEN, a document list's tick
# "d:t:<id>:<variant>:<8 hex digits>", exactly 64 with a two-digit situation, and a guided search's
# step "g:<id>:<path>", which grows with each level: `guide_button` is checked for every step.
MAX_CALLBACK_BYTES = 64


def guide_button(entry_id: str, path: tuple[int, ...]) -> str:
    """The callback_data of the button that opens step `path` of entry `entry_id`'s guide."""
    return f"g:{entry_id}:{'.'.join(map(str, path))}"

__all__ = ["EXCERPT_CHARS", "MAX_CALLBACK_BYTES", "MAX_DEPTH", "MAX_FIELD_CHARS", "MAX_FILE_BYTES", "MAX_ID_LEN",
           "MAX_LABEL_CHARS", "MAX_SHOWN_CHARS", "MAX_TITLE_CHARS", "MAX_URL_CHARS", "guide_button"]
