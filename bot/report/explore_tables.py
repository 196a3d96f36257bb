"""What `guichet explore` shows of the database, table by table and column by column, in French.

Why one table of data: it is at once the allowlist of the filtered copy (a table or a column not
written here is never copied, so a future table holding a chat id cannot leak by accident) and
Datasette's metadata (a French description of every table and column). The tables that hold a
Telegram chat id or a person's key (`chats`, `outbox`, `drafts`, `muted`, `origins`, `checklist_*`) are listed
in HIDDEN: never copied, and hidden in the metadata as well.
"""

from __future__ import annotations

from typing import NamedTuple


class Column(NamedTuple):
    name: str
    type: str          # the SQLite type declared in the copy
    description: str


class Table(NamedTuple):
    description: str
    columns: tuple[Column, ...]


def _c(name: str, type_: str, description: str) -> Column:
    return Column(name, type_, description)


ID = _c("id", "integer primary key", "numéro de la ligne")

TABLES: dict[str, Table] = {
    "questions": Table(
        "Chaque question posée au bot, avec ce qu'il en a fait. La personne n'y figure pas (ni clé ni identifiant).",
        (ID,
         _c("at", "text", "date et heure de la question (UTC)"),
         _c("text", "text", "la question telle qu'elle a été écrite (mots de l'habitant)"),
         _c("decision", "text", "answer : réponse directe ; choose : choix proposé ; fallback : sans réponse ; "
                                "smalltalk : conversation ; service:NOM : réponse d'un service pratique"),
         _c("entry_id", "text", "la fiche donnée en réponse directe (vide sinon) : voir la table fiches"),
         _c("score", "real", "confiance du moteur dans la meilleure fiche (0 à 1)"),
         _c("ms", "real", "temps de calcul de la réponse, en millisecondes"))),
    "feedback": Table(
        "Les avis 👍/👎 donnés sous les réponses.",
        (ID,
         _c("at", "text", "date et heure de l'avis (UTC)"),
         _c("question_id", "integer", "la question concernée (table questions ; vide : fiche ouverte par un bouton)"),
         _c("entry_id", "text", "la fiche jugée"),
         _c("useful", "integer", "1 : 👍 utile ; 0 : 👎 pas utile"))),
    "requests": Table(
        "Les demandes des habitants à la mairie (/contact, /signaler). La personne n'y figure pas.",
        (ID,
         _c("at", "text", "date et heure de réception (UTC) ; le numéro affiché est D- suivi de id sur 4 chiffres"),
         _c("updated", "text", "date et heure du dernier changement (UTC)"),
         _c("kind", "text", "contact : message ; report : signalement"),
         _c("category", "text", "catégorie du signalement (identifiant de knowledge/dialogue.yaml)"),
         _c("official", "text", "l'élu destinataire (identifiant ; vide : la mairie)"),
         _c("text", "text", "le texte de la demande (mots de l'habitant)"),
         _c("lat", "real", "latitude de la position jointe, s'il y en a une"),
         _c("lon", "real", "longitude de la position jointe, s'il y en a une"),
         _c("status", "text", "recue, prise (prise en charge), resolue ou close"),
         _c("reason", "text", "le motif donné en résolvant ou en closant"))),
    "request_events": Table(
        "Les réponses de l'équipe et les changements de statut de chaque demande.",
        (ID,
         _c("request_id", "integer", "la demande (table requests)"),
         _c("at", "text", "date et heure (UTC)"),
         _c("kind", "text", "answer : réponse envoyée à l'habitant ; status : changement de statut"),
         _c("text", "text", "la réponse, ou le motif du changement"),
         _c("status", "text", "le statut de la demande après cet évènement"))),
    "follows": Table(
        "Les abonnements aux grands projets (bouton « Suivre ce projet »), sans la personne.",
        (_c("project", "text", "le projet suivi (identifiant de sa fiche)"),
         _c("at", "text", "date et heure de l'abonnement (UTC)"))),
    "votes": Table(
        "Les votes des consultations, sans la personne.",
        (_c("project", "text", "le projet de la consultation"),
         _c("option", "integer", "la réponse choisie (0 : la première de la liste de la fiche)"),
         _c("at", "text", "date et heure du vote, ou de son dernier changement (UTC)"))),
    "project_state": Table(
        "Ce qui a été annoncé en dernier aux abonnés de chaque projet (pour ne l'annoncer qu'une fois).",
        (_c("project", "text primary key", "le projet"),
         _c("state", "text", "l'état annoncé (JSON : statut, calendrier, budget, actualités)"),
         _c("at", "text", "date et heure de l'annonce (UTC)"))),
}

# Not a table of the database: the knowledge's entries, written into the copy so that queries can
# name them and find those nobody asked for.
ENTRIES = Table(
    "Les fiches des connaissances chargées par guichet explore (dossiers --knowledge).",
    (_c("id", "text primary key", "identifiant de la fiche"),
     _c("title", "text", "titre de la fiche"),
     _c("category", "text", "thème"),
     _c("kind", "text", "type : procedure, info, place, project…"),
     _c("path", "text", "le fichier YAML de la fiche")))
ENTRIES_TABLE = "fiches"

# In the database, never copied: a Telegram chat id (chats, outbox), a person's key and what they
# are writing (drafts, muted), Telegram's update ids (origins), the schema's version (meta), a
# person's document lists and appointment reminders (checklist_*: keyed by the person, of no use counted),
# the interface language of a person (languages: a key and two letters).
HIDDEN = ("chats", "outbox", "drafts", "muted", "origins", "meta", "checklist_ticks", "checklist_reminders",
          "checklist_asks", "languages")

QUERIES: dict[str, dict[str, str]] = {
    "questions_sans_reponse_cette_semaine": {
        "title": "Questions sans réponse cette semaine",
        "description": "Les questions des 7 derniers jours auxquelles Guichet n'a pas su répondre, les plus "
                       "récentes d'abord : ce qu'il faut ajouter aux connaissances.",
        "sql": "select at, text from questions where decision = 'fallback' "
               "and at >= strftime('%Y-%m-%dT%H:%M:%S', 'now', '-7 days') order by at desc",
    },
    "demandes_ouvertes": {
        "title": "Demandes ouvertes",
        "description": "Les demandes reçues ou prises en charge, la plus ancienne d'abord, avec leur dernière réponse.",
        "sql": "select 'D-' || printf('%04d', r.id) as numero, r.at as recue_le, r.kind as type, r.category "
               "as categorie, r.status as statut, r.text as texte, (select e.text from request_events e where "
               "e.request_id = r.id and e.kind = 'answer' order by e.id desc limit 1) as derniere_reponse "
               "from requests r where r.status in ('recue', 'prise') order by r.id",
    },
    "entrees_jamais_consultees": {
        "title": "Entrées jamais consultées",
        "description": "Les fiches qu'aucune question n'a obtenues en réponse directe et qui n'ont reçu aucun "
                       "avis, sur la période que garde la base : à mieux nommer (titre, questions), ou inutiles.",
        "sql": "select f.id, f.title, f.category, f.kind, f.path from fiches f where f.id not in "
               "(select entry_id from questions where decision = 'answer') and f.id not in "
               "(select entry_id from feedback) order by f.category, f.id",
    },
}
