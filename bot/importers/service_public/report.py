"""What an import did, counted while it runs and printed by the command at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """What an import did; ``errors`` are ``(file name, message)``."""

    imported: int = 0
    drafts: list[str] = field(default_factory=list)
    skipped_non_fiche: int = 0
    ignored_files: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    kinds: Counter = field(default_factory=Counter)
    with_variants: int = 0
    links_dropped: int = 0
    guide_options_dropped: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors
