"""`guichet annonce` and `guichet consultation`: the staff's side of urban projects, from the terminal.

The CLI cannot send to Telegram (only the running bot holds the connection): an announcement is
queued in the durable outbound queue, then, while a bot is running, the CLI watches the queue
drain with a progress bar; when nothing moves (no bot running), it says the bot will send them
when it starts. Counts only, never a name or a chat id.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

BAR_WIDTH = 30
STALL_SECONDS = 15.0   # no message sent for this long: no bot is running
POLL_SECONDS = 0.5
BAR_FROM = 20          # smaller audiences get the final counts only


def progress_bar(done: int, total: int) -> str:
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}"


def wait_for_drain(pending: Callable[[], int], total: int, *, stall: float = STALL_SECONDS,
                   poll: float = POLL_SECONDS, out=sys.stderr) -> bool:
    """Watch `pending()` fall to 0 (True), or stop when it has not moved for `stall` seconds (False)."""
    left, moved = pending(), time.monotonic()
    while left > 0:
        if total >= BAR_FROM:
            print("\r" + progress_bar(total - left, total), end="", file=out, flush=True)
        time.sleep(poll)
        now_left = pending()
        if now_left < left:
            moved = time.monotonic()
        elif time.monotonic() - moved > stall:
            break
        left = now_left
    if total >= BAR_FROM:
        print("\r" + progress_bar(total - left, total), file=out, flush=True)
    return left == 0


def cmd_annonce(args: argparse.Namespace, engine) -> int:
    """Queue an announcement to a project's followers; follow its delivery while a bot sends it."""
    store = engine.projects
    followers = set(_followers(store, args.project))
    first = _last_outbox_id(store)
    try:
        queued = engine.announce(args.project, args.texte)
    except KeyError:
        ids = ", ".join(e.id for e in engine.knowledge.entries.values() if e.kind == "project")
        print(f"Projet « {args.project} » inconnu. Projets : {ids or '-'}", file=sys.stderr)
        return 1
    except ValueError:
        print("Le texte de l'annonce est vide.", file=sys.stderr)
        return 1
    print(f"{queued} message(s) mis en file pour les abonnés de « {engine.knowledge.entries[args.project].title} ».")
    if queued == 0 or args.no_wait:
        return 0

    def pending() -> int:
        with store.lock:
            return store.conn.execute("select count(*) from outbox where id > ? and target like 'user:%'",
                                      [first]).fetchone()[0]

    if wait_for_drain(pending, queued, stall=args.stall):
        lost = len(followers - set(_followers(store, args.project)))  # a 403 unsubscribes
        print(f"Envoyés : {queued - lost} ; échecs (bot bloqué, désabonnés) : {lost}.")
    else:
        print(f"{pending()} message(s) encore en attente : aucun bot ne semble tourner ; "
              "le bot les enverra dès son démarrage (rien n'est perdu).")
    return 0


def _followers(store, project: str) -> list[str]:
    with store.lock:
        return [r[0] for r in store.conn.execute("select user from follows where project = ?", [project])]


def _last_outbox_id(store) -> int:
    with store.lock:
        return store.conn.execute("select coalesce(max(id), 0) from outbox").fetchone()[0]


def consultation_table(question: str, options: tuple[str, ...], tally: list[int]) -> str:
    """The result as a plain-text table: option, votes, share."""
    total = sum(tally)
    width = max(len(o) for o in options)
    lines = [question, "", f"{'Option'.ljust(width)}  Votes      %"]
    for option, n in zip(options, tally):
        share = 100 * n / total if total else 0.0
        lines.append(f"{option.ljust(width)}  {n:5d}  {share:5.1f}")
    lines.append(f"{'Total'.ljust(width)}  {total:5d}")
    return "\n".join(lines)


def write_chart(path: Path, question: str, options: tuple[str, ...], tally: list[int]) -> bool:
    """A horizontal bar chart of the votes (PNG); False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.5 * len(options)))
    ax.barh(list(reversed(options)), list(reversed(tally)), color="#2a6f97")
    ax.set_xlabel("votes")
    ax.set_title(question if len(question) <= 70 else question[:69] + "…", fontsize=10)
    for i, n in enumerate(reversed(tally)):
        ax.text(n, i, f" {n}", va="center")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def cmd_consultation(args: argparse.Namespace, engine) -> int:
    """Print a consultation's votes as a table and write them as a PNG bar chart."""
    entry = engine.knowledge.entries.get(args.project)
    if entry is None or entry.consultation is None:
        with_one = ", ".join(e.id for e in engine.knowledge.entries.values() if e.consultation) or "-"
        print(f"Pas de consultation pour « {args.project} ». Consultations : {with_one}", file=sys.stderr)
        return 1
    c = entry.consultation
    tally = engine.projects.tally(entry.id, len(c.options))
    state = "ouverte jusqu'au" if c.is_open(engine.today()) else "close le"
    print(consultation_table(c.question, c.options, tally))
    print(f"\nConsultation {state} {c.closes.strftime('%d/%m/%Y')}.")
    chart = Path(args.png or f"consultation-{entry.id}.png")
    if write_chart(chart, c.question, c.options, tally):
        print(f"Graphique : {chart}")
    else:
        print("matplotlib absent : pip install 'guichet[staff]' pour le graphique.", file=sys.stderr)
    return 0
