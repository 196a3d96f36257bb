"""Import the service-public.fr "Vos droits et démarches" XML dataset as Guichet knowledge.

``guichet import-service-public SOURCE --out DIR`` calls :func:`run_import`. SOURCE is the
official zip (``vosdroits-latest.zip``) as downloaded, or a folder of its XML files. DIR receives
one YAML entry per fiche (``fiches/F1342.yaml``), ``categories.yaml`` (the themes),
``synonyms.yaml`` (the fiches' own acronyms), ``questions-en-plus.yaml`` (the shipped citizens'
phrasings of the imported fiches, ``phrasings``) and a manifest ``.guichet-import.json`` listing the
files the importer owns with a content hash: a re-import rewrites only changed files, deletes the
files of withdrawn fiches, and never touches anything it did not create (a town's overlays).

Content: Licence Ouverte 2.0, "Source : service-public.fr — DILA"; every entry keeps its ``source``.

The modules, in the order the import uses them: ``source`` (the zip or folder, the corpus),
``fiche`` (one fiche → one entry, with ``refs``, ``body``, ``sections`` and ``navigation``),
``categories``, ``synonyms`` and ``phrasings`` (the shared files), ``write`` (YAML, manifest), ``pipeline``
(the whole import) and ``command`` (the CLI body). ``xmltext``, ``urls`` and ``report`` serve them all.
"""

from .command import run_import
from .pipeline import import_service_public
from .report import ImportReport
from .source import SOURCE_NAME
from .write import MANIFEST_NAME

__all__ = ["ImportReport", "import_service_public", "run_import", "MANIFEST_NAME", "SOURCE_NAME"]
