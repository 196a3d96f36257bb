"""Keep the translation catalogue in step with the code: extract, update, check (docs/traduction.md).

    python3 tools/i18n.py           extract the marked sentences (N_, _) of bot/ and handlers/ into
                                    bot/locale/guichet.pot, and update each language's .po from it
                                    (a new sentence gets an empty translation, a vanished one goes)
    python3 tools/i18n.py --check   change nothing; exit 1 and say what is wrong when the catalogue
                                    is behind the code or a translation is missing or broken

Each .po is then compiled into the .mo beside it, which the bot reads with the standard library's
gettext (bot/i18n.py). tests/test_i18n.py runs the same check, so a new French sentence without
its translation, or a .po edited without compiling it, fails the suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "bot" / "locale"
POT = LOCALE / "guichet.pot"
SOURCES = ("bot", "handlers")
TRANSLATIONS = ("en",)
# Placeholders a translation may leave out: French grammar (agreement, verb, pronoun) that another
# language words differently. Any other placeholder must be kept, and none may be invented.
GRAMMAR_PLACEHOLDERS = {"verb", "agree", "pronoun", "opens"}
_PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")
STABLE_DATE = dt.datetime(2026, 12, 4, tzinfo=dt.timezone.utc)  # the header's dates: a re-run changes nothing


def extract() -> Catalog:
    """Every marked sentence of the code, with where it is (sorted, so the file is stable)."""
    catalog = Catalog(project="guichet", version="0.1.0", domain="guichet", charset="utf-8", fuzzy=False,
                      copyright_holder="Guichet", msgid_bugs_address="", creation_date=STABLE_DATE,
                      revision_date=STABLE_DATE)
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords={"_": None, "N_": None, "gettext": None}):
            if isinstance(message, str) and message:
                catalog.add(message, locations=[(f"{folder}/{filename}", lineno)], auto_comments=comments)
    return catalog


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "guichet.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def compiled(language: str) -> bytes:
    """The .mo of a language's .po: translated, non-fuzzy messages only (the others stay French)."""
    out = io.BytesIO()
    write_mo(out, read(po_path(language), language), use_fuzzy=False)
    return out.getvalue()


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=language)


def render(catalog: Catalog, *, omit_locations: bool = False) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, omit_header=False, no_location=omit_locations,
             ignore_obsolete=True)
    return out.getvalue()


def updated(template: Catalog, language: str) -> Catalog:
    """The language's catalogue with the template's messages: translations kept, new ones empty,
    vanished ones dropped (no fuzzy guesses: a guess would be shown to citizens)."""
    path = po_path(language)
    catalog = read(path, language) if path.exists() else Catalog(locale=language, domain="guichet", fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    catalog.project, catalog.version, catalog.fuzzy = template.project, template.version, False
    catalog.copyright_holder, catalog.msgid_bugs_address = template.copyright_holder, ""
    catalog.revision_date = catalog.creation_date = STABLE_DATE
    catalog.last_translator, catalog.language_team = "Guichet", "English"
    return catalog


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.broken = False

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.broken = True


def tags_balanced(text: str) -> bool:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return not parser.broken and not parser.stack


def problems() -> list[str]:
    """What is wrong with the catalogue (empty: up to date, complete and sound)."""
    found = []
    template = extract()
    if not POT.exists() or {m.id for m in read(POT) if m.id} != {m.id for m in template if m.id}:
        found.append(f"{POT.relative_to(ROOT)} is behind the code: run python3 tools/i18n.py")
    ids = {m.id for m in template if m.id}
    for language in TRANSLATIONS:
        path = po_path(language)
        if not path.exists():
            found.append(f"{path.relative_to(ROOT)} is missing: run python3 tools/i18n.py")
            continue
        mo = mo_path(language)
        if not mo.exists() or mo.read_bytes() != compiled(language):
            found.append(f"{mo.relative_to(ROOT)} is not the compiled {path.name}: run python3 tools/i18n.py")
        catalog = read(path, language)
        by_id = {m.id: m for m in catalog if m.id}
        for msgid in sorted(ids - by_id.keys()):
            found.append(f"{language}: not in the .po (run python3 tools/i18n.py): {msgid[:70]!r}")
        for msgid in sorted(ids & by_id.keys()):
            found += [f"{language}: {p}: {msgid[:70]!r}" for p in message_problems(msgid, by_id[msgid])]
    return found


def message_problems(msgid: str, message) -> list[str]:
    """What is wrong with one translation: missing, fuzzy, placeholders changed, tags broken."""
    text = message.string
    if not text or not text.strip():
        return ["no translation"]
    out = ["marked fuzzy"] if message.fuzzy else []
    wanted, given = placeholders(msgid), placeholders(text)
    if given - wanted:
        out.append(f"placeholders not in the French: {sorted(given - wanted)}")
    if (wanted - given) - GRAMMAR_PLACEHOLDERS:
        out.append(f"placeholders left out: {sorted((wanted - given) - GRAMMAR_PLACEHOLDERS)}")
    if tags_balanced(msgid) and not tags_balanced(text):
        out.append("HTML tags not balanced")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing, exit 1 when something is wrong")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        print("\n".join(found) or "catalogue up to date and complete")
        return 1 if found else 0
    template = extract()
    LOCALE.mkdir(parents=True, exist_ok=True)
    POT.write_bytes(render(template))
    for language in TRANSLATIONS:
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(updated(template, language)))
        mo_path(language).write_bytes(compiled(language))
        missing = sum(1 for m in read(path, language) if m.id and not m.string)
        print(f"{path.relative_to(ROOT)}: {len(template)} sentences, {missing} without translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
