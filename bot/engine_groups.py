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
from typing import TYPE_CHECKING

from . import actions as A
from . import wording as W
from . import wording_groups as WG
from .commands import find
from .deeplinks import USERNAME
from .flood import FloodBudget, counted
from .replies import Button, Reply

if TYPE_CHECKING:
    from .engine import Engine

# Presses whose answer is the same for whoever presses them (an entry, the menu, a map pin) or is
# kept to the presser's own rows (👍/👎 of someone else's answer is refused by the storage), and the
# staff's buttons, which act in the staff chat. Any other button, today's personal ones (writing to
# the town, following a project) and those added later, is private until listed here: safe by default.
PUBLIC_ACTIONS = (A.OpenEntry, A.ShowVariant, A.ShowPage, A.GuideStep, A.Feedback, A.Menu, A.Example,
                  A.NoneOfThese, A.StaffAct, A.NearBy, A.MapPin, A.TourStop, A.Expired)
# The command that does in private what a personal button would have done in the group.
PRIVATE_COMMAND = {A.Write: "contact", A.ContactTo: "contact", A.AskTown: "contact", A.Confirm: "contact",
                   A.ReportIn: "signaler", A.Follow: "projets", A.Vote: "projets"}


def chat_link(bot_username: str) -> str:
    """`https://t.me/<bot>`: opens the person's private chat with the bot ("" without a valid username)."""
    return f"https://t.me/{bot_username}" if USERNAME.fullmatch(bot_username or "") else ""


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

    @counted
    def on_go_private(self: "Engine", user: str = "", command: str = "") -> Reply:
        """A personal command (`Command.personal`) typed in a group: the invitation to the private chat."""
        return self._private_invite(command)

    def _private_invite(self: "Engine", command: str | None) -> Reply:
        """One sentence and a button that opens the private chat; never the person's data."""
        link = chat_link(self.bot_username)
        if not link:
            return self._text(WG.PRIVATE_INVITE_NO_LINK)
        found = find(command) if command else None
        text = (WG.PRIVATE_INVITE.format(what=found.description, button=WG.PRIVATE_BUTTON, command=found.name)
                if found is not None else WG.PRIVATE_INVITE_ANY.format(button=WG.PRIVATE_BUTTON))
        return self._text(text, [[Button(WG.PRIVATE_BUTTON, url=link)]])

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
        if not isinstance(action, PUBLIC_ACTIONS):
            reply = self.on_go_private(user, PRIVATE_COMMAND.get(type(action), ""))
            reply.toast = WG.PRIVATE_TOAST
            return reply
        reply = self.on_button(user, data, chat=chat, origin=origin)
        if reply.toast == W.EXPIRED_TOAST:
            return Reply([], toast=WG.FEEDBACK_NOT_YOURS if isinstance(action, A.Feedback) else W.EXPIRED_TOAST)
        return reply

    def for_group(self: "Engine", reply: Reply) -> Reply:
        """`reply` as a group may see it: each personal button (writing to the town, following a
        project…) becomes a link to the private chat with the same words, and no keyboard asks for
        a position. The one filter every reply to a group goes through (handlers/keyboard.py)."""
        link = chat_link(self.bot_username)
        messages = []
        for m in reply.messages:
            rows = [[b if b.url or is_public(b.data) else Button(WG.PRIVATE_LABEL.format(label=b.label), url=link)
                     for b in row if b.url or is_public(b.data) or link] for row in m.buttons]
            messages.append(dataclasses.replace(m, buttons=[r for r in rows if r], ask_location=""))
        return dataclasses.replace(reply, messages=messages)
