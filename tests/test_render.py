"""Rendering: escaped HTML, Telegram's limits, pagination, co-marquage, plain text."""

import datetime as dt
import html
import re

from bot.kb import Entry, Link, Section
from bot.render import Fmt, paginate, render_entry, render_fallback, render_menu, utf16_len

ALLOWED = re.compile(r"</?(b|i|a)( href=\"[^\"]*\")?>")


def assert_telegram_html(text: str) -> None:
    """Only our tags; every other < > & escaped; within 4,096 characters."""
    stripped = ALLOWED.sub("", text)
    assert "<" not in stripped and ">" not in stripped
    assert not re.search(r"&(?!(amp|lt|gt|quot|#x27);)", stripped)
    assert 0 < utf16_len(html.unescape(stripped)) <= 4096
    assert text.count("<b>") == text.count("</b>") and text.count("<i>") == text.count("</i>")


def test_demo_entries_render_valid_html(demo):
    for entry in demo.entries.values():
        msg = render_entry(entry, demo, "html", today=dt.date(2026, 11, 26), question=12, feedback=True)
        assert_telegram_html(msg.text)
        for row in msg.buttons:
            for b in row:
                assert (b.data is None) != (b.url is None)
                if b.data:
                    assert 1 <= len(b.data.encode()) <= 64
                else:
                    assert b.url.startswith("https://")


def test_hostile_staff_text_is_escaped(demo):
    e = Entry(id="x", title="<script>alert(1)</script> & co", category="c", summary="a < b > c & d",
              steps=["<b>gras</b>"], links=[Link("l", "https://exemple.fr/?a=1&b=2")])
    msg = render_entry(e, demo, "html")
    assert "<script>" not in msg.text and "&lt;script&gt;" in msg.text
    assert_telegram_html(msg.text)


def test_long_entries_are_paginated_under_the_limit(demo):
    e = Entry(id="long", title="Très longue fiche", category="c", summary="Résumé.",
              sections=[Section(f"Partie {i}", ("mot " * 400).strip()) for i in range(12)],
              source={"name": "service-public.fr (DILA)", "url": "https://www.service-public.fr/particuliers/vosdroits/F1", "date": dt.date(2020, 7, 21)})
    first = render_entry(e, demo, "html")
    assert_telegram_html(first.text)
    assert "Source : service-public.fr (DILA), mis à jour le 21/07/2020" in first.text
    nxt = [b for row in first.buttons for b in row if b.data and b.data.startswith("p:")]
    assert nxt and nxt[0].label.startswith("Étapes suivantes")
    second = render_entry(e, demo, "html", page=1)
    assert_telegram_html(second.text)
    assert second.text != first.text


def test_paginate_never_exceeds_budget_even_with_one_huge_word():
    pages = paginate(["x" * 10000], ["&amp;" * 3000])
    assert all(utf16_len(p) <= 3300 for p in pages)
    assert all(not re.search(r"&[a-z]*$", p) for p in pages)


def test_offices_resolve_to_the_towns_place(demo):
    from bot.kb import Office

    e = Entry(id="f", title="Fiche nationale", category="c", summary="s",
              offices=[Office("mairie", "Mairie délivrant des cartes")])
    msg = render_entry(e, demo, "text", today=dt.date(2026, 11, 26))
    mairie = demo.places_of_kind("mairie")[0]
    assert mairie.name in msg.text and mairie.address in msg.text


def test_fallback_gives_contact_and_says_recorded_only_when_asked(demo):
    msg = render_fallback(demo, Fmt("html"), dt.date(2026, 11, 26), promise=True)
    assert "je ne connais pas" in msg.text and "enregistrée" in msg.text
    assert demo.places[demo.town.contact_place].phone in msg.text
    assert_telegram_html(msg.text)
    unkept = render_fallback(demo, Fmt("html"), dt.date(2026, 11, 26))
    assert "je ne connais pas" in unkept.text and "enregistrée" not in unkept.text and "transmise" not in unkept.text


def test_menu_has_back_button_and_fits(demo):
    root = render_menu(demo, Fmt("html"))
    assert len([b for row in root.buttons for b in row]) <= 100
    cat = root.buttons[0][0].data.split(":", 1)[1]
    sub = render_menu(demo, Fmt("html"), cat)
    assert sub.buttons[-1][0].data == "m:"
    assert_telegram_html(sub.text)
