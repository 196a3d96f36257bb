"""Every URL written in the knowledge, with its `path:line`, and the warnings for the dead and moved.

Read from the files themselves (every `url:` and `website:` value, and any https:// address in a
text), not from the built knowledge: a place's site, an office's, a source's and a link's are all
URLs a citizen may tap, and each is reported at the line that holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..kb import Problem
from ..kb.yamlio import display, line_of, parse_yaml_file, yaml_files

URL_KEYS = ("url", "website")
IN_TEXT = re.compile(r"https?://[^\s<>\"'«»()\[\]{}]+")
TRAILING = ".,;:!?"


@dataclass(frozen=True)
class LinkSpot:
    url: str
    path: str
    line: int


def link_spots(dirs: Iterable[str | Path]) -> list[LinkSpot]:
    """The URLs of every knowledge file, in file order (a file that fails to parse is `check`'s error)."""
    spots: list[LinkSpot] = []
    for root in (Path(d) for d in dirs):
        if not root.is_dir():
            continue
        for path in yaml_files(root):
            data, problem = parse_yaml_file(path, None, root)
            if problem is None:
                _walk(data, 1, display(path), spots)
    return spots


def _walk(value: Any, line: int, path: str, out: list[LinkSpot]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            at = line_of(value, key, line)
            if key in URL_KEYS and isinstance(item, str) and item.strip():
                out.append(LinkSpot(item.strip(), path, at))
            else:
                _walk(item, at, path, out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, line_of(value, i, line), path, out)
    elif isinstance(value, str) and "://" in value:
        out.extend(LinkSpot(m.rstrip(TRAILING), path, line) for m in IN_TEXT.findall(value))


def link_problems(spots: list[LinkSpot], results: dict) -> list[Problem]:
    """One warning per place where a dead or redirected URL is written (`results`: url -> LinkResult)."""
    problems = []
    for spot in spots:
        result = results.get(spot.url)
        if result is None:
            continue
        if result.dead:
            problems.append(Problem(spot.path, spot.line, f"lien mort ({result.reason()}) : {spot.url} — corrigez "
                                                          "l'adresse ou retirez le lien.", level="warning"))
        elif result.redirected:
            problems.append(Problem(spot.path, spot.line, f"lien redirigé : {spot.url} mène à {result.final} — "
                                                          "écrivez plutôt l'adresse finale.", level="warning"))
    return problems
