"""Building what the dialogue with the town needs: report categories and elected officials."""

from __future__ import annotations

from .limits import MAX_SHOWN_CHARS, MAX_TITLE_CHARS
from .model import Knowledge, Official, ReportCategory
from .schema import Validator
from .yamlio import LineDict, line_of

REPORT_CATEGORY_FIELDS = {"id", "title", "emoji", "description"}
OFFICIAL_FIELDS = {"id", "name", "role", "delegations", "telegram_chat", "email", "phone"}


class DialogueBuilder(Validator):
    """The dialogue part of the builder (see `bot.kb.build.Builder`)."""

    k: Knowledge

    def _dialogue_id(self, data: LineDict, what: str, known: dict) -> str:
        """The id of a category or an official (the rule of every id), or "" once reported."""
        cid = self.identifier(data, what)
        if cid and cid in known:
            self.err(line_of(data, "id"), f"« {cid} » est défini deux fois dans {what}.")
            return ""
        return cid

    def report_category(self, data: LineDict) -> None:
        self.unknown_keys(data, REPORT_CATEGORY_FIELDS, "une catégorie de signalement")
        cid = self._dialogue_id(data, "une catégorie de signalement", self.k.report_categories)
        title = self.text(data, "title", required=True, what=" dans une catégorie de signalement",
                          max_len=MAX_TITLE_CHARS)
        if cid:
            self.k.report_categories[cid] = ReportCategory(cid, title or cid, self.text(data, "emoji", max_len=MAX_TITLE_CHARS),
                                                           self.text(data, "description", max_len=MAX_SHOWN_CHARS))

    def official(self, data: LineDict) -> None:
        self.unknown_keys(data, OFFICIAL_FIELDS, "un élu")
        oid = self._dialogue_id(data, "un élu", self.k.officials)
        role = self.text(data, "role", required=True, what=" dans un élu", max_len=MAX_TITLE_CHARS)
        chat = data.get("telegram_chat")
        if chat is not None and (isinstance(chat, bool) or not isinstance(chat, int)):
            self.err(line_of(data, "telegram_chat"), "« telegram_chat » est un nombre (l'identifiant de la "
                                                     "discussion Telegram de l'élu), par exemple -1001234567890.")
            chat = None
        if oid:
            self.k.officials[oid] = Official(oid, self.text(data, "name", max_len=MAX_TITLE_CHARS), role or oid,
                                             self.texts(data, "delegations"),
                                             chat or 0, self.text(data, "email"), self.text(data, "phone"))
