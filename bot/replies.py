"""What the engine returns: a Reply of Messages with rows of Buttons, plain data with no Telegram inside."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Button:
    """An inline button: `data` is callback data made by `bot.actions.encode`, or `url` opens a link."""

    label: str
    data: str | None = None
    url: str | None = None


@dataclass
class Message:
    """One message: text (Telegram HTML or plain, as the renderer was asked) and its button rows.

    `ask_location`: the label of a keyboard button that shares the citizen's position (Telegram's
    location request); such a message carries that keyboard instead of inline buttons.
    `photo`: a picture drawn here (PNG bytes, a /stats chart), sent as a photo with `text` as its
    caption (1,024 characters at most).
    """

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    ask_location: str = ""
    photo: bytes = b""


@dataclass
class Reply:
    """The engine's answer to one update: messages to send, an optional toast for a pressed button,
    and whether the first message replaces the pressed one (`edit`)."""

    messages: list[Message]
    toast: str | None = None
    edit: bool = False
