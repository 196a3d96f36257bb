"""The import from end to end: read the source, convert every fiche, write the files."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable

from .categories import categories, category_of
from .fiche import Fiche
from .phrasings import OUTPUT_NAME, PHRASINGS, phrasings_file
from .report import ImportReport
from .source import Corpus, read_corpus
from .synonyms import synonyms
from .write import dump_yaml, generated_file, write_files


def import_service_public(
    source: Path,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
    phrasings: Path = PHRASINGS,
) -> ImportReport:
    """Import SOURCE (zip or folder) into OUT; see the package docstring. `phrasings` is the
    shipped `questions_en_plus:` table (`bot.importers.service_public.phrasings`)."""
    started = time.perf_counter()
    source, out = Path(source), Path(out)
    report = ImportReport()
    corpus, publications = read_corpus(source, report)
    if not publications:
        report.errors.append((str(source), "aucune fiche trouvée : rien n'est écrit ni supprimé"))
        report.seconds = time.perf_counter() - started
        return report

    files, used_categories, theme_titles = _convert(publications, corpus, report, progress)
    corpus.titles.update(theme_titles)
    files["categories.yaml"] = generated_file("categories", categories(corpus, set(used_categories)))
    groups = synonyms([root for _, root in publications])
    if groups:
        files["synonyms.yaml"] = generated_file("synonyms", groups)
    imported = {rel[len("fiches/"):-len(".yaml")] for rel in files if rel.startswith("fiches/")}
    extra = phrasings_file(imported, report, phrasings)
    if extra is not None:
        files[OUTPUT_NAME] = extra

    write_files(out, files, report)
    report.seconds = time.perf_counter() - started
    return report


def _convert(
    publications: list[tuple[str, ET.Element]],
    corpus: Corpus,
    report: ImportReport,
    progress: Callable[[int, int], None] | None,
) -> tuple[dict[str, bytes], set[str], dict[str, str]]:
    """Second pass: each fiche as ``fiches/F….yaml``; also the categories used and their titles.

    A fiche that fails is reported and skipped: one bad fiche must not stop the import. Progress
    is reported about fifty times, not per fiche.
    """
    files: dict[str, bytes] = {}
    used_categories: set[str] = set()
    theme_titles: dict[str, str] = {}
    total = len(publications)
    step = max(1, total // 50)
    for done, (name, root) in enumerate(publications, 1):
        try:
            category = category_of(root, theme_titles)
            entry = Fiche(root, corpus, report).entry(category)
        except Exception as exc:  # one bad fiche must not stop the import
            report.errors.append((name, f"{type(exc).__name__}: {exc}"))
        else:
            used_categories.add(category)
            files[f"fiches/{entry['id']}.yaml"] = dump_yaml(entry).encode("utf-8")
            report.imported += 1
        if progress and (done % step == 0 or done == total):
            progress(done, total)
    return files, used_categories, theme_titles
