"""Opening a knowledge file safely: only regular files inside the folder, and not too big.

Why: the bot reads whatever is saved in the knowledge folder, at start-up and on every change. A
pipe named `x.yaml` would block the read forever, a link to /dev/zero would fill the memory, a
link to /etc/… would show a file that is not knowledge. Each of these becomes one problem.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .limits import MAX_FILE_BYTES


class Refused(Exception):
    """A file that is not read; `message` says why, in French, `line` where (1 for the whole file)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def _target(path: Path, root: Path | None) -> Path:
    """The file to open: `path`, or where its symbolic link leads if that stays inside `root`."""
    if not path.is_symlink():
        return path
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise Refused("lien symbolique cassé (il ne mène à aucun fichier) : supprimez-le.") from None
    if root is not None and not target.is_relative_to(root.resolve()):
        raise Refused("lien symbolique vers un fichier hors du dossier de connaissances : "
                      "copiez plutôt le fichier dans le dossier.")
    return target


def open_file(path: Path, root: Path | None = None, limit: int = MAX_FILE_BYTES) -> tuple[int, os.stat_result]:
    """An open file descriptor on `path` and its status, once it is known to be a regular file
    of at most `limit` bytes; Refused otherwise. The caller closes the descriptor."""
    target = _target(path, root)
    try:  # O_NONBLOCK: opening a pipe does not wait for a writer; O_NOFOLLOW: no link swapped in
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Refused(f"fichier illisible : {exc.strerror}.") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise Refused("ce n'est pas un fichier ordinaire (tube, périphérique ou dossier) : supprimez-le "
                      "ou renommez-le sans « .yaml ».")
    if st.st_size > limit:
        os.close(fd)
        raise Refused(f"fichier trop gros ({_megabytes(st.st_size)}, {_megabytes(limit)} au plus) : "
                      "découpez-le en plusieurs fichiers.")
    return fd, st


def read_bytes(fd: int, limit: int = MAX_FILE_BYTES) -> bytes:
    """The whole content of `fd` (closed afterwards), refused if it grew past `limit` meanwhile."""
    chunks, size = [], 0
    try:
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise Refused(f"fichier illisible : {exc.strerror}.") from None
    finally:
        os.close(fd)
    if size > limit:
        raise Refused(f"fichier trop gros (plus de {_megabytes(limit)}) : découpez-le en plusieurs fichiers.")
    return b"".join(chunks)


def decode(data: bytes) -> str:
    """The text of a file, which must be UTF-8; the line of the first bad byte otherwise."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Refused(f"caractère qui n'est pas en UTF-8 (octet 0x{data[exc.start]:02X}) : enregistrez le "
                      "fichier en UTF-8 (« Enregistrer sous… », encodage UTF-8).", line) from None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",")
