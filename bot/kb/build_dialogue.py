"""Building what the dialogue with the town needs: report categories and elected officials."""

from __future__ import annotations

from .model import LOCAL_ID, Knowledge, Official, ReportCategory
from .schema import Validator
from .yamlio import LineDict, line_of

REPORT_CATEGORY_FIELDS = {"id", "title", "emoji", "description"}
OFFICIAL_FIELDS = {"id", "name", "role", "delegations", "telegram_chat", "email", "phone"}
DIALOGUE_ID_MAX = 40  # ids travel in button data ("r:<id>", "c:<id>"), which Telegram caps at 64 bytes


class DialogueBuilder(Validator):
    """The dialogue part of the builder (see `bot.kb.build.Builder`)."""

    k: Knowledge

    def _dialogue_id(self, data: LineDict, what: str, known: dict) -> str:
        cid = self.text(data, "id", required=True, what=f" dans {what}")
        if not cid:
            return ""
        if not LOCAL_ID.match(cid) or len(cid) > DIALOGUE_ID_MAX:
            self.err(line_of(data, "id"), f"identifiant invalide « {cid} » dans {what} : minuscules sans accent, "
                                          f"chiffres et tirets, {DIALOGUE_ID_MAX} caractères au plus.")
            return ""
        if cid in known:
            self.err(line_of(data, "id"), f"« {cid} » est défini deux fois dans {what}.")
            return ""
        return cid

    def report_category(self, data: LineDict) -> None:
        self.unknown_keys(data, REPORT_CATEGORY_FIELDS, "une catégorie de signalement")
        cid = self._dialogue_id(data, "une catégorie de signalement", self.k.report_categories)
        title = self.text(data, "title", required=True, what=" dans une catégorie de signalement")
        if cid:
            self.k.report_categories[cid] = ReportCategory(cid, title or cid, self.text(data, "emoji"),
                                                           self.text(data, "description"))

    def official(self, data: LineDict) -> None:
        self.unknown_keys(data, OFFICIAL_FIELDS, "un élu")
        oid = self._dialogue_id(data, "un élu", self.k.officials)
        role = self.text(data, "role", required=True, what=" dans un élu")
        chat = data.get("telegram_chat")
        if chat is not None and (isinstance(chat, bool) or not isinstance(chat, int)):
            self.err(line_of(data, "telegram_chat"), "« telegram_chat » est un nombre (l'identifiant de la "
                                                     "discussion Telegram de l'élu), par exemple -1001234567890.")
            chat = None
        if oid:
            self.k.officials[oid] = Official(oid, self.text(data, "name"), role or oid, self.texts(data, "delegations"),
                                             chat or 0, self.text(data, "email"), self.text(data, "phone"))
