"""The parsed-file cache: versioned, so a stale or foreign cache is rebuilt and never trusted."""

import os
import pickle

from bot.kb import load_knowledge
from bot.kb.yamlio import CACHE_FORMAT, read_cache


def _town(tmp_path):
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "categories.yaml").write_text("categories:\n  - id: sport\n    title: Sport\n", encoding="utf-8")
    fiche = folder / "piscine.yaml"
    fiche.write_text("id: piscine\ntitle: Piscine\ncategory: sport\nsummary: Ouverte l'été.\n"
                     "updated: 2026-01-05\n", encoding="utf-8")
    return folder, fiche


def _lying_cache(fiche):
    """What an older cache said about `fiche`: same mtime and size, other content."""
    st = fiche.stat()
    return {str(fiche): (st.st_mtime_ns, st.st_size, {"id": "piscine", "title": "Périmé"})}


def test_a_cache_in_the_old_format_is_rebuilt(tmp_path):
    folder, fiche = _town(tmp_path)
    cache = tmp_path / "cache.pickle"
    cache.write_bytes(pickle.dumps(_lying_cache(fiche)))  # no format header: written before versioning
    knowledge, _ = load_knowledge([folder], cache_file=cache)
    assert knowledge.entries["piscine"].title == "Piscine"
    assert cache.read_bytes().startswith(CACHE_FORMAT)  # rewritten in the current format


def test_a_cache_of_another_format_version_is_ignored(tmp_path):
    folder, fiche = _town(tmp_path)
    cache = tmp_path / "cache.pickle"
    cache.write_bytes(CACHE_FORMAT.replace(b"format", b"format 0 ") + pickle.dumps(_lying_cache(fiche)))
    knowledge, _ = load_knowledge([folder], cache_file=cache)
    assert knowledge.entries["piscine"].title == "Piscine"


class _Boom:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


def test_a_foreign_pickle_is_never_unpickled_into_code(tmp_path):
    cache = tmp_path / "cache.pickle"
    cache.write_bytes(CACHE_FORMAT + pickle.dumps({"x": _Boom()}))
    assert read_cache(cache) == {}
    cache.write_bytes(b"garbage")
    assert read_cache(cache) == {}


def test_the_cache_is_reused_when_nothing_changed(tmp_path):
    folder, _ = _town(tmp_path)
    cache = tmp_path / "cache.pickle"
    load_knowledge([folder], cache_file=cache)
    stamp = cache.stat().st_mtime_ns
    knowledge, problems = load_knowledge([folder], cache_file=cache)
    assert knowledge.entries["piscine"].title == "Piscine" and not problems
    assert cache.stat().st_mtime_ns == stamp  # nothing new to write
    assert set(read_cache(cache)) == {str(folder / "categories.yaml"), str(folder / "piscine.yaml")}
