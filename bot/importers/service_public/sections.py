"""A fiche's body as titled sections, and as variants when it offers a choice, cut to fit a message."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections import Counter

from .body import BodyReader, Ctx
from .xmltext import title_of

# A top-level unit of a body: (title, elements), a Chapitre alone or a run of loose elements.
_Unit = tuple[str, list[ET.Element]]


def units(texte: ET.Element | None, default_title: str) -> list[_Unit]:
    """Top-level units of a body: (title, elements); loose elements are grouped."""
    found: list[_Unit] = []
    loose: list[ET.Element] = []
    if texte is None:
        return found
    for child in texte:
        if child.tag == "Chapitre":
            if loose:
                found.append((default_title if not found else "", loose))
                loose = []
            found.append(("", [child]))
        elif child.tag not in ("Titre", "Condition"):
            loose.append(child)
    if loose:
        found.append((default_title if not found else "Suite", loose))
    return found


def unit_sections(reader: BodyReader, unit: _Unit, ctx: Ctx) -> list[dict]:
    """A unit's sections: a Chapitre gives one per SousChapitre ("Chapitre — Sous-chapitre")."""
    title, elements = unit
    if len(elements) == 1 and elements[0].tag == "Chapitre":
        chap = elements[0]
        ctitle = title_of(chap) or "Informations"
        own: list[str] = []
        sections: list[dict] = []
        for child in chap:
            if child.tag == "SousChapitre":
                text = reader.lines(child, ctx)
                stitle = title_of(child)
                if text:
                    sections.append({"title": f"{ctitle} — {stitle}" if stitle else ctitle,
                                     "text": "\n".join(text)})
            elif child.tag not in ("Titre", "TitreAlternatif"):
                own.extend(reader.block(child, ctx))
        if own:
            sections.insert(0, {"title": ctitle, "text": "\n".join(own)})
        return sections
    text = [line for el in elements for line in reader.block(el, ctx)]
    return [{"title": title or "Informations", "text": "\n".join(text)}] if text else []


def body_sections(reader: BodyReader, texte: ET.Element | None, default_title: str,
                  ctx: Ctx) -> list[dict]:
    """All the sections of a body (``Texte``), unit after unit."""
    return [s for unit in units(texte, default_title) for s in unit_sections(reader, unit, ctx)]


def split_sections(sections: list[dict], limit: int = 3500) -> list[dict]:
    """Cut long sections on line boundaries ("Titre (suite)") so a page fits a message."""
    out: list[dict] = []
    for section in sections:
        text = textwrap.dedent(section["text"]).strip()
        section["text"] = text
        if not text:
            continue
        if len(text) <= limit:
            out.append(section)
            continue
        chunk: list[str] = []
        size = 0
        parts: list[str] = []
        context: list[tuple[int, str]] = []  # enclosing "▸ case" headers, by indent
        for line in text.split("\n"):
            indent = len(line) - len(line.lstrip(" "))
            if chunk and size + len(line) + 1 > limit:
                parts.append("\n".join(chunk))
                chunk = [header for level, header in context if level < indent]
                size = sum(len(h) + 1 for h in chunk)
            if line.lstrip().startswith("▸ "):
                context = [(lvl, h) for lvl, h in context if lvl < indent] + [(indent, line)]
            chunk.append(line)
            size += len(line) + 1
        parts.append("\n".join(chunk))
        parts = [textwrap.dedent(part).strip() for part in parts]
        for n, part in enumerate(parts):
            out.append({"title": section["title"] + (" (suite)" if n else ""), "text": part})
    return out


def outer_cases(el: ET.Element, found: list[tuple[str, ...]]) -> None:
    """Append the case labels of every BlocCas under ``el`` that is not inside another case."""
    for child in el:
        if child.tag == "BlocCas":
            found.append(tuple(title_of(c) for c in child.findall("Cas")))
        elif child.tag != "Cas":
            outer_cases(child, found)


