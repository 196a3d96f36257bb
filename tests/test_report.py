"""The staff report (`guichet rapport`): a database filled by a scripted conversation with the real
engine, and the report's numbers checked in its data model and in the HTML a clerk opens."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot import actions as A
from bot import services as S
from bot.cli import main
from bot.config import Settings
from bot.engine import Engine
from bot.replies import Reply
from bot.report import Period, build_report, parse_days
from bot.report.clusters import group_texts, reading
from bot.report.html import duration, percent, render_html
from conftest import DEMO_TOWN, ROOT

STAFF = -1001234567890
RAW_IDS = [777000101 + n for n in range(8)]   # the citizens' Telegram ids: never in the report
HOSTILE = "<script>alert('x')</script> tarif du cinéma"

ANSWERS = ["encombrants", "encombrants", "encombrants", "passeport", "passeport", "carte d'identité"]
CHOICES = ["inscription", "papiers"]
UNANSWERED = ["où adopter un chien", "adopter un chien", "je veux adopter un chien",
              "tarif du cinéma", "cinéma tarifs", HOSTILE]
SMALLTALK = ["bonjour", "merci"]


def weather(ask: S.Ask) -> Reply | None:
    """A stand-in value-added service (the real ones live in bot/services): it claims « météo »."""
    return Reply([]) if "météo" in ask.text else None


@pytest.fixture
def conversation(tmp_path, monkeypatch):
    """An engine whose database holds a known conversation; returns (engine, keys, settings)."""
    monkeypatch.setattr(S, "SERVICES", [("meteo", weather)])
    settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path / "data", secret="s", staff_chat=STAFF,
                        flood_per_minute=0)
    engine = Engine.from_settings(settings, flavour="text")
    keys = [engine.user_key(raw) for raw in RAW_IDS]
    script = ANSWERS + CHOICES + UNANSWERED + SMALLTALK + ["la météo demain", "météo du week-end"]
    replies = [engine.on_text(keys[i % 5], q, chat=RAW_IDS[i % 5]) for i, q in enumerate(script)]
    for reply, useful, who in ((replies[0], True, 0), (replies[1], False, 1), (replies[2], True, 2),
                               (replies[3], True, 3)):
        vote = next(b.data for m in reply.messages for row in m.buttons for b in row
                    if b.label.startswith("👍" if useful else "👎"))
        engine.on_button(keys[who], vote, chat=RAW_IDS[who])
    for who, text in ((5, "Le lampadaire devant le 12 rue des Lilas est cassé"), (6, "Un banc est abîmé au parc")):
        reply = engine.on_contact(keys[who], text, chat=RAW_IDS[who])
        engine.on_button(keys[who], next(b.data for m in reply.messages for row in m.buttons for b in row
                                         if b.label.startswith("✅")), chat=RAW_IDS[who])
    first = engine.dialogue.store.get(1)
    engine.dialogue.answer(first, "Merci, c'est signalé au service de l'éclairage.")
    with engine.storage.lock:  # the request came in 3 h 30 before its answer
        engine.storage.db.conn.execute("update requests set at = ? where id = 1",
                                       [(dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=3.5))
                                        .isoformat(timespec="seconds")])
    for who in (0, 1, 2):
        engine.on_button(keys[who], A.encode(A.Follow("voie-verte", True)), chat=RAW_IDS[who])
    engine.on_button(keys[3], A.encode(A.Follow("maison-de-sante", True)), chat=RAW_IDS[3])
    yield engine, keys, settings
    engine.close()


def report_of(engine, days: int = 30):
    now = engine.now()
    conn = sqlite3.connect(f"{engine.settings.database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return build_report(conn, engine.knowledge, engine.matcher, Period(now.date(), days, now.tzinfo))
    finally:
        conn.close()


def test_the_figures_of_a_scripted_conversation(conversation):
    engine, _, _ = conversation
    report = report_of(engine)
    f = report.figures
    assert f.decisions == {"answer": 6, "choose": 2, "fallback": 6, "smalltalk": 2, "service": 2}
    assert f.services == {"meteo": 2}
    assert f.total == 18 and f.share("answer") == pytest.approx(6 / 18)
    assert f.per_day[-1] == (engine.today(), 18) and sum(n for _, n in f.per_day) == 18 and len(f.per_day) == 30
    assert [(c.id, c.count) for c in f.top_entries] == [("encombrants", 3), ("passeport", 2), ("carte-identite", 1)]
    assert {s.id: (s.up, s.down) for s in f.satisfaction} == {"encombrants": (2, 1), "passeport": (1, 0)}
    assert f.feedback == (3, 1)
    r = f.requests
    assert r.by_status == {"recue": 1, "prise": 1, "resolue": 0, "close": 0} and r.open_now == 2
    assert r.answered == 1 and r.hours == [pytest.approx(3.5, abs=0.01)]
    assert {c.id: c.count for c in f.followers} == {"voie-verte": 3, "maison-de-sante": 1,
                                                    "renovation-ecole-jules-ferry": 0, "requalification-centre-bourg": 0}
    assert [(g.count, g.suggestion.id if g.suggestion else None) for g in report.groups][:2] == [
        (3, "chien-dangereux"), (3, report.groups[1].suggestion.id)]
    assert sorted(report.groups[0].texts) == sorted(UNANSWERED[:3])
    assert sorted(report.groups[1].texts) == sorted(UNANSWERED[3:])
    assert len(report.groups) == 2


class Cells(HTMLParser):
    """The text of every table cell and card of the page, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cards: list[str] = []
        self.images: list[str] = []
        self._cell: list[str] | None = None
        self._card = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "div" and attrs.get("class") == "card":
            self._card, self._cell = True, []
        elif tag == "img":
            self.images.append(attrs.get("src", ""))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join(" ".join(self._cell).split()))
            self._cell = None
        elif tag == "div" and self._card:
            self.cards.append(" ".join(" ".join(self._cell or []).split()))
            self._card, self._cell = False, None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def squash(text: str) -> str:
    """Spaces of any kind (French numbers use no-break ones) as one plain space, as Cells reads them."""
    return " ".join(text.split())


