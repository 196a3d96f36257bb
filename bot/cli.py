"""The `guichet` command line: a thin skin over the engine (each command has an example).

    guichet run                      # Telegram if TELEGRAM_TOKEN is set, else the console chat
    guichet chat                     # console chat on the same engine
    guichet ask "encombrants" --json
    guichet check                    # validate the knowledge folders
    guichet check --strict --links   # …with past review dates as errors, and every URL checked
    guichet eval tests/eval/local.yaml
    guichet bench --knowledge /srv/guichet/national
    guichet import-service-public vosdroits-latest.zip --out /srv/guichet/national
    guichet import-gtfs reseau-gtfs.zip --out knowledge
    guichet demandes --export open311 --out demandes.json
    guichet repondre D-0042 "C'est réparé, merci." --statut resolue
    guichet annonce voie-verte "Réunion publique jeudi à 18 h"
    guichet consultation voie-verte
    guichet rapport --depuis 30j --out rapport.html
    guichet explore                  # Datasette on a filtered read-only copy
    guichet sauvegarde --out /var/backups/guichet --garder 14
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import sys
from pathlib import Path

from .cli_chat import chat_loop
from .config import Settings, SettingsError
from .safelog import install_token_filter, mask_tokens


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env().with_knowledge(getattr(args, "knowledge", None))


def _print_problems(problems, stream=sys.stderr) -> None:
    for p in problems:
        print(p, file=stream)


def _engine(args: argparse.Namespace, *, flavour: str = "text", with_storage: bool = False):
    from .engine import Engine, KnowledgeError

    settings = _settings(args)
    try:
        return Engine.from_settings(settings, flavour=flavour, with_storage=with_storage)
    except SettingsError as exc:  # the key is missing and cannot be made, or is damaged
        print(f"Réglage incorrect : {exc}", file=sys.stderr)
        raise SystemExit(1)
    except KnowledgeError as exc:
        _print_problems(exc.problems)
        print(f"\n{len(exc.problems)} erreur(s) dans les connaissances : corrigez-les puis relancez "
              "(« guichet check » les liste).", file=sys.stderr)
        raise SystemExit(1)
    except (OSError, sqlite3.Error) as exc:  # data folder not writable, database locked or corrupt…
        print(f"Impossible d'ouvrir les données ({settings.data_dir}) : {exc}", file=sys.stderr)
        raise SystemExit(1)


# --------------------------------------------------------------------------- commands


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the knowledge folders, then advise on them (bot/cli_check.py); exit 1 on an error."""
    from .cli_check import run_check

    return run_check(args, _settings(args))


