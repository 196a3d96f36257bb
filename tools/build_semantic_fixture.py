"""Build time only: regenerate tests/fixtures/semantic/vectors.npz, the shipped vectors the semantic tests start from.

Why shipped: the semantic gates run the national dev sets through the model, and embedding the
2,976 national fiches takes minutes; the tests copy this file into their cache and embed only
what changed since (a fiche whose text changed in a later import). Regenerate it when the tests
say too many passages are missing (the importer or the passages changed), or the model did.

Usage (the national catalogue imported first; DATA_DIR's cache is reused when it has the vectors):
    python3 tools/build_semantic_fixture.py /srv/guichet/national [--data DATA_DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.kb import load_knowledge
from bot.semantic import ProgressBar, load_encoder
from bot.semantic.build import build_vectors
from bot.semantic.store import EmbeddingStore
from bot.semantic.vectors import passage_keys

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "semantic" / "vectors.npz"
DEMO_TOWN = ROOT / "tests" / "fixtures" / "demo-town"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("national", type=Path)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    encoder = load_encoder()
    if encoder is None:
        raise SystemExit("the model is not usable here (see the log line above)")
    source = EmbeddingStore.in_cache(args.data / "cache", encoder.model_id)
    entries = load_knowledge([DEMO_TOWN])[0].visible() + load_knowledge([args.national])[0].visible()
    build_vectors(entries, encoder, source, ProgressBar())
    keys = list(dict.fromkeys(k for ks in passage_keys(entries, encoder.model_id) for k in ks))
    FIXTURE.unlink(missing_ok=True)
    fixture = EmbeddingStore(FIXTURE, encoder.model_id)
    fixture.add(keys, source.matrix(keys))
    fixture.save()
    print(f"{FIXTURE}: {len(keys)} vectors, {FIXTURE.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
