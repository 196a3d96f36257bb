"""The language of the interface: French as written in the code, or English from the catalogue (bot/locale/).

How it works (docs/traduction.md for translators):
- every fixed sentence a citizen reads is marked in the code with `N_("…")` (a module constant:
  marked only, looked up when read) or `_("…")` (translated where it stands); Babel extracts the
  marks into `bot/locale/guichet.pot` (`python3 tools/i18n.py`), translators fill
  `bot/locale/en/LC_MESSAGES/guichet.po`;
- the language of the person being answered is a context variable: the engine sets it for the
  duration of one call for one person (`speaking`, `bot/engine_language.py`), so renderers read
  `wording.X` as usual and get the sentence in that person's language, with no argument passed
  down through every function;
- `tools/i18n.py` also compiles each .po into the .mo beside it (Babel); at run time the standard
  library's gettext reads that .mo, so the bot needs nothing else to speak English. The .mo is
  committed with its .po, and tests/test_i18n.py fails when it is not the compilation of the .po
  (a translator's edit without `python3 tools/i18n.py` is caught, never half-shipped).
  A msgid without translation (or marked fuzzy) is left out of the .mo and stays French, so
  nothing is ever blank.

Staff texts (the staff group, the CLI, `guichet check`) are never marked: they stay French even
when rendered during an English-speaking citizen's call. The knowledge (entries, places) is the
town's French, never translated.
"""

from __future__ import annotations

import contextvars
import functools
import gettext as gettext_module
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

LANGUAGES = ("fr", "en")  # the first is the language of the code and the default
DEFAULT = LANGUAGES[0]
DOMAIN = "guichet"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("guichet_language", default=DEFAULT)
# (pseudonymous key, Telegram's `language_code`) of the person whose update is being handled, set by
# handlers/ for each update; it speaks for that key only (a follower told of news is someone else)
client: contextvars.ContextVar[tuple[str, str | None] | None] = contextvars.ContextVar("guichet_client", default=None)


def N_(message: str) -> str:
    """Mark `message` for extraction and leave it as it is: it is translated when read (`translate`)."""
    return message


def from_telegram(code: str | None) -> str:
    """The interface language for Telegram's `language_code`: "en", "en-GB"… → English, anything else French."""
    return "en" if code and code.strip().lower().replace("_", "-").split("-")[0] == "en" else DEFAULT


def current() -> str:
    """The language of the person being answered now ("fr" outside any call)."""
    return _current.get()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Render in `language` inside the block (an unknown language is French)."""
    token = _current.set(language if language in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def french():
    """Render in French inside the block, whoever is being answered (the staff's posts)."""
    return speaking(DEFAULT)


@functools.cache
def translations(language: str) -> gettext_module.NullTranslations:
    """The compiled catalogue of `language` (bot/locale/<language>/LC_MESSAGES/guichet.mo), read by
    the standard library's gettext; French, or a language without a catalogue, translates nothing."""
    if language == DEFAULT:
        return gettext_module.NullTranslations()
    return gettext_module.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def gettext(message: str) -> str:
    """`message` in the current language (itself when not translated)."""
    language = _current.get()
    if language == DEFAULT:
        return message
    return translations(language).gettext(message)


_ = gettext


def translate(value: Any) -> Any:
    """A sentence, or a tuple/list/dict of them (values only), in the current language; anything else as is."""
    if _current.get() == DEFAULT:
        return value  # the French as written (no copy of a table)
    if isinstance(value, str):
        return gettext(value)
    if isinstance(value, dict):
        return {k: translate(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(translate(v) for v in value)
    return value


def translated_module(namespace: dict[str, Any]):
    """Make the UPPER_CASE constants of a wording module translated when read.

    Call at the end of the module as `__getattr__ = translated_module(globals())`: the constants
    move out of the module's namespace, so that `wording.WELCOME` reaches the module's
    `__getattr__` (PEP 562) and gives the sentence in the language of the person being answered.
    Importers keep writing `W.WELCOME`; `from bot.wording import WELCOME` would freeze it in French,
    which tests/test_i18n.py forbids."""
    french_texts = {name: value for name, value in namespace.items() if name.isupper() and not callable(value)}
    for name in french_texts:
        del namespace[name]

    def __getattr__(name: str) -> Any:
        try:
            return translate(french_texts[name])
        except KeyError:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}") from None

    namespace["__dir__"] = lambda: sorted([*namespace, *french_texts])
    namespace["FRENCH"] = french_texts  # the sentences as written, for tests and tools
    return __getattr__
