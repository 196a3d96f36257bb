"""`guichet import-gtfs FLUX.zip --out DOSSIER`: a network's GTFS feed checked, then written as
`DOSSIER/transport/horaires.json`, which the bot reads with the rest of that knowledge folder.

Every problem is printed as `file.txt:line: message`. Errors (a required file or column missing)
stop the import and leave the previous timetable in place; warnings (a row naming an unknown
stop…) drop that row or trip and are kept in the imported file, so `guichet check` shows them too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from .feed_build import read_feed
from .model import Timetable
from .store import write


def run_import(source: Path, out: Path, stream: TextIO | None = None) -> int:
    """Import `source` (zip or folder) into the knowledge folder `out`; 0 when written, 1 on errors."""
    stream = stream or sys.stdout
    timetable, problems = read_feed(source)
    for problem in problems:
        print(problem, file=stream)
    if timetable is None:
        errors = sum(p.level == "error" for p in problems)
        print(f"\n{errors} erreur(s) : rien n'a été importé (les horaires déjà en place restent servis). "
              "Corrigez le flux, ou demandez au réseau un fichier conforme, puis relancez.", file=stream)
        return 1
    timetable.problems = [(p.path, p.line, p.message) for p in problems]
    path = write(timetable, out)
    print(f"{summary(timetable)} Écrit dans {path}"
          + (f" ; {len(problems)} avertissement(s) ci-dessus." if problems else "."), file=stream)
    if out.name == "transport":
        print("Attention : --out attend le dossier de connaissances lui-même (par exemple « knowledge »), "
              f"pas son sous-dossier transport : le bot cherche {out}/transport/horaires.json.", file=stream)
    return 0


def summary(timetable: Timetable) -> str:
    """"Bus Exemple : 2 ligne(s), 14 arrêt(s), 115 trajet(s), horaires valables jusqu'au 31/08/2027."."""
    last = timetable.last_day()
    until = f", horaires valables jusqu'au {last:%d/%m/%Y}" if last else ""
    return (f"{timetable.agency} : {len(timetable.routes)} ligne(s), {len(timetable.stops)} arrêt(s), "
            f"{len(timetable.trips)} trajet(s){until}.")
