"""`guichet rapport`: the staff report as one HTML file, from the bot's database opened read only.

Read only (SQLite's `mode=ro`): the report may be made while the bot runs, and never changes a
row. The knowledge is loaded without storage, to name the entries and to suggest the nearest one
for each group of unanswered questions (bot/report/).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .datadir import write_private

if TYPE_CHECKING:
    from .engine import Engine


def open_read_only(path: Path) -> sqlite3.Connection:
    """The database, read only: the bot keeps writing meanwhile, the report never does."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def cmd_rapport(args: argparse.Namespace, engine: "Engine", database: Path) -> int:
    """Write the report over the last `args.depuis` days to `args.out` (readable by its owner only)."""
    import datetime as dt

    from .report import Period, build_report, parse_days
    from .report.charts import available as charts_available
    from .report.html import render_html

    try:
        days = parse_days(args.depuis)
    except ValueError as exc:
        print(str(exc).capitalize(), file=sys.stderr)
        return 2
    now = engine.now()
    period = Period(today=now.date(), days=days, tz=now.tzinfo or dt.timezone.utc)
    if database.exists():
        conn = open_read_only(database)
        try:
            report = build_report(conn, engine.knowledge, engine.matcher, period)
        finally:
            conn.close()
    else:  # nothing recorded yet: an empty report, rather than a new database made behind the clerk's back
        report = build_report(sqlite3.connect(":memory:"), engine.knowledge, engine.matcher, period)
    page = render_html(report, generated=now)
    try:
        write_private(args.out, page)
    except OSError as exc:
        print(f"Impossible d'écrire {args.out} : {exc.strerror or exc}", file=sys.stderr)
        return 1
    f = report.figures
    print(f"Rapport écrit dans {args.out} : {f.total} question(s) du {period.first:%d/%m/%Y} au "
          f"{period.today:%d/%m/%Y}, {len(f.unanswered)} sans réponse en {len(report.groups)} groupe(s), "
          f"{f.requests.total} demande(s).")
    if not charts_available():
        print("Sans graphiques : pip install 'guichet[staff]' pour les ajouter (matplotlib).", file=sys.stderr)
    return 0


def cmd_explore(args: argparse.Namespace, engine: "Engine", database: Path) -> int:
    """Datasette on a filtered, immutable copy of the database (bot/report/explore.py); with
    `--copie DOSSIER`, only write the copy and its metadata there."""
    import json
    import subprocess
    import tempfile

    from .report.explore import DATABASE, datasette_command, filtered_copy, metadata

    if not args.copie:
        try:
            import datasette  # noqa: F401 - only to say clearly that it is missing
        except ImportError:
            print("Datasette n'est pas installé : pip install 'guichet[staff]'.", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix="guichet-explore-") as temporary:  # created 0700
        folder = Path(args.copie or temporary)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        copy = folder / f"{DATABASE}.db"
        copy.unlink(missing_ok=True)
        filtered_copy(database if database.exists() else None, copy, engine.knowledge.entries.values())
        copy.chmod(0o400)
        meta = folder / "metadata.json"
        write_private(meta, json.dumps(metadata(engine.knowledge.town.name), ensure_ascii=False, indent=2))
        if args.copie:
            print(f"Copie filtrée : {copy} ; métadonnées : {meta}.")
            return 0
        print(f"Datasette sur http://{args.host}:{args.port}/{DATABASE} (copie en lecture seule, sans "
              "identifiant Telegram ; Ctrl-C pour arrêter).", file=sys.stderr)
        return subprocess.call(datasette_command(copy, meta, args.host, args.port))
