"""`guichet check`: the knowledge validated, then advised on (bot/lint/), printed in groups with a summary.

Errors stop the knowledge from being served (exit code 1); warnings and info lines do not, except
that `--strict` makes the staleness warnings errors (the demo town's CI). Every line of a group is
`path:line: message`, so an editor or a terminal jumps to it; the last line is the summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass, field

from .config import Settings
from .kb import Knowledge, Problem, check_cases, errors, load_knowledge


@dataclass
class Group:
    """One heading of the report and its lines; `note` completes the heading (a count, a share)."""

    title: str
    problems: list[Problem] = field(default_factory=list)
    note: str = ""


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """Validate, advise, print; the exit code is 1 when anything is an error."""
    started = time.perf_counter()
    from .kb.build_transit import transit_warnings

    today = args.date or dt.date.today()
    knowledge, problems = load_knowledge(settings.knowledge_dirs)
    problems = problems + check_cases(knowledge) + transit_warnings(knowledge, today)
    groups = [Group("Erreurs", errors(problems)),
              Group("Avertissements", [p for p in problems if p.level == "warning"])]
    groups += advice(knowledge, today=today, strict=args.strict,
                     ask=not errors(problems))  # broken knowledge: its answers would mislead
    if args.links:
        groups.append(_links(settings, args.timeout))
    _print(groups, knowledge, time.perf_counter() - started)
    return 1 if any(p.level == "error" for g in groups for p in g.problems) else 0


def advice(knowledge: Knowledge, *, today: dt.date, strict: bool, ask: bool) -> list[Group]:
    """The groups of bot/lint/: the staff cases (when `ask`), ambiguity, dates, coverage."""
    from .lint.coverage import coverage, uncovered
    from .lint.duplicates import duplicate_questions
    from .lint.staleness import stale_entries, strict as as_errors

    groups = []
    tied: list[Problem] = []
    if ask and knowledge.cases:
        from .lint.ambiguity import tied_entries
        from .lint.staff_cases import ask_cases, staff_case_warnings
        from .search import Matcher

        asked = ask_cases(knowledge, Matcher(knowledge))
        groups.append(Group("Questions de test", staff_case_warnings(asked)))
        tied = tied_entries(asked)
    groups.append(Group("Ambiguïtés", tied + duplicate_questions(knowledge)))
    stale = stale_entries(knowledge, today)
    groups.append(Group(f"Dates de vérification (au {today.isoformat()})", as_errors(stale) if strict else stale))
    cov = coverage(knowledge)
    groups.append(Group("Couverture des tests", uncovered(cov), note=cov.headline()))
    return groups


def _links(settings: Settings, timeout: float) -> Group:
    """Every URL of the knowledge checked (bot/lint/linkcheck.py), with a cache in the data folder."""
    from .datadir import prepare
    from .lint.linkcheck import check_links
    from .lint.links import link_problems, link_spots

    try:
        prepare(settings)  # the cache is born private, like everything in the data folder
        cache = settings.data_dir / "cache" / "links.json"
        cache.parent.mkdir(exist_ok=True)
    except OSError as exc:
        print(f"Dossier de données inutilisable ({exc.strerror or exc}) : liens vérifiés sans cache.",
              file=sys.stderr)
        cache = None
    spots = link_spots(settings.knowledge_dirs)
    report = check_links(sorted({s.url for s in spots}), cache, timeout=timeout)
    problems = link_problems(spots, report.results)
    return Group("Liens", problems, note=report.headline())


def _print(groups: list[Group], knowledge: Knowledge, seconds: float) -> None:
    for group in groups:
        if not group.problems and not group.note:
            continue
        heading = f"── {group.title}" + (f" : {group.note}" if group.note else "")
        print(heading + (f" ({_count(group.problems)})" if group.problems else ""))
        for p in group.problems:
            print(p)
        print()
    every = [p for g in groups for p in g.problems]
    errs = [p for p in every if p.level == "error"]
    warnings = [p for p in every if p.level == "warning"]
    kinds: dict[str, int] = {}
    for e in knowledge.entries.values():
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    if knowledge.transit is not None:  # before the verdict, which stays the last line
        from .transit.importer import summary as transit_summary

        print(transit_summary(knowledge.transit))
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    zones = knowledge.zones
    extras = ((f"{len(zones.layers)} carte(s) de zones, {len(zones.streets)} rue(s), " if zones.layers else "")
              + (f"{len(knowledge.directory)} contact(s) d'annuaire, " if knowledge.directory else ""))
    print(f"{knowledge.files} fichier(s), {len(knowledge.entries)} fiche(s) ({summary}), "
          f"{len(knowledge.places)} lieu(x), {len(knowledge.events)} événement(s), {extras}"
          f"{len(knowledge.cases)} cas de test, vérifiés en {seconds:.1f} s : "
          + (f"{len(errs)} erreur(s)." if errs else "aucune erreur.")
          + (f" {len(warnings)} avertissement(s)." if warnings else ""))


def _count(problems: list[Problem]) -> str:
    levels = {"error": "erreur(s)", "warning": "avertissement(s)", "info": "info"}
    counts: dict[str, int] = {}
    for p in problems:
        counts[p.level] = counts.get(p.level, 0) + 1
    return ", ".join(f"{n} {levels.get(level, level)}" for level, n in counts.items())
