"""Reading knowledge YAML files: line-numbered parsing, file listing, and the parsed-file cache.

Every container keeps the line it starts on, so that each problem can say `path:line`. Parsed
files are cached on disk (keyed on modification time and size) because the 3,000 national fiches
take about a second to parse and a fraction of that to unpickle.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
from pathlib import Path
from typing import Any

import yaml

from .model import Problem

try:  # libyaml's C parser is ~10x faster: it matters for the 3,000 national fiches
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class LineDict(dict):
    """A mapping that remembers the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict


class LineList(list):
    """A sequence that remembers its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list


class LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, _ in node.value:
            try:
                key = self.construct_object(key_node, deep=True)
                mapping.key_lines[key] = key_node.start_mark.line + 1
            except TypeError:  # unhashable key: PyYAML already complained
                pass
        return mapping

    def construct_sequence(self, node, deep=False):
        seq = LineList(super().construct_sequence(node, deep=True))
        seq.line = node.start_mark.line + 1
        seq.item_lines = [n.start_mark.line + 1 for n in node.value]
        return seq


LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_sequence)


def line_of(container: Any, key: Any = None, default: int = 1) -> int:
    """The line of `container[key]` (or of the container itself), `default` when unknown."""
    if isinstance(container, LineDict):
        if key is not None and key in container.key_lines:
            return container.key_lines[key]
        return container.line or default
    if isinstance(container, LineList):
        if isinstance(key, int) and 0 <= key < len(container.item_lines):
            return container.item_lines[key]
        return container.line or default
    return default


# --------------------------------------------------------------------------- files


def yaml_files(root: Path) -> list[Path]:
    """The knowledge files under `root`: hidden, `_`-prefixed and `tests` folders left out."""
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")) and d != "tests")
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")) and not name.startswith((".", "_")):
                files.append(Path(dirpath) / name)
    return files


def case_files(root: Path) -> list[Path]:
    """The town's own test cases, under `root/tests`."""
    tests = root / "tests"
    if not tests.is_dir():
        return []
    return sorted(p for p in tests.rglob("*.y*ml") if not p.name.startswith((".", "_")))


def display(path: Path) -> str:
    """How a problem names a file: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:  # outside the current folder: the full path is clearer than ../../
        return str(path)


# --------------------------------------------------------------------------- parsing


def yaml_error_message(exc: yaml.YAMLError) -> tuple[int, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc)
    hint = "vérifiez l'indentation (espaces, pas de tabulation), les « - » des listes et " \
           "mettez entre guillemets un texte qui contient « : » ou commence par un caractère spécial"
    if "\\t" in problem or "tab" in problem:
        hint = "une tabulation est interdite en YAML : indentez avec des espaces"
    return line, f"erreur de syntaxe YAML ({problem}) : {hint}."


def parse_yaml_file(path: Path, cache: dict | None = None) -> tuple[Any, Problem | None]:
    """Parse one YAML file with line numbers; a syntax error becomes a Problem, never an exception.

    `cache` maps path -> (mtime_ns, size, data) so that an unchanged file is not parsed again.
    """
    key = str(path)
    try:
        st = path.stat()
    except OSError as exc:
        return None, Problem(display(path), 1, f"fichier illisible : {exc.strerror}.")
    if cache is not None:
        hit = cache.get(key)
        if hit and hit[0] == st.st_mtime_ns and hit[1] == st.st_size:
            return hit[2], None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, Problem(display(path), 1, "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8.")
    except OSError as exc:
        return None, Problem(display(path), 1, f"fichier illisible : {exc.strerror}.")
    try:
        data = yaml.load(text, Loader=LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        line, message = yaml_error_message(exc)
        return None, Problem(display(path), line, message)
    if cache is not None:
        cache[key] = (st.st_mtime_ns, st.st_size, data)
        cache["__misses__"] = cache.get("__misses__", 0) + 1
    return data, None


# --------------------------------------------------------------------------- parsed-file cache

# Bump when parsing changes what a file turns into: an older cache is then ignored and rebuilt.
CACHE_FORMAT = b"guichet parsed-yaml cache, format 1\n"
_CACHE_GLOBALS = {
    (__name__, "LineDict"): LineDict, (__name__, "LineList"): LineList,
    **{("datetime", n): getattr(dt, n) for n in ("date", "datetime", "timedelta", "timezone")},
}


class _CacheUnpickler(pickle.Unpickler):
    """Unpickles only what parsing produces: a foreign pickle cannot name any other class."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _CACHE_GLOBALS[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a parse cache") from None


def read_cache(cache_file: Path) -> dict:
    """The cache written by `write_cache`, or {} when missing, stale, foreign or damaged."""
    try:
        with open(cache_file, "rb") as f:
            if f.read(len(CACHE_FORMAT)) != CACHE_FORMAT:
                return {}
            cache = _CacheUnpickler(f).load()
    except Exception:  # noqa: BLE001 - whatever is wrong with it, the cache is simply rebuilt
        return {}
    return cache if isinstance(cache, dict) else {}


def write_cache(cache_file: Path, cache: dict) -> None:
    """Replace the cache atomically; failing to write it is not a problem (an optimisation only)."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        with open(tmp, "wb") as f:
            f.write(CACHE_FORMAT)
            pickle.dump(cache, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_file)
    except OSError:
        pass
