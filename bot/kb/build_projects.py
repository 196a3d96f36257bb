"""Building what only an urban project has: its timeline, its news items and its consultation, checked with `path:line`.

Why strict: a timeline date, a news item or a consultation change is what followers are told about
(`bot/projects/`), so a typo here is a message to every follower. Dates are checked as dates;
a consultation needs 2 to 10 options and a real closing date (one already past is a warning:
the result is then shown, and nobody can vote).
"""

from __future__ import annotations

import datetime as dt
import re

from .limits import MAX_LABEL_CHARS, MAX_SHOWN_CHARS
from .model import Consultation, Entry
from .schema import Validator
from .yamlio import LineDict, line_of

OPTIONS_MIN, OPTIONS_MAX = 2, 10
OPTION_MAX_CHARS = 60  # an option is a button label: Telegram shows about this much
_ISO_PART = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def timeline_date_problem(value: str) -> str | None:
    """Why a timeline `date` is not a date, or None: "2027", "2026-09", "2026-09-15" are dates, and
    so is the staff's own wording when it names a year ("printemps 2027"); "2026-13" or "bientôt" are not."""
    found = _ISO_PART.fullmatch(value)
    if found:
        year, month, day = (int(x) if x else None for x in found.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            return f"« {value} » n'est pas une date : écrivez « 2027 », « 2027-03 » ou « 2027-03-15 »."
        return None
    if _YEAR.search(value):
        return None
    return (f"« {value} » n'est pas une date : écrivez « 2027 », « 2027-03 », « 2027-03-15 » "
            "ou une période avec son année (« printemps 2027 »).")


class ProjectFieldsBuilder(Validator):
    """The project fields of an entry (mixed into `bot.kb.build_entries.EntryBuilder`)."""

    def timeline(self, data: LineDict) -> list[dict[str, str]]:
        hint = "une étape du calendrier s'écrit « - date: 2027 » puis « label: … »."
        out = []
        for item in self.mappings(data, "timeline", "de « date » et « label »", hint):
            if "date" not in item or "label" not in item:
                self.err(item.line, hint)
                continue
            self.unknown_keys(item, {"date", "label"}, "une étape du calendrier")
            date = self.text(item, "date")
            problem = timeline_date_problem(date)
            if problem:
                self.err(line_of(item, "date"), f"« date » : {problem}")
                continue
            out.append({"date": date, "label": self.text(item, "label", max_len=MAX_LABEL_CHARS)})
        return out

    def news(self, data: LineDict) -> list[dict[str, str]]:
        """`news:` items (date and text), each told once to the project's followers."""
        hint = "une actualité s'écrit « - date: 2026-11-20 » puis « text: … »."
        out = []
        for item in self.mappings(data, "news", "d'actualités (« - date: … » et « text: … »)", hint):
            self.unknown_keys(item, {"date", "text"}, "une actualité (news)")
            if "date" not in item or "text" not in item:
                self.err(item.line, hint)
                continue
            date = self.date(item, "date")
            text = self.text(item, "text", required=True, max_len=MAX_SHOWN_CHARS)
            if date is not None and text:
                out.append({"date": date.isoformat(), "text": text})
        return sorted(out, key=lambda n: n["date"])

    def consultation(self, data: LineDict, entry: Entry) -> Consultation | None:
        """`consultation:` (question, 2 to 10 options, closes: AAAA-MM-JJ), on a project only."""
        value = data.get("consultation")
        if value is None:
            return None
        line = line_of(data, "consultation")
        if entry.kind != "project":
            self.err(line, "« consultation » n'est possible que sur une fiche « kind: project ».")
            return None
        if not isinstance(value, dict):
            self.err(line, "« consultation » s'écrit avec « question », « options » (une liste) et « closes ».")
            return None
        self.unknown_keys(value, {"question", "options", "closes"}, "la consultation")
        question = self.text(value, "question", required=True, what=" dans la consultation", max_len=MAX_SHOWN_CHARS)
        options = self.consultation_options(value, line)
        if "closes" not in value:
            self.err(line, "champ obligatoire « closes » manquant dans la consultation (date de clôture AAAA-MM-JJ).")
            return None
        closes = self.date(value, "closes")
        if closes is not None and closes < dt.date.today():
            self.err(line_of(value, "closes"), f"la consultation est close depuis le {closes.isoformat()} : "
                                               "le résultat est affiché, plus personne ne peut voter.", "warning")
        if not question or options is None or closes is None:
            return None
        return Consultation(question, tuple(options), closes)

    def consultation_options(self, value: LineDict, line: int) -> list[str] | None:
        options = self.texts(value, "options")
        where = line_of(value, "options", line)
        if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
            self.err(where, f"une consultation a de {OPTIONS_MIN} à {OPTIONS_MAX} options "
                            f"(ici {len(options)}).")
            return None
        if len(set(options)) < len(options):
            self.err(where, "deux options de la consultation sont identiques.")
            return None
        long = [o for o in options if len(o) > OPTION_MAX_CHARS]
        if long:
            self.err(where, f"option trop longue pour un bouton ({len(long[0])} caractères, "
                            f"{OPTION_MAX_CHARS} au plus) : « {long[0][:40]}… ».")
            return None
        return options
