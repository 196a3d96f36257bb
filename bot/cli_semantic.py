"""`guichet semantic build`, and the choice of ranking for `ask`, `eval`, `run` and `chat` (GUICHET_SEMANTIC, flags).

Why here and not in the engine: starting the model is a decision of the composition root. The
bot (`run`, `chat`) starts it in the background and answers meanwhile; `ask` and `eval` wait for
it, since they measure or show what the bot answers once it is ready.
"""

from __future__ import annotations

import argparse
import sys

from .semantic import ProgressBar


def wanted(args: argparse.Namespace, settings) -> bool:
    """--semantic / --no-semantic when given, else GUICHET_SEMANTIC (auto: yes when the model loads)."""
    flag = getattr(args, "semantic", None)
    return flag if flag is not None else settings.semantic == "auto"


def start_in_background(engine, *, chatting: bool = False) -> None:
    """The bot: re-rank once the vectors are built. The progress goes to stderr, never a citizen's
    text: a bar, or log lines in the console chat (where the person types on the same terminal)."""
    if engine.settings.semantic == "auto":
        engine.start_semantic(ProgressBar(bar=not chatting))


def ready_ranking(engine, args: argparse.Namespace) -> tuple[object, str]:
    """What `ask` and `eval` measure, and its name: the semantic ranker, built first (with a progress
    bar) when wanted, else the lexical matcher. SystemExit(1) when --semantic was asked for in vain."""
    if not wanted(args, engine.settings):
        return engine.matcher, "lexical"
    ranker = engine.start_semantic(ProgressBar()).wait()
    if ranker is not None:
        return ranker, "semantic"
    if getattr(args, "semantic", None):
        print("Classement sémantique indisponible (la raison est dans le journal ci-dessus) ; "
              "installez-le avec : pip install -e \".[semantic]\"", file=sys.stderr)
        raise SystemExit(1)
    return engine.matcher, "lexical"


def build(args: argparse.Namespace, engine) -> int:
    """Embed what the cache lacks for the knowledge, with a progress bar; say what it cost."""
    service = engine.start_semantic(ProgressBar())
    if service.wait() is None:
        print("Classement sémantique indisponible : la raison est dans le journal ci-dessus.", file=sys.stderr)
        return 1
    embedded, seconds = service.last_build
    print(f"{len(engine.matcher.index.entries)} fiches prêtes pour le classement sémantique : "
          f"{embedded} passage(s) lu(s) par le modèle en {seconds:.1f} s "
          f"(les autres étaient déjà dans le cache de {engine.settings.data_dir / 'cache'}).")
    return 0
