"""Writing the import: YAML as the knowledge files expect it, and the manifest of the files it owns."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import yaml

from .report import ImportReport
from .source import SOURCE_NAME

try:  # libyaml: about ten times faster; the pure-Python dumper writes the same YAML.
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]

MANIFEST_NAME = ".guichet-import.json"
_FORMAT_VERSION = 1
_HEADER = ("# Généré par « guichet import-service-public » : ne pas modifier (réécrit à chaque import).\n"
           "# Source : service-public.fr — DILA, Licence Ouverte 2.0.\n")


class _Dumper(_BaseDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    """Multi-line text as a ``|`` block, so a section reads in the file as it does in the chat."""
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)
_Dumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign]  # no &id001


def dump_yaml(data: object) -> str:
    """Readable YAML: keys in their given order, unicode as is, no anchors."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def generated_file(key: str, value: object) -> bytes:
    """A shared file (``categories.yaml``…): ``{key: value}`` under a do-not-edit header."""
    return (_HEADER + dump_yaml({key: value})).encode("utf-8")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_files(out: Path, files: dict[str, bytes], report: ImportReport) -> None:
    """Write ``files`` (relative path -> bytes) into OUT and record them in the manifest.

    Only changed files are rewritten; files of the previous manifest no longer produced (withdrawn
    fiches) are deleted; a file the import did not create is never overwritten.
    """
    manifest_path = out / MANIFEST_NAME
    old = _read_manifest(manifest_path, report)
    owned: dict[str, str] = {}
    (out / "fiches").mkdir(parents=True, exist_ok=True)
    for rel, data in sorted(files.items()):
        if _store(out / rel, rel, data, rel in old, report):
            owned[rel] = _digest(data)
    for rel in sorted(set(old) - set(files)):
        path = out / rel
        if path.is_file() and ".." not in Path(rel).parts:
            path.unlink()
            report.removed += 1
    _save_manifest(manifest_path, owned)


def _read_manifest(manifest_path: Path, report: ImportReport) -> dict[str, str]:
    """The files (path -> digest) the previous import owned; none when there is no readable manifest."""
    if not manifest_path.exists():
        return {}
    try:
        return json.loads(manifest_path.read_text("utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        report.errors.append((str(manifest_path), "manifeste illisible : il est recréé"))
        return {}


def _store(path: Path, rel: str, data: bytes, owned_before: bool, report: ImportReport) -> bool:
    """Write one file unless it already holds ``data``; True when the import owns it afterwards.

    An existing file the previous import did not own is adopted only when identical (e.g. after a
    lost manifest); otherwise it is someone else's (a town's overlay) and is left alone.
    """
    if path.exists():
        if path.read_bytes() == data:
            report.unchanged += 1
            return True
        if not owned_before:
            report.errors.append((rel, "existe déjà et n'a pas été créé par l'import "
                                       f"(absent de {MANIFEST_NAME}) : laissé tel quel"))
            return False
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # atomic: a reader never sees a half-written file
    report.written += 1
    return True


def _save_manifest(manifest_path: Path, owned: dict[str, str]) -> None:
    manifest = {
        "generator": "guichet import-service-public",
        "format": _FORMAT_VERSION,
        "source": SOURCE_NAME,
        "licence": "Licence Ouverte 2.0 (Etalab)",
        "files": owned,
    }
    tmp = manifest_path.with_name(manifest_path.name + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    os.replace(tmp, manifest_path)
