"""Reading knowledge YAML files: line-numbered parsing, file listing, and the parsed-file cache.

Every container keeps the line it starts on, so that each problem can say `path:line`. Whatever
a file holds, parsing ends in data or in one French problem (door.py checks the file, the loader
refuses what no clerk needs, yaml_french.py explains syntax errors), never in an exception.
Parsed files are cached on disk (keyed on modification time and size) because the 3,000
national fiches take about a second to parse and a fraction of that to unpickle.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
from pathlib import Path
from typing import Any, Callable

import yaml
from yaml.composer import Composer
from yaml.events import ScalarEvent

from . import door
from .limits import MAX_DEPTH, MAX_FIELD_CHARS
from .model import Problem
from .quote import excerpt
from .yaml_french import explain

# libyaml's C parser is ~10x faster: it matters for the 3,000 national fiches. The composer is
# PyYAML's own (in Python, ~25% slower), so that depth and aliases are checked before anything
# is built: libyaml's composer crashes the process on a few thousand nested brackets.
_BASES = (Composer, yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader") else (yaml.SafeLoader,)


class YamlRefused(yaml.YAMLError):
    """Something a knowledge file may not contain, although YAML allows it (message in French)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


class LineDict(dict):
    """A mapping that remembers the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict


class LineList(list):
    """A sequence that remembers its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list


class LineLoader(*_BASES):  # type: ignore[misc]
    """A safe loader that numbers lines and refuses what no clerk writes on purpose.

    Refused: aliases and anchors (`*a`, `&a`: a few lines of them expand to billions of values;
    a clerk who starts a text with `*` or `&` is told to quote it), nesting deeper than
    MAX_DEPTH, texts longer than MAX_FIELD_CHARS, and a key written twice (YAML would silently
    keep the last one). An impossible date (2026-02-30) stays text, for the field checker to
    report; any other value PyYAML cannot build becomes a problem at its line, never a crash.
    """

    def __init__(self, stream) -> None:
        _BASES[-1].__init__(self, stream)
        Composer.__init__(self)  # the C loader's __init__ leaves the Python composer unset
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if event.anchor is not None:  # an alias event's anchor is the name it refers to
            raise YamlRefused(event.start_mark.line + 1, "un texte ne peut pas commencer par « & » ou « * » "
                                                         "(ancres et alias YAML refusés) : mettez-le entre guillemets.")
        if type(event) is ScalarEvent:  # a leaf: no deeper, but maybe too long
            if len(event.value) > MAX_FIELD_CHARS:
                raise YamlRefused(event.start_mark.line + 1, f"texte trop long ({len(event.value)} caractères, "
                                                             f"{MAX_FIELD_CHARS} au plus) : découpez-le en "
                                                             "plusieurs étapes ou sections.")
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            raise YamlRefused(event.start_mark.line + 1, f"imbrication trop profonde (plus de {MAX_DEPTH} "
                                                         "niveaux de listes ou de clés) : simplifiez ce passage.")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in mapping.key_lines:
                raise YamlRefused(line, f"la clé « {excerpt(key)} » est écrite deux fois (lignes "
                                        f"{mapping.key_lines[key]} et {line}) : gardez-en une seule.")
            mapping.key_lines[key] = line
        return mapping

    def construct_sequence(self, node, deep=False):
        seq = LineList(super().construct_sequence(node, deep=True))
        seq.line = node.start_mark.line + 1
        seq.item_lines = [n.start_mark.line + 1 for n in node.value]
        return seq

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2026-02-30, 2026-13-04: kept as text, the date checker says why
            return self.construct_scalar(node)

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than Python converts: a text, not a number
            return self.construct_scalar(node)


LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_sequence)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", LineLoader.construct_yaml_timestamp)
LineLoader.add_constructor("tag:yaml.org,2002:int", LineLoader.construct_yaml_int)


