"""The data folder made private and tidy at start-up: umask, 0700/0600 modes, stale temporary files.

Why at start-up: the database holds citizens' questions, the key makes their ids pseudonymous;
no other local account may read either. `guichet run` and `guichet chat` call `prepare()` before
anything is opened, so every file created afterwards (database, WAL, caches, inbox) is born
private, and files made by an older version are narrowed to the same modes.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .config import Settings

log = logging.getLogger("guichet.data")

PRIVATE_UMASK = 0o077
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def prepare(settings: Settings) -> None:
    """Set a private umask, create the data folder 0700, narrow existing files to 0600, drop `*.tmp`.

    Raises OSError when the folder cannot be created (the caller prints one French line).
    """
    os.umask(PRIVATE_UMASK)
    folders = [settings.data_dir, settings.data_dir / "cache", settings.database.parent]
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    for folder in dict.fromkeys(folders):  # in order, without repeats
        if folder.is_dir():
            _narrow(folder, FOLDER_MODE)
            for path in folder.iterdir():
                if path.name.endswith(".tmp") and path.is_file():
                    _remove_stale(path)
                elif path.is_file() and _ours(path, settings):
                    _narrow(path, FILE_MODE)


def _ours(path: Path, settings: Settings) -> bool:
    """Files Guichet writes: anything in its data or cache folder, the database and its journals."""
    return path.parent in (settings.data_dir, settings.data_dir / "cache") or path.name.startswith(
        settings.database.name)


def _narrow(path: Path, mode: int) -> None:
    try:
        if path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)
    except OSError as exc:  # owned by another account: say so, the start-up goes on
        log.warning("Droits non modifiables sur %s (%s)", path, exc.strerror)


def _remove_stale(path: Path) -> None:
    """A temporary file left by a crash or a full disk: it only takes space (caches, key)."""
    try:
        path.unlink()
        log.info("Fichier temporaire abandonné supprimé : %s", path.name)
    except OSError as exc:
        log.warning("Fichier temporaire non supprimable %s (%s)", path, exc.strerror)


def write_private(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write `text` to a file readable by its owner only (an export or a report holds what citizens
    wrote). Raises OSError; the caller says it in French."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with open(fd, "w", encoding=encoding, newline="") as f:
        f.write(text)