def cmd_ask(args: argparse.Namespace) -> int:
    """Ask one question; print the reply (or, with --json, the contract of docs/evaluation.md). Records nothing."""
    from .render import plain

    from .cli_semantic import ready_ranking

    engine = _engine(args, flavour="html" if args.json else "text")
    ready_ranking(engine, args)  # the engine answers with it once built
    result, reply, _ = engine.answer(args.question)
    text = "\n\n".join(plain(m) if args.json else m.text for m in reply.messages)
    if args.json:
        payload = {
            "decision": result.decision,
            "candidates": [{"id": c.entry.id, "title": c.entry.title, "score": c.score} for c in result.candidates[:5]],
            "reply": text,
        }
        if result.decision == "choose":
            payload["question"] = result.question
            payload["choices"] = [c.entry.id for c in result.choices]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(text)
        for m in reply.messages:
            for row in m.buttons:
                print("  " + "   ".join(f"[{b.label}]" for b in row))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Measure answer quality on a YAML list of cases (the metrics of docs/evaluation.md)."""
    from .evaluate import evaluate
    from .kb import load_cases

    cases, problems = load_cases(args.cases)
    if problems:
        _print_problems(problems)
        return 1
    engine = _engine(args)
    unknown = sorted({eid for c in cases for eid in c.expect if eid not in engine.knowledge.entries})
    if unknown:
        print(f"attention : {len(unknown)} id attendus absents des connaissances : {', '.join(unknown[:10])}",
              file=sys.stderr)
    from .cli_semantic import ready_ranking

    ranking, name = ready_ranking(engine, args)
    report = evaluate(ranking, cases, name)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{report['cases']} cas ({report['in_scope']} dans le périmètre, {report['out_of_scope']} hors sujet)\n")
    print("| mesure | valeur |\n| --- | --- |")
    for key in ("ranking", "top1", "top3", "direct", "resolved", "choose_rate", "wrong", "oos_rejected",
                "semantic_share", "p50_ms", "p99_ms"):
        print(f"| {key} | {report[key]} |")
    if report["failures"] and not args.quiet:
        print(f"\n{len(report['failures'])} échec(s) :")
        for f in report["failures"]:
            print(f"- « {f['q']} » attendu {f['expect'] or 'hors sujet'} → {f['decision']} "
                  f"{f['got'] or ''} {f['candidates']}")
    return 0


def _private_data(args: argparse.Namespace) -> None:
    """Umask and modes of the data folder, stale temporary files removed (bot.datadir)."""
    from .datadir import prepare

    settings = _settings(args)
    try:
        prepare(settings)
    except OSError as exc:
        print(f"Impossible d'ouvrir les données ({settings.data_dir}) : {exc.strerror or exc}",
              file=sys.stderr)
        raise SystemExit(1)


def cmd_chat(args: argparse.Namespace) -> int:
    """Chat in the terminal (or a pipe) with the same engine and answers as on Telegram."""
    _private_data(args)
    from .cli_semantic import start_in_background

    engine = _engine(args, flavour="text", with_storage=True)
    start_in_background(engine, chatting=True)
    return chat_loop(engine, sys.stdin, sys.stdout)


def cmd_run(args: argparse.Namespace) -> int:
    """Start the bot: on Telegram when TELEGRAM_TOKEN is set (polling, or webhook: GUICHET_WEBHOOK_URL), else the console chat."""
    settings = _settings(args)
    if not settings.telegram_token:
        print("TELEGRAM_TOKEN n'est pas défini : démarrage du chat dans le terminal "
              "(tapez votre question, Ctrl-D pour quitter).\n", file=sys.stderr)
        return cmd_chat(args)
    from handlers.app import run_bot  # the composition root: the one place bot/ reaches handlers/

    _private_data(args)
    from .cli_semantic import start_in_background

    engine = _engine(args, flavour="html", with_storage=True)
    start_in_background(engine)
    run_bot(settings, engine)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Latency and memory of the matcher at several corpus sizes (synthetic beyond the real one)."""
    from .bench import run_bench

    return run_bench(args)


def cmd_unanswered(args: argparse.Namespace) -> int:
    """List the recent questions Guichet could not answer: what staff should add next."""
    from .storage import Storage

    settings = _settings(args)
    if not settings.database.exists():
        print("Aucune question enregistrée pour l'instant.")
        return 0
    storage = Storage(settings.database)
    rows = storage.unanswered(args.limit)
    stats = storage.stats()
    storage.close()
    total = sum(v for k, v in stats.items() if k != "feedback")
    print(f"{total} question(s) enregistrée(s) ; {stats.get('fallback', 0)} sans réponse, "
          f"{stats.get('answer', 0)} répondues directement, {stats.get('choose', 0)} avec un choix.")
    for row in rows:
        print(f"{row['at'][:16].replace('T', ' ')}  {row['text']}")
    return 0


def _dialogue_engine(args: argparse.Namespace):
    """The engine on the town's database (HTML, as the bot sends), or None when nothing was ever recorded.

    None rather than a new empty database: a clerk with the wrong GUICHET_DATA_DIR must not get
    a second database (and key) made behind their back."""
    if not _settings(args).database.exists():
        return None
    from .datadir import PRIVATE_UMASK

    os.umask(PRIVATE_UMASK)  # a journal created now is as private as the bot's own
    return _engine(args, flavour="html", with_storage=True)


def cmd_requests(args: argparse.Namespace) -> int:
    """List, or export (Open311 GeoReport v2 JSON, CSV), the requests citizens sent to the town."""
    from .cli_dialogue import list_requests

    return _with_dialogue(args, list_requests)


def cmd_answer(args: argparse.Namespace) -> int:
    """Answer a request from the terminal; the running bot sends it to the citizen (the outbox)."""
    from .cli_dialogue import answer_request

    return _with_dialogue(args, answer_request)