def test_the_html_shows_the_same_numbers_escaped_and_without_any_person(conversation):
    engine, keys, settings = conversation
    page = render_html(report_of(engine), generated=engine.now())
    cells = Cells()
    cells.feed(page)
    rows = {r[0]: r[1:] for r in cells.rows if r}
    third, ninth = squash(percent(6 / 18)), squash(percent(2 / 18))
    assert rows["Réponse directe"] == ["6", third] and rows["Sans réponse"] == ["6", third]
    assert rows["Choix proposé"] == ["2", ninth] and rows["Service pratique"] == ["2", ninth]
    assert rows["meteo"] == ["2"]
    assert rows["Reçues, pas encore prises en charge"] == ["1"] and rows["Prises en charge"] == ["1"]
    assert any(c.startswith("18 questions posées") for c in cells.cards)
    assert f"{squash(percent(3 / 4))} avis positifs (4 avis)" in cells.cards
    assert "3 h 30 délai médian de 1re réponse" in cells.cards and duration(3.5) == "3\u00a0h\u00a030"
    (dogs,) = [r for r in cells.rows if len(r) == 3 and "adopter un chien" in r[1]]
    assert dogs[0] == "3" and dogs[2].endswith("chien-dangereux")  # count, examples, nearest entry
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; tarif du cinéma" in page
    assert len(cells.images) == 2 and all(src.startswith("data:image/svg+xml;base64,") for src in cells.images)
    for secret in [*map(str, RAW_IDS), *keys, "test-secret"]:
        assert secret not in page
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", page)  # nothing fetched when viewed
    assert "@media print" in page and 'name="viewport"' in page


def test_without_matplotlib_the_tables_remain_and_say_how_to_get_charts(conversation, monkeypatch):
    import bot.report.charts as C

    monkeypatch.setattr(C, "_figure", lambda height=C.HEIGHT: None)
    page = render_html(report_of(conversation[0]), generated=conversation[0].now())
    assert "<img" not in page and "pip install &#x27;guichet[staff]&#x27;" in page
    cells = Cells()
    cells.feed(page)
    assert [engine_day for engine_day in cells.rows if engine_day and engine_day[0] == "Jour"]  # the per-day table


def test_similar_unanswered_questions_are_one_group():
    assert reading("Les horaires de la piscine ?") == reading("piscine horaire")
    groups = group_texts(["adopter un chien", "adoption de chiens", "tarif cinéma", "où adopter un chien ?", "!!"])
    assert [len(g) for g in groups] == [3, 1, 1]


@pytest.mark.parametrize("value, days", [("30j", 30), ("30", 30), ("4s", 28), ("2m", 60), ("7 jours", 7)])
def test_period_words(value, days):
    assert parse_days(value) == days


@pytest.mark.parametrize("value", ["", "j", "-3j", "0j", "3x", "trente"])
def test_period_words_refused(value):
    with pytest.raises(ValueError):
        parse_days(value)


def test_the_command_writes_a_private_file_and_never_writes_the_database(conversation, monkeypatch, tmp_path, capsys):
    engine, _, settings = conversation
    engine.close()
    monkeypatch.setenv("GUICHET_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("GUICHET_SECRET", "s")
    before = settings.database.stat().st_mtime_ns, settings.database.stat().st_size
    out = tmp_path / "rapport.html"
    assert main(["rapport", "--knowledge", str(DEMO_TOWN), "--depuis", "2s", "--out", str(out)]) == 0
    assert "18 question(s)" in capsys.readouterr().out
    assert out.stat().st_mode & 0o777 == 0o600 and "Du " in out.read_text(encoding="utf-8")
    assert (settings.database.stat().st_mtime_ns, settings.database.stat().st_size) == before
    assert main(["rapport", "--knowledge", str(DEMO_TOWN), "--depuis", "trois", "--out", str(out)]) == 2


def test_screenshot_with_headless_chromium(conversation, tmp_path):
    """The page as a browser draws it (the command of docs/rapport.md). Optional: skipped without
    Chromium; the suite never depends on a browser."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium absent (apt-get install chromium)")
    page = tmp_path / "rapport.html"
    page.write_text(render_html(report_of(conversation[0]), generated=conversation[0].now()), encoding="utf-8")
    shot = tmp_path / "rapport.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=1200,1800", page.as_uri()], check=True, capture_output=True, timeout=120)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
