"""What the engine returns: a Reply of Messages with rows of Buttons, plain data with no Telegram inside."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Button:
    """An inline button: `data` is callback data made by `bot.actions.encode`, or `url` opens a link."""

    label: str
    data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Venue:
    """A map pin with a name and an address (Telegram's venue): where a place or a heritage site is."""

    lat: float
    lon: float
    title: str
    address: str


@dataclass
class Message:
    """One message: text (Telegram HTML or plain, as the renderer was asked) and its button rows.

    `ask_location`: the label of a keyboard button that shares the citizen's position (Telegram's
    location request); such a message carries that keyboard instead of inline buttons.
    `photo`: the absolute path of an image shipped in the knowledge folder (a heritage site's);
    the message is then that photo, `text` its caption (1,024 characters at most).
    `venue`: the message is a map pin; `text` says the same in words (what the console shows).
    """

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    ask_location: str = ""
    photo: str = ""
    venue: Venue | None = None


@dataclass
class Reply:
    """The engine's answer to one update: messages to send, an optional toast for a pressed button,
    and whether the first message replaces the pressed one (`edit`)."""

    messages: list[Message]
    toast: str | None = None
    edit: bool = False