def _has_pivot(elements: list[ET.Element], pivot: tuple[str, ...]) -> bool:
    """Whether these elements hold, outside any case, a BlocCas with the pivot's labels."""
    for el in elements:
        found: list[tuple[str, ...]] = []
        if el.tag == "BlocCas":
            found.append(tuple(title_of(c) for c in el.findall("Cas")))
        else:
            outer_cases(el, found)
        if pivot in found:
            return True
    return False


def _pivot(texte: ET.Element) -> tuple[str, ...] | None:
    """The case labels to offer as the fiche's variants, if any.

    The same outer cases recurring (the same choice in several chapters), or a single case block,
    make a choice worth asking once rather than showing every case in turn.
    """
    found: list[tuple[str, ...]] = []
    outer_cases(texte, found)
    counts = Counter(t for t in found if len(t) >= 2 and all(t))
    if counts:
        best, n = counts.most_common(1)[0]
        if n >= 2 or len(found) == 1:
            return best
    return None


def _situation_variants(reader: BodyReader, situations: ET.Element, default: str) -> list[dict]:
    """One variant per ``Situation`` of a conditioned fiche."""
    plain = Ctx()
    variants: list[dict] = []
    for situation in situations.findall("Situation"):
        vsections: list[dict] = []
        sintro = situation.find("Introduction")
        # Rendered twice when not empty, as before the split: the second pass only repeats its
        # links (kept once) and dropped-link counts.
        if sintro is not None and reader.lines(sintro, plain):
            vsections.append({"title": "Présentation",
                              "text": "\n".join(reader.lines(sintro, plain))})
        vsections.extend(body_sections(reader, situation.find("Texte"), default, plain))
        variants.append({"label": title_of(situation), "sections": vsections})
    return variants


def _case_variants(reader: BodyReader, texte: ET.Element, default: str, kind: str,
                   sections: list[dict]) -> list[dict]:
    """Variants from the pivot cases of the body; the units before the first pivot go to ``sections``.

    A guide keeps its cases in its text: it offers its guided search, not variants.
    """
    pivot = _pivot(texte)
    body_units = units(texte, default)
    plain = Ctx()
    if pivot is None or kind == "guide":
        for unit in body_units:
            sections.extend(unit_sections(reader, unit, plain))
        return []
    first = next(i for i, u in enumerate(body_units) if _has_pivot(u[1], pivot))
    for unit in body_units[:first]:
        sections.extend(unit_sections(reader, unit, plain))
    variants: list[dict] = []
    for choice, label in enumerate(pivot):
        ctx = Ctx(pivot, choice)
        vsections = [s for u in body_units[first:] for s in unit_sections(reader, u, ctx)]
        variants.append({"label": label, "sections": vsections})
    return variants


def _number_repeated_labels(variants: list[dict]) -> None:
    """Tell apart variants with the same label: the second becomes "Label (2)"."""
    seen: Counter = Counter()
    for v in variants:
        seen[v["label"]] += 1
        if seen[v["label"]] > 1:
            v["label"] = f"{v['label']} ({seen[v['label']]})"


def content(reader: BodyReader, root: ET.Element, kind: str) -> tuple[list[dict], list[dict]]:
    """(sections, variants) of the fiche, both split to fit a message."""
    sections: list[dict] = []
    intro = root.find("Introduction")
    plain = Ctx()
    if intro is not None:
        text = reader.lines(intro, plain)
        if text:
            sections.append({"title": "Présentation", "text": "\n".join(text)})
    variants: list[dict] = []
    situations = root.find("ListeSituations")
    texte = root.find("Texte")
    default = "Réponse" if "Question" in root.get("type", "") else "Informations"
    if situations is not None:
        variants = _situation_variants(reader, situations, default)
        sections.extend(body_sections(reader, texte, default, plain))
    elif texte is not None:
        variants = _case_variants(reader, texte, default, kind, sections)
    variants = [v for v in variants if v["label"] and v["sections"]]
    _number_repeated_labels(variants)
    if len(variants) == 1:  # a single situation is no choice: keep its text
        sections.extend(variants[0]["sections"])
        variants = []
    for v in variants:
        v["sections"] = split_sections(v["sections"])
    return split_sections(sections), variants
