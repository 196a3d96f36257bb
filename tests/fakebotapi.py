"""A strict local fake of the Telegram Bot API, for tests that run the real `Application`.

Why: a test that talks to a fake which accepts everything proves nothing. This fake serves
`/bot<TOKEN>/<method>` on 127.0.0.1 (aiohttp), records every call, and refuses what Telegram
would refuse (docs/telegram-limits.md) with the same `{"ok": false, "error_code": 400, "description": "Bad
Request: ..."}` answers, so a test fails when the bot would have failed in production.

Usage (inside a running event loop)::

    async with FakeBotAPI() as api:
        app = build_application(replace(settings, telegram_token=api.token,
                                        telegram_base_url=api.base_url), engine)
        ...
        alice = api.user(first_name="Alice")
        api.send_command(alice, "start")
        await api.wait_replies(1)
        assert api.refused == [] and api.unanswered_callbacks() == []

What it enforces (and what it does not):
- sendMessage / editMessageText: text 1-4,096 characters after entity parsing (measured in Unicode
  code points as tdlib's `utf8_length` does; `length_unit="utf16"` to be stricter), not blank;
  parse_mode HTML parsed by a tdlib-like parser of the allowed tag set (unknown tags, unclosed or
  mismatched tags, bare `<`, `&` outside a known entity are refused; bare `&` is *stricter* than
  tdlib, which keeps it, because docs/telegram-limits.md asks for every `&` to be escaped); MarkdownV2/Markdown are
  refused as "not validated by this fake" so nothing goes through unchecked.
- reply_markup inline keyboards: button text non-empty, exactly one action, callback_data 1-64
  bytes, url http(s)/tg, at most 100 buttons; chat_id must be a chat the fake has seen.
- editMessageText on an unchanged message: "message is not modified", as Telegram does.
- answerCallbackQuery: the query must exist, be answered once, text <= 200 characters.
- setMyCommands: names `[a-z0-9_]{1,32}`, descriptions 1-256 characters, at most 100 commands.
- sendPhoto: a file id or an uploaded file (`api.uploads` records its name, size and bytes; PNG or JPEG only), caption at
  most 1,024 characters after parsing, an inline keyboard like sendMessage's.
- sendLocation / sendVenue: latitude within ±90, longitude within ±180; a venue needs a non-empty
  title and address.
- getUpdates: long polling with `timeout`, `offset` confirming, `limit`, `allowed_updates`
  (remembered between calls, as Telegram does).

Fault injection (issue 5): `api.inject_fault("sendMessage", "429", times=2, retry_after=1)`, kinds
`"429"` (Too Many Requests with `parameters.retry_after`), `"500"`, `"drop"` (close the connection
without an answer) and `"slow"` (answer after `delay` seconds, longer than the client's timeout).
`deliver=True` makes a drop/slow call take effect before failing (the message *was* sent: the
dangerous case for blind retries); by default a drop is not delivered and a slow call is.
Injected faults are recorded with `Call.fault` and do not count as refusals.

Without a server: `check_message(html, reply_markup_dict)` applies the same text and keyboard
rules (property tests use it on rendered messages). `api.request_hooks` are called with each
request as it arrives, before it is handled.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from aiohttp import web

# --------------------------------------------------------------------------------------------
# Telegram's rules (docs/telegram-limits.md)

MAX_TEXT = 4096
MAX_CALLBACK_ANSWER = 200
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100
MAX_COMMANDS = 100
COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
# tag -> entity type; attributes checked in _open_tag
HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
PLAIN_RUN_RE = re.compile(r"[^<&]+")
ENTITY_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z][a-zA-Z0-9]{0,31});")
TAG_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
ATTR_NAME_RE = re.compile(r"[a-zA-Z_][a-zA-Z0-9_-]*")

JSON_FIELDS = {
    "reply_markup",
    "link_preview_options",
    "allowed_updates",
    "commands",
    "scope",
    "entities",
    "caption_entities",
    "reply_parameters",
}
INT_FIELDS = {
    "message_id",
    "offset",
    "limit",
    "cache_time",
    "user_id",
    "message_thread_id",
    "reply_to_message_id",
}
BOOL_FIELDS = {
    "disable_notification",
    "protect_content",
    "drop_pending_updates",
    "show_alert",
    "allow_sending_without_reply",
    "disable_web_page_preview",
    "allow_paid_broadcast",
}


class ApiError(Exception):
    """A refusal, answered as Telegram answers it."""

    def __init__(self, description: str, code: int = 400, parameters: dict | None = None):
        super().__init__(description)
        self.description = description
        self.code = code
        self.parameters = parameters


def bad(description: str) -> ApiError:
    """A 400 Bad Request with Telegram's wording."""
    return ApiError(f"Bad Request: {description}", 400)


# --------------------------------------------------------------------------------------------
# HTML (parse_mode=HTML), modelled on tdlib's parse_html


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


