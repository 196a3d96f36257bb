"""Turn engine results into messages: Telegram HTML (escaped, ≤ 4,096 characters, buttons within
Telegram's limits) or plain text for the console. No Telegram import here: buttons are plain data.

Why the care: Telegram refuses a whole message for one unescaped `<` or one character too many
("Bad Request: can't parse entities"), and the citizen then gets nothing. So every piece of staff
or citizen text goes through `esc()`, tags only ever wrap a whole short line, and long answers are
split on paragraph boundaries into pages with a "Étapes suivantes ▶" button.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from .kb import Entry, Knowledge, Place, DAYS

TEXT_LIMIT = 4096           # Telegram's limit for a message, after entity parsing
PAGE_BUDGET = 3300          # room left for the header and the source footer on every page
BUTTON_LABEL_MAX = 60
SITUATION_LABEL_MAX = 40    # "Votre situation : " + this much of the variant's label
LISTED_LABEL_MAX = 160      # a situation or guide option written out in full in the message
MAX_BUTTONS = 100           # Telegram's limit for an inline keyboard
RELATED_MAX = 3             # "Voir aussi" buttons on the last page
TAIL_SECTIONS = ("Où s'adresser",)  # imported sections that close a fiche, after its situations
KIND_EMOJI = {"procedure": "📋", "service": "🏛️", "info": "ℹ️", "heritage": "🏰", "project": "🏗️",
              "guide": "🧭", "checklist": "✅"}
DAY_NAMES = DAYS


@dataclass
class Button:
    label: str
    data: str | None = None
    url: str | None = None


@dataclass
class Message:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)


@dataclass
class Reply:
    messages: list[Message]
    toast: str | None = None
    edit: bool = False


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji often counts 2)."""
    return len(text.encode("utf-16-le")) // 2


class Fmt:
    """HTML or plain-text formatting of the same content."""

    def __init__(self, flavour: str = "html") -> None:
        self.html = flavour == "html"

    def esc(self, text: str) -> str:
        return html.escape(text, quote=False) if self.html else text

    def b(self, text: str) -> str:
        return f"<b>{self.esc(text)}</b>" if self.html else text

    def i(self, text: str) -> str:
        return f"<i>{self.esc(text)}</i>" if self.html else text

    def link(self, label: str, url: str) -> str:
        if self.html:
            return f'<a href="{html.escape(url, quote=True)}">{self.esc(label)}</a>'
        return f"{label} : {url}"


