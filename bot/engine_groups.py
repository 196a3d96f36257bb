"""The engine in group chats: the group's flood budget, the invitation to continue in private, the
personal buttons of a reply made links to the private chat, presses by any member, the hello.

A mixin of `Engine` (as `bot/engine_dialogue.py`). The engine knows no Telegram: the handlers
(handlers/groups.py) tell it a message comes from a group by passing the group's key, a keyed hash
of the chat id made by `group_key` (the raw id is never stored or logged), and send every reply to a
group through `for_group`. What is personal (a member's requests, drafts, followed projects, their
data) is answered in the private chat only: in a group, one sentence and a button that opens it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import TYPE_CHECKING

from . import actions as A
from . import i18n
from . import wording as W
from . import wording_groups as WG
from .commands import find
from .deeplinks import USERNAME
from .engine_language import citizen, spoken
from .flood import FloodBudget
from .replies import Button, Reply

if TYPE_CHECKING:
    from .engine import Engine

# Presses whose answer is the same for whoever presses them (an entry, the menu, a map pin) or is
# kept to the presser's own rows (👍/👎 of someone else's answer is refused by the storage), and the
# staff's buttons, which act in the staff chat. Any other button, today's personal ones (writing to
# the town, following a project) and those added later, is private until listed here: safe by default.
PUBLIC_ACTIONS = (A.OpenEntry, A.ShowVariant, A.ShowPage, A.GuideStep, A.Feedback, A.Menu, A.Example,
                  A.NoneOfThese, A.StaffAct, A.NearBy, A.MapPin, A.TourStop, A.Expired)
# Commands the invitation's link carries out itself once in the private chat (`/start _mes_demandes`):
# what only shows the person's own things or starts writing, never what a link must not do on a tap
# (/oubli erases, /annuler drops a draft: those the person types). The payload starts with "_", which
# no entry id does (bot/kb/model.py), so it never shadows the deep link of an entry.
RESUMABLE = ("mes_demandes", "suivis", "contact", "signaler")
QUESTION = "_question-"  # + a recorded question's id: "ask the town hall" about it, for its asker only


def chat_link(bot_username: str, payload: str = "") -> str:
    """`https://t.me/<bot>` (with `?start=<payload>`): opens the person's private chat with the bot,
    "" without a valid username."""
    if not USERNAME.fullmatch(bot_username or ""):
        return ""
    return f"https://t.me/{bot_username}" + (f"?start={payload}" if payload else "")


def resume_payload(action: A.Action | A.Expired) -> str:
    """The /start payload that does in private what a personal button of a group's reply offered."""
    match action:
        case A.AskTown(question):
            return f"{QUESTION}{question}"
        case A.Write() | A.ContactTo() | A.Confirm():
            return "_contact"
        case A.ReportIn():
            return "_signaler"
        case A.Follow(project) | A.Vote(project):
            return project  # the project's own deep link: its page, with its follow and vote buttons
    return ""


def is_public(data: str | None) -> bool:
    """Whether a button's callback data does the same for any member of a group (see PUBLIC_ACTIONS)."""
    return isinstance(A.decode(data), PUBLIC_ACTIONS)