def parse_html(text: str) -> tuple[str, list[dict]]:
    """Parse Telegram HTML into (plain text, entities with code-point offsets); raise on error."""
    out: list[str] = []
    length = 0  # code points written to out
    stack: list[dict] = []
    entities: list[dict] = []
    i, n = 0, len(text)

    def fail(what: str) -> ApiError:
        return bad(f"can't parse entities: {what}")

    while i < n:
        c = text[i]
        if c == "&":
            m = ENTITY_RE.match(text, i)
            if not m:
                raise fail(f'Unescaped "&" at byte offset {_byte_offset(text, i)}; write &amp;')
            name = m.group(1)
            if name.startswith("#"):
                code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
                if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                    raise fail(f"Invalid character entity at byte offset {_byte_offset(text, i)}")
                decoded = chr(code)
            elif name in NAMED_ENTITIES:
                decoded = NAMED_ENTITIES[name]
            else:
                raise fail(f'Unsupported HTML entity "&{name};" at byte offset {_byte_offset(text, i)}')
            out.append(decoded)
            length += len(decoded)
            i = m.end()
            continue
        if c != "<":  # a run of plain text, up to the next tag or entity, in one step
            m = PLAIN_RUN_RE.match(text, i)
            run = m.group(0)
            out.append(run)
            length += len(run)
            i = m.end()
            continue
        # a tag
        at = _byte_offset(text, i)
        if i + 1 < n and text[i + 1] == "/":
            m = TAG_NAME_RE.match(text, i + 2)
            j = m.end() if m else i + 2
            while j < n and text[j] in " \t\n\r":
                j += 1
            if j >= n or text[j] != ">" or not m:
                raise fail(f"Can't find end tag name at byte offset {at}")
            name = m.group(0).lower()
            if not stack:
                raise fail(f'Unexpected end tag at byte offset {at}')
            top = stack.pop()
            if top["tag"] != name:
                raise fail(
                    f'Unmatched end tag at byte offset {at}, expected "</{top["tag"]}>", found "</{name}>"'
                )
            if length > top["offset"] and top["type"] is not None:
                entity = {"type": top["type"], "offset": top["offset"], "length": length - top["offset"]}
                entity.update(top["extra"])
                entities.append(entity)
            i = j + 1
            continue
        m = TAG_NAME_RE.match(text, i + 1)
        if not m:
            raise fail(f'Unsupported start tag "" at byte offset {at}; write &lt; for a literal "<"')
        name = m.group(0).lower()
        if name not in HTML_TAGS:
            raise fail(f'Unsupported start tag "{name}" at byte offset {at}')
        attrs: dict[str, str] = {}
        j = m.end()
        while True:
            while j < n and text[j] in " \t\n\r":
                j += 1
            if j >= n:
                raise fail(f'Unclosed start tag at byte offset {at}')
            if text[j] == ">":
                j += 1
                break
            am = ATTR_NAME_RE.match(text, j)
            if not am:
                raise fail(f'Empty attribute name in the tag "{name}" at byte offset {at}')
            attr = am.group(0).lower()
            j = am.end()
            value = ""
            if j < n and text[j] == "=":
                j += 1
                if j < n and text[j] in "\"'":
                    quote = text[j]
                    end = text.find(quote, j + 1)
                    if end < 0:
                        raise fail(f'Unclosed end of attribute value at byte offset {at}')
                    raw = text[j + 1 : end]
                    j = end + 1
                else:
                    vm = re.compile(r"[^\s>]+").match(text, j)
                    if not vm:
                        raise fail(f'Empty attribute value at byte offset {at}')
                    raw = vm.group(0)
                    j = vm.end()
                value, _ = parse_html_attribute(raw, at)
            attrs[attr] = value
        entity_type, extra = _open_tag(name, attrs, stack, at)
        stack.append({"tag": name, "type": entity_type, "offset": length, "extra": extra})
        i = j
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1]["tag"]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def parse_html_attribute(raw: str, at: int) -> tuple[str, None]:
    """Decode the entities of an attribute value (same rules as text)."""
    if "<" in raw:
        raise bad(f"can't parse entities: Unexpected \"<\" in an attribute value at byte offset {at}")
    plain, _ = parse_html(raw) if "&" in raw else (raw, [])
    return plain, None


def _open_tag(name: str, attrs: dict[str, str], stack: list[dict], at: int) -> tuple[str | None, dict]:
    """Check a start tag's attributes like tdlib does; return (entity type, extra fields)."""

    def fail(what: str) -> ApiError:
        return bad(f"can't parse entities: {what}")

    kind = HTML_TAGS[name]
    if name == "span":
        if attrs.get("class") != "tg-spoiler":
            raise fail(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
        return "spoiler", {}
    if name == "a":
        href = attrs.get("href", "")
        if not href:
            return None, {}
        return "text_link", {"url": href}
    if name == "tg-emoji":
        emoji_id = attrs.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise fail(f'Custom emoji entity must have "emoji-id" attribute at byte offset {at}')
        return "custom_emoji", {"custom_emoji_id": emoji_id}
    if name == "blockquote":
        if any(t["tag"] == "blockquote" for t in stack):
            raise fail(f"Blockquotes can't be nested (byte offset {at})")
        return ("expandable_blockquote" if "expandable" in attrs else "blockquote"), {}
    if name == "code" and stack and stack[-1]["tag"] == "pre":
        language = attrs.get("class", "")
        if language.startswith("language-"):
            stack[-1]["extra"] = {"language": language[len("language-"):]}
    return kind, {}


def text_length(plain: str, unit: str = "codepoints") -> int:
    """Length as Telegram counts it: code points (tdlib utf8_length) or UTF-16 code units."""
    if unit == "utf16":
        return len(plain.encode("utf-16-le", "surrogatepass")) // 2
    return len(plain)


def _utf16_entities(plain: str, entities: list[dict]) -> list[dict]:
    """Convert code-point offsets to the UTF-16 offsets the Bot API returns."""
    prefix = [0]
    for ch in plain:
        prefix.append(prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))
    result = []
    for e in entities:
        start, end = e["offset"], e["offset"] + e["length"]
        converted = dict(e, offset=prefix[start], length=prefix[end] - prefix[start])
        result.append(converted)
    return result


