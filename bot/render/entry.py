"""An entry as a reply: its text in blocks (summary, steps, documents, cost, where to go…), pages and buttons."""

from __future__ import annotations

import datetime as dt

from .. import wording as W
from ..actions import Feedback, OpenEntry, ReportIn, ShowPage, ShowVariant, Write, encode
from ..kb import Entry, Knowledge
from ..replies import Button, Message
from ..checklist.items import documents_of
from .agenda import entry_dates_block
from .checklist import list_button
from .dates import month_fr
from .format import BUTTON_LABEL_MAX, MAX_BUTTONS, Fmt, label, labels_cut, paginate
from .guide import render_guide
from .heritage import heritage_blocks, heritage_rows
from .source import content_note, footer
from .places import place_lines
from .projects import ProjectView, project_blocks, project_rows

SITUATION_LABEL_MAX = 40    # "Votre situation : " + this much of the variant's label
LISTED_LABEL_MAX = 160      # a situation written out in full in the message
RELATED_MAX = 3             # "Voir aussi" buttons on the last page
LINKS_MAX = 6               # link buttons under an answer
VARIANTS_MAX = 30           # situation buttons
TAIL_SECTIONS = ("Où s'adresser",)  # imported sections that close a fiche, after its situations
KIND_EMOJI = {"procedure": "📋", "service": "🏛️", "info": "ℹ️", "heritage": "🏰", "project": "🏗️",
              "guide": "🧭", "checklist": "✅", "tour": "🚶"}


def _variant(entry: Entry, variant: int | None):
    return entry.variants[variant] if variant is not None and 0 <= variant < len(entry.variants) else None


def situation_block(entry: Entry, f: Fmt) -> str:
    """The prompt above the "Votre situation" buttons; the situations in full when a button cuts one."""
    text = "👇 " + f.b(W.SITUATION_PROMPT) + " " + f.esc(W.SITUATION_HINT)
    labels = [v.label for v in entry.variants]
    if labels_cut(labels, SITUATION_LABEL_MAX):
        text += "\n" + "\n".join(f"{n}. {f.esc(label(x, LISTED_LABEL_MAX))}" for n, x in enumerate(labels, 1))
    return text


def _scope(entry: Entry, v) -> tuple[str, str] | None:
    """(text of the chosen situation and of the entry, text of the other situations), or None."""
    if v is None:
        return None
    mine = "\n".join(s.text for s in entry.sections + v.sections)
    others = "\n".join(s.text for x in entry.variants if x is not v for s in x.sections)
    return mine, others


def in_scope(text: str, scope: tuple[str, str] | None) -> bool:
    """Whether an office or a link belongs to the chosen situation: kept unless only the others name it."""
    if scope is None or not text:
        return True
    mine, others = scope
    return text in mine or text not in others


def _dedupe_summary(summary: str, sections: list) -> tuple[str, list[tuple[str, str]]]:
    """(summary, [(title, text)]) without saying the summary twice.

    Imported fiches often open their "Présentation" with the very sentence of their description,
    which the importer cut ("…") when long: the section's sentence is then shown once, in full, as
    the summary."""
    summary = summary.strip()
    out: list[tuple[str, str]] = []
    done = not summary
    for section in sections:
        text = section.text.strip()
        if not done:
            first, _, rest = text.partition("\n")
            first = first.strip()
            if first == summary:
                text, done = rest.strip(), True
            elif summary.endswith("…") and len(first) <= 600 and first.startswith(summary[:-1].rstrip()):
                summary, text, done = first, rest.strip(), True
        out.append((section.title, text))
    return summary, out


def entry_blocks(entry: Entry, k: Knowledge, f: Fmt, today: dt.date, variant: int | None,
                 project: ProjectView | None = None) -> tuple[list[str], list[str]]:
    """The answer as (head blocks, body blocks); each block is a paragraph of formatted text."""
    v = _variant(entry, variant)
    if v is None:
        sections = entry.sections
    else:  # the fiche's reading order: its introduction, the situation, then where to apply
        tail = [s for s in entry.sections if s.title.startswith(TAIL_SECTIONS)]
        sections = [s for s in entry.sections if s not in tail] + v.sections + tail
    summary, sections = _dedupe_summary(entry.summary, sections)
    head = [f"{KIND_EMOJI.get(entry.kind, '📋')} {f.b(entry.title)}"]
    if summary:
        head.append(f.esc(summary))
    if v is not None:
        head.append(f"👉 {f.b(v.label)}" + (f"\n{f.esc(v.summary)}" if v.summary else ""))
    elif entry.variants:
        head.append(situation_block(entry, f))
    body = _procedure_blocks(entry, v, f) + _kind_blocks(entry, f) + heritage_blocks(entry, k, f, today)
    if entry.kind == "project":
        body.extend(project_blocks(entry, f, today, project))
    dates = entry_dates_block(entry.id, k, f, today)
    if dates:
        body.append(dates)
    where = where_blocks(entry, k, f, today, _scope(entry, v))
    if where:
        body.append(f.b(W.WHERE) + "\n" + "\n\n".join(where))
    notes = entry.notes + (v.notes if v else [])
    if notes:
        body.append(f.b(W.GOOD_TO_KNOW) + "\n" + "\n".join(f"• {f.esc(n)}" for n in notes))
    for title, text in sections:
        if text:
            body.append((f.b(title) + "\n" if title else "") + f.esc(text))
    if entry.checklist:
        body.append(f.b(W.CHECKLIST) + "\n" + "\n".join(f"☐ {f.esc(item['label'])}" for item in entry.checklist))
    if entry.links and not f.html:
        scope = _scope(entry, v)
        shown = [l for l in entry.links if in_scope(l.label, scope)]
        if shown:
            body.append(W.LINKS + "\n" + "\n".join(f"🔗 {f.link(l.label, l.url)}" for l in shown))
    return head, body


