"""The dialogue with the town as messages: choosing whom to write to, confirming, the staff post, answers and lists."""

from __future__ import annotations

import datetime as dt
from datetime import tzinfo

from ..actions import STAFF_OPS, Confirm, ContactTo, ReportIn, StaffAct, encode
from ..dialogue.store import Draft, Request
from ..kb import Knowledge
from ..replies import Button, Message
from .. import i18n
from .. import wording as W
from .format import Fmt, label

EXCERPT = 60  # characters of a request's text in a list


def town_name(k: Knowledge) -> str:
    return k.town.name if k.has_town else W.THE_TOWN_HALL


# French articles, and "à" contracted with each: "à le maire" is written "au maire".
_ARTICLES = (("le ", "au "), ("les ", "aux "), ("la ", "à la "), ("l'", "à l'"), ("l’", "à l’"))


def _article(phrase: str) -> tuple[str, str] | None:
    return next(((a, to) for a, to in _ARTICLES if phrase[:len(a)].lower() == a), None)


def addressee(k: Knowledge, official: str) -> str:
    """"l'adjointe aux écoles (Claire Martin)", or "la mairie de Bourg-Exemple": written to read mid-sentence.

    A role is written "Le maire" in the YAML (it heads a button); its article is lowered here."""
    o = k.officials.get(official) if official else None
    if o is not None:
        found = _article(o.role)
        role = found[0] + o.role[len(found[0]):] if found else o.role
        return f"{role} ({o.name})" if o.name else role
    return W.THE_TOWN.format(town=k.town.name) if k.has_town else W.THE_TOWN_HALL


def to_whom(k: Knowledge, official: str) -> str:
    """"au maire (Hélène Marchand)", "à l'adjointe aux écoles (Claire Martin)", "à la mairie de Bourg-Exemple"."""
    who = addressee(k, official)
    if i18n.current() != i18n.DEFAULT:  # French contracts "à le" into "au"; another language says "to …"
        return W.TO_WHOM.format(who=who)
    found = _article(who)
    return found[1] + who[len(found[0]):] if found else f"à {who}"


def category_title(k: Knowledge, category: str) -> str:
    c = k.report_categories.get(category)
    return f"{c.emoji} {c.title}".strip() if c else category


def _date(iso: str, zone: tzinfo | None) -> str:
    """"04/12 18:30" in the town's time zone, from a stored UTC timestamp."""
    try:
        return dt.datetime.fromisoformat(iso).astimezone(zone).strftime("%d/%m %H:%M")
    except ValueError:
        return iso


def _excerpt(text: str, limit: int = EXCERPT) -> str:
    return label(text, limit)


def contact_targets(k: Knowledge, f: Fmt) -> Message:
    """Whom to write to: the town hall, or an elected official named by their délégation."""
    rows = [[Button(W.CONTACT_TOWN_HALL, data=encode(ContactTo(None)))]]
    for o in k.officials.values():
        data = encode(ContactTo(o.id))
        if data:
            rows.append([Button(label(f"👤 {o.role}" + (f" – {', '.join(o.delegations)}" if o.delegations else "")),
                                data=data)])
    return Message(f.esc(W.CONTACT_WHO), rows)


def report_categories(k: Knowledge, f: Fmt) -> Message:
    rows = [[Button(label(f"{c.emoji} {c.title}".strip()), data=encode(ReportIn(c.id)))]
            for c in k.report_categories.values() if encode(ReportIn(c.id))]
    return Message(f.esc(W.REPORT_WHICH), rows)


def write_prompt(k: Knowledge, f: Fmt, official: str) -> Message:
    return Message(f.esc(W.CONTACT_WRITE.format(to=addressee(k, official))))


def describe_prompt(k: Knowledge, f: Fmt, category: str) -> Message:
    return Message(f.esc(W.REPORT_DESCRIBE.format(category=category_title(k, category))),
                   ask_location=W.SHARE_LOCATION)


def confirm(k: Knowledge, f: Fmt, draft: Draft, notice_days: int | None) -> Message:
    """The last screen before sending: what goes to whom, and (the first time) what is shared."""
    lines = [f.b(W.CONFIRM_TITLE), f.esc(W.CONFIRM_TO.format(to=addressee(k, draft.official)))]
    if draft.kind == "report" and draft.category:
        lines.append(f.esc(W.CONFIRM_CATEGORY.format(category=category_title(k, draft.category))))
    lines.append(f.i(f"« {draft.text} »") if draft.text else "")
    if draft.photo:
        lines.append(f.esc(W.CONFIRM_PHOTO))
    if draft.lat is not None:
        lines.append(f.esc(W.CONFIRM_LOCATION))
    if draft.kind == "report" and (not draft.photo or draft.lat is None):
        lines.append(f.esc(W.CONFIRM_ADD))
    if notice_days is not None:
        lines.append(f.esc(W.PRIVACY_NOTICE.format(days=notice_days)))
    buttons = [[Button(W.SEND, data=encode(Confirm(True))), Button(W.CANCEL, data=encode(Confirm(False)))]]
    return Message("\n".join(line for line in lines if line), buttons)


