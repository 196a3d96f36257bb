"""Shared fixtures: the demo town loaded once, and settings that never touch the real data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def demo():
    """The demo town's knowledge, loaded once for the whole run."""
    knowledge, problems = load_knowledge([KNOWLEDGE])
    return knowledge


@pytest.fixture(scope="session")
def demo_matcher(demo):
    from bot.matcher import Matcher

    return Matcher(demo)


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings with a temporary data folder, database and secret."""
    return Settings(knowledge_dirs=(KNOWLEDGE,), data_dir=tmp_path / "data", secret="test-secret")
