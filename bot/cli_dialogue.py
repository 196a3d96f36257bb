"""`guichet demandes` and `guichet repondre`: the dialogue with the town for a clerk at a terminal.

An answer is not sent from here: `Dialogue.answer` writes it to the durable outbound queue
(`bot/outbox.py`) in the same transaction as the request's new state, and the running bot
(`guichet run`) sends it within a second or so, paced under Telegram's limits. That is why the
engine given here renders Telegram HTML, the bot's flavour, whatever the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from . import wording as W
from .datadir import write_private
from .dialogue import export
from .dialogue.service import MAX_ANSWER
from .dialogue.store import DialogueStore, Request, parse_number
from .render.dialogue import addressee

if TYPE_CHECKING:
    from .dialogue.service import Dialogue
    from .engine import Engine

EXCERPT = 160  # characters of a request's text, and of its latest answer, in the list


def select(store: DialogueStore, status: str) -> list[Request]:
    """The requests of a `--statut` choice, oldest first."""
    if status == "toutes":
        return store.all_requests()
    if status == "ouvertes":
        return [r for r in store.all_requests() if r.is_open]
    return store.all_requests(status)


def _short(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _heading(status: str, n: int) -> str:
    s = "s" if n > 1 else ""
    what = {"ouvertes": f"demande{s} ouverte{s} (reçue{s} ou prise{s} en charge)", "toutes": f"demande{s}"}.get(
        status, f"demande{s} au statut « {W.STATUS_NAMES.get(status, status)} »")
    if not n:
        return f"Aucune {what.replace(' (reçue ou prise en charge)', '')}."
    return f"{n} {what}" + (", la plus ancienne d'abord :" if n > 1 else " :")


def listing(dialogue: "Dialogue", requests: list[Request], status: str) -> str:
    """What a clerk reads: one block per request (number, date, kind, category, addressee, status, text)."""
    lines = [_heading(status, len(requests))]
    for r in requests:
        moment = export.local_time(r.at, dialogue.zone)
        kind = export.service(dialogue.k, r)[1] if r.kind == "report" else W.KIND_NAMES.get(r.kind, r.kind)
        head = [r.number, moment.strftime("%d/%m/%Y %H:%M") if moment else r.at, kind,
                W.STATUS_NAMES.get(r.status, r.status)]
        extra = [f"pour : {addressee(dialogue.k, r.official)}"]
        if r.photo:
            extra.append("photo jointe (visible dans le groupe Telegram de l'équipe)")
        if r.lat is not None:
            extra.append(f"position : {r.lat:.5f}, {r.lon:.5f}")
        lines += ["", " · ".join(head), "    " + " · ".join(extra), f"    « {_short(r.text)} »"]
        if r.reason:
            lines.append(f"    motif : {r.reason}")
        answer = dialogue.store.last_answer(r.id)
        if answer:
            lines.append(f"    dernière réponse : « {_short(answer)} »")
    first_open = next((r for r in requests if r.is_open), None)
    if first_open is not None:
        lines += ["", f'Pour répondre : guichet repondre {first_open.number} "votre réponse"']
    return "\n".join(lines) + "\n"


def list_requests(args: argparse.Namespace, engine: "Engine | None") -> int:
    """`guichet demandes`: the list, or the Open311 / CSV export, to the screen or to `--out`."""
    status = args.statut or ("toutes" if args.export else "ouvertes")
    dialogue = engine.dialogue if engine is not None else None
    requests = select(dialogue.store, status) if dialogue is not None else []
    rows = export.open311(dialogue.k, requests, dialogue.zone) if dialogue is not None else []
    if args.export == "open311":
        return _write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", args.out, "utf-8", len(rows))
    if args.export == "csv":
        return _write(export.to_csv(rows), args.out, export.CSV_ENCODING, len(rows))
    if dialogue is None:
        return _write(_heading(status, 0) + "\n", args.out, "utf-8", 0)
    return _write(listing(dialogue, requests, status), args.out, "utf-8", len(requests))


def _write(text: str, out: str | None, encoding: str, count: int) -> int:
    """To the screen, or to a file readable by its owner only (it holds what citizens wrote)."""
    if not out:
        if encoding == export.CSV_ENCODING and not sys.stdout.isatty():  # `> demandes.csv`: for Excel
            text = "\ufeff" + text
        sys.stdout.write(text)
        return 0
    try:
        write_private(out, text, encoding)
    except OSError as exc:
        print(f"Impossible d'écrire {out} : {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{count} demande{'s' if count > 1 else ''} écrite{'s' if count > 1 else ''} dans {out}.")
    return 0


def _refusal(args: argparse.Namespace, request: Request | None) -> str:
    """Why this answer cannot be sent (French, one sentence or two), or "" when it can."""
    if args.motif and not args.statut:
        return "--motif accompagne --statut : par exemple --statut close --motif \"doublon de D-0041\"."
    text = args.texte.strip()
    if not text:
        return ("La réponse est vide : écrivez-la entre guillemets, par exemple "
                "guichet repondre D-0042 \"C'est réparé.\"")
    if len(text) > MAX_ANSWER:
        return f"La réponse dépasse {MAX_ANSWER} caractères ({len(text)}) : raccourcissez-la."
    if parse_number(args.numero) is None:
        return (f"« {args.numero} » n'est pas un numéro de demande : écrivez-le comme « guichet demandes » "
                "l'affiche, par exemple D-0042.")
    if request is None:
        return (f"La demande {args.numero.strip().upper()} n'existe pas (ou a été effacée : /oubli, ou fin de la "
                "durée de conservation). « guichet demandes --statut toutes » les liste toutes.")
    if not request.is_open and not args.statut:
        status = W.STATUS_NAMES.get(request.status, request.status)
        reason = f" (motif : {request.reason})" if request.reason else ""
        return (f"La demande {request.number} est déjà {status}{reason} : rien n'a été envoyé. Pour répondre quand "
                f"même, dites dans quel état la laisser : ajoutez --statut {request.status} (ou --statut "
                f"{'close' if request.status == 'resolue' else 'resolue'}).")
    return ""


def answer_request(args: argparse.Namespace, engine: "Engine | None") -> int:
    """`guichet repondre`: queue the answer for the citizen (and the new status), say what will happen."""
    dialogue = engine.dialogue if engine is not None else None
    number = parse_number(args.numero)
    request = dialogue.store.get(number) if dialogue is not None and number is not None else None
    refused = _refusal(args, request)
    if refused:
        print(refused, file=sys.stderr)
        return 1
    dialogue.answer(request, args.texte)
    if args.statut:
        dialogue.set_status(request, args.statut, args.motif.strip())
    print(f"Réponse à {request.number} enregistrée : le bot l'envoie sur Telegram à la personne qui a écrit "
          "(dès qu'il tourne : guichet run).")
    reason = f" (motif : {request.reason})" if request.reason else ""
    print(f"Statut : {W.STATUS_NAMES.get(request.status, request.status)}{reason}.")
    if dialogue.settings.staff_chat and request.staff_message:
        print("Le message de la demande dans le groupe de l'équipe sera mis à jour.")
    if dialogue.store.is_unreachable(request.user):
        print("Attention : cette personne a bloqué le bot ; elle ne recevra pas la réponse.", file=sys.stderr)
    elif not dialogue.store.chat_of(request.user):
        print("Attention : cette demande vient du chat dans le terminal ; personne ne la recevra sur Telegram.",
              file=sys.stderr)
    return 0
