"""Every fixed sentence a citizen reads, in one place (plain text: the renderer escapes it).

Why one module: the tone of the bot (polite, short, honest about what it does) is reviewed here
at a glance, a change of wording touches no logic, and a translation later starts from this
file. Sentences with a `{placeholder}` are filled with `.format()` by the caller. Knowledge
content (entries, places) is not here: town staff write it in `knowledge/`.
"""

from __future__ import annotations

# --- examples offered on the welcome screen (kept only when the knowledge answers them)
DEFAULT_EXAMPLES = (
    "Comment refaire ma carte d'identité ?",
    "Quand passent les encombrants ?",
    "Inscrire mon enfant à la cantine",
    "Il y a un trou dans ma rue",
    "Comment faire un passeport ?",
)

# --- welcome, help, menu
WELCOME = ("👋 Bonjour ! Je suis {bot}, l'assistant de {town}.\n\n"
           "Posez-moi vos questions sur les démarches et les services de la commune : papiers d'identité, "
           "école et cantine, déchets, urbanisme, horaires…\n\n"
           "Écrivez votre question comme vous la diriez, ou essayez un exemple :")
FICTIONAL_TOWN = "(Commune fictive de démonstration.)"
YOUR_TOWN_HALL = "votre mairie"
THE_TOWN_HALL = "la mairie"
HELP_TITLE = "Comment m'utiliser"
HELP_TIPS = ("• Écrivez votre question en quelques mots : « carte d'identité perdue », « inscrire mon fils à la cantine », "
             "« il y a un trou dans ma rue ».\n"
             "• Quand plusieurs réponses sont possibles, je vous demande de préciser avec des boutons.\n"
             "• Dites-moi si une réponse vous a été utile avec 👍 ou 👎.")
HELP_COMMANDS = "Commandes"
BROWSE_THEMES = "📚 Parcourir les thèmes"
SEE_THEMES = "📚 Voir les thèmes"
CHOOSE_THEME = "Choisissez un thème :"
THEME_TRUNCATED = "({shown} sur {total} : posez votre question pour trouver les autres.)"
BACK_TO_THEMES = "◀ Retour aux thèmes"
FOR_EXAMPLE = "Par exemple :"

# --- an entry
SITUATION_PROMPT = "Votre situation ?"
SITUATION_HINT = "Choisissez-la ci-dessous pour voir la suite."
SITUATION_BUTTON = "Votre situation : "
NEXT_PAGE = "Étapes suivantes ▶"
CONTINUED = "(suite)"
PAGE_OF = "Page {page}/{pages}"
STEPS = "Étapes"
DOCUMENTS = "Pièces à fournir"
COST = "💶 Coût : {cost}"
DELAY = "⏳ Délai : {delay}"
PERIOD = "🕰️ Époque : {period}"
SEE_ON_MAP = "Voir sur la carte"
STATUS = "🚧 Statut : {status}"
BUDGET = "💶 Budget : {budget}"
WHERE = "Où aller"
GOOD_TO_KNOW = "À savoir"
CHECKLIST = "Démarches à prévoir"
LINKS = "Liens :"
FIND_NEAREST_OFFICE = "Trouver le guichet le plus proche"
SEE_ALSO = "📄 Voir aussi : "
USEFUL = "👍 Utile"
NOT_USEFUL = "👎 Pas utile"
SHARE = "🔗 Partager"  # a URL button: Telegram's share sheet with the entry's deep link
SOURCE_SP = "Source : service-public.fr (DILA)"
SOURCE_SP_DATED = "Source : service-public.fr (DILA), mis à jour le {date}"
SEE_FICHE = "voir la fiche"
VERIFIED_ON = "Informations vérifiées le {date}."
GUIDE_DEFAULT_QUESTION = "Quelle est votre situation ?"
GUIDE_BACK = "◀ Question précédente"

# --- places and hours
# whose hours: an entry about a monument shows the office de tourisme's, and must say so
TODAY_OPEN = "🕒 Horaires {of} aujourd'hui ({day}) : {ranges}"
TODAY_CLOSED = "🕒 Horaires {of} aujourd'hui ({day}) : fermé"
NEXT_OPENING = "Prochaine ouverture : {day} {date}, {ranges}"
CLOSED = "fermé"
WEEK_HOURS = "Horaires de la semaine"
NO_TOWN_HALL_HOURS = "Je ne connais pas encore les horaires de la mairie."
TOWN_WEBSITE = "🌐 Site de la commune"

