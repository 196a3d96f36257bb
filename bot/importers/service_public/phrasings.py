"""The national `questions_en_plus:` file: citizens' phrasings of the most asked fiches, shipped here.

`questions_en_plus.yaml`, beside this module, maps a fiche id to questions as a town clerk would
hear them ("on m'a volé mon portefeuille", "j'ai plus de sous pour payer le loyer"). The import
writes the entries of the fiches it imported into `questions-en-plus.yaml` of its output folder:
a town then gets them with the catalogue, they stay in step with it (a withdrawn fiche drops its
phrasings instead of leaving a warning), and every re-import rewrites them like any generated
file, while a town's own `questions_en_plus:` files, elsewhere, are never touched.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .report import ImportReport
from .write import generated_file

PHRASINGS = Path(__file__).with_name("questions_en_plus.yaml")
OUTPUT_NAME = "questions-en-plus.yaml"


def phrasings_file(imported: set[str], report: ImportReport, source: Path = PHRASINGS) -> bytes | None:
    """The generated file for the imported fiches, or None when no shipped phrasing concerns them."""
    try:
        data = yaml.safe_load(source.read_text("utf-8")) or {}
        table = data.get("questions_en_plus") or {}
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        report.errors.append((str(source), f"questions en plus illisibles ({type(exc).__name__}) : non écrites"))
        return None
    kept = {str(fid): [str(q) for q in questions] for fid, questions in table.items()
            if str(fid) in imported and isinstance(questions, list) and questions}
    return generated_file("questions_en_plus", kept) if kept else None
