"""Button actions: one dataclass per kind of press, and the one codec to and from callback data.

Why one codec: Telegram gives a button 1 to 64 bytes of `callback_data`, hands it back verbatim
when the button is pressed, and anyone can forge it. So every button the renderer makes is
written here (`encode`, which refuses what does not fit), and every press is read here
(`decode`, which checks every field and answers `Expired` for anything stale, forged or
malformed, never an exception). The wire format is short and stable, since buttons of old
messages keep being pressed after an upgrade:

    e:<entry>                      open an entry            v:<entry>:<n>   a situation (variant)
    p:<entry>:<variant or ''>:<n>  a page of an entry       g:<entry>:<path> a guided-search step
    f:<1|0>:<question>:<entry>     feedback 👍/👎            m:<category or ''> the menu
    x:<n>                          an example question      n:              "none of these"
    w:  start writing to the town  c:<official or ''>  to the town hall or an official  r:<category> report a problem
    k:<1|0>                        send or cancel the draft request           a:<question> ask the town hall
    s:<t|r|c|m>:<request>          staff: take, resolved, close, mute a request
    u:<1|0>:<project>              follow or stop following a project      o:<project>:<n> vote for option n
    l:<family or ''>:<lat>:<lon>   what is near a position (one family of places, or all)
    y:<p|e>:<id>                   the map pin of a place (p) or a heritage site (e)
    i:<tour>:<n>                   stop n of a walking tour
    d:<o|t|r|c|x>:<entry>:<variant or ''>:<doc or ''>  the list of documents: open, tick, remind, cancel, erase
    lang:<fr|en>                   the interface language (/langue)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .geo import valid

CALLBACK_DATA_MAX = 64  # bytes: Telegram refuses a longer callback_data
_ID = r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}"  # entry and category ids (docs/format.md); ASCII only
_NUM = r"[0-9]{1,9}"  # ASCII digits: str.isdigit() also accepts "²" and other digits int() refuses
_DEG = r"-?[0-9]{1,3}\.[0-9]{1,5}"  # a latitude or longitude in degrees, as `NearBy` writes it


@dataclass(frozen=True)
class OpenEntry:
    """Show an entry from its first page."""

    entry: str


@dataclass(frozen=True)
class ShowVariant:
    """Show an entry for one situation (its `variants[n]`)."""

    entry: str
    variant: int


@dataclass(frozen=True)
class ShowPage:
    """Show page `page` of an entry (for a situation, or the whole entry when `variant` is None)."""

    entry: str
    variant: int | None
    page: int


@dataclass(frozen=True)
class GuideStep:
    """One step of a guided search: the options below the node reached by `path`."""

    entry: str
    path: tuple[int, ...]


@dataclass(frozen=True)
class Feedback:
    """👍 or 👎 on the answer `entry` given to the recorded question `question` (0: none recorded)."""

    useful: bool
    question: int
    entry: str


@dataclass(frozen=True)
class Menu:
    """The themes, or the entries of one theme."""

    category: str | None = None


@dataclass(frozen=True)
class Example:
    """Ask the n-th example question of the welcome screen."""

    index: int


@dataclass(frozen=True)
class NoneOfThese:
    """"None of these answers" under a choice."""


@dataclass(frozen=True)
class Write:
    """Start writing to the town hall or an official (as /contact does)."""


@dataclass(frozen=True)
class ContactTo:
    """Write to the town hall (`official` None) or to one elected official."""

    official: str | None = None


@dataclass(frozen=True)
class ReportIn:
    """Report a problem of one category (pothole, street light…)."""

    category: str


@dataclass(frozen=True)
class Confirm:
    """Send (True) or cancel (False) the citizen's draft request."""

    send: bool


@dataclass(frozen=True)
class AskTown:
    """Send the citizen's unanswered question `question` to the town hall (after confirming)."""

    question: int


STAFF_OPS = {"t": "prise", "r": "resolue", "c": "close", "m": "mute"}