# --- choices and fallback
CHOOSE_TYPE_NUMBER = "(tapez le numéro de votre choix)"
CHOOSE_ONE = "Est-ce bien ce que vous cherchez ?"
NONE_OF_THESE = "Aucune de ces réponses"
FALLBACK = "🙇 Je suis désolé, je ne connais pas encore la réponse à cette question."
# said only when it is true: the question was written to the database (bot/honesty.py)
FALLBACK_KEPT = "Votre question a été enregistrée et transmise aux services de {town} pour améliorer mes réponses."
# a bare number ("99") typed when no choice has that number
NUMBER_HINT = {
    "html": "Je ne sais pas à quoi correspond « {number} ». Pour choisir parmi des réponses proposées, "
            "appuyez sur leur bouton ; sinon, écrivez votre question en quelques mots ou tapez /menu.",
    "text": "Aucun choix ne porte le numéro « {number} ». Écrivez votre question en quelques mots, "
            "ou tapez /menu pour parcourir les thèmes.",
}
FALLBACK_CONTACT = "Pour une réponse tout de suite, contactez la mairie :"
EMERGENCY = "En cas d'urgence : {numbers}"
REPHRASE = "Vous pouvez aussi reformuler en quelques mots (ex. « carte d'identité », « encombrants ») ou taper /menu."
MAYBE = "Peut-être : "

# --- small talk ("{town}": the town's name)
SMALLTALK = {
    "greeting": "👋 Bonjour ! Je suis Guichet, l'assistant de {town}. Posez-moi votre question en quelques mots.",
    "thanks": "Avec plaisir ! 😊 N'hésitez pas si vous avez une autre question.",
    "bye": "Au revoir et bonne journée ! 👋",
    "identity": "🤖 Je suis Guichet, l'assistant automatique de {town}. Je réponds aux questions sur les démarches "
                "et les services de la commune, jour et nuit. Je ne suis pas une personne : pour un échange avec un agent, "
                "contactez la mairie.",
    "help": "Je peux vous expliquer une démarche (papiers, école, déchets, urbanisme…), vous dire où aller et quand. "
            "Écrivez simplement votre question, ou tapez /menu pour parcourir les thèmes.",
    "insult": "Je comprends que ce soit agaçant. Je fais de mon mieux pour vous aider : dites-moi en quelques mots "
              "ce que vous cherchez, ou tapez /menu.",
    "empty": "Je n'ai pas compris votre message. Écrivez votre question en quelques mots.",  # "Par exemple :" follows
}

# --- messages that are not text
UNSUPPORTED_WHAT = {
    "sticker": "les autocollants",
    "photo": "les photos",
    "voice": "les messages vocaux",
    "audio": "les fichiers audio",
    "video": "les vidéos",
    "video_note": "les messages vidéo",
    "animation": "les GIF",
    "document": "les fichiers",
    "contact": "les contacts",
    "poll": "les sondages",
    "dice": "les dés",
}
UNSUPPORTED_OTHER = "ce type de message"
UNSUPPORTED = ("Je ne lis que les messages écrits : je ne peux pas ouvrir {what}. 🙂\n\n"
               "Écrivez votre question en quelques mots, par exemple :\n{examples}"
               "\n\nOu tapez /menu pour parcourir les thèmes.")
CAPTION_NOTE = "Je ne peux pas ouvrir {what} : rien n'en est transmis à la mairie. Voici ma réponse à votre texte :"

# --- buttons and errors
FLOOD_NOTICE = ("Vous m'envoyez beaucoup de messages : je fais une petite pause. "
                "Réessayez dans une minute, je serai là. 🙂")
ENGINE_ERROR = "Désolé, une erreur est survenue de mon côté. Réessayez dans un instant, ou contactez la mairie."
BUTTON_ERROR = "Désolé, ce bouton n'est plus valable. Posez votre question à nouveau."
EXPIRED = "Cette réponse a changé depuis. Posez votre question à nouveau ou tapez /menu."
EXPIRED_TOAST = "Bouton expiré"
THANKS_USEFUL = "Merci pour votre retour ! 👍"
# 👎: one thanks (this message, no toast); it says "transmis" only when the feedback was recorded
THANKS_NOT_USEFUL = ("Merci de nous l'avoir signalé : votre retour est transmis aux services de la "
                     "mairie. Vous pouvez reformuler votre question ou taper /menu.")
