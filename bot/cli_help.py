"""The French face of the `guichet` command line: what each command says in --help, and argparse's
own words (usage line, headings, -h, error messages) in French.

Why a module: town clerks read this help; the command functions in `bot/cli.py` keep English
docstrings for developers, and every sentence a clerk reads is here, reviewed at a glance.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from typing import NamedTuple


class CommandHelp(NamedTuple):
    summary: str       # one line in `guichet --help`
    description: str   # the paragraph at the top of `guichet COMMAND --help`
    example: str       # a command that works as written, from the project's root


COMMANDS: dict[str, CommandHelp] = {
    "run": CommandHelp(
        "démarrer le bot (Telegram, ou le chat dans le terminal sans jeton)",
        "Démarre le bot : sur Telegram quand TELEGRAM_TOKEN est défini (dans l'environnement ou le fichier "
        ".env), sinon le chat dans le terminal. Les connaissances modifiées sont rechargées sans redémarrer.",
        "guichet run"),
    "chat": CommandHelp(
        "discuter avec le bot dans le terminal",
        "Discute dans le terminal (ou par un tube) avec le même moteur et les mêmes réponses que sur "
        "Telegram. Tapez le numéro d'un choix pour appuyer sur un bouton, /menu pour les thèmes, Ctrl-D "
        "pour quitter. Les connaissances modifiées sont rechargées avant chaque message.",
        'echo "encombrants" | guichet chat'),
    "ask": CommandHelp(
        "poser une question et afficher la réponse",
        "Pose une seule question et affiche la réponse, sans rien enregistrer. Avec --json : la décision, "
        "les fiches candidates et la réponse (format décrit dans docs/engine-api.md).",
        'guichet ask "encombrants" --json'),
    "check": CommandHelp(
        "vérifier les fichiers de connaissances",
        "Vérifie les dossiers de connaissances et affiche chaque problème sous la forme "
        "fichier:ligne: explication (code de sortie 1 s'il y a une erreur). Pose ensuite au moteur les "
        "questions de test de la commune (dossier tests/) et prévient quand une autre fiche que celle "
        "attendue y répond, quand deux fiches répondent aussi bien à la même question, quand une fiche "
        "est à revérifier (review_by dépassé, updated absent) ; donne la part des fiches qui ont une "
        "question de test. Avec --links, vérifie aussi chaque lien sur internet.",
        "guichet check --knowledge knowledge --knowledge /srv/guichet/national"),
    "eval": CommandHelp(
        "mesurer la qualité des réponses sur un fichier de cas",
        "Mesure la qualité des réponses sur un fichier YAML de cas (« - q: question » puis "
        "« expect: [id] », ou « expect: [] » hors sujet) : top1, top3, direct, resolved, choose_rate, "
        "wrong, oos_rejected et le temps par question (définitions : README, « Qualité des réponses »).",
        "guichet eval tests/eval/local.yaml"),
    "bench": CommandHelp(
        "mesurer vitesse et mémoire selon la taille du corpus",
        "Mesure la construction de l'index, le temps par question (p50, p99) et la mémoire pour plusieurs "
        "tailles de corpus : les fiches nationales réelles (un catalogue importé avec --knowledge, ou le "
        "zip officiel avec --source), puis des fiches synthétiques au-delà.",
        "guichet bench --knowledge /srv/guichet/national --sizes 1000,10000"),
    "semantic": CommandHelp(
        "préparer le classement sémantique (lecture des fiches par le modèle)",
        "Fait lire par le modèle de phrases les fiches absentes du cache (dossier cache/ des données), avec "
        "une barre de progression : environ 5 minutes pour le catalogue national la première fois, "
        "quelques secondes ensuite pour les fiches modifiées. Le bot le fait aussi seul au démarrage, en "
        "arrière-plan ; cette commande sert à le faire d'avance. Le modèle s'installe avec "
        "pip install -e \".[semantic]\" (README, « Classement sémantique »).",
        "guichet semantic build --knowledge knowledge --knowledge /srv/guichet/national"),
    "unanswered": CommandHelp(
        "les dernières questions restées sans réponse (quoi ajouter)",
        "Liste les dernières questions auxquelles Guichet n'a pas su répondre : ce que les agents peuvent "
        "ajouter ensuite aux connaissances.",
        "guichet unanswered --limit 20"),
    "demandes": CommandHelp(
        "les demandes des habitants à la mairie : liste, export Open311 ou CSV",
        "Liste les demandes envoyées à la mairie par /contact et /signaler (numéro, date, type, catégorie, "
        "destinataire, statut, début du texte) : par défaut les demandes ouvertes (reçues ou prises en "
        "charge), la plus ancienne d'abord. --export open311 écrit le JSON Open311 GeoReport v2 que lisent "
        "les outils compatibles FixMyStreet ; --export csv les mêmes colonnes pour un tableur (Excel). Un "
        "export contient par défaut toutes les demandes, avec ce que les habitants ont écrit : gardez-le "
        "comme une donnée personnelle.",
        "guichet demandes --export open311 --out demandes.json"),
    "repondre": CommandHelp(
        "répondre à une demande sans Telegram (l'habitant la reçoit sur Telegram)",
        "Répond à une demande depuis le terminal : la réponse est enregistrée et le bot en marche (guichet "
        "run) l'envoie à l'habitant sur Telegram, signée du nom de la commune ; le message de la demande "
        "dans le groupe de l'équipe est mis à jour. --statut resolue ou close change aussi le statut "
        "(l'habitant en est prévenu), avec un --motif facultatif. Une demande résolue ou close ne reçoit "
        "une réponse qu'avec --statut, pour dire dans quel état la laisser.",
        'guichet repondre D-0042 "Le lampadaire est réparé, merci de votre signalement." --statut resolue'),
    "import-service-public": CommandHelp(
        "importer les fiches nationales de service-public.fr",
        "Importe les fiches de service-public.fr (le zip officiel « Vos droits et démarches – "
        "particuliers » de la DILA, ou un dossier de ses fichiers XML) comme fichiers de connaissances. "
        "Réimporter met à jour les fiches modifiées et retire les fiches supprimées.",
        "guichet import-service-public vosdroits-latest.zip --out /srv/guichet/national"),
    "import-gtfs": CommandHelp(
        "importer les horaires de bus d'un réseau (flux GTFS)",
        "Importe les horaires d'un réseau de bus publiés au format GTFS (le zip que le réseau dépose sur le "
        "point d'accès national aux données de transport, ou un dossier de ses fichiers .txt) dans un "
        "dossier de connaissances, sous transport/horaires.json : le bot en marche le recharge comme le "
        "reste. Chaque problème du flux est affiché sous la forme fichier.txt:ligne: explication ; une "
        "erreur (fichier ou colonne obligatoire absent) arrête l'import et laisse en place les horaires "
        "déjà importés, un avertissement écarte seulement la ligne ou le trajet en cause.",
        "guichet import-gtfs knowledge-sources/gtfs-bourg-exemple --out knowledge"),
    "annonce": CommandHelp(
        "annoncer un message aux abonnés d'un projet",
        "Met en file un message pour chaque personne qui suit le projet (bouton « Suivre ce projet »). "
        "C'est le bot en marche qui envoie, au rythme permis par Telegram : la commande suit l'envoi avec "
        "une barre de progression et donne à la fin les envoyés et les échecs (bot bloqué : la personne "
        "est désabonnée). Sans bot en marche, les messages attendent son démarrage ; rien n'est perdu.",
        'guichet annonce voie-verte "Réunion publique jeudi à 18 h, salle des fêtes"'),
    "consultation": CommandHelp(
        "résultats d'une consultation (tableau et graphique)",
        "Affiche les votes d'une consultation (champ « consultation » d'un projet) en tableau et écrit un "
        "graphique en barres au format PNG (avec matplotlib : pip install 'guichet[staff]'). Les votes ne "
        "sont liés qu'à une clé anonyme.",
        "guichet consultation voie-verte --png votes.png"),
    "rapport": CommandHelp(
        "rapport HTML : questions, réponses, avis, questions sans réponse, demandes, projets",
        "Écrit un rapport en une seule page HTML, lisible sans connexion, sur téléphone comme imprimé : "
        "les questions par jour, la part des réponses directes, des choix, des questions sans réponse et "
        "des services, la satisfaction (👍/👎) par fiche, les fiches les plus demandées, les questions "
        "sans réponse regroupées par ressemblance avec la fiche existante la plus proche, les demandes à "
        "la mairie par statut et leur délai de première réponse, les abonnés de chaque projet. La base est "
        "lue sans être modifiée (le bot peut tourner). Les graphiques demandent matplotlib : pip install "
        "'guichet[staff]'. Le rapport contient les mots des habitants, jamais leur identifiant : gardez-le "
        "au sein de l'équipe.",
        "guichet rapport --depuis 30j --out rapport.html"),
    "explore": CommandHelp(
        "parcourir la base dans Datasette (lecture seule, sans identifiant Telegram)",
        "Ouvre les données du bot dans Datasette, dans le navigateur : chaque table et chaque colonne "
        "décrites en français, des requêtes prêtes (questions sans réponse cette semaine, demandes "
        "ouvertes, fiches jamais consultées) et le SQL pour les curieux. Datasette lit une copie filtrée, "
        "en lecture seule, faite au lancement : ni identifiant Telegram ni clé de personne n'y figurent, "
        "et la base du bot n'est jamais modifiée. Relancez la commande pour voir les données du moment. "
        "Demande Datasette : pip install 'guichet[staff]'.",
        "guichet explore --port 8001"),
    "sauvegarde": CommandHelp(
        "sauvegarder la base et la clé (copie cohérente, bot en marche)",
        "Copie chaque base SQLite du dossier de données (sauf inbox.db, la file des messages reçus, "
        "éphémère) et la clé secret.key dans DOSSIER/guichet-AAAAMMJJ-HHMMSS, en fichiers lisibles par "
        "vous seul. La copie est cohérente même quand le bot tourne (VACUUM INTO de SQLite) et vérifiée "
        "(PRAGMA integrity_check). Seules les N sauvegardes les plus récentes sont gardées. Lancez-la avec "
        "les mêmes réglages que le bot (GUICHET_DATA_DIR) ; pour restaurer, voir le README, « Installer "
        "sur un serveur (VPS) ».",
        "guichet sauvegarde --out /var/backups/guichet --garder 14"),
}

# What a clerk types after --statut: accents and capitals welcome ("Reçue" is "recue").
LIST_STATUSES = ("ouvertes", "toutes", "recue", "prise", "resolue", "close")
CLOSING_STATUSES = ("resolue", "close")


def status_word(value: str) -> str:
    """"Résolue" → "resolue": the status words without accents or capitals, as the choices are written."""
    folded = unicodedata.normalize("NFKD", value.strip().lower())
    return "".join(c for c in folded if not unicodedata.combining(c))


def iso_date(value: str) -> dt.date:
    """`--date 2027-01-31`: a day written as in the knowledge files; otherwise argparse's French error."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"date « {value} » invalide : écrivez-la AAAA-MM-JJ, par exemple 2027-01-31.")


