"""The `guichet` command line's options: one function per group of commands, every word in French (bot/cli_help.py)."""

from __future__ import annotations

import argparse
import textwrap
from typing import Callable

from . import cli_help as H

Command = Callable[[argparse.Namespace], int]


def build(commands: dict[str, Command]) -> argparse.ArgumentParser:
    """The parser; `commands` maps each subcommand's name to the function that runs it."""
    parser = H.FrenchArgumentParser(prog="guichet", description=H.PROGRAM)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes")

    def add(name: str) -> argparse.ArgumentParser:
        about = H.COMMANDS[name]
        p = sub.add_parser(name, help=about.summary, description=textwrap.fill(about.description, 90),
                           epilog=f"{H.EXAMPLE}\n  {about.example}")
        p.set_defaults(func=commands[name])
        return p

    _answers(add)
    _upkeep(add)
    _dialogue(add)
    _projects(add)
    _staff(add)
    _backup(add("sauvegarde"))
    return parser


def knowledge_opt(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--knowledge", action="append", metavar="DOSSIER",
                   help="dossier de connaissances (remplace le défaut ; répétez pour en combiner)")
    return p


def semantic_opt(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--semantic", action=argparse.BooleanOptionalAction, default=None,
                   help="avec ou sans le classement sémantique (défaut : GUICHET_SEMANTIC) ; avec, les fiches "
                        "sont d'abord lues par le modèle si le cache ne les a pas (barre de progression)")
    return p


def _answers(add) -> None:
    """run, chat, ask, check, eval: the bot and its answers."""
    knowledge_opt(add("run"))
    knowledge_opt(add("chat"))
    p = add("ask")
    p.add_argument("question", metavar="QUESTION", help="la question, entre guillemets")
    p.add_argument("--json", action="store_true", help="sortie JSON (format : docs/evaluation.md)")
    semantic_opt(knowledge_opt(p))
    _check(add("check"))
    p = add("eval")
    p.add_argument("cases", metavar="CAS.yaml", help="fichier YAML de cas de test")
    p.add_argument("--json", action="store_true", help="sortie JSON : toutes les mesures et les échecs")
    p.add_argument("--quiet", action="store_true", help="ne pas lister les échecs")
    semantic_opt(knowledge_opt(p))


def _check(p: argparse.ArgumentParser) -> None:
    """check's options: the staleness made errors, the links checked, the day of the check."""
    p.add_argument("--strict", action="store_true",
                   help="les fiches à revérifier (review_by dépassé, updated absent) deviennent des erreurs")
    p.add_argument("--links", "--liens", dest="links", action="store_true",
                   help="vérifier aussi chaque lien (url) sur internet ; résultats gardés 24 h")
    p.add_argument("--delai", dest="timeout", type=float, default=10.0, metavar="SECONDES",
                   help="avec --links : temps d'attente maximal d'un site (défaut : %(default)s)")
    p.add_argument("--date", type=H.iso_date, metavar="AAAA-MM-JJ",
                   help="vérifier les dates de revérification à ce jour plutôt qu'aujourd'hui")
    knowledge_opt(p)


def _upkeep(add) -> None:
    """bench, unanswered, import-service-public, import-gtfs: measuring and feeding the knowledge."""
    p = add("bench")
    p.add_argument("--sizes", default="1000,2976,10000,50000", metavar="TAILLES",
                   help="nombres de fiches mesurés, séparés par des virgules (défaut : %(default)s)")
    p.add_argument("--queries", type=int, default=300, metavar="N", help="questions par taille (défaut : %(default)s)")
    p.add_argument("--chart", default="", metavar="FICHIER.png", help="écrire un graphique PNG à ce chemin")
    p.add_argument("--source", default="", metavar="ZIP",
                   help="zip officiel de service-public.fr, lu sans --knowledge "
                        "(défaut : la copie ../shared/service-public/vosdroits-particuliers.zip)")
    p.add_argument("--no-semantic", dest="semantic", action="store_false", default=None,
                   help="ne pas mesurer le classement sémantique (mesuré par défaut quand le modèle est installé)")
    knowledge_opt(p)
    p = add("semantic")
    p.add_argument("action", choices=("build",), metavar="ACTION",
                   help="build : faire lire au modèle les fiches absentes du cache")
    knowledge_opt(p)
    p = add("unanswered")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="nombre de questions listées (défaut : %(default)s)")
    p = add("import-service-public")
    p.add_argument("source", metavar="SOURCE", help="le zip officiel, ou un dossier de ses fichiers XML")
    p.add_argument("--out", required=True, metavar="DOSSIER", help="dossier où écrire les fiches (créé au besoin)")
    p = add("import-gtfs")
    p.add_argument("source", metavar="FLUX", help="le flux GTFS du réseau : son zip, ou un dossier de ses fichiers .txt")
    p.add_argument("--out", required=True, metavar="DOSSIER",
                   help="dossier de connaissances où écrire transport/horaires.json (créé au besoin)")