THANKS_NOT_USEFUL_UNRECORDED = "Merci de nous l'avoir signalé. Vous pouvez reformuler votre question ou taper /menu."
THANKS_ALREADY = "Votre avis sur cette réponse est déjà noté, merci."
APOLOGY = "Désolé, une erreur est survenue… Réessayez dans un instant, ou contactez directement la mairie."

# --- privacy
FORGOTTEN = ("C'est fait : toutes vos données ont été effacées ({count} enregistrement(s)). "
             "Vous pouvez continuer à me poser des questions.")
PRIVACY = ("🔒 Vos données\n\n"
           "• Ce que je conserve : le texte de vos questions, la réponse donnée et vos avis 👍/👎, avec la date.\n"
           "• Votre identifiant Telegram n'est jamais enregistré : il est remplacé par une empreinte chiffrée "
           "(HMAC) qui ne permet pas de vous retrouver.\n"
           "• Pourquoi : améliorer les réponses et repérer les questions auxquelles je ne sais pas répondre.\n"
           "• Combien de temps : {days} jours, puis suppression automatique.\n"
           "• Où : sur le serveur de la commune uniquement, aucun service d'intelligence artificielle externe.\n"
           "• Vos droits (RGPD) : tapez /oubli pour tout effacer immédiatement ; pour toute autre demande, "
           "contactez la mairie.")

# --- the dialogue with the town (requests and reports)
STATUS_NAMES = {"recue": "reçue", "prise": "prise en charge", "resolue": "résolue", "close": "close"}
KIND_NAMES = {"contact": "Message", "report": "Signalement"}
CONTACT_WHO = "À qui voulez-vous écrire ?"
CONTACT_TOWN_HALL = "🏛️ La mairie"
CONTACT_OFFICIAL = "{role}"
CONTACT_WRITE = ("✍️ Écrivez votre message pour {to} en un seul envoi (2 000 caractères au plus).\n"
                 "Tapez /annuler pour abandonner.")
REPORT_WHICH = "📣 Quel problème voulez-vous signaler ?"
REPORT_DESCRIBE = ("✍️ Décrivez le problème ({category}) en quelques mots : où, quoi, depuis quand.\n"
                   "Vous pouvez joindre une photo 📷 et votre position 📍 (bouton ci-dessous). "
                   "Tapez /annuler pour abandonner.")
SHARE_LOCATION = "📍 Envoyer ma position"
CONFIRM_TITLE = "Vérifiez avant l'envoi :"
CONFIRM_TO = "Pour : {to}"
CONFIRM_CATEGORY = "Problème : {category}"
CONFIRM_PHOTO = "📷 Photo jointe"
CONFIRM_LOCATION = "📍 Position jointe"
CONFIRM_ADD = "Vous pouvez encore joindre une photo ou votre position avant d'envoyer."
SEND = "✅ Envoyer"
CANCEL = "❌ Annuler"
CANCELLED = "C'est annulé : rien n'a été envoyé."
NOTHING_TO_CANCEL = "Il n'y a rien à annuler."
PRIVACY_NOTICE = ("🔒 Ce qui est transmis à la mairie : le texte, la photo et la position que vous envoyez, "
                  "rien d'autre (ni votre nom, ni votre numéro, ni votre compte Telegram). Votre demande est gardée "
                  "{days} jours après sa clôture ; /oubli l'efface à tout moment.")
SENT = ("✅ Votre demande {number} est transmise {to}. Vous recevrez la réponse ici même.\n"
        "Suivez-la avec /mes_demandes.")
