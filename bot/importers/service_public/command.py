"""The body of ``guichet import-service-public``: check the source, show progress, print the report."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from typing import TextIO

from .pipeline import import_service_public
from .report import ImportReport


def run_import(source: Path | str, out: Path | str, stream: TextIO = sys.stderr) -> int:
    """CLI body: import with a progress line and a summary; 0 when clean, 1 on errors, 2 if no source."""
    source, out = Path(source), Path(out)
    if not source.exists():
        print(f"{source}: introuvable (attendu : le zip vosdroits ou un dossier de fichiers XML)",
              file=stream)
        return 2
    if source.is_file() and not zipfile.is_zipfile(source):
        print(f"{source}: n'est pas un zip (attendu : le zip vosdroits ou un dossier de fichiers XML)",
              file=stream)
        return 2

    def progress(done: int, total: int) -> None:
        stream.write(f"\rImport des fiches : {done}/{total}")
        stream.flush()

    report = import_service_public(source, out, progress)
    stream.write("\n")
    _print_summary(report, out, stream)
    return 1 if report.errors else 0


def _print_summary(report: ImportReport, out: Path, stream: TextIO) -> None:
    """What was imported, written, kept, removed and left out, then every error."""
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.kinds.items()))
    print(f"{report.imported} fiches importées dans {out} en {report.seconds:.1f} s ({kinds})", file=stream)
    print(f"  fichiers écrits : {report.written}, inchangés : {report.unchanged}, "
          f"supprimés (fiches retirées) : {report.removed}", file=stream)
    print(f"  brouillons ignorés : {len(report.drafts)}"
          + (f" ({', '.join(report.drafts)})" if report.drafts else ""), file=stream)
    print(f"  fichiers N/R (hors fiches) ignorés : {report.skipped_non_fiche}"
          + (f", autres fichiers ignorés : {report.ignored_files}" if report.ignored_files else ""),
          file=stream)
    if report.links_dropped:
        print(f"  liens non https écartés : {report.links_dropped}", file=stream)
    print(f"  erreurs : {len(report.errors)}", file=stream)
    for name, message in report.errors:
        print(f"  {name}: {message}", file=stream)
