"""`questions_en_plus:`: staff phrasings added to entries defined elsewhere, keyed by entry id.

A town's folder (or the national import, which ships a set of its own) adds the words citizens
use ("on m'a volé ma carte", "j'ai plus de sous") to fiches it does not own; they live in a file
of their own, so a re-import of the national catalogue never overwrites them. Applied once every
file is read, like `overlays:`; the long form of an overlay (notes, keywords, hiding) is there.
"""

from __future__ import annotations

from typing import Any

from .model import Knowledge
from .quote import excerpt, suggest
from .schema import Validator
from .yamlio import LineDict, line_of

KEY = "questions_en_plus"


class QuestionsBuilder(Validator):
    """The `questions_en_plus:` part of the builder (see `bot.kb.build.Builder`)."""

    k: Knowledge

    def __init__(self) -> None:
        super().__init__()
        # (path, line, entry id, questions), applied by `apply_questions_en_plus` at the end
        self.extra_questions: list[tuple[str, int, str, list[str]]] = []

    def questions_en_plus(self, data: LineDict) -> None:
        """Read one file's `questions_en_plus:` mapping (entry id → list of questions)."""
        value: Any = data[KEY]
        if not isinstance(value, LineDict):
            self.err(line_of(data, KEY), f"« {KEY} » associe à l'identifiant d'une fiche la liste de ses "
                                         "questions en plus, ex. « F1523: » puis « - on m'a volé mon sac ».")
            return
        for eid, questions in value.items():
            line = line_of(value, eid)
            if not isinstance(questions, list):
                self.err(line, f"« {KEY} » : sous « {excerpt(eid)} », les questions sont une liste "
                               "(lignes commençant par « - »).")
                continue
            found = self.texts(value, eid)
            if found:
                self.extra_questions.append((self.path, line, str(eid), found))

    def apply_questions_en_plus(self) -> None:
        """Add each list to its entry; an unknown id is a warning (the fiche may have been withdrawn)."""
        for path, line, eid, questions in self.extra_questions:
            entry = self.k.entries.get(eid)
            if entry is not None:
                entry.extra_questions += [q for q in questions if q not in entry.questions + entry.extra_questions]
            elif not self.k.unbuilt(eid):
                self.path = path
                self.err(line, f"questions en plus pour la fiche « {excerpt(eid)} », qui n'existe pas : "
                               f"elles sont ignorées.{suggest(eid, self.k.entries)}", "warning")