ASK_TOWN = "✉️ Poser la question à la mairie"
REPORT_NOW = "📣 Signaler maintenant"
TOO_MANY = "Vous avez déjà envoyé {limit} demandes aujourd'hui : merci de réessayer demain, ou d'appeler la mairie."
MUTED = "Vos demandes ne sont plus transmises à la mairie. Pour la joindre, appelez-la ou passez la voir."
EMPTY_REQUEST = "Votre message est vide : écrivez quelques mots, ou tapez /annuler."
TOO_LONG = "Votre message dépasse {limit} caractères : raccourcissez-le, s'il vous plaît."
NO_REQUESTS = "Vous n'avez aucune demande en cours. Écrivez à la mairie avec /contact ou signalez un problème avec /signaler."
MY_REQUESTS = "📬 Vos demandes"
REQUEST_LINE = "{number} · {kind} · {status} · {date}"
LATEST_ANSWER = "Dernière réponse : {answer}"
ANSWER_TO_CITIZEN = "💬 Réponse de {town} à votre demande {number} :"
SIGNED = "— {town}"
STATUS_TO_CITIZEN = "📌 Votre demande {number} est maintenant : {status}."
CLOSED_REASON = "Motif : {reason}"
THE_TOWN = "la mairie de {town}"
# staff side (the town's Telegram group)
STAFF_POST_TITLE = "{icon} {number} · {kind}{category}"
STAFF_RECEIVED = "Reçue le {date} · statut : {status}"
STAFF_FOR = "Pour : {to}"
STAFF_PHOTO = "📷 Photo : voir le message suivant."
STAFF_LOCATION = "📍 Position : voir le message suivant."
STAFF_HOW = "↩️ Répondez à ce message pour répondre à la personne."
STAFF_LAST_ANSWER = "Dernière réponse envoyée : {answer}"
STAFF_TAKE = "🙋 Prendre en charge"
STAFF_RESOLVED = "✅ Résolu"
STAFF_CLOSE = "🗄️ Clore"
STAFF_MUTE = "🔇 Sourdine"
STAFF_ONLY = "Seule l'équipe de la mairie peut traiter les demandes."
STAFF_SETUP = ("Aucun groupe de l'équipe n'est encore réglé. Pour que ce groupe-ci le devienne, ajoutez cette "
               "ligne au fichier .env du bot, puis redémarrez-le :")
STAFF_OTHER_GROUP = ("Ce groupe n'est pas celui de l'équipe de la mairie. Pour qu'il reçoive les demandes adressées "
                     "à un élu, ajoutez cette ligne à cet élu dans knowledge/dialogue.yaml :")
STAFF_DONE = "{number} : {status}."
STAFF_MUTED = "{number} : cette personne ne peut plus envoyer de demandes."
STAFF_SENT = "Réponse envoyée pour {number}."
STAFF_UNKNOWN_POST = "Je ne retrouve pas la demande de ce message. Répondez directement au message de la demande."
STAFF_UNREACHABLE = "⚠️ {number} : la personne a bloqué le bot, elle ne recevra pas la réponse."
STAFF_OPEN = "📋 Demandes en attente ({count})"
STAFF_NONE_OPEN = "Aucune demande en attente. 🎉"
STAFF_OPEN_LINE = "{number} · {kind} · {status} · {date} · {excerpt}"
STAFF_PHOTO_CAPTION = "{number} : photo jointe"
# staff side: a clerk's edit that broke the knowledge while the bot runs (bot/reload_alerts.py)
KNOWLEDGE_BROKEN = ("⚠️ Connaissances non rechargées : {count} erreur(s) dans les fichiers modifiés. Guichet "
                    "continue de répondre avec la version précédente ({entries} fiches).")
KNOWLEDGE_BROKEN_MORE = "… et {count} autre(s)."
KNOWLEDGE_BROKEN_HOW = ("Corrigez puis enregistrez : Guichet recharge tout seul et vous prévient ici. "
                        "« guichet check » liste tous les problèmes.")
KNOWLEDGE_FIXED = "✅ Connaissances réparées, {entries} fiches en service."
DIALOGUE_UNAVAILABLE = "Écrire à la mairie n'est pas possible ici : utilisez le bot sur Telegram, ou appelez la mairie."
WRITE_TO_TOWN = "✉️ Écrire à la mairie ou à un élu"