@dataclass(frozen=True)
class StaffAct:
    """A staff button under a request's post: take (t), resolved (r), close (c) or mute its sender (m)."""

    op: str
    request: int


@dataclass(frozen=True)
class Follow:
    """Follow (True) or stop following (False) an urban project (an entry of kind project)."""

    project: str
    on: bool


@dataclass(frozen=True)
class Vote:
    """Answer a project's consultation with its option `option` (0-based)."""

    project: str
    option: int


@dataclass(frozen=True)
class NearBy:
    """What is near a position: places of one family (`family`, "" for all) around (lat, lon).

    The position travels in the button itself, rounded to 5 decimals (about a metre), so that
    nothing about where a citizen stands is kept on our side; it stays in their own chat."""

    family: str
    lat: float
    lon: float


@dataclass(frozen=True)
class MapPin:
    """The map pin (a venue) of a place (`what` "p") or of a heritage site's entry ("e")."""

    what: str
    id: str


@dataclass(frozen=True)
class TourStop:
    """Stop `stop` (0-based) of the walking tour `tour` (an entry of kind tour)."""

    tour: str
    stop: int


CHECKLIST_OPS = {"o": "open", "t": "tick", "r": "remind", "c": "cancel", "x": "erase"}


@dataclass(frozen=True)
class ChecklistAct:
    """The citizen's list of documents of an entry (situation `variant`): open it (o), tick or untick
    the document whose hash is `doc` (t), ask for a reminder (r), cancel it (c), erase the list (x).

    The longest, "d:t:<48-character id>:29:<8 hex digits>", is 64 bytes: it fits (tests/test_checklist.py)."""

    op: str
    entry: str
    variant: int | None = None
    doc: str = ""


@dataclass(frozen=True)
class Language:
    """Speak `language` ("fr" or "en", bot/i18n.py LANGUAGES) to this person from now on."""

    language: str


@dataclass(frozen=True)
class Expired:
    """A press that cannot be honoured: old, forged or malformed data (never raised, returned)."""


Action = (OpenEntry | ShowVariant | ShowPage | GuideStep | Feedback | Menu | Example | NoneOfThese
          | Write | ContactTo | ReportIn | Confirm | AskTown | StaffAct | Follow | Vote | NearBy | MapPin | TourStop
          | ChecklistAct | Language)


def _wire(action: Action) -> str:
    match action:
        case OpenEntry(entry):
            return f"e:{entry}"
        case ShowVariant(entry, variant):
            return f"v:{entry}:{variant}"
        case ShowPage(entry, variant, page):
            return f"p:{entry}:{'' if variant is None else variant}:{page}"
        case GuideStep(entry, path):
            return f"g:{entry}:{'.'.join(map(str, path))}"
        case Feedback(useful, question, entry):
            return f"f:{int(useful)}:{question}:{entry}"
        case Menu(category):
            return f"m:{category or ''}"
        case Example(index):
            return f"x:{index}"
        case NoneOfThese():
            return "n:"
        case Write():
            return "w:"
        case ContactTo(official):
            return f"c:{official or ''}"
        case ReportIn(category):
            return f"r:{category}"
        case Confirm(send):
            return f"k:{int(send)}"
        case AskTown(question):
            return f"a:{question}"
        case StaffAct(op, request):
            return f"s:{op}:{request}"
        case Follow(project, on):
            return f"u:{int(on)}:{project}"
        case Vote(project, option):
            return f"o:{project}:{option}"
        case NearBy(family, lat, lon):
            return f"l:{family}:{lat:.5f}:{lon:.5f}"
        case MapPin(what, id_):
            return f"y:{what}:{id_}"
        case TourStop(tour, stop):
            return f"i:{tour}:{stop}"
        case ChecklistAct(op, entry, variant, doc):
            return f"d:{op}:{entry}:{'' if variant is None else variant}:{doc}"
        case Language(language):
            return f"lang:{language}"
    raise TypeError(f"not a button action: {type(action).__name__}")