def sent(k: Knowledge, f: Fmt, request: Request, notice_days: int | None) -> Message:
    text = f.esc(W.SENT.format(number=request.number, to=to_whom(k, request.official)))
    if notice_days is not None:
        text += "\n\n" + f.esc(W.PRIVACY_NOTICE.format(days=notice_days))
    return Message(text)


def my_requests(f: Fmt, requests: list[Request], answers: dict[int, str], zone: tzinfo | None = None) -> Message:
    """/mes_demandes: each request with its status and the latest answer."""
    if not requests:
        return Message(f.esc(W.NO_REQUESTS))
    blocks = [f.b(W.MY_REQUESTS)]
    for r in requests:
        line = f.esc(W.REQUEST_LINE.format(number=r.number, kind=W.KIND_NAMES.get(r.kind, r.kind),
                                           status=W.STATUS_NAMES.get(r.status, r.status), date=_date(r.at, zone)))
        line += "\n" + f.i(_excerpt(r.text, 120))
        if answers.get(r.id):
            line += "\n" + f.esc(W.LATEST_ANSWER.format(answer=_excerpt(answers[r.id], 300)))
        blocks.append(line)
    return Message("\n\n".join(blocks))


def staff_post(k: Knowledge, f: Fmt, request: Request, last_answer: str = "", zone: tzinfo | None = None) -> Message:
    """The post in the staff group: number, kind, category, addressee, text, status, and the staff buttons.

    Staff never see who wrote: no name, no username, no Telegram id, only the request's number.
    """
    category = f" · {category_title(k, request.category)}" if request.category else ""
    icon = "📣" if request.kind == "report" else "✉️"
    lines = [f.b(W.STAFF_POST_TITLE.format(icon=icon, number=request.number,
                                           kind=W.KIND_NAMES.get(request.kind, request.kind), category=category)),
             f.esc(W.STAFF_RECEIVED.format(date=_date(request.at, zone), status=W.STATUS_NAMES.get(request.status, request.status)))]
    if request.official:
        lines.append(f.esc(W.STAFF_FOR.format(to=addressee(k, request.official))))
    lines.append("")
    lines.append(f.esc(request.text))
    lines.append("")
    if request.photo:
        lines.append(f.esc(W.STAFF_PHOTO))
    if request.lat is not None:
        lines.append(f.esc(W.STAFF_LOCATION))
    if last_answer:
        lines.append(f.esc(W.STAFF_LAST_ANSWER.format(answer=_excerpt(last_answer, 300))))
    if request.is_open:
        lines.append(f.i(W.STAFF_HOW))
    return Message("\n".join(lines), staff_buttons(request))


def staff_buttons(request: Request) -> list[list[Button]]:
    if not request.is_open:
        return []
    ops = [("t", W.STAFF_TAKE)] if request.status == "recue" else []
    ops += [("r", W.STAFF_RESOLVED), ("c", W.STAFF_CLOSE), ("m", W.STAFF_MUTE)]
    assert all(op in STAFF_OPS for op, _ in ops)
    return [[Button(text, data=encode(StaffAct(op, request.id))) for op, text in ops[:2]],
            [Button(text, data=encode(StaffAct(op, request.id))) for op, text in ops[2:]]]


def staff_open_list(f: Fmt, requests: list[Request], zone: tzinfo | None = None) -> Message:
    """/demandes in the staff group: what waits, oldest first."""
    if not requests:
        return Message(f.esc(W.STAFF_NONE_OPEN))
    lines = [f.b(W.STAFF_OPEN.format(count=len(requests)))]
    for r in requests:
        lines.append(f.esc(W.STAFF_OPEN_LINE.format(number=r.number, kind=W.KIND_NAMES.get(r.kind, r.kind),
                                                    status=W.STATUS_NAMES.get(r.status, r.status), date=_date(r.at, zone),
                                                    excerpt=_excerpt(r.text))))
    return Message("\n".join(lines))


def answer_to_citizen(k: Knowledge, f: Fmt, request: Request, answer: str) -> Message:
    town = town_name(k)
    return Message(f"{f.b(W.ANSWER_TO_CITIZEN.format(town=town, number=request.number))}\n\n{f.esc(answer)}\n\n"
                   f"{f.i(W.SIGNED.format(town=town))}")


def status_to_citizen(f: Fmt, request: Request) -> Message:
    text = f.esc(W.STATUS_TO_CITIZEN.format(number=request.number, status=W.STATUS_NAMES.get(request.status, request.status)))
    if request.reason:
        text += "\n" + f.esc(W.CLOSED_REASON.format(reason=request.reason))
    return Message(text)
