"""`guichet sauvegarde`: consistent copies of the town's databases and key, the last N kept.

Why `VACUUM INTO` and not a file copy: the bot keeps its databases in WAL mode, so committed rows
may still sit in the `-wal` file and a write may be under way; `VACUUM INTO` reads one consistent
snapshot (WAL included, uncommitted writes excluded) without stopping the bot, and writes a compact
single file that opens on its own. Each copy is checked (`PRAGMA integrity_check`) before it counts.

What is copied: every SQLite database of the data folder (and `GUICHET_DB` when it lives
elsewhere), and `secret.key`, without which the copied hashes no longer lead back to anyone (no
`/oubli` after a restore). Not `inbox.db`: it holds raw Telegram ids and texts for a few seconds
only, and restoring an old inbox would answer old messages again. Not `cache/`: it is rebuilt.

A backup is written in a hidden temporary folder and renamed when whole, so an interrupted run
never leaves a half backup that rotation would count as one of the N kept.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .datadir import FILE_MODE, FOLDER_MODE, PRIVATE_UMASK

PREFIX = "guichet-"
STAMP = "%Y%m%d-%H%M%S"
BACKUP_NAME = re.compile(r"guichet-\d{8}-\d{6}(-\d+)?")
SKIPPED = ("inbox.db",)  # transient raw updates: never kept in a backup (module docstring)
KEY_FILE = "secret.key"
BUSY_TIMEOUT = 30.0  # seconds to wait for a database locked by a writer (rollback-journal mode)
DEFAULT_KEEP = 14


class BackupError(Exception):
    """A backup could not be made; the message says why and what to do, in French, in one line."""


@dataclass
class Backup:
    """What one run did: the new folder, the files copied (name, bytes) and the old backups removed."""

    folder: Path
    files: list[tuple[str, int]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: int = 0


def databases(settings: Settings) -> list[Path]:
    """The SQLite files to copy: `*.db` of the data folder and the configured database, inbox aside."""
    found = [settings.database] if settings.database.is_file() else []
    found += sorted(p for p in settings.data_dir.glob("*.db") if p.is_file())
    unique = {p.name: p for p in reversed(found)}  # GUICHET_DB wins over a namesake in the folder
    return [p for name, p in sorted(unique.items()) if name not in SKIPPED]


def take(settings: Settings, out: Path, keep: int = DEFAULT_KEEP, now: dt.datetime | None = None) -> Backup:
    """Copy the databases and the key into `out/guichet-YYYYMMDD-HHMMSS/`, then keep the last `keep`.

    Raises BackupError (French) when there is nothing to copy or a copy fails its check; OSError
    and sqlite3.Error pass through for the caller to word.
    """
    if keep < 1:
        raise BackupError("--garder doit valoir au moins 1 (la sauvegarde qu'on vient de faire).")
    if not settings.data_dir.is_dir():
        raise BackupError(f"le dossier de données {settings.data_dir} n'existe pas : vérifiez "
                          "GUICHET_DATA_DIR (le même réglage que le bot).")
    sources = databases(settings)
    if not sources:
        raise BackupError(f"aucune base de données dans {settings.data_dir} : le bot a-t-il déjà démarré ?")
    os.umask(PRIVATE_UMASK)  # every file written below is born readable by its owner only
    out.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _remove_stale(out)
    folder = _free_name(out, (now or dt.datetime.now()).strftime(PREFIX + STAMP))
    staging = out / f".{folder.name}.tmp"
    staging.mkdir(mode=FOLDER_MODE)
    backup = Backup(folder)
    try:
        for source in sources:
            backup.files.append((source.name, _copy_database(source, staging / source.name)))
        key = settings.data_dir / KEY_FILE
        if key.is_file():
            shutil.copyfile(key, staging / KEY_FILE)
            os.chmod(staging / KEY_FILE, FILE_MODE)
            backup.files.append((KEY_FILE, key.stat().st_size))
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    backup.removed, backup.kept = _rotate(out, keep)
    return backup


def _copy_database(source: Path, target: Path) -> int:
    """One consistent snapshot of `source` into `target` (0600), checked; returns its size in bytes."""
    conn = sqlite3.connect(f"file:{source}?mode=rw", uri=True, timeout=BUSY_TIMEOUT)  # never creates one
    try:
        conn.execute("VACUUM INTO ?", [str(target)])
    finally:
        conn.close()
    os.chmod(target, FILE_MODE)
    copy = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
    if verdict != "ok":
        raise BackupError(f"la copie de {source.name} est abîmée ({verdict}) : la base d'origine est "
                          "peut-être endommagée, vérifiez-la avec « sqlite3 … 'PRAGMA integrity_check' ».")
    return target.stat().st_size


def _free_name(out: Path, name: str) -> Path:
    """`out/name`, or `name-2`, `name-3`… when two backups are made within the same second."""
    folder, n = out / name, 1
    while folder.exists():
        n += 1
        folder = out / f"{name}-{n}"
    return folder


def _remove_stale(out: Path) -> None:
    """Half backups left by an interrupted run (power cut, full disk): they only take space."""
    for path in out.glob(f".{PREFIX}*.tmp"):
        shutil.rmtree(path, ignore_errors=True)


def _rotate(out: Path, keep: int) -> tuple[list[str], int]:
    """Delete all but the `keep` newest backups (names sort by date); only folders this command made."""
    backups = sorted((p for p in out.iterdir() if p.is_dir() and BACKUP_NAME.fullmatch(p.name)),
                     key=lambda p: (p.name[:len(PREFIX) + 15], int(p.name[len(PREFIX) + 16:] or 1)))
    old = backups[:-keep]
    for path in old:
        shutil.rmtree(path)
    return [p.name for p in old], len(backups) - len(old)


def run_backup(settings: Settings, out: Path, keep: int) -> int:
    """The command: make the backup and say in French what was done; exit 1 with one line on failure."""
    try:
        backup = take(settings, out, keep)
    except BackupError as exc:
        print(f"Sauvegarde impossible : {exc}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:
        print(f"Sauvegarde impossible : {getattr(exc, 'strerror', None) or exc} "
              f"(vérifiez l'espace disque et les droits de {out}).", file=sys.stderr)
        return 1
    print(f"Sauvegarde écrite dans {backup.folder} :")
    for name, size in backup.files:
        checked = ", vérifiée" if name != KEY_FILE else ""
        print(f"  {name} ({_size(size)}{checked})")
    print(f"{backup.kept} sauvegarde(s) conservée(s) dans {out} (au plus {keep}).")
    for name in backup.removed:
        print(f"  supprimée (trop ancienne) : {name}")
    return 0


def _size(n: int) -> str:
    """1234567 → '1,2 Mo': sizes as a French reader writes them."""
    for unit, scale in (("Go", 1 << 30), ("Mo", 1 << 20), ("ko", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".", ",")
    return f"{n} octets"