def _readable(constructor):
    """`constructor`, its odd failures (`!!float abc`: ValueError, `!!bool peut-être`: KeyError…)
    turned into a problem at the value's line."""
    def construct(loader, node):
        try:
            return constructor(loader, node)
        except yaml.YAMLError:
            raise
        except Exception:  # noqa: BLE001 - PyYAML's constructors raise anything
            raise YamlRefused(node.start_mark.line + 1, f"valeur illisible « {excerpt(node.value)} » : "
                                                        "mettez-la entre guillemets.") from None
    return construct


# Mappings, sequences and texts cannot fail (and are most of the work): the others are guarded.
for _tag, _constructor in list(LineLoader.yaml_constructors.items()):
    if _tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"):
        LineLoader.add_constructor(_tag, _readable(_constructor))


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
    return _files(root, (".yaml", ".yml"))


def geojson_files(root: Path) -> list[Path]:
    """The zone maps under `root` (`.geojson`, as drawing tools save them), by the same rules."""
    return _files(root, (".geojson",))


def _files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")) and d != "tests")
        for name in sorted(filenames):
            if name.endswith(suffixes) and not name.startswith((".", "_")):
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
    try:  # the folder resolved, not the file: a link is named as itself, not as its target
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd()))
    except ValueError:  # outside the current folder: the full path is clearer than ../../
        return str(path)


# --------------------------------------------------------------------------- parsing


def parse_yaml_file(path: Path, cache: dict | None = None, root: Path | None = None) -> tuple[Any, Problem | None]:
    """Parse one YAML file with line numbers; any mistake becomes a Problem, never an exception.

    `root` is the knowledge folder the file must stay in (links leading out are refused);
    `cache` maps path -> (mtime_ns, size, data) so that an unchanged file is not parsed again.
    """
    return parse_file(path, cache, root, _parse_yaml)


def _parse_yaml(text: str) -> tuple[Any, int, str]:
    """(data, 0, "") or (None, line, the mistake in French)."""
    try:
        return yaml.load(text, Loader=LineLoader), 0, ""  # noqa: S506 - a SafeLoader subclass
    except YamlRefused as exc:
        return None, exc.line, exc.message
    except yaml.YAMLError as exc:
        line, message = explain(exc, text)
        return None, line, message


def parse_file(path: Path, cache: dict | None, root: Path | None,
               parse: Callable[[str], tuple[Any, int, str]]) -> tuple[Any, Problem | None]:
    """The one way a knowledge file is read (YAML here, GeoJSON in `jsonio`): opened safely
    (`door`), its parsed data reused from `cache` while its modification time and size are the
    same, else `parse(text)` → (data, line, message), a non-empty message being the Problem."""
    shown = display(path)
    try:
        fd, st = door.open_file(path, root)
    except door.Refused as exc:
        return None, Problem(shown, exc.line, exc.message)
    key = str(path)
    hit = cache.get(key) if cache is not None else None
    if hit and hit[0] == st.st_mtime_ns and hit[1] == st.st_size:
        os.close(fd)
        return hit[2], None
    try:
        text = door.decode(door.read_bytes(fd))
    except door.Refused as exc:
        return None, Problem(shown, exc.line, exc.message)
    data, line, message = parse(text)
    if message:
        return None, Problem(shown, line, message)
    if cache is not None:
        cache[key] = (st.st_mtime_ns, st.st_size, data)
        cache["__misses__"] = cache.get("__misses__", 0) + 1
    return data, None


_ID_LINE = re.compile(r"""^[ \t-]*id[ \t]*:[ \t]*["']?([^"'\s#]+)""", re.MULTILINE)


def ids_in_broken_file(path: Path, root: Path | None = None) -> set[str] | None:
    """The ids a file that failed to parse seems to define (its `id:` lines), None if unreadable.

    References to them are not reported while the file is broken: one mistake, one problem.
    """
    try:
        fd, _ = door.open_file(path, root)
        text = door.read_bytes(fd).decode("utf-8", "replace")
    except door.Refused:
        return None
    return {m.group(1) for m in _ID_LINE.finditer(text)}


# --------------------------------------------------------------------------- parsed-file cache

# Bump when parsing changes what a file turns into: an older cache is then ignored and rebuilt.
CACHE_FORMAT = b"guichet parsed-yaml cache, format 2\n"
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
