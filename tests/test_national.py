"""The national catalogue on Telegram: every imported fiche renders into messages Telegram accepts,
and the co-marquage, situations, guided searches and checklists work through the real Application.

Two sources:
- the 10 fixtures of tests/fixtures/service-public (always), imported into a temporary folder and
  loaded beside the demo town (Bourg-Exemple) as a second knowledge folder;
- the whole shared dataset ``../shared/service-public/vosdroits-particuliers.zip`` (skipped when
  absent), imported once per session: every page of every fiche, of every situation, and every
  node of every guided search is rendered and checked against Telegram's rules (docs/telegram-limits.md) with the
  same validator as the strict fake Bot API.

Content: service-public.fr — DILA, Licence Ouverte 2.0.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from bot.importers.service_public import import_service_public
from bot.kb import Entry, Knowledge, errors, load_knowledge
from bot.render import Fmt, guide_node, render_entry, render_guide
from bot.replies import Message
from tests.fakebotapi import ApiError, FakeBotAPI, StoredMessage, check_reply_markup, check_text
from tests.harness import ask, labels, press, running_bot

from conftest import DEMO_TOWN as DEMO, service_public_zip

ROOT = Path(__file__).resolve().parents[1]
SP_FIXTURES = Path(__file__).parent / "fixtures" / "service-public"
SERVICE_PUBLIC = service_public_zip()  # GUICHET_SERVICE_PUBLIC, else ../shared
needs_shared = pytest.mark.skipif(SERVICE_PUBLIC is None, reason="service-public corpus not present")

TODAY = dt.date(2026, 11, 26)  # a Thursday: the demo mairie is open
SOURCE_LINE = "Source : service-public.fr (DILA), mis à jour le "


# --------------------------------------------------------------------------------------------
# Telegram's rules for one rendered message


def telegram_check(message: Message, where: str = "") -> tuple[str, list[dict]]:
    """Check a rendered message as sendMessage (parse_mode HTML) would; return (plain text, entities)."""
    try:
        plain, entities = check_text(message.text, "HTML", "utf16")  # stricter than tdlib: UTF-16 units
        if message.buttons:
            check_reply_markup({"inline_keyboard": [
                [{"text": b.label, **({"url": b.url} if b.url else {"callback_data": b.data})} for b in row]
                for row in message.buttons
            ]})
    except ApiError as exc:
        raise AssertionError(f"{where}: Telegram would refuse it: {exc.description}") from None
    buttons = [b for row in message.buttons for b in row]
    assert len(buttons) <= 100, where
    for b in buttons:
        assert (b.data is None) != (b.url is None), (where, b)
        assert b.label.strip(), (where, b)
        if b.data is not None:
            assert 1 <= len(b.data.encode("utf-8")) <= 64, (where, b.data)
        else:
            assert b.url.startswith("https://"), (where, b.url)
    return plain, entities


def assert_source_footer(entry: Entry, plain: str, entities: list[dict], where: str) -> None:
    """The last line says who and when, and links the fiche (Licence Ouverte)."""
    last = plain.rstrip().rsplit("\n", 1)[-1]
    assert last.startswith(SOURCE_LINE), (where, last)
    date = entry.source["date"]
    assert f"{date:%d/%m/%Y}" in last, (where, last)
    assert any(e["type"] == "text_link" and e["url"] == entry.source["url"] for e in entities), where


def data_of(message: Message, prefix: str) -> list[str]:
    return [b.data for row in message.buttons for b in row if b.data and b.data.startswith(prefix)]


def assert_buttons_resolve(message: Message, k: Knowledge, where: str) -> None:
    """Every e:/v:/p:/g: button points to something the engine can open (no "Bouton expiré")."""
    for data in data_of(message, ""):
        kind, _, rest = data.partition(":")
        if kind == "e":
            assert rest in k.entries, (where, data)
        elif kind == "v":
            eid, _, idx = rest.rpartition(":")
            assert eid in k.entries and int(idx) < len(k.entries[eid].variants), (where, data)
        elif kind == "p":
            eid, variant, page = rest.split(":")
            assert eid in k.entries and page.isdigit() and (variant == "" or variant.isdigit()), (where, data)
        elif kind == "g":
            eid, _, path = rest.partition(":")
            node = guide_node(k.entries[eid], [int(x) for x in path.split(".") if x])
            assert node.get("options"), (where, data)
        else:
            assert kind == "f", (where, data)


def render_all_pages(entry: Entry, k: Knowledge, variant: int | None = None) -> list[tuple[Message, str, list[dict]]]:
    """Every page of an entry (or of one of its situations), following the "Étapes suivantes" buttons."""
    pages = []
    page = 0
    while True:
        where = f"{entry.id} variant={variant} page={page}"
        message = render_entry(entry, k, "html", today=TODAY, page=page, variant=variant, question=123456, feedback=True)
        plain, entities = telegram_check(message, where)
        assert_buttons_resolve(message, k, where)
        pages.append((message, plain, entities))
        nxt = data_of(message, "p:")
        if not nxt:
            return pages
        assert nxt == [f"p:{entry.id}:{'' if variant is None else variant}:{page + 1}"], (where, nxt)
        page += 1
        assert page < 60, where


# --------------------------------------------------------------------------------------------
# imported folders


@pytest.fixture(scope="session")
def fixtures_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sp-fixtures")
    report = import_service_public(SP_FIXTURES, out)
    assert report.errors == []
    return out


@pytest.fixture(scope="session")
def national_report(national_import):
    """The shared import of conftest (one per run), checked once."""
    report = national_import[1]
    assert report.errors == []
    assert report.imported >= 2900
    return report


@pytest.fixture(scope="session")
def national(national_dir, national_report) -> Knowledge:
    knowledge, problems = load_knowledge([national_dir])
    assert [str(p) for p in errors(problems)][:10] == []
    return knowledge


@pytest.fixture(scope="session")
def town_and_fixtures(fixtures_dir) -> Knowledge:
    knowledge, problems = load_knowledge([DEMO, fixtures_dir])
    assert [str(p) for p in errors(problems)] == []
    return knowledge


# --------------------------------------------------------------------------------------------
# 1. whole corpus: every message of every fiche is valid for Telegram


@needs_shared
def test_every_page_of_every_fiche_is_valid_for_telegram(national):
    """Every page, every situation and its pages, every guided-search node: Telegram accepts it all."""
    started = time.perf_counter()
    messages = 0
    multi_page = 0
    for entry in national.entries.values():
        assert entry.source.get("date"), entry.id  # the footer says "mis à jour le …"
        if entry.kind == "guide":
            continue  # below
        pages = render_all_pages(entry, national)
        messages += len(pages)
        for n, (message, plain, entities) in enumerate(pages):
            assert_source_footer(entry, plain, entities, f"{entry.id} page {n}")
            if len(pages) > 1:
                assert f"Page {n + 1}/{len(pages)}" in plain, (entry.id, n)
            if entry.variants:  # the situations stay reachable from every page
                assert data_of(message, "v:") == [f"v:{entry.id}:{i}" for i in range(len(entry.variants))], entry.id
        multi_page += len(pages) > 1
        if entry.checklist:  # every item opens its fiche
            items = {f"e:{item['id']}" for item in entry.checklist if item.get("id") in national.entries}
            assert items <= set(data_of(pages[0][0], "e:")), entry.id
        for variant in range(len(entry.variants)):
            vpages = render_all_pages(entry, national, variant)
            messages += len(vpages)
            for n, (_, plain, entities) in enumerate(vpages):
                assert_source_footer(entry, plain, entities, f"{entry.id} variant {variant} page {n}")
                assert entry.variants[variant].label.split()[0] in plain
    guides = nodes = 0
    for entry in national.entries.values():
        if not entry.guide:
            continue
        guides += 1
        first = render_entry(entry, national, "html", today=TODAY)
        assert first.text == render_guide(entry, [], Fmt("html")).text
        stack: list[list[int]] = [[]]
        while stack:
            path = stack.pop()
            where = f"{entry.id} guide {path}"
            message = render_guide(entry, path, Fmt("html"))
            plain, entities = telegram_check(message, where)
            assert_buttons_resolve(message, national, where)
            assert_source_footer(entry, plain, entities, where)
            node = guide_node(entry, path)
            # every option of the node is a button (none silently dropped)
            assert len(data_of(message, "e:")) + len(data_of(message, f"g:{entry.id}:")) - bool(path) == len(node["options"]), where
            nodes += 1
            stack.extend(path + [i] for i, option in enumerate(node["options"]) if "options" in option)
    elapsed = time.perf_counter() - started
    print(f"\n{len(national.entries)} fiches: {messages} pages rendered ({multi_page} fiches on several pages), "
          f"{guides} guided searches ({nodes} nodes) in {elapsed:.1f} s")
    assert messages > 5000 and guides >= 40  # the time printed above is information, not a gate


@needs_shared
def test_guichet_check_accepts_the_whole_import(national_dir):
    """Must show: `guichet check --knowledge <imported>` exits 0 on the whole corpus."""
    proc = subprocess.run([sys.executable, "-m", "bot", "check", "--knowledge", str(national_dir)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "aucune erreur" in proc.stdout


# --------------------------------------------------------------------------------------------
# rendering details (fixtures + demo town, no Telegram)


def test_f1342_situations_and_the_towns_mairie(town_and_fixtures):
    k = town_and_fixtures
    f1342 = k.entries["F1342"]
    message = render_entry(f1342, k, "html", today=TODAY)
    plain, _ = telegram_check(message, "F1342")
    assert data_of(message, "v:") == ["v:F1342:0", "v:F1342:1"]
    assert [b.label for row in message.buttons for b in row][:2] == [
        "Votre situation : Demande en France", "Votre situation : À l'étranger"]
    mairie = k.places_of_kind("mairie")[0]
    assert mairie.name == "Hôtel de ville de Bourg-Exemple"
    assert mairie.name in plain and mairie.address in plain and "Horaires de la mairie aujourd'hui (jeudi)" in plain
    # a situation shows the offices of that situation only
    france = plain_of(render_entry(f1342, k, "html", today=TODAY, variant=0), "F1342/0")
    abroad = plain_of(render_entry(f1342, k, "html", today=TODAY, variant=1), "F1342/1")
    assert "👉 Demande en France" in france and mairie.name in france and "Ambassade" not in france
    assert "👉 À l'étranger" in abroad and "Ambassade ou consulat" in abroad and mairie.name not in abroad


def plain_of(message: Message, where: str) -> str:
    return telegram_check(message, where)[0]


def test_situation_reading_order_and_continuation_pages(town_and_fixtures):
    """A situation reads like the fiche: its introduction, the situation's text, then "Où s'adresser";
    every later page names the fiche again, says "(suite)" and "Page k/n", and keeps the source line."""
    from dataclasses import replace

    from bot.kb import Section

    k = town_and_fixtures
    entry = replace(k.entries["F1342"], sections=[Section("Présentation", "Introduction générale."),
                                                  Section("Où s'adresser", "▸ Guichet national\nTexte.")])
    pages = render_all_pages(entry, k, 0)
    text = "\n".join(plain for _, plain, _ in pages)
    assert text.index("Présentation") < text.index("Où et comment faire la demande ?") < text.index("Guichet national")
    assert len(pages) > 1
    for n, (_, plain, entities) in enumerate(pages[1:], 2):
        assert plain.startswith(f"📋 {entry.title} — Demande en France (suite)")
        assert f"Page {n}/{len(pages)}" in plain
        assert_source_footer(entry, plain, entities, f"page {n}")


def test_long_situation_labels_are_listed_in_full_and_numbered(town_and_fixtures):
    from dataclasses import replace

    from bot.kb import Section, Variant

    k = town_and_fixtures
    long_a = "Vous êtes une société ou une personne morale, civile, industrielle ou commerciale"
    long_b = "Vous êtes une société ou une personne morale, civile, industrielle ou agricole"
    entry = replace(k.entries["F1342"], variants=[Variant(long_a, sections=[Section("A", "a")]),
                                                  Variant(long_b, sections=[Section("B", "b")])])
    message = render_entry(entry, k, "html", today=TODAY)
    plain = plain_of(message, "long labels")
    assert f"1. {long_a}" in plain and f"2. {long_b}" in plain
    situation_labels = [b.label for row in message.buttons for b in row if b.data and b.data.startswith("v:")]
    assert situation_labels[0].startswith("Votre situation : 1. ") and situation_labels[1].startswith("Votre situation : 2. ")
    assert len(set(situation_labels)) == 2


def test_guide_nodes_have_a_way_back(national_or_fixtures):
    k = national_or_fixtures
    guide = k.entries["F34478"]
    root = render_guide(guide, [], Fmt("html"))
    assert not [b for row in root.buttons for b in row if "précédente" in b.label]
    nested = [i for i, option in enumerate(guide.guide["options"]) if "options" in option]
    if nested:
        child = render_guide(guide, [nested[0]], Fmt("html"))
        back = [b.data for row in child.buttons for b in row if "précédente" in b.label]
        assert back == ["g:F34478:"]


@pytest.fixture()
def national_or_fixtures(request, town_and_fixtures) -> Knowledge:
    if SERVICE_PUBLIC is not None:
        return request.getfixturevalue("national")
    return town_and_fixtures


# --------------------------------------------------------------------------------------------
# 2-4. On Telegram: the real Application against the strict fake Bot API


async def press_new(api: FakeBotAPI, user, message: StoredMessage, **button) -> StoredMessage:
    """Press a button that answers with a new message; return that message."""
    before = len(api.sent(user.id))
    await press(api, message, **button)
    await api.wait_for(lambda: len(api.sent(user.id)) > before, what=f"a new message after {button}")
    return api.last_sent(user.id)


async def press_edit(api: FakeBotAPI, message: StoredMessage, **button) -> StoredMessage:
    """Press a button that edits its own message in place (guided search); return the message."""
    before = len(api.calls_to("editMessageText", ok=True))
    await press(api, message, **button)
    await api.wait_for(lambda: len(api.calls_to("editMessageText", ok=True)) > before, what=f"an edit after {button}")
    return api.messages[(message.chat_id, message.message_id)]


def is_fiche(message: StoredMessage, eid: str) -> bool:
    """An imported fiche (or guided search) always ends with its service-public.fr link."""
    return f'/vosdroits/{eid}"' in (message.html or "")


async def open_by_question(api: FakeBotAPI, engine, user, question: str, eid: str, *, strict: bool = True) -> StoredMessage:
    """Ask; accept a direct answer or a clarifying choice offering the fiche (then press it).

    Not strict: when the matcher surfaces neither (its tuning is tested elsewhere), say so with a
    warning and open the fiche through its button data, as a "Peut-être" or menu button would."""
    result, _, _ = engine.answer(question)
    found = f"{result.decision} {[(c.entry.id, round(c.score, 2)) for c in result.candidates[:5]]}"
    (reply,) = await ask(api, user, question)
    if is_fiche(reply, eid):
        return reply
    if not any(b["callback_data"] == f"e:{eid}" for b in reply.callback_buttons):
        assert not strict, f"{question!r} did not surface {eid}: matcher returned {found}"
        warnings.warn(f"{question!r}: the matcher returned {found}, not {eid}; opening {eid} by its button")
        reply.data.setdefault("reply_markup", {"inline_keyboard": []})["inline_keyboard"].append(
            [{"text": eid, "callback_data": f"e:{eid}"}])
    opened = await press_new(api, user, reply, data=f"e:{eid}")
    assert is_fiche(opened, eid), opened.text[:200]
    return opened


def test_f1342_on_telegram_situations_mairie_and_pages(tmp_path, fixtures_dir):
    async def scenario():
        async with running_bot(tmp_path, [DEMO, fixtures_dir]) as (api, engine):
            mairie = engine.knowledge.places_of_kind("mairie")[0]
            lou = api.user("Lou")
            answer = await open_by_question(api, engine, lou, "carte d'identité mineur première demande", "F1342")
            assert "Carte d'identité d'un mineur : première demande" in answer.text
            assert "Votre situation ?" in answer.text
            assert labels(answer)[:2] == ["Votre situation : Demande en France", "Votre situation : À l'étranger"]
            # co-marquage: the fiche's "Mairie délivrant des cartes d'identité" is the town's mairie
            assert mairie.name in answer.text and mairie.address in answer.text
            assert "Horaires de la mairie aujourd'hui (" in answer.text
            assert SOURCE_LINE + "21/07/2020" in answer.text
            assert any(e["type"] == "text_link" and e["url"].endswith("/vosdroits/F1342")
                       for e in answer.data["entities"])

            first = await press_new(api, lou, answer, label="Votre situation : Demande en France")
            assert api.callback_queries[max(api.callback_queries, key=int)]["answer"] == "Demande en France"
            assert first.message_id != answer.message_id
            assert "👉 Demande en France" in first.text and "Où et comment faire la demande ?" in first.text
            assert "Ambassade" not in first.text  # that office belongs to the other situation
            pages = [first]
            while any(b["text"] == "Étapes suivantes ▶" for b in pages[-1].callback_buttons):
                pages.append(await press_new(api, lou, pages[-1], label="Étapes suivantes ▶"))
                assert len(pages) < 10
            assert len(pages) >= 2
            for n, page in enumerate(pages, 1):
                assert f"Page {n}/{len(pages)}" in page.text
                assert page.text.rstrip().rsplit("\n", 1)[-1].startswith(SOURCE_LINE)
            whole = "\n".join(p.text for p in pages)
            for title in ("Pièces à fournir", "Coût", "Délai de fabrication", "Durée de validité"):
                assert title in whole
            assert "(suite)" in pages[1].text

            # the other situation, from the first answer (still on screen)
            abroad = await press_new(api, lou, answer, label="Votre situation : À l'étranger")
            assert "👉 À l'étranger" in abroad.text and "Ambassade ou consulat" in abroad.text
            assert mairie.name not in abroad.text

    asyncio.run(scenario())


def test_passport_guided_search_on_telegram_fixtures(tmp_path, fixtures_dir):
    """"comment faire un passeport ?" → the guided search F34478 → F14929 (the national fixtures).

    (With the demo town loaded too, the town's own "Passeport" entry answers: see the next test.)
    Since the questions en plus, the matcher may answer the adult's fiche F14929 directly (right
    too): the guide is then opened by its button, as a "Peut-être" button would."""
    async def scenario():
        async with running_bot(tmp_path, [fixtures_dir]) as (api, engine):
            max_ = api.user("Max")
            result, _, _ = engine.answer("comment faire un passeport ?")
            assert result.candidates[0].entry.id in {"F34478", "F14929"}
            guide = await open_by_question(api, engine, max_, "comment faire un passeport ?", "F34478", strict=False)
            assert guide.text.startswith("🧭 Passeport")
            assert "Demande en France" in labels(guide)
            target = await press_new(api, max_, guide, label="Demande en France")
            assert target.text.startswith("📋 Passeport") and is_fiche(target, "F14929")

    asyncio.run(scenario())


@needs_shared
def test_passport_guided_search_walk_on_telegram_whole_corpus(tmp_path, national_dir):
    """The real tree: Demande en France → En métropole → majeure → Première demande → F14929."""
    async def scenario():
        async with running_bot(tmp_path, [DEMO, national_dir]) as (api, engine):
            ana = api.user("Ana")
            guide = await open_by_question(api, engine, ana, "comment faire un passeport ?", "F34478", strict=False)
            assert guide.text.startswith("🧭 Passeport")
            steps = ["Demande en France", "En métropole", "Pour une personne majeure"]
            root, sent = labels(guide), len(api.sent(ana.id))
            # a branch edits the same message in place, with a way back
            node = await press_edit(api, guide, label=steps[0])
            assert "◀ Question précédente" in labels(node) and labels(node) != root
            node = await press_edit(api, node, label="◀ Question précédente")
            assert labels(node) == root
            for step in steps:
                node = await press_edit(api, node, label=step)
            leaf = node
            assert len(api.sent(ana.id)) == sent  # no new message: the guided search was edited 5 times
            button = next(b for b in leaf.callback_buttons if b["text"].endswith("Première demande"))
            assert button["callback_data"] == "e:F14929"
            target = await press_new(api, ana, leaf, data="e:F14929")
            assert target.message_id != guide.message_id
            assert target.text.startswith("📋 Passeport") and is_fiche(target, "F14929")
            assert len(api.calls_to("editMessageText", ok=True)) == 5

    asyncio.run(scenario())


def test_life_event_checklist_items_open_their_fiche(tmp_path, fixtures_dir):
    async def scenario():
        async with running_bot(tmp_path, [DEMO, fixtures_dir]) as (api, engine):
            zoe = api.user("Zoé")
            checklist = await open_by_question(api, engine, zoe, "je déménage", "F14128")
            assert checklist.text.startswith("✅ Je déménage")
            assert "☐ Prime de déménagement" in checklist.text
            items = [b for b in checklist.callback_buttons if b["text"].startswith("➡️")]
            assert [b["callback_data"] for b in items] == ["e:F1168", "e:F2008"]
            prime = await press_new(api, zoe, checklist, label="➡️ Prime de déménagement")
            assert prime.text.startswith("📋 Prime de déménagement")
            assert "/vosdroits/F2008" in prime.html
            assert is_fiche(await press_new(api, zoe, checklist, data="e:F1168"), "F1168")

    asyncio.run(scenario())


def test_summary_is_not_repeated_by_the_first_section(town_and_fixtures):
    """Imported fiches often open their "Présentation" with their description: say it once."""
    k = town_and_fixtures
    for eid in ("F1342", "F14929", "F1507", "F130", "F10619", "F2008", "F1168", "F16947", "F14128"):
        entry = k.entries[eid]
        text = "\n".join(plain for _, plain, _ in render_all_pages(entry, k))
        assert text.count(entry.summary.rstrip("…")) == 1, eid


def test_passport_question_offers_the_guided_search_on_the_whole_corpus(national):
    """Issue 4 must-show: "comment faire un passeport ?" reaches the F34478 guided search."""
    from bot.search import Matcher

    result = Matcher(national).ask("comment faire un passeport ?")
    offered = [c.entry.id for c in result.choices] if result.decision == "choose" else [result.best.id]
    assert "F34478" in offered


def test_acronyms_read_as_their_meaning_and_never_meet_everyday_words(national_dir):
    """The fiches' own acronyms are imported long form first: 'PER' means 'plan d'épargne
    retraite', and 'mon père' (stem 'per') is not a question about it."""
    import yaml

    from bot.kb import load_knowledge
    from bot.search import Matcher

    groups = yaml.safe_load((national_dir / "synonyms.yaml").read_text(encoding="utf-8"))["synonyms"]
    assert ["Plan d'épargne retraite", "PER"] in groups
    matcher = Matcher(load_knowledge([national_dir])[0])
    result = matcher.search("mon père est décédé, ma mère peut-elle toucher une pension de réversion ?")
    assert "F34982" not in [c.entry.id for c in result[0][:5]]