def at_least_one(value: str) -> int:
    """`--garder 14`: a whole number of at least 1; otherwise argparse's French error."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"« {value} » : un nombre entier d'au moins 1 est attendu.")
    return number


PROGRAM = "Guichet : l'assistant des mairies sur Telegram. « guichet COMMANDE --help » détaille chaque commande."
EXAMPLE = "Exemple :"
HELP_OPTION = "afficher cette aide et quitter"

_HEADINGS = {"positional arguments": "arguments", "options": "options", "optional arguments": "options"}

# argparse's own error messages, in French (the rest of a message is the clerk's own input)
_ERRORS = [
    (re.compile(r"the following arguments are required: (.*)"), "il manque : {0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "arguments inconnus : {0}"),
    (re.compile(r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)"), "{0} : {1} inconnu (possibles : {2})"),
    (re.compile(r"argument (.*?): invalid (\w+) value: (.*)"), "{0} : valeur incorrecte {2}"),
    (re.compile(r"argument (.*?): expected one argument"), "{0} attend une valeur"),
]


def french_error(message: str) -> str:
    for pattern, french in _ERRORS:
        found = pattern.fullmatch(message)
        if found:
            return french.format(*found.groups())
    return message


class FrenchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's layout with French headings ("utilisation :", "arguments")."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)

    def start_section(self, heading):
        super().start_section(_HEADINGS.get(heading, heading))


class FrenchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose -h and error messages are in French (its subparsers too)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP_OPTION)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {french_error(message)}\n")