def _with_dialogue(args: argparse.Namespace, run) -> int:
    """`run(args, engine)` on the existing database (engine None when there is none yet), then close it."""
    engine = _dialogue_engine(args)
    try:
        return run(args, engine)
    finally:
        if engine is not None:
            engine.close()


def cmd_semantic(args: argparse.Namespace) -> int:
    """`guichet semantic build`: embed what the cache lacks, with a progress bar (bot/cli_semantic.py)."""
    from .cli_semantic import build

    engine = _engine(args)
    try:
        return build(args, engine)
    finally:
        engine.close()


def cmd_import(args: argparse.Namespace) -> int:
    """Import the service-public.fr fiches (official zip or folder of XML) as knowledge files."""
    from .importers.service_public import run_import

    return run_import(Path(args.source), Path(args.out))


def cmd_import_gtfs(args: argparse.Namespace) -> int:
    """Import a bus network's GTFS feed (zip or folder) into a knowledge folder (bot/transit/importer.py)."""
    from .transit.importer import run_import

    return run_import(Path(args.source), Path(args.out))


def cmd_annonce(args: argparse.Namespace) -> int:
    """Queue a staff announcement to a project's followers (bot/cli_projects.py)."""
    from .cli_projects import cmd_annonce as run

    return _with_engine(args, run)


def cmd_consultation(args: argparse.Namespace) -> int:
    """A consultation's votes: a table and a PNG bar chart (bot/cli_projects.py)."""
    from .cli_projects import cmd_consultation as run

    return _with_engine(args, run)


def _with_engine(args: argparse.Namespace, run) -> int:
    """`run(args, engine)` with the bot's engine and database (made private first), then close it."""
    _private_data(args)
    engine = _engine(args, flavour="html", with_storage=True)
    try:
        return run(args, engine)
    finally:
        engine.close()


def cmd_report(args: argparse.Namespace) -> int:
    """The staff report as one self-contained HTML file (bot/cli_report.py); the database is read only."""
    from .cli_report import cmd_rapport

    return _reading_database(args, cmd_rapport)


def cmd_explore(args: argparse.Namespace) -> int:
    """Datasette on a filtered, read-only copy of the database (bot/cli_report.py)."""
    from .cli_report import cmd_explore as run

    return _reading_database(args, run)


def _reading_database(args: argparse.Namespace, run) -> int:
    """`run(args, engine, database)` with an engine without storage (the database is only read), then close it."""
    engine = _engine(args, flavour="html", with_storage=False)
    try:
        return run(args, engine, _settings(args).database)
    finally:
        engine.close()


def cmd_backup(args: argparse.Namespace) -> int:
    """Consistent copies of the databases and the key, the last N kept (bot/backup.py)."""
    from .backup import run_backup

    return run_backup(_settings(args), Path(args.out), args.keep)


def build_parser() -> argparse.ArgumentParser:
    """The `guichet` parser (bot/cli_parser.py), wired to this module's commands."""
    from .cli_parser import build

    return build({"run": cmd_run, "chat": cmd_chat, "ask": cmd_ask, "check": cmd_check, "eval": cmd_eval,
                  "bench": cmd_bench, "unanswered": cmd_unanswered, "demandes": cmd_requests,
                  "repondre": cmd_answer, "import-service-public": cmd_import, "annonce": cmd_annonce,
                  "consultation": cmd_consultation, "rapport": cmd_report,
                  "explore": cmd_explore, "import-gtfs": cmd_import_gtfs, "semantic": cmd_semantic,
                  "sauvegarde": cmd_backup})


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"Réglage incorrect : {exc}", file=sys.stderr)
        return 1
    logging.basicConfig(level=getattr(logging, settings.log_level, logging.INFO),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL, and Telegram URLs contain the bot token: never log them.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    install_token_filter()  # and mask a token wherever another library would print it
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # start-up failure: one line, no traceback, no token
        first_line = (str(exc).strip().splitlines() or [""])[0][:300]
        print(f"Guichet s'est arrêté : {type(exc).__name__}: {mask_tokens(first_line)}", file=sys.stderr)
        logging.getLogger("guichet").debug("Détail de l'arrêt", exc_info=True)  # masked by the filter
        return 1