def check_reply_markup(markup: Any) -> dict | None:
    """Validate an inline keyboard (or other markup); return it normalised."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        # reply keyboards / ForceReply / ReplyKeyboardRemove: minimal checks
        if not any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
            raise bad("can't parse reply keyboard markup JSON object")
        return markup
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
    count = 0
    for row in rows:
        for button in row:
            count += 1
            if not isinstance(button, dict):
                raise bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
            label = button.get("text")
            if not isinstance(label, str) or not label.strip():
                raise bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            actions = [k for k in BUTTON_ACTIONS if k in button]
            if len(actions) != 1:
                raise bad(
                    "can't parse inline keyboard button: exactly one of "
                    f"{', '.join(BUTTON_ACTIONS)} must be set, found {actions or 'none'}"
                )
            if "callback_data" in button:
                data = button["callback_data"]
                size = len(str(data).encode("utf-8")) if isinstance(data, str) else -1
                if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                    raise bad("BUTTON_DATA_INVALID")
            if "url" in button:
                url = button["url"]
                if not isinstance(url, str) or not re.match(r"(?i)^(https?://[^\s/]+|tg://)\S*$", url):
                    raise bad("BUTTON_URL_INVALID")
    if count > MAX_BUTTONS:
        raise bad("BUTTONS_TOO_MUCH")
    return {"inline_keyboard": rows}


def check_text(text: Any, parse_mode: str = "HTML", length_unit: str = "codepoints") -> tuple[str, list[dict]]:
    """Validate a message text as Telegram does; return (plain text, UTF-16 entities) or raise ApiError.

    The same function the fake applies to sendMessage/editMessageText, usable without a server
    (property tests check rendered messages with it).
    """
    if not isinstance(text, str) or text == "":
        raise bad("message text is empty")
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, entities = parse_html(text)
    elif mode == "":
        plain, entities = text, []
    elif mode in ("markdown", "markdownv2"):
        raise bad(f"parse_mode {parse_mode} is not validated by this fake; use HTML")
    else:
        raise bad(f"unsupported parse_mode {parse_mode!r}")
    if not plain.strip():
        raise bad("message text is empty")
    if text_length(plain, length_unit) > MAX_TEXT:
        raise bad("message is too long")
    return plain, _utf16_entities(plain, entities)


def check_message(text: Any, reply_markup: Any = None, *, parse_mode: str = "HTML",
                  length_unit: str = "codepoints") -> str:
    """Validate a whole sendMessage (text + inline keyboard) as the fake would; return the plain text."""
    plain, _ = check_text(text, parse_mode, length_unit)
    check_reply_markup(reply_markup)
    return plain


# --------------------------------------------------------------------------------------------
# Records


@dataclass
class Call:
    """One request received by the fake."""

    method: str
    params: dict
    ok: bool = True  # the call took effect (a "slow" or delivered "drop" fault can still be ok)
    refused: str | None = None  # description when Telegram's rules refused the call
    fault: str | None = None  # injected fault kind, when one applied
    result: Any = None
    at: float = field(default_factory=time.monotonic)  # when it was answered
    arrived: float = field(default_factory=time.monotonic)  # when the request came in


@dataclass
class Fault:
    kind: str  # "429", "500", "drop", "slow"
    times: int
    retry_after: int = 1
    delay: float = 30.0
    deliver: bool | None = None


@dataclass
class FakeUser:
    id: int
    first_name: str
    username: str | None = None
    language_code: str = "fr"

    def as_dict(self) -> dict:
        d: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            d["username"] = self.username
        d["language_code"] = self.language_code
        return d


def _position(params: dict) -> tuple[float, float]:
    """latitude in [-90, 90] and longitude in [-180, 180], as Telegram checks them (sendLocation, sendVenue)."""
    try:
        lat, lon = float(params.get("latitude")), float(params.get("longitude"))
    except (TypeError, ValueError):
        raise bad("wrong latitude or longitude") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise bad("wrong latitude or longitude")
    return lat, lon


class Upload(str):
    """A file sent in a multipart request: reads as "<file NAME>" where a parameter is a string, and
    keeps the bytes (`data`) for the methods that check what was uploaded (sendPhoto)."""

    def __new__(cls, field: Any) -> "Upload":
        self = super().__new__(cls, f"<file {getattr(field, 'filename', '?')}>")
        self.data = field.file.read() if hasattr(field, "file") else b""
        return self


@dataclass
class StoredMessage:
    """A message as the fake knows it (the latest state after edits)."""

    chat_id: int
    message_id: int
    from_bot: bool
    data: dict  # the Message object as returned to / sent by the client
    html: str | None = None  # the text as the bot sent it (parse_mode HTML)
    seq: int = 0  # send order across chats

    @property
    def text(self) -> str:
        return self.data.get("text", "")

    @property
    def buttons(self) -> list[dict]:
        markup = self.data.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    @property
    def callback_buttons(self) -> list[dict]:
        return [b for b in self.buttons if "callback_data" in b]

    @property
    def url_buttons(self) -> list[dict]:
        return [b for b in self.buttons if "url" in b]


# --------------------------------------------------------------------------------------------
# The server


class FakeBotAPI:
    """A strict fake Bot API server; see the module docstring."""

    def __init__(
        self,
        token: str = "123456789:TEST-token_for-the-fake-bot-api",
        *,
        bot_username: str = "guichet_test_bot",
        length_unit: str = "codepoints",
        callback_answer_deadline: float = 15.0,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.length_unit = length_unit
        self.callback_answer_deadline = callback_answer_deadline
        self.calls: list[Call] = []
        self.chats: dict[int, dict] = {}
        self.blocked: set[int] = set()
        self.uploads: list[dict] = []  # files the bot uploaded, in order: {"field", "filename", "size", "data"}
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.commands: dict[str, list[dict]] = {}
        self.callback_queries: dict[str, dict] = {}
        self.webhook_url = ""
        self._updates: list[dict] = []  # not yet confirmed
        self.dropped_updates: list[dict] = []  # not in allowed_updates: discarded, as Telegram does
        self._delivered: set[int] = set()
        self._allowed_updates: list[str] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = {}
        self._user_ids = itertools.count(100_001)
        self._callback_ids = itertools.count(1)
        self._seq = itertools.count(1)
        self._faults: dict[str, list[Fault]] = {}
        # called with each Call as soon as its parameters are read, before faults or handling
        # (e.g. to look at the database at the very moment a sendMessage arrives)
        self.request_hooks: list[Callable[[Call], None]] = []
        self._changed = asyncio.Event()  # replaced after every set(): one-shot broadcast
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    # -- life cycle ----------------------------------------------------------------------

    async def start(self) -> "FakeBotAPI":
        """Serve on 127.0.0.1, on a free port."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        """Wake long polls and shut the server down."""
        self._closing = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "FakeBotAPI":
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """What to give `ApplicationBuilder.base_url` (the token is appended by PTB)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def _notify(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    # -- queries for tests -----------------------------------------------------------------

    @property
    def refused(self) -> list[Call]:
        """Calls that broke Telegram's rules (injected faults excluded)."""
        return [c for c in self.calls if c.refused]

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[Call]:
        """Calls of one method (case-insensitive), optionally only the successful ones."""
        m = method.lower()
        return [c for c in self.calls if c.method.lower() == m and (ok is None or c.ok == ok)]

    def replies(self, chat_id: int | None = None) -> list[Call]:
        """Successful sendMessage and editMessageText calls (what the citizen saw change)."""
        return [
            c
            for c in self.calls
            if c.ok
            and c.method.lower() in ("sendmessage", "editmessagetext")
            and (chat_id is None or _as_int(c.params.get("chat_id")) == chat_id)
        ]

    def sent(self, chat_id: int | None = None) -> list[StoredMessage]:
        """Messages the bot sent, in order, in their current (edited) state."""
        return sorted(
            (m for m in self.messages.values() if m.from_bot and (chat_id is None or m.chat_id == chat_id)),
            key=lambda m: m.seq,
        )

    def last_sent(self, chat_id: int | None = None) -> StoredMessage:
        """The newest message sent by the bot (by send order)."""
        msgs = [m for m in self.messages.values() if m.from_bot and (chat_id is None or m.chat_id == chat_id)]
        if not msgs:
            raise AssertionError("the bot has sent no message")
        return max(msgs, key=lambda m: m.seq)

    def most_in_one_second(self, method: str = "sendMessage", chat_id: int | None = None, period: float = 1.0) -> int:
        """The most calls of `method` (to `chat_id`, or any chat) that arrived within any `period` seconds."""
        times = sorted(c.arrived for c in self.calls_to(method)
                       if chat_id is None or _as_int(c.params.get("chat_id")) == chat_id)
        most, start = 0, 0
        for end, t in enumerate(times):
            while t - times[start] >= period:
                start += 1
            most = max(most, end - start + 1)
        return most

    def unanswered_callbacks(self) -> list[dict]:
        """Button presses delivered to the bot and never answered with answerCallbackQuery."""
        return [q for q in self.callback_queries.values() if not q["answered"]]

    def pending_updates(self) -> int:
        """Injected updates not yet fetched by the bot."""
        return sum(1 for u in self._updates if u["update_id"] not in self._delivered)

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> None:
        """Wait until predicate() is true (checked after every call), or fail the test."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}; calls: {self.summary()}")
            event = self._changed
            if predicate():
                break
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def wait_replies(self, n: int, chat_id: int | None = None, timeout: float = 5.0) -> list[Call]:
        """Wait until at least n replies (sendMessage/editMessageText that succeeded) arrived."""
        await self.wait_for(lambda: len(self.replies(chat_id)) >= n, timeout, f"{n} replies")
        return self.replies(chat_id)

    async def wait_idle(self, quiet: float = 0.15, timeout: float = 5.0) -> None:
        """Wait until every update was fetched, every press answered and no call came for `quiet`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            busy = self.pending_updates() or any(
                not q["answered"] for q in self.callback_queries.values()
            )
            last = max((c.at for c in self.calls if c.method.lower() != "getupdates"), default=0)
            if not busy and time.monotonic() - last >= quiet:
                return
            if loop.time() > deadline:
                raise AssertionError(f"bot not idle after {timeout}s; calls: {self.summary()}")
            await asyncio.sleep(quiet / 3)

    def summary(self) -> str:
        """A short human-readable log of the calls, for assertion messages."""
        parts = []
        for c in self.calls:
            if c.method.lower() == "getupdates" and c.ok and not c.result:
                continue
            state = "ok" if c.ok else (f"REFUSED {c.refused}" if c.refused else f"FAULT {c.fault}")
            parts.append(f"{c.method}: {state}")
        return "; ".join(parts[-40:])

    # -- fault injection ---------------------------------------------------------------------

    def inject_fault(
        self,
        method: str,
        kind: str | int,
        *,
        times: int = 1,
        retry_after: int = 1,
        delay: float = 30.0,
        deliver: bool | None = None,
    ) -> None:
        """Make the next `times` calls of `method` fail: "429", "500", "drop" or "slow"."""
        kind = str(kind)
        if kind not in ("429", "500", "drop", "slow"):
            raise ValueError(f"unknown fault kind {kind!r}")
        self._faults.setdefault(method.lower(), []).append(
            Fault(kind, times, retry_after=retry_after, delay=delay, deliver=deliver)
        )

    def _take_fault(self, method: str) -> Fault | None:
        queue = self._faults.get(method.lower())
        while queue:
            fault = queue[0]
            if fault.times <= 0:
                queue.pop(0)
                continue
            fault.times -= 1
            return fault
        return None

    # -- injecting updates (what citizens do) -----------------------------------------------

    def user(self, first_name: str = "Camille", *, id: int | None = None, username: str | None = None) -> FakeUser:
        """A new citizen with a private chat the bot may write to."""
        u = FakeUser(id if id is not None else next(self._user_ids), first_name, username)
        self.chats.setdefault(u.id, {"id": u.id, "type": "private", "first_name": first_name})
        return u

    def group(self, title: str = "Conseil de quartier", *, id: int | None = None, supergroup: bool = True) -> dict:
        """A group chat (ids are negative)."""
        chat_id = id if id is not None else -1_000_000_000_000 - len(self.chats)
        chat = {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}
        self.chats[chat_id] = chat
        return chat

    def channel(self, title: str = "Actualités", *, id: int | None = None) -> dict:
        chat_id = id if id is not None else -1_002_000_000_000 - len(self.chats)
        chat = {"id": chat_id, "type": "channel", "title": title}
        self.chats[chat_id] = chat
        return chat

    def block(self, user: FakeUser) -> None:
        """The user blocked the bot: sending to them answers 403."""
        self.blocked.add(user.id)

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _push(self, kind: str, payload: dict) -> dict:
        update = {"update_id": next(self._update_ids), kind: payload}
        self._updates.append(update)
        self._notify()
        return update

    def _user_message(self, user: FakeUser | None, chat: dict | None, **content: Any) -> dict:
        chat = chat or self.chats[user.id]  # type: ignore[union-attr]
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": dict(chat),
        }
        if user is not None:
            message["from"] = user.as_dict()
        else:
            message["sender_chat"] = dict(chat)
        message.update({k: v for k, v in content.items() if v is not None})
        self.messages[(chat["id"], message["message_id"])] = StoredMessage(chat["id"], message["message_id"], False, message)
        return message

    def send_text(
        self,
        user: FakeUser,
        text: str,
        *,
        chat: dict | None = None,
        reply_to: StoredMessage | None = None,
        entities: list[dict] | None = None,
    ) -> dict:
        """The citizen types `text` (in their private chat, or in `chat`)."""
        entities = list(entities or [])
        command = re.match(r"/[a-zA-Z0-9_]{1,32}(@[a-zA-Z0-9_]+)?", text)
        if command and not entities:  # Telegram marks a leading /command itself
            entities.append({"type": "bot_command", **_utf16_span(text, 0, command.end())})
        mention = f"@{self.bot_username}"
        if mention in text and not any(e["type"] == "mention" for e in entities):
            start = text.index(mention)
            entities.append({"type": "mention", **_utf16_span(text, start, start + len(mention))})
        message = self._user_message(
            user,
            chat,
            text=text,
            entities=entities or None,
            reply_to_message=reply_to.data if reply_to else None,
        )
        return self._push("message", message)

    def send_command(self, user: FakeUser, command: str, args: str = "", *, chat: dict | None = None, addressed: bool = False) -> dict:
        """The citizen sends `/command args` (with `@botname` when `addressed`, as in groups)."""
        head = f"/{command}" + (f"@{self.bot_username}" if addressed else "")
        text = head + (f" {args}" if args else "")
        entity = {"type": "bot_command", **_utf16_span(text, 0, len(head))}
        return self.send_text(user, text, chat=chat, entities=[entity])

    def press(
        self,
        message: StoredMessage,
        *,
        data: str | None = None,
        label: str | None = None,
        user: FakeUser | None = None,
    ) -> str:
        """The citizen presses a callback button (by data or label) of a message the bot sent."""
        current = self.messages.get((message.chat_id, message.message_id))
        if current is None or not current.from_bot:
            raise AssertionError("press(): not a message sent by the bot")
        buttons = current.callback_buttons
        for b in buttons:
            if (data is not None and b["callback_data"] == data) or (label is not None and b["text"] == label) or (
                data is None and label is None
            ):
                break
        else:
            raise AssertionError(
                f"press(): no button data={data!r} label={label!r}; buttons: {[b['text'] for b in buttons]}"
            )
        if user is None and self.chats[current.chat_id]["type"] != "private":
            raise AssertionError("press(): give user= for a group message")
        return self.forge_press(current, b["callback_data"], user)

    def forge_press(self, message: StoredMessage, data: str, user: FakeUser | None = None) -> str:
        """A press with `data` the bot never put on `message`: what a modified client can send."""
        chat = self.chats[message.chat_id]
        user = user or FakeUser(chat["id"], chat.get("first_name", "Camille"))
        query_id = str(next(self._callback_ids) * 7919 + 4_200_000_000)
        query = {"id": query_id, "from": user.as_dict(), "message": message.data,
                 "chat_instance": str(abs(message.chat_id) * 31 + 17), "data": data}
        self.callback_queries[query_id] = {"answered": False, "query": query, "at": time.monotonic(), "answer": None}
        self._push("callback_query", query)
        return query_id

    def send_sticker(self, user: FakeUser, emoji: str = "👍", *, chat: dict | None = None) -> dict:
        sticker = {
            "file_id": "CAACAgIAAxkBAAIB", "file_unique_id": "AgADsticker", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False, "emoji": emoji,
        }
        return self._push("message", self._user_message(user, chat, sticker=sticker))

    def send_photo(self, user: FakeUser, caption: str | None = None, *, chat: dict | None = None) -> dict:
        photo = [
            {"file_id": "AgACAgQAAxkBAAIC", "file_unique_id": "AQADphoto1", "width": 90, "height": 90},
            {"file_id": "AgACAgQAAxkBAAID", "file_unique_id": "AQADphoto2", "width": 800, "height": 800},
        ]
        return self._push("message", self._user_message(user, chat, photo=photo, caption=caption))

    def send_voice(self, user: FakeUser, *, chat: dict | None = None) -> dict:
        voice = {"file_id": "AwACAgQAAxkBAAIE", "file_unique_id": "AgADvoice", "duration": 3, "mime_type": "audio/ogg"}
        return self._push("message", self._user_message(user, chat, voice=voice))

    def send_document(self, user: FakeUser, file_name: str = "scan.pdf", *, chat: dict | None = None) -> dict:
        doc = {"file_id": "BQACAgQAAxkBAAIF", "file_unique_id": "AgADdoc", "file_name": file_name, "mime_type": "application/pdf"}
        return self._push("message", self._user_message(user, chat, document=doc))

    def send_location(self, user: FakeUser, latitude: float = 48.85, longitude: float = 2.35, *, chat: dict | None = None,
                      live_period: int | None = None) -> dict:
        """A shared position; with `live_period` (seconds), the first message of a live location."""
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if live_period:
            location["live_period"] = live_period
        return self._push("message", self._user_message(user, chat, location=location))

    def send_venue(self, user: FakeUser, latitude: float, longitude: float, title: str = "Place de l'Église",
                   address: str = "Bourg-Exemple", *, chat: dict | None = None) -> dict:
        """A place picked on the map (a venue carries its `location` too, as Telegram sends it)."""
        location = {"latitude": latitude, "longitude": longitude}
        venue = {"location": location, "title": title, "address": address}
        return self._push("message", self._user_message(user, chat, location=location, venue=venue))

    def edit_text(self, user: FakeUser, original: dict, new_text: str) -> dict:
        """The citizen edits a message they sent (`original` is the update send_text returned)."""
        message = dict(original["message"], text=new_text, edit_date=int(time.time()))
        message.pop("entities", None)
        return self._push("edited_message", message)

    def channel_post(self, chat: dict, text: str) -> dict:
        return self._push("channel_post", self._user_message(None, chat, text=text))

    # -- HTTP -----------------------------------------------------------------------------------

    async def _not_found(self, request: web.Request) -> web.Response:
        self.calls.append(Call(request.path, {}, ok=False, refused="Not Found"))
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            self.calls.append(Call(method, {}, ok=False, refused="Unauthorized"))
            self._notify()
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        call = Call(method, {})
        try:
            call.params = await self._read_params(request)
        except ApiError as exc:
            return self._refuse(call, exc)
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            return self._refuse(call, ApiError("Not Found", 404))
        for hook in self.request_hooks:
            hook(call)

        fault = self._take_fault(method)
        if fault is not None:
            call.fault = fault.kind
            call.ok = False
            if fault.kind == "429":
                self._record(call)
                return self._error_response(
                    ApiError(f"Too Many Requests: retry after {fault.retry_after}", 429, {"retry_after": fault.retry_after})
                )
            if fault.kind == "500":
                self._record(call)
                return self._error_response(ApiError("Internal Server Error", 500))
            deliver = fault.deliver if fault.deliver is not None else fault.kind == "slow"
            if deliver:  # the call takes effect, then the client sees a failure
                try:
                    call.result = await handler(call.params)
                    call.ok = True
                except ApiError as exc:
                    call.refused = exc.description
            self._record(call)
            if fault.kind == "slow":
                await asyncio.sleep(fault.delay)
                return web.json_response({"ok": True, "result": call.result})
            # "drop": close the connection without any answer
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError()

        try:
            call.result = await handler(call.params)
        except ApiError as exc:
            return self._refuse(call, exc)
        self._record(call)
        return web.json_response({"ok": True, "result": call.result})

    def _record(self, call: Call) -> None:
        call.at = time.monotonic()
        self.calls.append(call)
        self._notify()

    def _refuse(self, call: Call, exc: ApiError) -> web.Response:
        call.ok = False
        call.refused = exc.description
        self._record(call)
        return self._error_response(exc)

    @staticmethod
    def _error_response(exc: ApiError) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
        if exc.parameters:
            body["parameters"] = exc.parameters
        return web.json_response(body, status=exc.code)

    async def _read_params(self, request: web.Request) -> dict:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise bad("can't parse JSON body") from None
                if not isinstance(body, dict):
                    raise bad("JSON body must be an object")
                params.update(body)
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, str):
                        params[key] = value
                        continue
                    upload = Upload(value)
                    self.uploads.append({"field": key, "filename": getattr(value, "filename", "?"),
                                         "size": len(upload.data), "data": upload.data})
                    params[key] = upload
        for key in list(params):
            value = params[key]
            if key in JSON_FIELDS and isinstance(value, str):
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    if key == "reply_markup":
                        raise bad("can't parse reply keyboard markup JSON object") from None
                    raise bad(f"can't parse {key} JSON object") from None
            elif key in INT_FIELDS:
                try:
                    params[key] = int(float(value)) if isinstance(value, str) else int(value)
                except (TypeError, ValueError):
                    raise bad(f"invalid {key} specified") from None
            elif key in BOOL_FIELDS and isinstance(value, str):
                params[key] = value.lower() in ("true", "1")
            elif key == "timeout" and isinstance(value, str):
                try:
                    params[key] = float(value)
                except ValueError:
                    raise bad("invalid timeout specified") from None
        return params

    # -- chat helpers ---------------------------------------------------------------------------

    def _chat(self, params: dict) -> dict:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad("chat_id is empty")
        chat_id = _as_int(raw)
        if chat_id is None or chat_id not in self.chats:
            raise bad("chat not found")
        if chat_id in self.blocked:
            raise ApiError("Forbidden: bot was blocked by the user", 403)
        return self.chats[chat_id]

    def _check_text(self, params: dict, key: str = "text") -> tuple[str, list[dict]]:
        lpo = params.get("link_preview_options")
        if lpo is not None and not isinstance(lpo, dict):
            raise bad("can't parse link preview options")
        return check_text(params.get(key), params.get("parse_mode") or "", self.length_unit)

    def _bot_dict(self) -> dict:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Guichet", "username": self.bot_username}

    # -- Bot API methods ------------------------------------------------------------------------

    async def _api_getme(self, params: dict) -> dict:
        return dict(
            self._bot_dict(),
            can_join_groups=True,
            can_read_all_group_messages=False,
            supports_inline_queries=False,
            can_connect_to_business=False,
            has_main_web_app=False,
        )

    async def _api_logout(self, params: dict) -> bool:
        return True

    async def _api_close(self, params: dict) -> bool:
        return True

    async def _api_deletewebhook(self, params: dict) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_getwebhookinfo(self, params: dict) -> dict:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    async def _api_getupdates(self, params: dict) -> list[dict]:
        if self.webhook_url:
            raise ApiError("Conflict: can't use getUpdates method while webhook is active", 409)
        offset = params.get("offset")
        if offset:
            if offset > 0:  # confirmed updates are at the front (ids only grow)
                k = 0
                while k < len(self._updates) and self._updates[k]["update_id"] < offset:
                    k += 1
                del self._updates[:k]
            else:
                self._updates = self._updates[offset:]
        limit = params.get("limit") or 100
        if not 1 <= limit <= 100:
            limit = 100
        if "allowed_updates" in params and params["allowed_updates"] is not None:
            allowed = params["allowed_updates"]
            if not isinstance(allowed, list):
                raise bad("can't parse allowed_updates")
            self._allowed_updates = list(allowed)
        timeout = max(0.0, float(params.get("timeout") or 0))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._changed
            ready = self._take_allowed(limit)
            if ready or self._closing:
                for u in ready:
                    self._delivered.add(u["update_id"])
                self._notify()  # let wait_idle() see the delivery
                return ready
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    def _take_allowed(self, limit: int) -> list[dict]:
        """The first `limit` pending updates the bot asked for; Telegram discards the others.

        Scans only as far as needed (a load test keeps thousands of updates pending)."""
        ready: list[dict] = []
        dropped: set[int] = set()
        for u in self._updates:
            if len(ready) >= limit:
                break
            if self._allowed(u):
                ready.append(u)
            else:
                dropped.add(u["update_id"])
                self.dropped_updates.append(u)
        if dropped:
            self._updates = [u for u in self._updates if u["update_id"] not in dropped]
        return ready

    def _allowed(self, update: dict) -> bool:
        kind = next(k for k in update if k != "update_id")
        if not self._allowed_updates:
            return kind not in ("chat_member", "message_reaction", "message_reaction_count")
        return kind in self._allowed_updates

    async def _api_sendmessage(self, params: dict) -> dict:
        chat = self._chat(params)
        plain, entities = self._check_text(params)
        markup = check_reply_markup(params.get("reply_markup"))
        reply_to = params.get("reply_to_message_id")
        rp = params.get("reply_parameters")
        if isinstance(rp, dict):
            reply_to = rp.get("message_id")
        if reply_to is not None and (chat["id"], int(reply_to)) not in self.messages:
            if not ((rp or {}).get("allow_sending_without_reply") or params.get("allow_sending_without_reply")):
                raise bad("message to be replied not found")
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self._bot_dict(),
            "chat": dict(chat),
            "date": int(time.time()),
            "text": plain,
        }
        if entities:
            message["entities"] = entities
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        stored = StoredMessage(chat["id"], message["message_id"], True, message, html=params["text"], seq=next(self._seq))
        self.messages[(chat["id"], message["message_id"])] = stored
        return message

    async def _api_sendphoto(self, params: dict) -> dict:
        """A photo by file id (a citizen's photo forwarded to the staff chat), or uploaded (a heritage
        site's, shipped in the knowledge; a /stats chart), which must be an image Telegram can read:
        PNG or JPEG, at most 10 MB; with a caption and an inline keyboard."""
        chat = self._chat(params)
        photo = params.get("photo")
        if not isinstance(photo, str) or not photo.strip():
            raise bad("there is no photo in the request")
        markup = check_reply_markup(params.get("reply_markup"))
        if isinstance(photo, Upload):  # an upload: Telegram answers with a new file id
            if not photo.data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
                raise bad("IMAGE_PROCESS_FAILED")
            if len(photo.data) > 10 * 1024 * 1024:
                raise bad("PHOTO_INVALID_DIMENSIONS")
            photo = f"AgACAgUpload{len(self.uploads):04d}"
        message: dict[str, Any] = {"message_id": self._next_message_id(chat["id"]), "from": self._bot_dict(),
                                   "chat": dict(chat), "date": int(time.time()),
                                   "photo": [{"file_id": photo, "file_unique_id": photo[-8:], "width": 640, "height": 480}]}
        if params.get("caption") is not None:
            plain, entities = check_text(params["caption"], params.get("parse_mode", "HTML"))
            if len(plain) > 1024:
                raise bad("message caption is too long")
            message["caption"] = plain
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        stored = StoredMessage(chat["id"], message["message_id"], True, message, seq=next(self._seq))
        self.messages[(chat["id"], message["message_id"])] = stored
        return message

    async def _api_sendlocation(self, params: dict) -> dict:
        """A map pin: latitude in [-90, 90], longitude in [-180, 180]."""
        chat = self._chat(params)
        lat, lon = _position(params)
        message: dict[str, Any] = {"message_id": self._next_message_id(chat["id"]), "from": self._bot_dict(),
                                   "chat": dict(chat), "date": int(time.time()),
                                   "location": {"latitude": lat, "longitude": lon}}
        stored = StoredMessage(chat["id"], message["message_id"], True, message, seq=next(self._seq))
        self.messages[(chat["id"], message["message_id"])] = stored
        return message

    async def _api_sendvenue(self, params: dict) -> dict:
        """A map pin with a title and an address."""
        chat = self._chat(params)
        lat, lon = _position(params)
        title, address = params.get("title"), params.get("address")
        if not isinstance(title, str) or not title.strip() or not isinstance(address, str) or not address.strip():
            raise bad("venue title and address must be non-empty")
        markup = check_reply_markup(params.get("reply_markup"))
        location = {"latitude": lat, "longitude": lon}
        message: dict[str, Any] = {"message_id": self._next_message_id(chat["id"]), "from": self._bot_dict(),
                                   "chat": dict(chat), "date": int(time.time()), "location": location,
                                   "venue": {"location": location, "title": title, "address": address}}
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        stored = StoredMessage(chat["id"], message["message_id"], True, message, seq=next(self._seq))
        self.messages[(chat["id"], message["message_id"])] = stored
        return message

    def _editable(self, params: dict) -> StoredMessage:
        if params.get("inline_message_id"):
            raise bad("inline messages are not supported by this fake")
        chat = self._chat(params)
        message_id = params.get("message_id")
        if message_id is None:
            raise bad("message identifier is not specified")
        stored = self.messages.get((chat["id"], message_id))
        if stored is None:
            raise bad("message to edit not found")
        if not stored.from_bot:
            raise bad("message can't be edited")
        return stored

    async def _api_editmessagetext(self, params: dict) -> dict:
        stored = self._editable(params)
        plain, entities = self._check_text(params)
        markup = check_reply_markup(params.get("reply_markup"))
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if (
            plain == stored.data.get("text")
            and entities == stored.data.get("entities", [])
            and new_markup == stored.data.get("reply_markup")
        ):
            raise bad(
                "message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message"
            )
        data = dict(stored.data, text=plain, edit_date=int(time.time()))
        data.pop("entities", None)
        data.pop("reply_markup", None)
        if entities:
            data["entities"] = entities
        if new_markup:
            data["reply_markup"] = new_markup
        stored.data = data
        stored.html = params["text"]
        return data

    async def _api_editmessagereplymarkup(self, params: dict) -> dict:
        stored = self._editable(params)
        markup = check_reply_markup(params.get("reply_markup"))
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if new_markup == stored.data.get("reply_markup"):
            raise bad(
                "message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message"
            )
        data = dict(stored.data, edit_date=int(time.time()))
        data.pop("reply_markup", None)
        if new_markup:
            data["reply_markup"] = new_markup
        stored.data = data
        return data

    async def _api_deletemessage(self, params: dict) -> bool:
        chat = self._chat(params)
        if self.messages.pop((chat["id"], params.get("message_id")), None) is None:
            raise bad("message to delete not found")
        return True

    async def _api_answercallbackquery(self, params: dict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        query = self.callback_queries.get(query_id)
        too_old = "query is too old and response timeout expired or query ID is invalid"
        if query is None or query["answered"]:
            raise bad(too_old)
        if time.monotonic() - query["at"] > self.callback_answer_deadline:
            raise bad(too_old)
        text = params.get("text")
        if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER:
            raise bad("MESSAGE_TOO_LONG")
        url = params.get("url")
        if url:
            raise bad("URL_INVALID")
        query["answered"] = True
        query["answer"] = text
        return True

    async def _api_sendchataction(self, params: dict) -> bool:
        self._chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
        return True

    def _commands_key(self, params: dict) -> str:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise bad("can't parse BotCommandScope JSON object")
        lang = params.get("language_code") or ""
        if lang and not re.fullmatch(r"[a-z]{2}", lang):
            raise bad("invalid language code specified")
        return json.dumps([scope, lang], sort_keys=True)

    async def _api_setmycommands(self, params: dict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad("can't parse commands JSON object")
        if len(commands) > MAX_COMMANDS:
            raise bad("too many commands specified")
        for c in commands:
            if not isinstance(c, dict):
                raise bad("can't parse BotCommand JSON object")
            name, desc = c.get("command"), c.get("description")
            if not isinstance(name, str) or not COMMAND_NAME.fullmatch(name):
                raise bad("BOT_COMMAND_INVALID")
            if not isinstance(desc, str) or not 1 <= len(desc) <= 256 or not desc.strip():
                raise bad("command description must be non-empty and at most 256 characters")
        self.commands[self._commands_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _api_getmycommands(self, params: dict) -> list[dict]:
        return self.commands.get(self._commands_key(params), [])

    async def _api_deletemycommands(self, params: dict) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    # -- inline mode (issue 18): `@bot words` typed in any chat --------------------------------

    @property
    def inline_queries(self) -> dict[str, dict]:
        """Inline queries pushed by `inline_query()`, by id: {"query", "at", "answered", "answer"}
        (the parameters of answerInlineQuery, decoded). Made on first use, so that this block
        stays at the end of the class."""
        return self.__dict__.setdefault("_inline_queries", {})

    inline_answer_deadline = 10.0  # seconds: Telegram drops an inline query nobody answered by then

    def inline_query(self, user: FakeUser, query: str, *, chat_type: str = "sender", offset: str = "") -> str:
        """The citizen types `@bot query` in a chat of theirs (`chat_type`: "sender" is their own
        chat with someone, "private", "group", "supergroup"…); returns the query's id. Telegram
        sends no chat with it, and at most 256 characters of query."""
        if len(query) > 256:
            raise AssertionError("inline_query(): Telegram sends at most 256 characters")
        query_id = str(next(self._callback_ids) * 104_729 + 7_700_000_000)
        payload = {"id": query_id, "from": user.as_dict(), "query": query, "offset": offset, "chat_type": chat_type}
        self.inline_queries[query_id] = {"query": payload, "at": time.monotonic(), "answered": False, "answer": None}
        self._push("inline_query", payload)
        return query_id

    async def wait_inline_answer(self, query_id: str, timeout: float = 5.0) -> dict:
        """Wait until the bot answered the inline query; return the answer (results, button…)."""
        await self.wait_for(lambda: self.inline_queries[query_id]["answered"], timeout, "answerInlineQuery")
        return self.inline_queries[query_id]["answer"]

    async def _api_answerinlinequery(self, params: dict) -> bool:
        """Checked as Telegram does: a known query answered once in time, at most 50 results with
        unique ids of 1-64 bytes, each article's message and keyboard valid as sendMessage's, a
        button with a start parameter of 1-64 characters among A-Z a-z 0-9 _ -."""
        entry = self.inline_queries.get(str(params.get("inline_query_id") or ""))
        if entry is None or entry["answered"] or time.monotonic() - entry["at"] > self.inline_answer_deadline:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        results = _json_param(params.get("results"), "results")
        if not isinstance(results, list):
            raise bad("can't parse inline query results JSON object")
        if len(results) > 50:
            raise bad("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            self._check_inline_result(result, seen)
        button = _json_param(params.get("button"), "button")
        if button is not None:
            _check_inline_button(button)
        next_offset = params.get("next_offset") or ""
        if len(str(next_offset).encode()) > 64:
            raise bad("NEXT_OFFSET_INVALID")
        cache_time = params.get("cache_time")
        if cache_time is not None and int(cache_time) < 0:
            raise bad("CACHE_TIME_INVALID")
        personal = params.get("is_personal")
        entry["answered"] = True
        entry["answer"] = {"results": results, "button": button, "cache_time": cache_time, "next_offset": next_offset,
                           "is_personal": personal.lower() in ("true", "1") if isinstance(personal, str) else personal}
        return True

    def _check_inline_result(self, result: Any, seen: set[str]) -> None:
        """One result: an object with a type, a unique id; an article's title, text and keyboard."""
        if not isinstance(result, dict) or not isinstance(result.get("type"), str):
            raise bad("can't parse InlineQueryResult JSON object")
        rid = result.get("id")
        if not isinstance(rid, str) or not 1 <= len(rid.encode("utf-8")) <= 64:
            raise bad("RESULT_ID_INVALID")
        if rid in seen:
            raise bad("RESULT_ID_DUPLICATE")
        seen.add(rid)
        if result["type"] != "article":
            raise bad(f"inline result type {result['type']!r} is not validated by this fake; use article")
        if not isinstance(result.get("title"), str) or not result["title"].strip():
            raise bad("RESULT_TITLE_EMPTY")
        if "description" in result and not isinstance(result["description"], str):
            raise bad("can't parse InlineQueryResultArticle: description must be a String")
        content = result.get("input_message_content")
        if not isinstance(content, dict) or "message_text" not in content:
            raise bad("can't parse InputMessageContent JSON object")
        check_text(content["message_text"], content.get("parse_mode") or "", self.length_unit)
        markup = check_reply_markup(result.get("reply_markup"))
        if markup is not None and "inline_keyboard" not in markup:  # a posted card carries inline buttons only
            raise bad("REPLY_MARKUP_INVALID")

    # -- webhook (Telegram posts updates to the bot instead of getUpdates) -----------------------
    # setWebhook records the URL and the secret, then the fake delivers pending updates to
    # `webhook_target` (the bot's own server, as a reverse proxy would: the URL's path is kept),
    # one at a time and in order, with the secret in X-Telegram-Bot-Api-Secret-Token; an update
    # is forgotten only on a 200, else it is posted again (after `webhook_retry` seconds), as
    # Telegram does. getUpdates is refused with 409 while a webhook is set (above).

    webhook_target: str | None = None  # e.g. "http://127.0.0.1:PORT": where the "reverse proxy" forwards
    webhook_secret: str | None = None
    webhook_retry: float = 0.2
    webhook_posts: list  # (update_id, HTTP status) of every delivery attempt, set by setWebhook

    async def _api_setwebhook(self, params: dict) -> bool:
        url = params.get("url") or ""
        if not isinstance(url, str) or not url.startswith("https://"):
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad("secret token contains unallowed characters")
        connections = int(params.get("max_connections") or 40)
        if not 1 <= connections <= 100:
            raise bad("bad webhook: max_connections must be between 1 and 100")
        if params.get("allowed_updates") is not None:
            self._allowed_updates = list(params["allowed_updates"])
        if params.get("drop_pending_updates") in (True, "true", "True"):
            self._updates.clear()
        self.webhook_url, self.webhook_secret = url, secret
        self.webhook_posts = getattr(self, "webhook_posts", [])
        task = getattr(self, "_webhook_task", None)
        if task is None or task.done():
            self._webhook_task = asyncio.create_task(self._deliver_by_webhook(), name="fake-webhook")
        return True

    async def post_update(self, update: dict, *, secret: str | None = None,
                          content_type: str = "application/json") -> tuple[int, str]:
        """POST one update to the bot's webhook as a client of our choosing: (status, body).

        `secret=None` sends no X-Telegram-Bot-Api-Secret-Token header (an outsider who found the URL)."""
        import aiohttp
        from urllib.parse import urlsplit

        headers = {"Content-Type": content_type}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        target = (self.webhook_target or "").rstrip("/") + urlsplit(self.webhook_url).path
        async with aiohttp.ClientSession() as session:
            async with session.post(target, data=json.dumps(update), headers=headers) as response:
                return response.status, await response.text()

    async def get_path(self, path: str) -> tuple[int, str]:
        """GET a path of the bot's server (e.g. /health): (status, body)."""
        import aiohttp

        async with aiohttp.ClientSession() as session:
            async with session.get((self.webhook_target or "").rstrip("/") + path) as response:
                return response.status, await response.text()

    async def _deliver_by_webhook(self) -> None:
        """Post pending updates to the webhook, in order, until it is deleted or the fake stops."""
        import aiohttp

        while self.webhook_url and not self._closing:
            event = self._changed
            ready = self._take_allowed(1) if self.webhook_target else []
            if not ready:
                await event.wait()
                continue
            update = ready[0]
            try:
                status, _ = await self.post_update(update, secret=self.webhook_secret)
            except aiohttp.ClientError:
                status = 0  # the bot is not listening (stopped, or killed)
            self.webhook_posts.append((update["update_id"], status))
            if status == 200:
                self._updates = [u for u in self._updates if u["update_id"] != update["update_id"]]
                self._delivered.add(update["update_id"])
                self._notify()
            else:
                await asyncio.sleep(self.webhook_retry)

    # -- groups (tests/test_groups.py) -------------------------------------------------------------

    def send_mentioning(self, user: FakeUser, text: str, *, chat: dict, reply_to: StoredMessage | None = None) -> dict:
        """`text` in a group, every `@username` in it marked as a mention, whatever its case (as Telegram does)."""
        entities = [{"type": "mention", **_utf16_span(text, m.start(), m.end())}
                    for m in re.finditer(r"@[A-Za-z0-9_]{5,32}", text)]
        return self.send_text(user, text, chat=chat, reply_to=reply_to, entities=entities or None)

    def send_text_mention(self, user: FakeUser, before: str, name: str, after: str, *, chat: dict) -> dict:
        """A mention of the bot picked by its name in the member list (a `text_mention`, no @username)."""
        text = before + name + after
        entity = {"type": "text_mention", **_utf16_span(text, len(before), len(before) + len(name)),
                  "user": self._bot_dict()}
        return self.send_text(user, text, chat=chat, entities=[entity])

    def send_via_bot(self, user: FakeUser, text: str, *, chat: dict) -> dict:
        """A card `user` posted in `chat` through the bot's inline mode (`via_bot`: the bot; sent by the user)."""
        entities = [{"type": "mention", **_utf16_span(text, m.start(), m.end())}
                    for m in re.finditer(r"@[A-Za-z0-9_]{5,32}", text)]
        message = self._user_message(user, chat, text=text, entities=entities or None, via_bot=self._bot_dict())
        return self._push("message", message)

    def add_member(self, by: FakeUser, chat: dict, member: FakeUser | None = None) -> dict:
        """`by` adds `member` (the bot when None) to the group: the service message Telegram posts."""
        added = member.as_dict() if member is not None else self._bot_dict()
        return self._push("message", self._user_message(by, chat, new_chat_members=[added]))

def _json_param(value: Any, name: str) -> Any:
    """A parameter sent as JSON in a form (PTB's way), decoded; None stays None."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise bad(f"can't parse {name} JSON object") from None


def _check_inline_button(button: Any) -> None:
    """The button above inline results: a text and exactly one of web_app and start_parameter."""
    if not isinstance(button, dict) or not isinstance(button.get("text"), str) or not button["text"].strip():
        raise bad("can't parse InlineQueryResultsButton JSON object")
    if ("web_app" in button) == ("start_parameter" in button):
        raise bad("exactly one of web_app and start_parameter must be set in the button")
    if "start_parameter" in button and not (isinstance(button["start_parameter"], str)
                                            and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", button["start_parameter"])):
        raise bad("START_PARAM_INVALID")


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _utf16_span(text: str, start: int, end: int) -> dict:
    def u16(s: str) -> int:
        return len(s.encode("utf-16-le", "surrogatepass")) // 2

    return {"offset": u16(text[:start]), "length": u16(text[start:end])}


def texts(messages: Iterable[StoredMessage]) -> list[str]:
    """The plain texts of messages (handy in assertions)."""
    return [m.text for m in messages]