def test_a_life_event_checklist_answers_the_situation_not_the_precise_question(national_dir):
    from bot.kb import load_knowledge
    from bot.search import Matcher

    matcher = Matcher(load_knowledge([national_dir])[0])
    assert matcher.ask("je déménage").best.id == "F14128"  # the "Je déménage" checklist
    ids = [c.entry.id for c in matcher.search("nous déménageons à Lyon en mars, comment inscrire les enfants "
                                                 "dans leur nouvelle école ?")[0]]
    assert ids.index("F1881") < ids.index("F14128")  # "Inscription à l'école … après un déménagement"


@needs_shared
def test_with_the_national_catalogue_beside_the_town_town_matters_answer_the_towns_entry(national_dir):
    """The real deployment: the demo town and the 2,976 fiches together. A town matter asked in a
    few words gets the town's own entry (its office, its hours), not a choice with the fiche."""
    from bot.kb import load_knowledge
    from bot.search import Matcher

    matcher = Matcher(load_knowledge([DEMO, national_dir])[0])
    for question, town_entry in [("encombrants", "encombrants"), ("cantine", "cantine"), ("pacs", "pacs"),
                                 ("permis de construire", "permis-construire"), ("bruit voisin", "bruit"),
                                 ("acte de naissance", "acte-naissance"), ("renouveler passeport", "passeport")]:
        result = matcher.ask(question)
        assert (result.decision, result.best.id) == ("answer", town_entry), question
