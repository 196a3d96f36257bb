"""Reading GeoJSON zone files with line numbers, so that `guichet check` says `path:line` for them too.

Why JSON and not YAML: staff draw zones in geojson.io or QGIS, which save `.geojson`; asking them
to convert would lose the round trip (open the file again, move a border, save). The standard
library's JSON reader gives no positions, so its pure-Python scanner is run with hooks that
build the same line-numbered containers as the YAML reader (`LineDict`, `LineList`): a feature,
a ring or a point then has its line, and the builders report problems the same way. The file
goes through the same door (regular file, size limit, UTF-8) and the same parse cache.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from pathlib import Path
from typing import Any

from .limits import MAX_DEPTH
from .model import Problem
from .quote import excerpt
from .yamlio import LineDict, LineList, parse_file

# The scanner's English messages, in the words a clerk can act on.
_MESSAGES = (
    ("Expecting ',' delimiter", "virgule manquante entre deux éléments (ou crochet « ] » / accolade « } » en trop ou en moins)"),
    ("Expecting ':' delimiter", "deux-points « : » manquant après un nom de propriété"),
    ("Expecting property name enclosed in double quotes", "nom de propriété attendu entre guillemets doubles "
                                                          "(une virgule en trop avant « } » ?)"),
    ("Expecting value", "valeur attendue (une virgule en trop avant « ] » ou « } », ou un fichier vide ?)"),
    ("Unterminated string", "texte sans guillemet fermant"),
    ("Invalid control character", "retour à la ligne ou tabulation à l'intérieur d'un texte"),
    ("Invalid \\escape", "barre oblique inverse « \\ » invalide dans un texte"),
    ("Extra data", "contenu après la fin des données (une accolade « } » en trop plus haut ?)"),
)


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


class _Reader:
    """One parse: the decoder's object and array hooks wrapped to keep lines (see the module doc)."""

    def __init__(self, text: str) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.positions: list[list[int]] = []   # per open container: where each of its values starts
        self.depth = 0
        decoder = json.JSONDecoder(parse_constant=self._constant)
        decoder.parse_object = self._object
        decoder.parse_array = self._array
        self.scan = json.scanner.py_make_scanner(decoder)
        decoder.scan_once = self.scan
        self.decoder = decoder

    def line(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def _constant(self, name: str) -> Any:
        raise ValueError(name)  # NaN, Infinity: not numbers a map can hold

    def _value(self, string: str, idx: int) -> tuple[Any, int]:
        if self.positions:
            self.positions[-1].append(idx)
        return self.scan(string, idx)

    def _enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(self.line(pos), f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux) : "
                                           "ce fichier n'est pas une carte GeoJSON ordinaire.")
        self.positions.append([])

    def _object(self, s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        string, start = s_and_end
        self._enter(start)
        try:
            pairs, end = json.decoder.JSONObject(s_and_end, strict, self._value, None, list, memo)
        finally:
            self.depth -= 1
            positions = self.positions.pop()
        mapping = LineDict()
        mapping.line, mapping.key_lines = self.line(start - 1), {}
        for (key, value), pos in zip(pairs, positions):
            if key in mapping:
                raise _Refused(self.line(pos), f"la propriété « {excerpt(key)} » est écrite deux fois "
                                               f"(lignes {mapping.key_lines[key]} et {self.line(pos)}) : gardez-en une seule.")
            mapping[key] = value
            mapping.key_lines[key] = self.line(pos)
        return mapping, end

    def _array(self, s_and_end, scan_once):
        string, start = s_and_end
        self._enter(start)
        try:
            values, end = json.decoder.JSONArray(s_and_end, self._value)
        finally:
            self.depth -= 1
            positions = self.positions.pop()
        seq = LineList(values)
        seq.line, seq.item_lines = self.line(start - 1), [self.line(p) for p in positions]
        return seq, end


def parse_json(text: str) -> tuple[Any, int, str]:
    """(data, 0, "") or (None, line, French message)."""
    text = text.removeprefix("\ufeff")  # some Windows tools start the file with a byte-order mark
    reader = _Reader(text)
    try:
        return reader.decoder.decode(text), 0, ""
    except _Refused as exc:
        return None, exc.line, exc.message
    except json.JSONDecodeError as exc:
        said = next((fr for en, fr in _MESSAGES if exc.msg.startswith(en)), exc.msg)
        return None, exc.lineno, f"syntaxe JSON : {said} (colonne {exc.colno})."
    except ValueError as exc:
        return None, 1, f"syntaxe JSON : valeur « {excerpt(str(exc))} » refusée (seuls les nombres ordinaires)."
    except RecursionError:
        return None, 1, "imbrication trop profonde : ce fichier n'est pas une carte GeoJSON ordinaire."


def parse_json_file(path: Path, cache: dict | None = None, root: Path | None = None) -> tuple[Any, Problem | None]:
    """Parse one GeoJSON file with line numbers; any mistake becomes a Problem, never an exception
    (the YAML reader's contract and cache: `bot.kb.yamlio.parse_file`)."""
    return parse_file(path, cache, root, parse_json)
