"""Fiche XML blocks as plain-text lines: paragraphs, notes, lists, tables, offices and cases."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .refs import References
from .xmltext import clean, inline_text, lower_first, title_of

_NOTE_LABELS = {"ASavoir": "À savoir", "Attention": "Attention", "ANoter": "À noter",
                "Rappel": "Rappel"}
# Metadata, images and elements rendered elsewhere (an office's page link, a tooltip): no text.
_SILENT = ("Titre", "TitreAlternatif", "Condition", "Image", "Illustration", "Source",
           "PivotLocal", "RessourceWeb", "Complement", "Aide")

# A table row: (is header, cells); a cell is (text, origin) and a merged cell repeats its origin.
_Row = tuple[bool, list[tuple[str, int]]]


@dataclass
class Ctx:
    """Where the text being rendered sits among the fiche's cases (``BlocCas``).

    ``pivot`` is the set of case labels chosen as the fiche's variants and ``choice`` the one being
    rendered: a BlocCas with those labels shows only that case. ``path`` holds the labels of the
    enclosing cases, so nested case blocks are indented.
    """

    pivot: tuple[str, ...] | None = None
    choice: int = 0
    path: tuple[str, ...] = ()


def _int(value: str | None) -> int:
    """A cell span from the XML: at least 1, and 1 when missing or not a number."""
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


class BodyReader:
    """Renders block elements as lines, handing the links and offices it meets to ``refs``."""

    def __init__(self, refs: References):
        self.refs = refs

    def lines(self, el: ET.Element, ctx: Ctx) -> list[str]:
        """Plain-text lines for the block children of ``el``."""
        out: list[str] = []
        for child in el:
            out.extend(self.block(child, ctx))
        return out

    def block(self, el: ET.Element, ctx: Ctx) -> list[str]:
        """The lines of one block element, by tag; unknown containers keep their content."""
        tag = el.tag
        if tag == "Paragraphe":
            self.refs.scan_inline(el)
            text = inline_text(el)
            return [text] if text else []
        if tag == "Liste":
            return self.liste(el, ctx)
        if tag == "Tableau":
            return self.tableau(el)
        if tag in _NOTE_LABELS:
            return self._note(el, ctx)
        if tag == "BlocCas":
            return self.bloc_cas(el, ctx)
        if tag == "OuSAdresser":
            return self._office(el, ctx)
        if tag == "ServiceEnLigne":
            label = self.refs.add_service(el)
            return [f"→ {label}"] if label else []
        if tag in ("Chapitre", "SousChapitre"):  # nested in an office's text, a case…
            title = title_of(el)
            body = [line for child in el if child.tag not in ("Titre", "TitreAlternatif")
                    for line in self.block(child, ctx)]
            return ([f"{title} :"] if title and body else []) + body
        if tag in _SILENT:
            return []
        # Texte, Introduction, FragmentConditionne, ContenuIllustre, Contenu, Cas… and any
        # element this importer does not know: keep their content.
        return self.lines(el, ctx)

    def _note(self, el: ET.Element, ctx: Ctx) -> list[str]:
        """An ``ASavoir``/``Attention``… note: its label leads its first line, or heads a list."""
        label = title_of(el) or _NOTE_LABELS[el.tag]
        body = [line for child in el if child.tag != "Titre" for line in self.block(child, ctx)]
        if not body:
            return []
        if body[0].startswith(("•", "▸")) or body[0].endswith(":"):
            return [f"{label} :"] + body
        return [f"{label} : {body[0]}"] + body[1:]

    def _office(self, el: ET.Element, ctx: Ctx) -> list[str]:
        """An office inside the body: recorded for the entry's offices, and named in the text."""
        label = self.refs.add_office(el)
        out = [f"Où s'adresser : {label}"] if label else []
        complement = clean(el.findtext("Complement"))
        if complement:
            out.append(complement)
        texte = el.find("Texte")
        if texte is not None:
            out.extend(self.lines(texte, ctx))
        return out

    def liste(self, el: ET.Element, ctx: Ctx, indent: str = "") -> list[str]:
        """A list as "•" or "1." lines; nested lists and blocks are indented under their item."""
        out: list[str] = []
        numbered = el.get("type") == "numero"
        for n, item in enumerate(el.findall("Item"), 1):
            head: list[str] = []
            nested: list[str] = []
            for child in item:
                if child.tag == "Paragraphe":
                    self.refs.scan_inline(child)
                    text = inline_text(child)
                    if text:
                        head.append(text)
                elif child.tag == "Liste":
                    nested.extend(self.liste(child, ctx, indent + "  "))
                else:
                    nested.extend(indent + "  " + line for line in self.block(child, ctx))
            bullet = f"{n}." if numbered else "•"
            if head or nested:
                out.append(f"{indent}{bullet} {' '.join(head)}".rstrip())
                out.extend(nested)
        return out

    def tableau(self, el: ET.Element) -> list[str]:
        """A table as readable lines: "• first cell : header : cell ; header : cell"."""
        headers, rows = _table_lines(self._grid(el))
        if not rows:
            return []
        title = title_of(el)
        if not title and len(headers) == 2 and all(headers):
            title = f"{headers[0]} : {lower_first(headers[1])}"
        return ([f"{title} :"] if title else []) + rows

    def _grid(self, el: ET.Element) -> list[_Row]:
        """The table's rows with merged cells spread: a cell spanning columns or rows is repeated."""
        grid: list[_Row] = []
        pending: dict[int, tuple[int, str, int]] = {}  # column -> (rows left, text, origin)
        origin = 0
        for row in el.findall("Rangée"):
            cells: list[tuple[str, int]] = []  # (text, origin): a merged cell repeats its origin
            col = 0
            source = list(row.findall("Cellule"))
            while source or col in pending:
                if col in pending:
                    left, text, first = pending.pop(col)
                    cells.append((text, first))
                    if left > 1:
                        pending[col] = (left - 1, text, first)
                    col += 1
                    continue
                cell = source.pop(0)
                text = self._cell_text(cell)
                span = _int(cell.get("fusionHorizontale"))
                down = _int(cell.get("fusionVerticale"))
                origin += 1
                for k in range(span):
                    cells.append((text, origin))
                    if down > 1:
                        pending[col + k] = (down - 1, text, origin)
                col += span
            grid.append((row.get("type") == "header", cells))
        return grid

    def _cell_text(self, cell: ET.Element) -> str:
        """A cell on one line: its paragraphs, then any list or block in it, bullets dropped."""
        paras = cell.findall("Paragraphe")
        for para in paras:
            self.refs.scan_inline(para)
        text = clean(" ".join(inline_text(p) for p in paras)) if paras else inline_text(cell)
        extra = [line for child in cell if child.tag != "Paragraphe"
                 for line in self.block(child, Ctx())]
        if extra:
            text = clean(" ".join([text] + [line.lstrip("• ") for line in extra]))
        return text

    def bloc_cas(self, el: ET.Element, ctx: Ctx) -> list[str]:
        """Cases as "▸ label" blocks; cases with the same text share one block (e.g. départements)."""
        cases = el.findall("Cas")
        key = tuple(title_of(c) for c in cases)
        if ctx.pivot is not None and key == ctx.pivot:
            return self.lines(cases[ctx.choice], ctx)
        groups: dict[tuple[str, ...], list[str]] = {}
        for cas, label in zip(cases, key):
            body = tuple(self.lines(cas, Ctx(ctx.pivot, ctx.choice, ctx.path + (label,))))
            if body:
                groups.setdefault(body, []).append(label or "Autre cas")
        out: list[str] = []
        for body, labels in groups.items():
            out.append("▸ " + ", ".join(labels))
            out.extend(body)
        return ["  " + line for line in out] if ctx.path else out  # nested: indented


def _table_lines(grid: list[_Row]) -> tuple[list[str], list[str]]:
    """(headers, row lines) of a spread table.

    Header rows before the first data row are merged column by column ("Titre – sous-titre"). A
    row reads "• first cell : header : cell ; …": a merged cell is said once, and the headers are
    named only when the row has more than one value column to tell apart.
    """
    headers: list[str] = []
    rows: list[str] = []
    for is_header, cells in grid:
        if is_header and not rows:
            for i, (text, _) in enumerate(cells):
                if i >= len(headers):
                    headers.append(text)
                elif text and text != headers[i]:
                    headers[i] = f"{headers[i]} – {text}" if headers[i] else text
            continue
        if not any(text for text, _ in cells):
            continue
        parts = []
        for i in range(1, len(cells)):
            text, first = cells[i]
            if not text or first == cells[i - 1][1]:
                continue
            head = headers[i] if i < len(headers) and len(cells) > 2 else ""
            parts.append(f"{head} : {text}" if head else text)
        rows.append(f"• {cells[0][0]}" + (f" : {' ; '.join(parts)}" if parts else ""))
    return headers, rows
