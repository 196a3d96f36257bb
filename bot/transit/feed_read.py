"""Reading a GTFS feed's CSV files, from the zip a network publishes or from a folder, row by row
with the line each row starts on (so that every problem can say `stop_times.txt:12`).

Why the csv module rather than a GTFS library: the maintained ones (gtfs-kit, partridge) load the
feed into pandas DataFrames and pygtfs into an SQLAlchemy database, a heavy dependency each for
what is, for a town's network, a few thousand rows of CSV; and none says which line of which file
is wrong, which is what a town clerk needs to hear.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Iterator

MAX_FILE_BYTES = 400_000_000  # one uncompressed file: far above a town's network, below a zip bomb
MAX_FIELD_CHARS = 10_000


class FeedUnreadable(Exception):
    """The source is neither a GTFS zip nor a folder of its files (message in French)."""


@dataclass
class Table:
    """One file of the feed: its column names (spaces trimmed) and its rows as (line, {column: value})."""

    file: str
    columns: list[str]
    rows: Iterator[tuple[int, dict[str, str]]]
    recoded: bool = False  # not UTF-8: read as Windows-1252


class Feed:
    """A GTFS source: a zip (its files at the top, or in one folder inside) or a folder of .txt files."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.name = source.name
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, str] = {}  # "stops.txt" → the name inside the zip
        if source.is_dir():
            return
        if not source.is_file():
            raise FeedUnreadable(f"{source} : fichier ou dossier introuvable.")
        try:
            self.zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError):
            raise FeedUnreadable(f"{source} : ce n'est pas un fichier zip lisible (un flux GTFS est un zip "
                                 "de fichiers .txt, ou un dossier de ces fichiers).") from None
        self.members = _members(self.zip)

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    def has(self, file: str) -> bool:
        if self.zip is not None:
            return file in self.members
        return (self.source / file).is_file()

    def table(self, file: str) -> Table:
        """The file's header and rows. Raises FeedUnreadable when it is too large or not CSV."""
        size = self.zip.getinfo(self.members[file]).file_size if self.zip else (self.source / file).stat().st_size
        if size > MAX_FILE_BYTES:
            raise FeedUnreadable(f"{file}:1: fichier trop gros ({size // 1_000_000} Mo, "
                                 f"{MAX_FILE_BYTES // 1_000_000} Mo au plus).")
        recoded = not self._is_utf8(file)
        stream = io.TextIOWrapper(self._open(file), encoding="cp1252" if recoded else "utf-8-sig", newline="")
        reader = csv.reader(stream)
        try:
            header = next(reader, [])
        except csv.Error as exc:
            raise FeedUnreadable(f"{file}:1: première ligne illisible ({exc}).") from None
        columns = [c.strip().lstrip("\ufeff") for c in header]
        return Table(file, columns, _rows(file, reader, columns, stream), recoded)

    def _open(self, file: str) -> IO[bytes]:
        if self.zip is not None:
            return self.zip.open(self.members[file])
        return open(self.source / file, "rb")

    def _is_utf8(self, file: str) -> bool:
        """Whether the whole file decodes as UTF-8 (read once in 1 MB pieces; a piece may end mid-character)."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        with self._open(file) as f:
            try:
                while chunk := f.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return False
        return True


def _members(archive: zipfile.ZipFile) -> dict[str, str]:
    """The feed's files by their own name: at the top of the zip, or in the shallowest folder holding
    agency.txt (some networks zip the folder rather than its files)."""
    names = [n for n in archive.namelist() if n.endswith(".txt") and not n.startswith(("__MACOSX", "."))]
    folders = sorted((PurePosixPath(n).parent for n in names if PurePosixPath(n).name == "agency.txt"),
                     key=lambda p: len(p.parts))
    folder = folders[0] if folders else PurePosixPath(".")
    return {PurePosixPath(n).name: n for n in names if PurePosixPath(n).parent == folder}


def _rows(file: str, reader, columns: list[str], stream) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the row starts, {column: trimmed value}); blank lines skipped; the file closed at the end."""
    try:
        last = reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FeedUnreadable(f"{file}:{reader.line_num}: ligne illisible ({exc}).") from None
            line, last = last + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            yield line, {c: (values[i].strip()[:MAX_FIELD_CHARS] if i < len(values) else "")
                         for i, c in enumerate(columns)}
    finally:
        stream.close()