def encode(action: Action) -> str | None:
    """The callback data of `action`, or None when it would not fit Telegram's 64 bytes.

    A caller that gets None leaves the button out: a missing button is better than a message
    Telegram refuses whole. `guichet check` keeps ids short enough for this never to happen
    with valid knowledge.
    """
    data = _wire(action)
    return data if len(data.encode()) <= CALLBACK_DATA_MAX else None


_PATTERNS: list[tuple[re.Pattern[str], object]] = [
    (re.compile(rf"e:({_ID})"), lambda m: OpenEntry(m[1])),
    (re.compile(rf"v:({_ID}):({_NUM})"), lambda m: ShowVariant(m[1], int(m[2]))),
    (re.compile(rf"p:({_ID}):({_NUM})?:({_NUM})"),
     lambda m: ShowPage(m[1], None if m[2] is None else int(m[2]), int(m[3]))),
    (re.compile(rf"g:({_ID}):((?:{_NUM}(?:\.{_NUM})*)?)"),
     lambda m: GuideStep(m[1], tuple(int(x) for x in m[2].split(".") if x))),
    (re.compile(rf"f:([01]):({_NUM}):({_ID})"), lambda m: Feedback(m[1] == "1", int(m[2]), m[3])),
    (re.compile(r"m:(.*)", re.DOTALL), lambda m: Menu(m[1] or None)),  # the engine checks the category exists
    (re.compile(rf"x:({_NUM})"), lambda m: Example(int(m[1]))),
    (re.compile(r"n:"), lambda m: NoneOfThese()),
    (re.compile(r"w:"), lambda m: Write()),
    (re.compile(rf"c:({_ID})?"), lambda m: ContactTo(m[1])),
    (re.compile(rf"r:({_ID})"), lambda m: ReportIn(m[1])),
    (re.compile(r"k:([01])"), lambda m: Confirm(m[1] == "1")),
    (re.compile(rf"a:({_NUM})"), lambda m: AskTown(int(m[1]))),
    (re.compile(rf"s:([{''.join(STAFF_OPS)}]):({_NUM})"), lambda m: StaffAct(m[1], int(m[2]))),
    (re.compile(rf"u:([01]):({_ID})"), lambda m: Follow(m[2], m[1] == "1")),
    (re.compile(rf"o:({_ID}):({_NUM})"), lambda m: Vote(m[1], int(m[2]))),
    (re.compile(rf"l:({_ID})?:({_DEG}):({_DEG})"), lambda m: _near(m[1], float(m[2]), float(m[3]))),
    (re.compile(rf"y:([pe]):({_ID})"), lambda m: MapPin(m[1], m[2])),
    (re.compile(rf"i:({_ID}):({_NUM})"), lambda m: TourStop(m[1], int(m[2]))),
    (re.compile(rf"d:([{''.join(CHECKLIST_OPS)}]):({_ID}):({_NUM})?:([0-9a-f]{{1,16}})?"),
     lambda m: ChecklistAct(m[1], m[2], None if m[3] is None else int(m[3]), m[4] or "")),
    (re.compile(r"lang:(fr|en)"), lambda m: Language(m[1])),
]


def _near(family: str | None, lat: float, lon: float) -> NearBy | Expired:
    return NearBy(family or "", lat, lon) if valid(lat, lon) else Expired()


def decode(data: str | None) -> Action | Expired:
    """The action behind pressed callback data, or `Expired` when it is not one we could have made."""
    if not data or len(data.encode("utf-8", "replace")) > CALLBACK_DATA_MAX:
        return Expired()
    for pattern, make in _PATTERNS:
        match = pattern.fullmatch(data)
        if match:
            return make(match)  # type: ignore[operator]
    return Expired()


def is_free(action: Action | Expired) -> bool:
    """Presses that only edit the pressed message in place (menu, guide steps, nearby filters): no flood cost.

    They add nothing to the chat or the database, and a citizen browsing the menu quickly must
    not be told to slow down.
    """
    return isinstance(action, (Menu, GuideStep, NearBy))
