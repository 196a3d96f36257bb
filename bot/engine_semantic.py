"""The engine's semantic re-ranking: started on demand, built in the background, used once ready.

A mixin of `Engine` (as `bot/engine_dialogue.py`). The engine answers with its lexical matcher
until `bot/semantic` has the vectors of the current knowledge; nothing here blocks a reply. The
composition roots (`guichet run`, `chat`, `ask`, `eval`) start it when GUICHET_SEMANTIC is auto;
an Engine made directly (the tests) stays lexical unless told.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .search import Matcher
from .semantic import Progress, SemanticRanker, SemanticService

if TYPE_CHECKING:
    from .engine import Engine


class SemanticMixin:
    """`start_semantic()`, and `ranking`: the semantic ranker when ready, else the lexical matcher."""

    semantic: SemanticService | None = None

    def start_semantic(self: "Engine", progress: Progress | None = None) -> SemanticService:
        """Build the vectors of the knowledge in the background (once), then re-rank with them."""
        if self.semantic is None:
            self.semantic = SemanticService(self.settings.data_dir / "cache", progress)
            self.semantic.follow(self.matcher)
        return self.semantic

    @property
    def ranking(self: "Engine") -> Matcher | SemanticRanker:
        """What answers questions now (both have the same `ask`)."""
        ranker = self.semantic.ranker(self.matcher) if self.semantic is not None else None
        return ranker or self.matcher

    def _follow_semantic(self: "Engine", matcher: Matcher) -> None:
        """New knowledge: its ranker is built in the background (lexical answers meanwhile)."""
        if self.semantic is not None:
            self.semantic.follow(matcher)

    def _close_semantic(self: "Engine") -> None:
        if self.semantic is not None:
            self.semantic.close()