# --- urban projects: following them, their news, consultations
FOLLOW = "🔔 Suivre ce projet"
UNFOLLOW = "🔕 Ne plus suivre ce projet"
FOLLOWED = "C'est noté : je vous préviendrai des nouvelles étapes de ce projet."
UNFOLLOWED = "C'est noté : vous ne suivez plus ce projet."
PRIVATE_ONLY = "Écrivez-moi en message privé pour suivre un projet ou donner votre avis."
PROJECTS_TITLE = "🏗️ Les grands projets"
PROJECTS_NONE = "Aucun grand projet n'est présenté pour le moment."
PROJECT_NEXT = "Prochaine étape : {date} : {label}"
PROJECTS_HINT = "Ouvrez un projet pour le suivre : je vous préviendrai de ses nouvelles étapes."
FOLLOWS_TITLE = "🔔 Les projets que vous suivez"
FOLLOWS_NONE = "Vous ne suivez aucun projet. Tapez /projets pour les voir et en suivre un."
FOLLOWS_HINT = "Ouvrez un projet pour ne plus le suivre ; /oubli efface tous vos suivis."
UPDATE_TITLE = "🏗️ Du nouveau : {title}"
UPDATE_STATUS = "Statut : {status}"
UPDATE_BUDGET = "Budget : {budget}"
UPDATE_MILESTONE = "Calendrier : {date} : {label}"
UPDATE_NEWS = "📰 {date} : {text}"
UPDATE_TIMELINE = "Le calendrier du projet a été mis à jour."
UPDATE_FOOTER = "Vous recevez ce message car vous suivez ce projet (/suivis)."
ANNOUNCE_TITLE = "📣 {title} : message de la mairie"
SEE_PROJECT = "🏗️ Voir le projet"
NEWS_LINE = "📰 Actualité du {date} : {text}"
CONSULTATION = "🗳️ Consultation : {question}"
CONSULTATION_OPEN = "Votez jusqu'au {date} inclus avec les boutons ci-dessous (un vote par personne, modifiable jusqu'à la clôture)."
CONSULTATION_OPEN_TEXT = "Consultation ouverte jusqu'au {date} inclus."
CONSULTATION_CLOSED = "Consultation close le {date}. Résultat ({total} vote(s)) :"
CONSULTATION_CLOSED_TEXT = "Consultation close le {date} : le résultat est affiché en message privé (/projets)."
CONSULTATION_SO_FAR = "Votes jusqu'ici ({total}), clôture le {date} :"
CONSULTATION_RESULT = "{option} : {count} ({percent} %)"
YOUR_VOTE = "Votre vote : {option}"
VOTE_BUTTON = "🗳️ {option}"
VOTED = "Vote enregistré : {option}"
VOTE_CHANGED = "Vote modifié : {option}"
VOTE_CLOSED = "Cette consultation est close : il n'est plus possible de voter."
STAFF_ANNOUNCE_USAGE = "Usage : /annonce IDENTIFIANT-DU-PROJET texte du message. Projets : {ids}"
STAFF_UNKNOWN_PROJECT = "Projet « {id} » inconnu. Projets : {ids}"
STAFF_ANNOUNCED = "Annonce mise en file pour {count} abonné(s) de « {title} »."
STAFF_CONSULTATION_USAGE = "Usage : /consultation IDENTIFIANT-DU-PROJET. Consultations : {ids}"
STAFF_NO_CONSULTATION = "Le projet « {id} » n'a pas de consultation."

# --- /stats in the staff chat (bot/engine_stats.py)
STATS_STAFF_ONLY = "Les chiffres de Guichet se consultent dans le groupe de l'équipe de la mairie."
STATS_USAGE = "Usage : /stats, ou /stats 7j, 4s, 3m (la période, jusqu'à aujourd'hui ; 30 jours par défaut)."
STATS_UNAVAILABLE = "Les chiffres ne sont pas disponibles ici (aucune base de données)."
STATS_SUMMARY = ("📊 {days} derniers jours : {total} question(s), {answered} de réponses directes, {choices} de choix, "
                 "{unanswered} sans réponse. Avis : {opinion}. Demandes en attente : {open}.")
STATS_OPINION = "{share} de 👍 ({count} avis)"
STATS_NO_OPINION = "aucun"
STATS_SHARES_CAPTION = "Ce que Guichet a fait des questions. Le détail : guichet rapport (une page HTML)."
STATS_NO_CHARTS = "Graphiques indisponibles : matplotlib n'est pas installé sur le serveur (pip install 'guichet[staff]')."