def _procedure_blocks(entry: Entry, v, f: Fmt) -> list[str]:
    """Steps, documents, cost and delay (a situation's own, where it has them)."""
    body: list[str] = []
    steps = (v.steps if v and v.steps else []) or entry.steps
    if steps:
        body.append(f.b(W.STEPS) + "\n" + "\n".join(f"{n}. {f.esc(s)}" for n, s in enumerate(steps, 1)))
    docs = entry.documents + (v.documents if v else [])
    if docs:
        body.append(f.b(W.DOCUMENTS) + "\n" + "\n".join(f"• {f.esc(d)}" for d in docs))
    cost = (v.cost if v and v.cost else "") or entry.cost
    delay = (v.delay if v and v.delay else "") or entry.delay
    facts = ([f.esc(W.COST.format(cost=cost))] if cost else []) + ([f.esc(W.DELAY.format(delay=delay))] if delay else [])
    if facts:
        body.append("\n".join(facts))
    return body


def _kind_blocks(entry: Entry, f: Fmt) -> list[str]:
    """What only a heritage site (address, period, map) or an urban project (status, budget, timeline) has."""
    lines: list[str] = []
    if entry.kind == "heritage" and entry.location:
        if entry.location.get("address"):
            lines.append(f"📍 {f.esc(entry.location['address'])}")
        if entry.period:
            lines.append(f.esc(W.PERIOD.format(period=entry.period)))
        geo = entry.location.get("geo")
        if geo:
            lines.append(f.link(W.SEE_ON_MAP, f"https://www.openstreetmap.org/?mlat={geo['lat']}&mlon={geo['lon']}"
                                              f"#map=18/{geo['lat']}/{geo['lon']}"))
    if entry.kind == "project":
        if entry.status:
            lines.append(f.esc(W.STATUS.format(status=entry.status)))
        if entry.budget:
            lines.append(f.esc(W.BUDGET.format(budget=entry.budget)))
        lines.extend("• " + f.esc(W.LABELLED.format(label=month_fr(step["date"]), value=step["label"]))
                     for step in entry.timeline)
    return ["\n".join(lines)] if lines else []


def where_blocks(entry: Entry, k: Knowledge, f: Fmt, today: dt.date,
                 scope: tuple[str, str] | None = None) -> list[str]:
    """Places to go: the entry's own places, then its offices resolved to the town's (co-marquage).

    With a situation chosen (`scope`), an office named only by the other situations is left out
    (F1342 "Demande en France" does not send the citizen to a consulate)."""
    out: list[str] = []
    seen: set[str] = set()
    for pid in entry.where:
        place = k.places.get(pid)
        if place and pid not in seen:
            seen.add(pid)
            out.append("\n".join(place_lines(place, f, today)))
    for office in entry.offices:
        if not in_scope(office.label, scope):
            continue
        local = k.places_of_kind(office.kind) if office.kind != "other" else []
        if local:
            place = local[0]
            if place.id not in seen:
                seen.add(place.id)
                out.append("\n".join(place_lines(place, f, today)))
        else:
            line = f"📍 {f.esc(office.label)}"
            if office.url:
                line += "\n" + f.link(W.FIND_NEAREST_OFFICE, office.url)
            if line not in out:
                out.append(line)
    return out


