"""Building what heritage needs beyond an entry's fields: a photo shipped in the knowledge folder,
and a walking tour's ordered stops, checked once every entry is known.

Why checked here rather than when sent: a clerk who mistypes a photo's path or a stop's id hears
it from `guichet check` (path:line, in French) before any visitor does, and the bot keeps
serving the last good knowledge meanwhile.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any

from .model import Knowledge, Problem, Stop
from .quote import excerpt, suggest
from .schema import Validator
from .yamlio import LineDict, line_of

PHOTO_TYPES = (".jpg", ".jpeg", ".png")  # what Telegram shows as a photo
MAX_PHOTO_BYTES = 5_000_000  # Telegram takes 10 MB; a town's picture for a phone needs far less
MIN_STOPS, MAX_STOPS = 2, 40
PHOTO_EXAMPLE = "« photo: patrimoine/photos/eglise.jpg »"


def photo_files(root: Path) -> list[Path]:
    """The images under a knowledge folder (hidden folders left out): part of its fingerprint, so
    that a photo added to fix `guichet check` is noticed by the running bot, like a YAML edit."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath) / n for n in sorted(filenames) if n.lower().endswith(PHOTO_TYPES))
    return found


class HeritageBuilder(Validator):
    """The `photo` and `stops` fields of an entry (mixed into `bot.kb.build.Builder`)."""

    k: Knowledge
    root: Path | None = None  # the knowledge folder being read: photos are written relative to it

    def __init__(self) -> None:
        super().__init__()
        self.tour_stops: list[tuple[str, int, str, str]] = []  # (path, line, tour id, stop id), checked in finish

    def photo(self, data: LineDict) -> str:
        """The absolute path of the entry's photo ("" when none, or once its problem is reported)."""
        value = data.get("photo")
        if value is None:
            return ""
        line = line_of(data, "photo")
        if not isinstance(value, str) or not value.strip():
            self.err(line, f"« photo » est le chemin d'une image du dossier des connaissances, ex. {PHOTO_EXAMPLE}.")
            return ""
        written = value.strip()
        relative = PurePosixPath(written.replace("\\", "/"))
        if relative.is_absolute() or ".." in relative.parts or self.root is None:
            self.err(line, f"photo « {excerpt(written)} » : écrivez son chemin depuis le dossier des connaissances, "
                           f"sans « .. » ni « / » au début, ex. {PHOTO_EXAMPLE}.")
            return ""
        if relative.suffix.lower() not in PHOTO_TYPES:
            self.err(line, f"photo « {excerpt(written)} » : formats acceptés {', '.join(PHOTO_TYPES)}.")
            return ""
        path = self.root / Path(*relative.parts)
        if not path.is_file():
            self.err(line, f"photo « {excerpt(written)} » introuvable : déposez l'image dans le dossier "
                           f"{self.root / Path(*relative.parts[:-1])} ou corrigez le chemin (majuscules comprises).")
            return ""
        size = path.stat().st_size
        if size > MAX_PHOTO_BYTES:
            self.err(line, f"photo « {excerpt(written)} » trop lourde ({size / 1e6:.1f} Mo) : "
                           f"{MAX_PHOTO_BYTES // 1_000_000} Mo au plus ; réduisez-la (1 600 pixels de large suffisent).")
            return ""
        return str(path.resolve())

    def stops(self, data: LineDict, eid: str, kind: str) -> list[Stop]:
        """A tour's stops: « - id: eglise-saint-martin » (with an optional « note: … »), or the bare id."""
        value = data.get("stops")
        if value is None:
            if kind == "tour":
                self.err(data.line, f"la fiche « {eid} » (circuit) doit avoir « stops » : la liste ordonnée de "
                                    "ses étapes (« - id: … » d'une fiche patrimoine).")
            return []
        line = line_of(data, "stops")
        if kind != "tour":
            self.err(line, "« stops » (les étapes) ne sert qu'à un circuit : ajoutez « kind: tour » ou retirez-les.")
            return []
        if not isinstance(value, list) or not MIN_STOPS <= len(value) <= MAX_STOPS:
            self.err(line, f"« stops » doit être une liste de {MIN_STOPS} à {MAX_STOPS} étapes, chacune "
                           "« - id: … » (une fiche patrimoine), avec si besoin « note: … ».")
            return []
        return [stop for i, item in enumerate(value) if (stop := self.stop(item, line_of(value, i, line), eid))]

    def stop(self, item: Any, line: int, eid: str) -> Stop | None:
        if isinstance(item, str) and item.strip():
            item_id, note = item.strip(), ""
        elif isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
            self.unknown_keys(item, {"id", "note"}, "une étape de circuit")
            item_id, note = item["id"].strip(), self.text(item, "note")
            line = line_of(item, "id", line)
        else:
            self.err(line, "une étape s'écrit « - id: eglise-saint-martin » (une fiche patrimoine), "
                           "avec si besoin « note: … » sur la ligne suivante.")
            return None
        self.tour_stops.append((self.path, line, eid, item_id))
        return Stop(item_id, note)

    def check_tours(self) -> None:
        """Once every entry is read: each stop is a heritage site with a position on the map."""
        for path, line, _tour, sid in self.tour_stops:
            site = self.k.entries.get(sid)
            if site is None:
                if not self.k.unbuilt(sid):
                    self.problems.append(Problem(path, line, f"étape « {excerpt(sid)} » introuvable : aucune "
                                                                   f"fiche n'a cet id.{suggest(sid, self.k.entries)}"))
            elif site.kind != "heritage":
                self.problems.append(Problem(path, line, f"l'étape « {sid} » n'est pas un lieu de patrimoine : "
                                                               "une étape est une fiche « kind: heritage »."))
            elif not site.location.get("geo"):
                self.problems.append(Problem(path, line, f"l'étape « {sid} » n'a pas de position : ajoutez "
                                                               "« geo: {lat: …, lon: … } » sous « location » dans "
                                                               f"sa fiche ({site.path}:{site.line})."))