def _dialogue(add) -> None:
    """demandes, repondre: the town's requests without Telegram."""
    p = add("demandes")
    p.add_argument("--statut", type=H.status_word, choices=H.LIST_STATUSES, metavar="STATUT",
                   help="ouvertes (défaut de la liste), toutes (défaut d'un export), recue, prise, resolue ou close")
    p.add_argument("--export", choices=("open311", "csv"), metavar="FORMAT",
                   help="open311 : JSON Open311 GeoReport v2 ; csv : les mêmes colonnes pour un tableur")
    p.add_argument("--out", metavar="FICHIER",
                   help="écrire dans ce fichier (créé lisible par vous seul) plutôt qu'à l'écran")
    knowledge_opt(p)
    p = add("repondre")
    p.add_argument("numero", metavar="NUMÉRO", help="le numéro de la demande, par exemple D-0042")
    p.add_argument("texte", metavar="TEXTE", help="la réponse, entre guillemets")
    p.add_argument("--statut", type=H.status_word, choices=H.CLOSING_STATUSES, metavar="STATUT",
                   help="resolue ou close : change aussi le statut (l'habitant en est prévenu)")
    p.add_argument("--motif", default="", metavar="MOTIF", help="avec --statut : la raison, montrée à l'habitant")
    knowledge_opt(p)


def _projects(add) -> None:
    """annonce, consultation: urban projects."""
    p = add("annonce")
    p.add_argument("project", metavar="PROJET", help="identifiant du projet (id de sa fiche)")
    p.add_argument("texte", metavar="TEXTE", help="le message, entre guillemets")
    p.add_argument("--sans-attendre", dest="no_wait", action="store_true",
                   help="mettre en file sans suivre l'envoi")
    p.add_argument("--attente", dest="stall", type=float, default=15.0, metavar="SECONDES",
                   help="abandonner le suivi après ce temps sans envoi (défaut : %(default)s)")
    knowledge_opt(p)
    p = add("consultation")
    p.add_argument("project", metavar="PROJET", help="identifiant du projet (id de sa fiche)")
    p.add_argument("--png", default="", metavar="FICHIER.png",
                   help="où écrire le graphique (défaut : consultation-PROJET.png)")
    knowledge_opt(p)


def _staff(add) -> None:
    """rapport, explore: following how Guichet is used."""
    p = add("rapport")
    p.add_argument("--depuis", default="30j", metavar="DURÉE",
                   help="la période couverte, jusqu'à aujourd'hui : 30j, 4s (semaines), 2m (mois de 30 jours) "
                        "(défaut : %(default)s)")
    p.add_argument("--out", default="rapport.html", metavar="FICHIER.html",
                   help="où écrire le rapport (créé lisible par vous seul ; défaut : %(default)s)")
    knowledge_opt(p)
    p = add("explore")
    p.add_argument("--port", type=int, default=8001, metavar="PORT", help="port de Datasette (défaut : %(default)s)")
    p.add_argument("--host", default="127.0.0.1", metavar="ADRESSE",
                   help="adresse d'écoute (défaut : %(default)s, cette machine seulement)")
    p.add_argument("--copie", default="", metavar="DOSSIER",
                   help="écrire seulement la copie filtrée et ses métadonnées dans ce dossier, sans lancer Datasette")
    knowledge_opt(p)


def _backup(p: argparse.ArgumentParser) -> None:
    """sauvegarde: where the copies go and how many are kept."""
    p.add_argument("--out", required=True, metavar="DOSSIER",
                   help="dossier des sauvegardes (créé au besoin, lisible par vous seul)")
    p.add_argument("--garder", dest="keep", type=H.at_least_one, default=14, metavar="N",
                   help="nombre de sauvegardes conservées, les plus récentes (défaut : %(default)s)")