class GroupsMixin:
    """Group chats: addressed messages are budgeted per group; personal things go to the private chat."""

    @functools.cached_property
    def group_flood(self: "Engine") -> FloodBudget:
        """The per-group token bucket (GUICHET_FLOOD_PER_GROUP a minute, all members together)."""
        return FloodBudget(self.settings.flood_per_group)

    def group_key(self: "Engine", chat_id: int) -> str:
        """The keyed hash of a group chat (the same HMAC as a person's, of another text): what the
        group's flood bucket is keyed by; the raw chat id goes no further."""
        return self.user_key(f"group:{chat_id}")

    def on_group_message(self: "Engine", group: str, chat: int) -> Reply | None:
        """Spend one token of the group's budget for a message addressed to the bot: None within
        budget; over it, one short notice for the whole group, then silence until the bucket refills
        (a busy group must not become a wall of bot messages, nor hit Telegram's 20 a minute).
        The town's own chats (the staff chat, an official's) are not budgeted."""
        if self.accepts_staff_replies(chat):
            return None
        state = self.group_flood.check(group)
        if state == "ok":
            return None
        return self._text(WG.GROUP_FLOOD_NOTICE) if state == "notice" else Reply([])

    def on_group_joined(self: "Engine", group: str, chat: int) -> Reply:
        """The bot was added to a group: one short hello saying how to address it there (none in
        the town's own chats, whose members know it)."""
        if self.accepts_staff_replies(chat):
            return Reply([])
        flooded = self.on_group_message(group, chat)
        if flooded is not None:
            return flooded
        name = self.knowledge.town.name if self.knowledge.has_town else W.THE_TOWN_HALL
        return self._text(WG.HELLO.format(town=name, bot=self.bot_username or "…"))

    @citizen
    def on_go_private(self: "Engine", user: str = "", command: str = "") -> Reply:
        """A personal command (`Command.personal`) typed in a group: the invitation to the private chat."""
        return self._private_invite(command)

    def _private_invite(self: "Engine", command: str = "", payload: str = "") -> Reply:
        """One sentence and a button that opens the private chat, and there does what was asked (a
        RESUMABLE `command`, or a button's `payload`); never the person's data."""
        found = find(command) if command else None
        if found is not None:
            payload = f"_{found.name}" if found.name in RESUMABLE else ""
        link = chat_link(self.bot_username, payload)
        if not link:
            return self._text(WG.PRIVATE_INVITE_NO_LINK)
        if found is None:
            text = WG.PRIVATE_INVITE_ANY.format(button=WG.PRIVATE_BUTTON)
        else:
            template = WG.PRIVATE_INVITE_RESUMED if payload else WG.PRIVATE_INVITE
            text = template.format(what=i18n.gettext(found.description), button=WG.PRIVATE_BUTTON, command=found.name)
        return self._text(text, [[Button(WG.PRIVATE_BUTTON, url=link)]])

    def _resumed(self: "Engine", user: str, payload: str, private: bool) -> Reply | None:
        """/start with an invitation's payload, in the private chat: what the group was denied (None:
        no such payload, or not a private chat, where it is only the welcome)."""
        if not private or not payload.startswith("_"):
            return None
        asked = re.fullmatch(re.escape(QUESTION) + r"([0-9]{1,9})", payload)
        if asked:  # someone else's question (or none): None, the welcome
            return self._in_draft(lambda d: d.press(user, 0, A.AskTown(int(asked.group(1)))))
        found = find(payload[1:])
        if found is None or found.name not in RESUMABLE:
            return None
        extra = {"chat": 0} if found.with_text else {}  # a new draft; the chat is remembered when it is sent
        return getattr(self, found.method)(user, **extra)  # a second flood token, for one tap: harmless

    @spoken
    def on_group_press(self: "Engine", user: str, data: str, group: str, chat: int, origin: str = "") -> Reply:
        """A button pressed in a group, by any member: the group's budget first (presses that only
        edit in place are free, as in private), then a public press as anywhere, a personal one the
        invitation. A stale button, or 👍/👎 on someone else's answer, gets a toast only: the
        presser's business, not the group's."""
        action = A.decode(data)
        if not A.is_free(action):
            flooded = self.on_group_message(group, chat)
            if flooded is not None:
                return Reply([], toast=WG.GROUP_FLOOD_TOAST if flooded.messages else None)
        if not isinstance(action, PUBLIC_ACTIONS):  # an old message's button, or a forged one
            reply = self._flood(user) or self._private_invite(payload=resume_payload(action))
            reply.toast = WG.PRIVATE_TOAST
            return reply
        reply = self.on_button(user, data, chat=chat, origin=origin)
        if reply.toast == W.EXPIRED_TOAST:
            return Reply([], toast=WG.FEEDBACK_NOT_YOURS if isinstance(action, A.Feedback) else W.EXPIRED_TOAST)
        return reply

    def for_group(self: "Engine", reply: Reply) -> Reply:
        """`reply` as a group may see it: each personal button (writing to the town, following a
        project…) becomes a link to the private chat with the same words, and no keyboard asks for
        a position. The one filter every reply to a group goes through (handlers/keyboard.py), in the
        language of the update's sender, whose reply it is (bot/i18n.py `client`)."""
        messages = []
        client = i18n.client.get()
        with self.speaking(client[0] if client else ""):
            for m in reply.messages:
                rows = [[self._group_button(b) for b in row] for row in m.buttons]
                rows = [[b for b in row if b is not None] for row in rows]
                messages.append(dataclasses.replace(m, buttons=[r for r in rows if r], ask_location=""))
        return dataclasses.replace(reply, messages=messages)

    def _group_button(self: "Engine", button: Button) -> Button | None:
        """A button as a group may see it: public as it is, personal a link that does it in private
        (None when there is no link to make: the console, or a bot without a username)."""
        if button.url or is_public(button.data):
            return button
        link = chat_link(self.bot_username, resume_payload(A.decode(button.data)))
        return Button(WG.PRIVATE_LABEL.format(label=button.label), url=link) if link else None
