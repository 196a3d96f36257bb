"""`guichet explore`: the database in Datasette, read only, described in French, with no Telegram id.

How: a filtered copy, not the database itself. Only the tables and columns of `explore_tables.TABLES`
are copied (an allowlist: `chats` and the outbound queue, which hold chat ids, and every person's
key stay behind), the knowledge's entries are added as the `fiches` table for the canned queries,
and Datasette opens the copy in immutable mode (`-i`): nothing it does can reach the bot's data.
The copy lives in a private temporary folder removed when Datasette stops.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Iterable

from ..kb import Entry
from .explore_tables import ENTRIES, ENTRIES_TABLE, HIDDEN, QUERIES, TABLES, Table

DATABASE = "guichet"  # the copy's name, so Datasette's pages are /guichet/questions…


def _create(conn: sqlite3.Connection, name: str, table: Table) -> None:
    columns = ", ".join(f"[{c.name}] {c.type}" for c in table.columns)
    conn.execute(f"create table [{name}] ({columns})")


def filtered_copy(database: Path | None, out: Path, entries: Iterable[Entry]) -> Path:
    """Write to `out` the allowed tables and columns of `database` (read only; None: empty tables)
    and the entries as `fiches`; vacuumed, so no page of anything else is left in the file."""
    conn = sqlite3.connect(out.resolve().as_uri(), uri=True)  # URIs on: the source is attached read only
    try:
        source = set()
        if database is not None and database.exists():
            conn.execute("attach database ? as src", [f"{database.resolve().as_uri()}?mode=ro"])
            source = {r[0] for r in conn.execute("select name from src.sqlite_master where type = 'table'")}
        for name, table in TABLES.items():
            _create(conn, name, table)
            if name in source:
                wanted = ", ".join(f"[{c.name}]" for c in table.columns)
                conn.execute(f"insert into main.[{name}] ({wanted}) select {wanted} from src.[{name}]")
        _create(conn, ENTRIES_TABLE, ENTRIES)
        conn.executemany(f"insert into [{ENTRIES_TABLE}] values (?, ?, ?, ?, ?)",
                         [(e.id, e.title, e.category, e.kind, e.path) for e in entries])
        conn.commit()
        if source:
            conn.execute("detach database src")
        conn.execute("vacuum")
    finally:
        conn.close()
    return out


def metadata(town: str) -> dict:
    """Datasette's metadata: titles and descriptions in French, every column described, canned queries."""
    tables: dict[str, dict] = {
        name: {"description": t.description, "columns": {c.name: c.description for c in t.columns}}
        for name, t in {**TABLES, ENTRIES_TABLE: ENTRIES}.items()
    }
    for name in HIDDEN:  # never copied; hidden too, should the metadata ever be used on the real file
        tables[name] = {"hidden": True}
    return {
        "title": f"Guichet — {town} : les données du bot",
        "description": ("Copie en lecture seule de la base de Guichet, sans identifiant Telegram ni clé de "
                        "personne. Les dates sont en UTC. Requêtes prêtes à l'emploi : voir plus bas."),
        "databases": {DATABASE: {"description": "Questions, avis, demandes à la mairie et projets suivis.",
                                 "tables": tables, "queries": QUERIES}},
    }


def datasette_command(copy: Path, metadata_file: Path, host: str, port: int) -> list[str]:
    """The Datasette command line on the copy: immutable (-i), metadata, this host and port."""
    return [sys.executable, "-m", "datasette", "serve", "-i", str(copy), "--metadata", str(metadata_file),
            "--host", host, "--port", str(port), "--setting", "default_page_size", "50"]
