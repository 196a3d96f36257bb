"""Hostile input, property-based: whatever a citizen types or a client sends as button data, the
engine answers without an exception and every message it renders is one Telegram accepts.

The messages are checked with the strict fake's own validator (`tests.fakebotapi.check_message`:
tdlib-like HTML parsing, 1-4,096 characters, not blank, buttons with one action and 1-64-byte
callback_data, at most 100 buttons), after the same `Button` -> InlineKeyboardMarkup conversion
the handlers use, and lengths are counted in UTF-16 units (stricter than Telegram's code points).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from bot.config import Settings
from bot.engine import Engine
from handlers.keyboard import to_markup
from tests.fakebotapi import MAX_BUTTONS, MAX_CALLBACK_ANSWER, check_message

from conftest import DEMO_TOWN

PROFILE = dict(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow],
               database=None)  # no example database: runs are reproducible from the seed alone

# --------------------------------------------------------------------------------------------- data

SPECIALS = [
    "<", ">", "&", "&amp;", "&lt;", "&#0;", "&nbsp;", "<b>", "</b>", "<i>", "<script>", "</script>", "<a href='x'>",
    "<br>", "<!--", "-->", "<![CDATA[", '"', "'", "*", "_", "__", "[", "]", "(", ")", "~", "`", "```", "||", "\\",
    "#", "+", "-", "=", "|", "{", "}", ".", "!", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e",
    "\u202d", "\u2066", "\u2069", "\u0301", "\u0336", "\u0489", "\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\x7f",
    "\u2028", "\u2029", "👍", "👍🏽", "👨\u200d👩\u200d👧\u200d👦", "🏳️\u200d🌈", "🇫🇷", "\U0001f600", "\ufffd",
    "مرحبا، أريد بطاقة هوية", "שלום, איפה העירייה?", "身份证", "Ꙭ", "ﷺ", "@guichet_test_bot", "/start", "/oubli",
    "'; DROP TABLE questions; --", "\" OR 1=1 --", "%s%s%n", "{0}", "${jndi:ldap://x}", "../../etc/passwd",
    "https://exemple.fr/?a=1&b=<2>", "06 12 34 56 78", "+33 1 99 00 20 00",
]
FRENCH = ["carte", "d'identité", "identite", "passeport", "cantine", "encombrants", "mairie", "horaires", "bonjour",
          "merci", "cmt", "jveu", "svp", "mon", "fils", "acte", "naissance", "poubelle", "trou", "rue", "?", "!!!"]

token = st.one_of(
    st.sampled_from(SPECIALS),
    st.sampled_from(FRENCH),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),  # any Unicode but lone surrogates
)
short_text = st.lists(token, max_size=40).map(" ".join)
long_text = st.builds(lambda t, n, tail: (t * n)[: 4096 - len(tail)] + tail,
                      st.lists(token, min_size=1, max_size=5).map("".join).filter(bool),
                      st.integers(100, 4096), short_text.map(lambda s: s[:200]))
hostile_text = st.one_of(short_text, short_text, long_text)

PREFIXES = ["e", "v", "p", "g", "f", "m", "x", "n", "", "zz"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile")
    settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=data, secret="hostile-secret")
    engine = Engine.from_settings(replace(settings, flood_per_minute=0))  # flood has its own tests
    yield engine
    engine.close()


def assert_valid(reply, *, need_message: bool) -> None:
    """Every message of `reply` is one Telegram accepts; the toast fits answerCallbackQuery."""
    if need_message:
        assert reply.messages, "a text must always get an answer"
    for message in reply.messages:
        markup = to_markup(message.buttons)
        markup_dict = markup.to_dict() if markup is not None else None
        check_message(message.text, markup_dict, length_unit="utf16")  # raises ApiError on any refusal
        count = sum(len(row) for row in message.buttons)
        assert count <= MAX_BUTTONS
        for row in message.buttons:
            for b in row:
                assert b.label.strip()
                assert (b.data is None) != (b.url is None), "exactly one action per button"
                if b.data is not None:
                    assert 1 <= len(b.data.encode("utf-8")) <= 64, b.data
    if reply.toast is not None:
        assert len(reply.toast) <= MAX_CALLBACK_ANSWER


def entry_ids(engine) -> list[str]:
    return sorted(engine.knowledge.entries)


# --------------------------------------------------------------------------------------------- texts


@hsettings(**PROFILE)
@given(text=hostile_text)
def test_any_text_gets_a_valid_answer(engine, text):
    reply = engine.on_text("hostile-user", text)
    assert_valid(reply, need_message=True)
    assert not reply.messages[0].text.startswith("Désolé, une erreur est survenue"), "the engine failed"


@hsettings(**PROFILE)
@given(text=hostile_text, user=st.text(max_size=40))
def test_any_text_renders_as_console_text_too(tmp_path_factory, text, user):
    """The console flavour (guichet chat) never raises either, whatever the user key."""
    engine = _text_engine(tmp_path_factory)
    reply = engine.on_text(user, text)
    assert reply.messages and all(m.text.strip() for m in reply.messages)


_TEXT_ENGINE: list[Engine] = []


def _text_engine(tmp_path_factory) -> Engine:
    if not _TEXT_ENGINE:
        settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path_factory.mktemp("console"), secret="s")
        _TEXT_ENGINE.append(Engine.from_settings(replace(settings, flood_per_minute=0), flavour="text",
                                                 with_storage=False))
    return _TEXT_ENGINE[0]


def test_lone_surrogates_and_huge_inputs_do_not_raise(engine):
    """Telegram only sends valid UTF-8, but JSON can carry a lone surrogate: still no exception."""
    for text in ["\ud800", "carte \udfff identité", "a" * 100_000, "carte " * 20_000, "\x00" * 4096, ""]:
        reply = engine.on_text("u", text)
        assert reply.messages
        for m in reply.messages:
            if "\ud800" not in m.text and "\udfff" not in m.text:
                check_message(m.text, None)


def test_sql_injection_is_stored_verbatim(engine):
    text = "'; DROP TABLE questions; -- \" OR 1=1"
    engine.on_text("sql-user", text)
    rows = list(engine.storage.db.query("select text from questions where user = ?", ["sql-user"]))
    assert rows[-1]["text"] == text
    assert engine.storage.db["questions"].exists()


# --------------------------------------------------------------------------------------------- buttons


@st.composite
def button_data(draw, ids: list[str]):
    """Random callback_data: pure noise, or a known prefix with a known or garbled tail."""
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.text(max_size=64))
    prefix = draw(st.sampled_from(PREFIXES))
    eid = draw(st.one_of(st.sampled_from(ids), st.text(max_size=20)))
    number = draw(st.one_of(st.integers(-5, 12).map(str), st.just("99999999999999999999"), st.text(max_size=4)))
    tail = draw(st.sampled_from([
        "", eid, f"{eid}:{number}", f"{eid}:{number}:{number}", f"{number}:{eid}", f"{number}:{number}:{eid}",
        f"{eid}:" + ".".join([number] * draw(st.integers(0, 30))),
    ]))
    return f"{prefix}:{tail}" if prefix else tail


@hsettings(**PROFILE)
@given(data=st.data())
def test_any_button_data_gets_a_valid_answer(engine, data):
    raw = data.draw(button_data(entry_ids(engine)))
    reply = engine.on_button("button-user", raw)
    assert_valid(reply, need_message=False)
    assert reply.messages or reply.toast is not None or raw.startswith("f:1:"), "a press always gets feedback"


def test_every_button_reachable_from_the_menu_and_examples_is_valid(engine):
    """Breadth-first over every button the bot can show (menu, entries, pages, variants, guides)."""
    seen: set[str] = set()
    queue = [b.data for m in engine.on_menu("crawler").messages + engine.on_start("crawler").messages
             for row in m.buttons for b in row if b.data]
    while queue and len(seen) < 3000:
        data = queue.pop(0)
        if data in seen or data.startswith("f:"):
            continue
        seen.add(data)
        reply = engine.on_button("crawler", data)
        assert_valid(reply, need_message=False)
        assert reply.messages, data
        queue.extend(b.data for m in reply.messages for row in m.buttons for b in row if b.data)
    assert len(seen) > 50