def label(text: str, limit: int = BUTTON_LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- places


def format_ranges(ranges: list[tuple[str, str]]) -> str:
    return ", ".join(f"{a.replace(':', 'h')}–{b.replace(':', 'h')}" for a, b in ranges)


def place_lines(place: Place, f: Fmt, today: dt.date) -> list[str]:
    """Name, address, phone and today's opening hours of a place."""
    lines = [f"📍 {f.b(place.name)}"]
    if place.address:
        lines.append(f.esc(place.address))
    if place.phone:
        lines.append(f"☎️ {f.esc(place.phone)}")
    if place.email:
        lines.append(f"✉️ {f.esc(place.email)}")
    if place.has_hours or place.exceptions:
        ranges, note = place.hours_on(today)
        day = DAY_NAMES[today.weekday()]
        note_txt = f" ({note})" if note else ""
        if ranges:
            lines.append(f"🕒 Aujourd'hui ({day}) : {f.esc(format_ranges(ranges))}{f.esc(note_txt)}")
        else:
            lines.append(f"🕒 Fermé aujourd'hui ({day}){f.esc(note_txt)}")
            for k in range(1, 8):
                nxt = today + dt.timedelta(days=k)
                r, _ = place.hours_on(nxt)
                if r:
                    lines.append(f"Prochaine ouverture : {DAY_NAMES[nxt.weekday()]} {nxt.day:02d}/{nxt.month:02d}, "
                                 f"{f.esc(format_ranges(r))}")
                    break
    return lines


def week_lines(place: Place, f: Fmt) -> list[str]:
    out = []
    for i, day in enumerate(DAY_NAMES):
        r = place.hours.get(i, [])
        out.append(f"{day.capitalize()} : {format_ranges(r) if r else 'fermé'}")
    return [f.esc(x) for x in out]


# --------------------------------------------------------------------------- entries


def _date_fr(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _variant(entry: Entry, variant: int | None):
    return entry.variants[variant] if variant is not None and 0 <= variant < len(entry.variants) else None


def _labels_cut(labels: list[str], limit: int) -> bool:
    return any(len(" ".join(x.split())) > limit for x in labels)


def situation_block(entry: Entry, f: Fmt) -> str:
    """The prompt above the "Votre situation" buttons; the situations in full when a button cuts one."""
    text = "👇 " + f.b("Votre situation ?") + " " + f.esc("Choisissez-la ci-dessous pour voir la suite.")
    labels = [v.label for v in entry.variants]
    if _labels_cut(labels, SITUATION_LABEL_MAX):
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


def entry_blocks(entry: Entry, k: Knowledge, f: Fmt, today: dt.date, variant: int | None) -> tuple[list[str], list[str]]:
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
    body: list[str] = []
    if v is not None:
        head.append(f"👉 {f.b(v.label)}" + (f"\n{f.esc(v.summary)}" if v.summary else ""))
    elif entry.variants:
        head.append(situation_block(entry, f))
    steps = (v.steps if v and v.steps else []) or entry.steps
    if steps:
        body.append(f.b("Étapes") + "\n" + "\n".join(f"{n}. {f.esc(s)}" for n, s in enumerate(steps, 1)))
    docs = entry.documents + (v.documents if v else [])
    if docs:
        body.append(f.b("Pièces à fournir") + "\n" + "\n".join(f"• {f.esc(d)}" for d in docs))
    cost = (v.cost if v and v.cost else "") or entry.cost
    delay = (v.delay if v and v.delay else "") or entry.delay
    facts = []
    if cost:
        facts.append(f"💶 Coût : {f.esc(cost)}")
    if delay:
        facts.append(f"⏳ Délai : {f.esc(delay)}")
    if facts:
        body.append("\n".join(facts))
    if entry.kind == "heritage" and entry.location:
        loc = [f"📍 {f.esc(entry.location.get('address', ''))}"] if entry.location.get("address") else []
        if entry.period:
            loc.append(f"🕰️ Époque : {f.esc(entry.period)}")
        geo = entry.location.get("geo")
        if geo:
            loc.append(f.link("Voir sur la carte", f"https://www.openstreetmap.org/?mlat={geo['lat']}&mlon={geo['lon']}#map=18/{geo['lat']}/{geo['lon']}"))
        body.append("\n".join(loc))
    if entry.kind == "project":
        lines = [f"🚧 Statut : {f.esc(entry.status)}"] if entry.status else []
        if entry.budget:
            lines.append(f"💶 Budget : {f.esc(entry.budget)}")
        for step in entry.timeline:
            lines.append(f"• {f.esc(step['date'])} : {f.esc(step['label'])}")
        if lines:
            body.append("\n".join(lines))
    where = where_blocks(entry, k, f, today, _scope(entry, v))
    if where:
        body.append(f.b("Où aller") + "\n" + "\n\n".join(where))
    notes = entry.notes + (v.notes if v else [])
    if notes:
        body.append(f.b("À savoir") + "\n" + "\n".join(f"• {f.esc(n)}" for n in notes))
    for title, text in sections:
        if text:
            body.append((f.b(title) + "\n" if title else "") + f.esc(text))
    if entry.checklist:
        body.append(f.b("Démarches à prévoir") + "\n" + "\n".join(f"☐ {f.esc(item['label'])}" for item in entry.checklist))
    if entry.links and not f.html:
        scope = _scope(entry, v)
        shown = [l for l in entry.links if in_scope(l.label, scope)]
        if shown:
            body.append("Liens :\n" + "\n".join(f"🔗 {f.link(l.label, l.url)}" for l in shown))
    return head, body


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
                line += "\n" + f.link("Trouver le guichet le plus proche", office.url)
            if line not in out:
                out.append(line)
    return out


def footer(entry: Entry, f: Fmt) -> str:
    """Last line of every answer: who says so and when (the Licence Ouverte asks for it)."""
    src = entry.source or {}
    if src.get("name") and "service-public" in src.get("name", "").lower():
        date = _date_fr(src.get("date")) or _date_fr(entry.updated)
        line = f"Source : service-public.fr (DILA), mis à jour le {date}" if date else "Source : service-public.fr (DILA)"
        if src.get("url"):
            line += " — " + f.link("voir la fiche", src["url"]) if f.html else f" — {src['url']}"
        return f.i(line) if not src.get("url") else line
    if entry.updated:
        return f.i(f"Informations vérifiées le {_date_fr(entry.updated)}.")
    return ""


def split_block(block: str, budget: int) -> list[str]:
    """Split a too-long block on line, then word boundaries (never inside an entity like &amp;)."""
    if utf16_len(block) <= budget:
        return [block]
    parts: list[str] = []
    current = ""
    for line in block.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if utf16_len(candidate) <= budget:
            current = candidate
            continue
        if current:
            parts.append(current)
        while utf16_len(line) > budget:
            cut = line.rfind(" ", 0, budget)
            if cut <= budget // 2:
                cut = budget
                amp = line.rfind("&", max(0, cut - 10), cut)
                if amp != -1 and ";" not in line[amp:cut]:
                    cut = amp
            parts.append(line[:cut])
            line = line[cut:].lstrip()
        current = line
    if current:
        parts.append(current)
    return [_balance(p) for p in parts]


def _balance(part: str) -> str:
    """Close or drop a <b>/<i> tag cut in two by a split (tags only wrap short lines, but be sure)."""
    for tag in ("b", "i"):
        opens, closes = part.count(f"<{tag}>"), part.count(f"</{tag}>")
        if opens > closes:
            part += f"</{tag}>" * (opens - closes)
        elif closes > opens:
            part = f"<{tag}>" * (closes - opens) + part
    return part


def paginate(head: list[str], body: list[str], budget: int = PAGE_BUDGET) -> list[str]:
    """Pack blocks into pages of at most `budget` characters, head on the first page."""
    blocks = [b for part in head + body for b in split_block(part, budget)]
    pages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}\n\n{block}" if current else block
        if utf16_len(candidate) <= budget:
            current = candidate
        else:
            if current:
                pages.append(current)
            current = block
    if current:
        pages.append(current)
    return pages or [""]


def render_entry(entry: Entry, k: Knowledge, flavour: str = "html", *, today: dt.date | None = None,
                 page: int = 0, variant: int | None = None, feedback_ref: str = "") -> Message:
    """One page of an entry, with its buttons (situations, next page, checklist, related, links, feedback).

    Every page stands on its own (each is a new message): a continuation page repeats the title,
    says "Page k/n", and ends with the source line, like the first."""
    f = Fmt(flavour)
    today = today or dt.date.today()
    if entry.kind == "guide" and entry.guide and variant is None and page == 0:
        return render_guide(entry, [], f)
    v = _variant(entry, variant)
    variant = variant if v is not None else None
    head, body = entry_blocks(entry, k, f, today, variant)
    pages = paginate(head, body)
    page = max(0, min(page, len(pages) - 1))
    text = pages[page]
    if page > 0:
        title = label(entry.title, 80) + (f" — {label(v.label, 80)}" if v is not None else "")
        text = f"{KIND_EMOJI.get(entry.kind, '📋')} {f.b(title)} {f.i('(suite)')}\n\n{text}"
    if len(pages) > 1:
        text += f"\n\n{f.i(f'Page {page + 1}/{len(pages)}')}"
    foot = footer(entry, f)
    if foot:
        text += f"\n\n{foot}"
    last = page + 1 >= len(pages)

    rows: list[list[Button]] = []
    if entry.variants and v is None:  # on every page: choosing one's situation is the way on
        numbered = _labels_cut([x.label for x in entry.variants], SITUATION_LABEL_MAX)
        rows.extend([Button("Votre situation : " + (f"{i + 1}. " if numbered else "") + label(x.label, SITUATION_LABEL_MAX),
                            data=f"v:{entry.id}:{i}")] for i, x in enumerate(entry.variants[:30]))
    if not last:
        rows.append([Button("Étapes suivantes ▶", data=f"p:{entry.id}:{'' if variant is None else variant}:{page + 1}")])
    tail: list[list[Button]] = []
    if last:
        listed = {item.get("id") for item in entry.checklist}
        related = [k.entries[r] for r in entry.related if r in k.entries and r not in listed and not k.entries[r].hidden]
        tail.extend([Button(label("📄 Voir aussi : " + e.title), data=f"e:{e.id}")] for e in related[:RELATED_MAX])
    if f.html:
        scope = _scope(entry, v)
        seen: set[str] = set()
        for l in entry.links:
            text_label = label("🔗 " + l.label)
            if text_label in seen:  # two links cut to the same words: show more of the second
                text_label = label("🔗 " + l.label, 2 * BUTTON_LABEL_MAX)
            if len(seen) >= 6 or text_label in seen or not in_scope(l.label, scope):
                continue
            seen.add(text_label)
            tail.append([Button(text_label, url=l.url)])
    if feedback_ref:
        tail.append([Button("👍 Utile", data=f"f:1:{feedback_ref}"), Button("👎 Pas utile", data=f"f:0:{feedback_ref}")])
    if entry.checklist:  # every item that can be opened, within Telegram's 100 buttons
        room = MAX_BUTTONS - sum(len(r) for r in rows + tail)
        items = [item for item in entry.checklist if item.get("id") and item["id"] in k.entries]
        rows.extend([Button(label("➡️ " + item["label"]), data=f"e:{item['id']}")] for item in items[:max(0, room)])
    return Message(text, rows + tail)


def guide_node(entry: Entry, path: list[int]) -> dict:
    node = entry.guide
    for i in path:
        node = node["options"][i]
    return node


def render_guide(entry: Entry, path: list[int], f: Fmt) -> Message:
    """One step of a guided search: the branch's question, one button per option, a way back.

    When a button would cut an option's label, the options are written out in full, numbered,
    and the buttons carry the numbers."""
    node = guide_node(entry, path)
    options = node["options"][:MAX_BUTTONS - 1]
    title = f"🧭 {f.b(entry.title)}"
    text = f"{title}\n\n{f.esc(node.get('question') or 'Quelle est votre situation ?')}"
    numbered = _labels_cut([o["label"] for o in options], BUTTON_LABEL_MAX)
    if numbered or not f.html:
        for limit in (LISTED_LABEL_MAX, 100, BUTTON_LABEL_MAX, 30):  # shorter if the list is huge
            listed = "\n".join(f"{n}. {f.esc(label(o['label'], limit))}" for n, o in enumerate(options, 1))
            if utf16_len(text) + utf16_len(listed) <= PAGE_BUDGET:
                break
        text += "\n" + listed
    prefix = ".".join(map(str, path))
    buttons = []
    for i, opt in enumerate(options):
        data = f"e:{opt['goto']}" if "goto" in opt else f"g:{entry.id}:{prefix + '.' if prefix else ''}{i}"
        if len(data.encode()) <= 64:
            buttons.append([Button((f"{i + 1}. " if numbered else "") + label(opt["label"]), data=data)])
    if path:
        back = f"g:{entry.id}:{'.'.join(map(str, path[:-1]))}"
        if len(back.encode()) <= 64:
            buttons.append([Button("◀ Question précédente", data=back)])
    foot = footer(entry, f)
    if foot:
        text += f"\n\n{foot}"
    return Message(text, buttons)


# --------------------------------------------------------------------------- other replies


def render_choose(question: str, entries: list[Entry], f: Fmt, labels: list[str]) -> Message:
    text = f"🤔 {f.esc(question)}"
    if not f.html:
        text += "\n" + "\n".join(f"{n}. {lab}" for n, lab in enumerate(labels, 1))
        text += "\n(tapez le numéro de votre choix)"
    buttons = [[Button(label(lab), data=f"e:{e.id}")] for e, lab in zip(entries, labels)]
    buttons.append([Button("Aucune de ces réponses", data="n:")])
    return Message(text, buttons)


def contact_lines(k: Knowledge, f: Fmt, today: dt.date) -> list[str]:
    t = k.town
    lines = []
    place = k.places.get(t.contact_place) if t.contact_place else None
    if place:
        lines.extend(place_lines(place, f, today))
    else:
        if t.phone:
            lines.append(f"☎️ {f.esc(t.phone)}")
    if t.email and not (place and place.email == t.email):
        lines.append(f"✉️ {f.esc(t.email)}")
    if t.website:
        lines.append(f.link("🌐 Site de la commune", t.website))
    return lines


def render_fallback(k: Knowledge, f: Fmt, today: dt.date, suggestions: list[Entry] | None = None) -> Message:
    """The honest "I don't know", with the town's contact and a promise we keep (it is logged)."""
    who = k.town.name if k.has_town else "la mairie"
    text = ("🙇 Je suis désolé, je ne connais pas encore la réponse à cette question.\n"
            f"Votre question a été enregistrée et transmise aux services de {f.esc(who)} pour améliorer mes réponses.")
    contact = contact_lines(k, f, today)
    if contact:
        text += "\n\n" + f.b("Pour une réponse tout de suite, contactez la mairie :") + "\n" + "\n".join(contact)
    if k.town.emergency:
        text += "\n\n" + f.esc("En cas d'urgence : " + ", ".join(f"{e['label']} {e['number']}" for e in k.town.emergency[:4]))
    text += "\n\n" + f.esc("Vous pouvez aussi reformuler en quelques mots (ex. « carte d'identité », « encombrants ») ou taper /menu.")
    buttons = [[Button(label("Peut-être : " + e.title), data=f"e:{e.id}")] for e in (suggestions or [])[:2]]
    buttons.append([Button("📚 Voir les thèmes", data="m:")])
    return Message(text, buttons)


SMALLTALK_REPLIES = {
    "greeting": "👋 Bonjour ! Je suis Guichet, l'assistant de {town}. Posez-moi votre question en quelques mots.",
    "thanks": "Avec plaisir ! 😊 N'hésitez pas si vous avez une autre question.",
    "bye": "Au revoir et bonne journée ! 👋",
    "identity": "🤖 Je suis Guichet, l'assistant automatique de {town}. Je réponds aux questions sur les démarches "
                "et les services de la commune, jour et nuit. Je ne suis pas une personne : pour un échange avec un agent, "
                "contactez la mairie.",
    "help": "Je peux vous expliquer une démarche (papiers, école, déchets, urbanisme…), vous dire où aller et quand. "
            "Écrivez simplement votre question, ou tapez /menu pour parcourir les thèmes.",
    "insult": "Je comprends que ce soit agaçant. Je fais de mon mieux pour vous aider : dites-moi en quelques mots "
              "ce que vous cherchez, ou tapez /menu.",
    "empty": "Je n'ai pas compris votre message. Écrivez votre question en quelques mots, par exemple :",
}


def render_smalltalk(kind: str, k: Knowledge, f: Fmt, examples: list[str]) -> Message:
    town = k.town.name if k.has_town else "votre mairie"
    text = f.esc(SMALLTALK_REPLIES.get(kind, SMALLTALK_REPLIES["help"]).format(town=town))
    buttons = []
    if kind in ("greeting", "identity", "help", "insult", "empty"):
        text += "\n\n" + f.esc("Par exemple :")
        if not f.html:
            text += "\n" + "\n".join(f"• {e}" for e in examples[:3])
        buttons = [[Button(label(e), data=f"x:{i}")] for i, e in enumerate(examples[:3])]
    return Message(text, buttons)


def render_welcome(k: Knowledge, f: Fmt, examples: list[str]) -> Message:
    town = k.town.name if k.has_town else "votre mairie"
    text = (f"👋 Bonjour ! Je suis {f.b('Guichet')}, l'assistant de {f.esc(town)}.\n\n"
            "Posez-moi vos questions sur les démarches et les services de la commune : papiers d'identité, "
            "école et cantine, déchets, urbanisme, horaires…\n\n"
            "Écrivez votre question comme vous la diriez, ou essayez un exemple :")
    if k.town.fictional:
        text += "\n\n" + f.i("(Commune fictive de démonstration.)")
    if not f.html:
        text += "\n" + "\n".join(f"• {e}" for e in examples[:3])
    buttons = [[Button(label(e), data=f"x:{i}")] for i, e in enumerate(examples[:3])]
    buttons.append([Button("📚 Parcourir les thèmes", data="m:")])
    return Message(text, buttons)


HELP_TEXT = ("<b>Comment m'utiliser</b>\n"
             "• Écrivez votre question en quelques mots : « carte d'identité perdue », « inscrire mon fils à la cantine », "
             "« il y a un trou dans ma rue ».\n"
             "• Quand plusieurs réponses sont possibles, je vous demande de préciser avec des boutons.\n"
             "• Dites-moi si une réponse vous a été utile avec 👍 ou 👎.\n\n"
             "<b>Commandes</b>\n"
             "/menu – parcourir les thèmes\n"
             "/horaires – horaires de la mairie\n"
             "/confidentialite – ce que je conserve et pourquoi\n"
             "/oubli – effacer toutes vos données\n"
             "/aide – cette aide")


def render_help(f: Fmt) -> Message:
    text = HELP_TEXT if f.html else HELP_TEXT.replace("<b>", "").replace("</b>", "")
    return Message(text, [[Button("📚 Parcourir les thèmes", data="m:")]])


def render_menu(k: Knowledge, f: Fmt, category: str | None = None) -> Message:
    """Categories as buttons, or the entries of one category with a back button."""
    visible = k.visible()
    if category is None or category not in k.categories:
        used = {e.category for e in visible}
        cats = [c for c in k.categories.values() if c.id in used]
        text = "📚 " + f.b("Choisissez un thème :")
        if not f.html:
            text += "\n" + "\n".join(f"{n}. {c.emoji} {c.title}".replace("  ", " ") for n, c in enumerate(cats[:90], 1))
        buttons = [[Button(label(f"{c.emoji} {c.title}".strip()), data=f"m:{c.id}")] for c in cats[:90]]
        return Message(text, buttons)
    cat = k.categories[category]
    entries = sorted((e for e in visible if e.category == category), key=lambda e: e.title.lower())
    shown = entries[:90]
    text = f"{f.esc(cat.emoji)} {f.b(cat.title)}".strip()
    if cat.description:
        text += "\n" + f.esc(cat.description)
    if len(entries) > len(shown):
        text += "\n" + f.esc(f"({len(shown)} sur {len(entries)} : posez votre question pour trouver les autres.)")
    if not f.html:
        text += "\n" + "\n".join(f"{n}. {e.title}" for n, e in enumerate(shown, 1))
    buttons = [[Button(label(e.title), data=f"e:{e.id}")] for e in shown]
    buttons.append([Button("◀ Retour aux thèmes", data="m:")])
    return Message(text, buttons)


def render_hours(k: Knowledge, f: Fmt, today: dt.date) -> Message:
    place = k.places.get(k.town.contact_place) if k.town.contact_place else None
    if place is None:
        places = k.places_of_kind("mairie")
        place = places[0] if places else None
    if place is None:
        return Message(f.esc("Je ne connais pas encore les horaires de la mairie."))
    lines = place_lines(place, f, today) + [""] + [f.b("Horaires de la semaine")] + week_lines(place, f)
    return Message("\n".join(lines))


def render_text(text: str, f: Fmt, buttons: list[list[Button]] | None = None) -> Message:
    return Message(f.esc(text), buttons or [])


def plain(message: Message) -> str:
    """A Telegram-HTML message as console text (for tests and logs)."""
    import re

    text = re.sub(r"<[^>]+>", "", message.text)
    return html.unescape(text)