def render_entry(entry: Entry, k: Knowledge, flavour: str = "html", *, today: dt.date | None = None,
                 page: int = 0, variant: int | None = None, question: int = 0, feedback: bool = False,
                 project: ProjectView | None = None, share: str = "", my_list: bool = False) -> Message:
    """One page of an entry, with its buttons (situations, next page, checklist, related, links, feedback).

    Every page stands on its own (each is a new message): a continuation page repeats the title,
    says "Page k/n", and ends with the source line, like the first. `feedback` adds 👍/👎 for the
    recorded question `question` (0: an answer opened from a button, no question recorded). `project`:
    what this person sees of an urban project (follow and vote buttons), None outside a private chat.
    `share`: the URL of Telegram's share sheet for the entry's deep link (bot/deeplinks.py), a
    "🔗 Partager" button beside 👍/👎 (on its own row in a guided search); "" in the console.
    `my_list`: an entry with documents offers "📝 Ma liste" on every page (a private chat with storage)."""
    f = Fmt(flavour)
    today = today or dt.date.today()
    if entry.kind == "guide" and entry.guide and variant is None and page == 0:
        return render_guide(entry, (), f, share)
    v = _variant(entry, variant)
    variant = variant if v is not None else None
    head, body = entry_blocks(entry, k, f, today, variant, project)
    pages = paginate(head, body)
    page = max(0, min(page, len(pages) - 1))
    text = pages[page]
    if page > 0:
        title = label(entry.title, 80) + (f" — {label(v.label, 80)}" if v is not None else "")
        text = f"{KIND_EMOJI.get(entry.kind, '📋')} {f.b(title)} {f.i(W.CONTINUED)}\n\n{text}"
    if len(pages) > 1:
        text += f"\n\n{f.i(W.PAGE_OF.format(page=page + 1, pages=len(pages)))}"
    note = content_note(f) if page == 0 and variant is None else ""
    foot = "\n".join(x for x in (note, footer(entry, f)) if x)
    if foot:
        text += f"\n\n{foot}"
    rows, tail = _entry_buttons(entry, k, f, v, variant, page, last=page + 1 >= len(pages))
    if my_list and documents_of(entry, variant):
        rows.extend(list_button(entry, variant))
    if page + 1 >= len(pages):
        tail[:0] = project_rows(entry, today, project)
    if feedback:
        tail.extend(_buttons([Button(W.USEFUL, data=encode(Feedback(True, question, entry.id))),
                              Button(W.NOT_USEFUL, data=encode(Feedback(False, question, entry.id))),
                              *([Button(W.SHARE, url=share)] if share else [])]))
    if entry.checklist:  # every item that can be opened, within Telegram's 100 buttons
        room = MAX_BUTTONS - sum(len(r) for r in rows + tail)
        items = [item for item in entry.checklist if item.get("id") and item["id"] in k.entries]
        rows.extend(_rows(Button(label("➡️ " + item["label"]), data=encode(OpenEntry(item["id"])))
                          for item in items[:max(0, room)]))
    return Message(text, rows + tail)


def _entry_buttons(entry: Entry, k: Knowledge, f: Fmt, v, variant: int | None, page: int,
                   last: bool) -> tuple[list[list[Button]], list[list[Button]]]:
    """(situations and next page, then related entries and links on the last page)."""
    rows: list[list[Button]] = []
    if entry.variants and v is None:  # on every page: choosing one's situation is the way on
        numbered = labels_cut([x.label for x in entry.variants], SITUATION_LABEL_MAX)
        rows.extend(_rows(Button(W.SITUATION_BUTTON + (f"{i + 1}. " if numbered else "") + label(x.label, SITUATION_LABEL_MAX),
                                 data=encode(ShowVariant(entry.id, i))) for i, x in enumerate(entry.variants[:VARIANTS_MAX])))
    if not last:
        rows.extend(_rows([Button(W.NEXT_PAGE, data=encode(ShowPage(entry.id, variant, page + 1)))]))
    tail: list[list[Button]] = []
    if last:
        listed = {item.get("id") for item in entry.checklist}
        related = [k.entries[r] for r in entry.related if r in k.entries and r not in listed and not k.entries[r].hidden]
        tail.extend(_rows(Button(label(W.SEE_ALSO + e.title), data=encode(OpenEntry(e.id))) for e in related[:RELATED_MAX]))
    if last:
        tail.extend(heritage_rows(entry) + _dialogue_rows(entry, k))
    if f.html:
        tail.extend(_link_rows(entry, _scope(entry, v)))
    return rows, tail


def _dialogue_rows(entry: Entry, k: Knowledge) -> list[list[Button]]:
    """"Signaler maintenant" (an entry with `report:`) and "Écrire à la mairie ou à un élu" (`contact: true`)."""
    buttons = []
    if entry.report and entry.report in k.report_categories:
        buttons.append(Button(W.REPORT_NOW, data=encode(ReportIn(entry.report))))
    if entry.contact:
        buttons.append(Button(W.WRITE_TO_TOWN, data=encode(Write())))
    return _rows(buttons)


def _link_rows(entry: Entry, scope: tuple[str, str] | None) -> list[list[Button]]:
    """The entry's links as URL buttons: those of the chosen situation, at most LINKS_MAX, no two alike."""
    seen: set[str] = set()
    rows = []
    for l in entry.links:
        text_label = label("🔗 " + l.label)
        if text_label in seen:  # two links cut to the same words: show more of the second
            text_label = label("🔗 " + l.label, 2 * BUTTON_LABEL_MAX)
        if len(seen) >= LINKS_MAX or text_label in seen or not in_scope(l.label, scope):
            continue
        seen.add(text_label)
        rows.append([Button(text_label, url=l.url)])
    return rows


def _buttons(row: list[Button]) -> list[list[Button]]:
    """One row of the buttons whose action fit in callback data (none: no row)."""
    kept = [b for b in row if b.data or b.url]
    return [kept] if kept else []


def _rows(buttons) -> list[list[Button]]:
    """One button a row, leaving out those whose action did not fit in callback data."""
    return [[b] for b in buttons if b.data or b.url]
