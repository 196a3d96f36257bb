"""Every fixed sentence a citizen reads, in one place (plain text: the renderer escapes it).

Why one module: the tone of the bot (polite, short, honest about what it does) is reviewed here
at a glance, and a change of wording touches no logic. Sentences with a `{placeholder}` are
filled with `.format()` by the caller. Knowledge content (entries, places) is not here: town
staff write it in `knowledge/`.

Translation (bot/i18n.py, docs/traduction.md): a citizen's sentence is marked `N_("…")` and read
as `W.NAME` at call time, which gives it in the language of the person being answered; the staff's
sentences (STAFF_*, KNOWLEDGE_*, STATS_*) are not marked and stay French. `from bot.wording import
NAME` would freeze the French: import the module.
"""

from __future__ import annotations

from .i18n import N_, translated_module

# --- examples offered on the welcome screen (kept only when the knowledge answers them)
DEFAULT_EXAMPLES = (
    N_("Comment refaire ma carte d'identité ?"),
    N_("Quand passent les encombrants ?"),
    N_("Inscrire mon enfant à la cantine"),
    N_("Il y a un trou dans ma rue"),
    N_("Comment faire un passeport ?"),
)

# --- welcome, help, menu
WELCOME = N_("👋 Bonjour ! Je suis {bot}, l'assistant de {town}.\n\n"
           "Posez-moi vos questions sur les démarches et les services de la commune : papiers d'identité, "
           "école et cantine, déchets, urbanisme, horaires…\n\n"
           "Écrivez votre question comme vous la diriez, ou essayez un exemple :")
FICTIONAL_TOWN = N_("(Commune fictive de démonstration.)")
YOUR_TOWN_HALL = N_("votre mairie")
THE_TOWN_HALL = N_("la mairie")
HELP_TITLE = N_("Comment m'utiliser")
HELP_TIPS = N_("• Écrivez votre question en quelques mots : « carte d'identité perdue », « inscrire mon fils à la cantine », "
             "« il y a un trou dans ma rue ».\n"
             "• Quand plusieurs réponses sont possibles, je vous demande de préciser avec des boutons.\n"
             "• Dites-moi si une réponse vous a été utile avec 👍 ou 👎.")
HELP_COMMANDS = N_("Commandes")
BROWSE_THEMES = N_("📚 Parcourir les thèmes")
SEE_THEMES = N_("📚 Voir les thèmes")
CHOOSE_THEME = N_("Choisissez un thème :")
THEME_TRUNCATED = N_("({shown} sur {total} : posez votre question pour trouver les autres.)")
BACK_TO_THEMES = N_("◀ Retour aux thèmes")
FOR_EXAMPLE = N_("Par exemple :")

# --- an entry
SITUATION_PROMPT = N_("Votre situation ?")
SITUATION_HINT = N_("Choisissez-la ci-dessous pour voir la suite.")
SITUATION_BUTTON = N_("Votre situation : ")
NEXT_PAGE = N_("Étapes suivantes ▶")
CONTINUED = N_("(suite)")
PAGE_OF = N_("Page {page}/{pages}")
STEPS = N_("Étapes")
DOCUMENTS = N_("Pièces à fournir")
COST = N_("💶 Coût : {cost}")
DELAY = N_("⏳ Délai : {delay}")
PERIOD = N_("🕰️ Époque : {period}")
SEE_ON_MAP = N_("Voir sur la carte")
STATUS = N_("🚧 Statut : {status}")
BUDGET = N_("💶 Budget : {budget}")
WHERE = N_("Où aller")
GOOD_TO_KNOW = N_("À savoir")
CHECKLIST = N_("Démarches à prévoir")
LINKS = N_("Liens :")
FIND_NEAREST_OFFICE = N_("Trouver le guichet le plus proche")
SEE_ALSO = N_("📄 Voir aussi : ")
USEFUL = N_("👍 Utile")
NOT_USEFUL = N_("👎 Pas utile")
SHARE = N_("🔗 Partager")  # a URL button: Telegram's share sheet with the entry's deep link
SOURCE_SP = N_("Source : service-public.fr (DILA)")
SOURCE_SP_DATED = N_("Source : service-public.fr (DILA), mis à jour le {date}")
SEE_FICHE = N_("voir la fiche")
VERIFIED_ON = N_("Informations vérifiées le {date}.")
GUIDE_DEFAULT_QUESTION = N_("Quelle est votre situation ?")
GUIDE_BACK = N_("◀ Question précédente")

# --- places and hours
# whose hours: an entry about a monument shows the office de tourisme's, and must say so
TODAY_OPEN = N_("🕒 Horaires {of} aujourd'hui ({day}) : {ranges}")
TODAY_CLOSED = N_("🕒 Horaires {of} aujourd'hui ({day}) : fermé")
NEXT_OPENING = N_("Prochaine ouverture : {day} {date}, {ranges}")
CLOSED = N_("fermé")
WEEK_HOURS = N_("Horaires de la semaine")
WEEK_DAY = N_("{day} : {hours}")  # one line of the week's hours
# a label and its value ("Ligne 1 → Gare : 10h41", "mars 2027 : travaux"): French puts a space before the colon, English none
LABELLED = N_("{label} : {value}")
NO_TOWN_HALL_HOURS = N_("Je ne connais pas encore les horaires de la mairie.")
TOWN_WEBSITE = N_("🌐 Site de la commune")

# --- choices and fallback
CHOOSE_TYPE_NUMBER = N_("(tapez le numéro de votre choix)")
CHOOSE_ONE = N_("Est-ce bien ce que vous cherchez ?")
NONE_OF_THESE = N_("Aucune de ces réponses")
FALLBACK = N_("🙇 Je suis désolé, je ne connais pas encore la réponse à cette question.")
# said only when it is true: the question was written to the database (bot/honesty.py)
FALLBACK_KEPT = N_("Votre question a été enregistrée et transmise aux services de {town} pour améliorer mes réponses.")
# a bare number ("99") typed when no choice has that number
NUMBER_HINT = {
    "html": N_("Je ne sais pas à quoi correspond « {number} ». Pour choisir parmi des réponses proposées, "
            "appuyez sur leur bouton ; sinon, écrivez votre question en quelques mots ou tapez /menu."),
    "text": N_("Aucun choix ne porte le numéro « {number} ». Écrivez votre question en quelques mots, "
            "ou tapez /menu pour parcourir les thèmes."),
}
FALLBACK_CONTACT = N_("Pour une réponse tout de suite, contactez la mairie :")
EMERGENCY = N_("En cas d'urgence : {numbers}")
REPHRASE = N_("Vous pouvez aussi reformuler en quelques mots (ex. « carte d'identité », « encombrants ») ou taper /menu.")
MAYBE = N_("Peut-être : ")

# --- small talk ("{town}": the town's name)
SMALLTALK = {
    "greeting": N_("👋 Bonjour ! Je suis Guichet, l'assistant de {town}. Posez-moi votre question en quelques mots."),
    "thanks": N_("Avec plaisir ! 😊 N'hésitez pas si vous avez une autre question."),
    "bye": N_("Au revoir et bonne journée ! 👋"),
    "identity": N_("🤖 Je suis Guichet, l'assistant automatique de {town}. Je réponds aux questions sur les démarches "
                "et les services de la commune, jour et nuit. Je ne suis pas une personne : pour un échange avec un agent, "
                "contactez la mairie."),
    "help": N_("Je peux vous expliquer une démarche (papiers, école, déchets, urbanisme…), vous dire où aller et quand. "
            "Écrivez simplement votre question, ou tapez /menu pour parcourir les thèmes."),
    "insult": N_("Je comprends que ce soit agaçant. Je fais de mon mieux pour vous aider : dites-moi en quelques mots "
              "ce que vous cherchez, ou tapez /menu."),
    "empty": N_("Je n'ai pas compris votre message. Écrivez votre question en quelques mots."),  # "Par exemple :" follows
}

# --- messages that are not text
UNSUPPORTED_WHAT = {
    "sticker": N_("les autocollants"),
    "photo": N_("les photos"),
    "voice": N_("les messages vocaux"),
    "audio": N_("les fichiers audio"),
    "video": N_("les vidéos"),
    "video_note": N_("les messages vidéo"),
    "animation": N_("les GIF"),
    "document": N_("les fichiers"),
    "contact": N_("les contacts"),
    "poll": N_("les sondages"),
    "dice": N_("les dés"),
}
UNSUPPORTED_OTHER = N_("ce type de message")
UNSUPPORTED = N_("Je ne lis que les messages écrits : je ne peux pas ouvrir {what}. 🙂\n\n"
               "Écrivez votre question en quelques mots, par exemple :\n{examples}"
               "\n\nOu tapez /menu pour parcourir les thèmes.")
CAPTION_NOTE = N_("Je ne peux pas ouvrir {what} : rien n'en est transmis à la mairie. Voici ma réponse à votre texte :")

# --- buttons and errors
FLOOD_NOTICE = N_("Vous m'envoyez beaucoup de messages : je fais une petite pause. "
                "Réessayez dans une minute, je serai là. 🙂")
ENGINE_ERROR = N_("Désolé, une erreur est survenue de mon côté. Réessayez dans un instant, ou contactez la mairie.")
BUTTON_ERROR = N_("Désolé, ce bouton n'est plus valable. Posez votre question à nouveau.")
EXPIRED = N_("Cette réponse a changé depuis. Posez votre question à nouveau ou tapez /menu.")
EXPIRED_TOAST = N_("Bouton expiré")
THANKS_USEFUL = N_("Merci pour votre retour ! 👍")
# 👎: one thanks (this message, no toast); it says "transmis" only when the feedback was recorded
THANKS_NOT_USEFUL = N_("Merci de nous l'avoir signalé : votre retour est transmis aux services de la "
                     "mairie. Vous pouvez reformuler votre question ou taper /menu.")
THANKS_NOT_USEFUL_UNRECORDED = N_("Merci de nous l'avoir signalé. Vous pouvez reformuler votre question ou taper /menu.")
THANKS_ALREADY = N_("Votre avis sur cette réponse est déjà noté, merci.")
APOLOGY = N_("Désolé, une erreur est survenue… Réessayez dans un instant, ou contactez directement la mairie.")

# --- privacy
FORGOTTEN = N_("C'est fait : toutes vos données ont été effacées ({count} enregistrement(s)). "
             "Vous pouvez continuer à me poser des questions.")
PRIVACY = N_("🔒 Vos données\n\n"
           "• Ce que je conserve : le texte de vos questions, la réponse donnée et vos avis 👍/👎, avec la date.\n"
           "• La langue de l'interface, si ce n'est pas le français (choisie avec /langue ou donnée par "
           "Telegram), gardée jusqu'à /oubli.\n"
           "• Vos listes de pièces (« Ma liste ») : les cases cochées et la date d'un rappel demandé, jamais "
           "le texte des pièces ni vos mots ; effacées par « Effacer ma liste » ou /oubli.\n"
           "• Votre identifiant Telegram n'est jamais enregistré : il est remplacé par une empreinte chiffrée "
           "(HMAC) qui ne permet pas de vous retrouver.\n"
           "• Pourquoi : améliorer les réponses et repérer les questions auxquelles je ne sais pas répondre.\n"
           "• Combien de temps : {days} jours, puis suppression automatique.\n"
           "• Où : sur le serveur de la commune uniquement, aucun service d'intelligence artificielle externe.\n"
           "• Vos droits (RGPD) : tapez /oubli pour tout effacer immédiatement ; pour toute autre demande, "
           "contactez la mairie.")

# --- the interface language (/langue, bot/engine_language.py); the two buttons name each language in itself
LANGUAGE_PROMPT = N_("🌐 Dans quelle langue voulez-vous que je vous écrive ?")
LANGUAGE_SET = N_("C'est noté : je vous écris désormais en français.")
CONTENT_IN_FRENCH = N_("🇫🇷 Cette démarche est décrite en français par la commune.")
LANGUAGE_BUTTONS = {"fr": "🇫🇷 Français", "en": "🇬🇧 English"}

# --- the dialogue with the town (requests and reports)
STATUS_NAMES = {"recue": N_("reçue"), "prise": N_("prise en charge"), "resolue": N_("résolue"), "close": N_("close")}
KIND_NAMES = {"contact": N_("Message"), "report": N_("Signalement")}
CONTACT_WHO = N_("À qui voulez-vous écrire ?")
CONTACT_TOWN_HALL = N_("🏛️ La mairie")
CONTACT_OFFICIAL = "{role}"
CONTACT_WRITE = N_("✍️ Écrivez votre message pour {to} en un seul envoi (2 000 caractères au plus).\n"
                 "Tapez /annuler pour abandonner.")
REPORT_WHICH = N_("📣 Quel problème voulez-vous signaler ?")
REPORT_DESCRIBE = N_("✍️ Décrivez le problème ({category}) en quelques mots : où, quoi, depuis quand.\n"
                   "Vous pouvez joindre une photo 📷 et votre position 📍 (bouton ci-dessous). "
                   "Tapez /annuler pour abandonner.")
SHARE_LOCATION = N_("📍 Envoyer ma position")
CONFIRM_TITLE = N_("Vérifiez avant l'envoi :")
CONFIRM_TO = N_("Pour : {to}")
CONFIRM_CATEGORY = N_("Problème : {category}")
CONFIRM_PHOTO = N_("📷 Photo jointe")
CONFIRM_LOCATION = N_("📍 Position jointe")
CONFIRM_ADD = N_("Vous pouvez encore joindre une photo ou votre position avant d'envoyer.")
SEND = N_("✅ Envoyer")
CANCEL = N_("❌ Annuler")
CANCELLED = N_("C'est annulé : rien n'a été envoyé.")
NOTHING_TO_CANCEL = N_("Il n'y a rien à annuler.")
PRIVACY_NOTICE = N_("🔒 Ce qui est transmis à la mairie : le texte, la photo et la position que vous envoyez, "
                  "rien d'autre (ni votre nom, ni votre numéro, ni votre compte Telegram). Votre demande est gardée "
                  "{days} jours après sa clôture ; /oubli l'efface à tout moment.")
SENT = N_("✅ Votre demande {number} est transmise {to}. Vous recevrez la réponse ici même.\n"
        "Suivez-la avec /mes_demandes.")
ASK_TOWN = N_("✉️ Poser la question à la mairie")
REPORT_NOW = N_("📣 Signaler maintenant")
TOO_MANY = N_("Vous avez déjà envoyé {limit} demandes aujourd'hui : merci de réessayer demain, ou d'appeler la mairie.")
MUTED = N_("Vos demandes ne sont plus transmises à la mairie. Pour la joindre, appelez-la ou passez la voir.")
EMPTY_REQUEST = N_("Votre message est vide : écrivez quelques mots, ou tapez /annuler.")
TOO_LONG = N_("Votre message dépasse {limit} caractères : raccourcissez-le, s'il vous plaît.")
NO_REQUESTS = N_("Vous n'avez aucune demande en cours. Écrivez à la mairie avec /contact ou signalez un problème avec /signaler.")
MY_REQUESTS = N_("📬 Vos demandes")
REQUEST_LINE = "{number} · {kind} · {status} · {date}"
LATEST_ANSWER = N_("Dernière réponse : {answer}")
ANSWER_TO_CITIZEN = N_("💬 Réponse de {town} à votre demande {number} :")
SIGNED = "— {town}"
STATUS_TO_CITIZEN = N_("📌 Votre demande {number} est maintenant : {status}.")
CLOSED_REASON = N_("Motif : {reason}")
THE_TOWN = N_("la mairie de {town}")
TO_WHOM = N_("à {who}")  # outside French only: French contracts the article ("au maire", bot/render/dialogue.py)
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
DIALOGUE_UNAVAILABLE = N_("Écrire à la mairie n'est pas possible ici : utilisez le bot sur Telegram, ou appelez la mairie.")
WRITE_TO_TOWN = N_("✉️ Écrire à la mairie ou à un élu")

# --- urban projects: following them, their news, consultations
FOLLOW = N_("🔔 Suivre ce projet")
UNFOLLOW = N_("🔕 Ne plus suivre ce projet")
FOLLOWED = N_("C'est noté : je vous préviendrai des nouvelles étapes de ce projet.")
UNFOLLOWED = N_("C'est noté : vous ne suivez plus ce projet.")
PRIVATE_ONLY = N_("Écrivez-moi en message privé pour suivre un projet ou donner votre avis.")
PROJECTS_TITLE = N_("🏗️ Les grands projets")
PROJECTS_NONE = N_("Aucun grand projet n'est présenté pour le moment.")
PROJECT_NEXT = N_("Prochaine étape : {date} : {label}")
PROJECTS_HINT = N_("Ouvrez un projet pour le suivre : je vous préviendrai de ses nouvelles étapes.")
FOLLOWS_TITLE = N_("🔔 Les projets que vous suivez")
FOLLOWS_NONE = N_("Vous ne suivez aucun projet. Tapez /projets pour les voir et en suivre un.")
FOLLOWS_HINT = N_("Ouvrez un projet pour ne plus le suivre ; /oubli efface tous vos suivis.")
UPDATE_TITLE = N_("🏗️ Du nouveau : {title}")
UPDATE_STATUS = N_("Statut : {status}")
UPDATE_BUDGET = N_("Budget : {budget}")
UPDATE_MILESTONE = N_("Calendrier : {date} : {label}")
UPDATE_NEWS = "📰 {date} : {text}"
UPDATE_TIMELINE = N_("Le calendrier du projet a été mis à jour.")
UPDATE_FOOTER = N_("Vous recevez ce message car vous suivez ce projet (/suivis).")
ANNOUNCE_TITLE = N_("📣 {title} : message de la mairie")
SEE_PROJECT = N_("🏗️ Voir le projet")
NEWS_LINE = N_("📰 Actualité du {date} : {text}")
CONSULTATION = N_("🗳️ Consultation : {question}")
CONSULTATION_OPEN = N_("Votez jusqu'au {date} inclus avec les boutons ci-dessous (un vote par personne, modifiable jusqu'à la clôture).")
CONSULTATION_OPEN_TEXT = N_("Consultation ouverte jusqu'au {date} inclus.")
CONSULTATION_CLOSED = N_("Consultation close le {date}. Résultat ({total} vote(s)) :")
CONSULTATION_CLOSED_TEXT = N_("Consultation close le {date} : le résultat est affiché en message privé (/projets).")
CONSULTATION_SO_FAR = N_("Votes jusqu'ici ({total}), clôture le {date} :")
CONSULTATION_RESULT = "{option} : {count} ({percent} %)"
YOUR_VOTE = N_("Votre vote : {option}")
VOTE_BUTTON = "🗳️ {option}"
VOTED = N_("Vote enregistré : {option}")
VOTE_CHANGED = N_("Vote modifié : {option}")
VOTE_CLOSED = N_("Cette consultation est close : il n'est plus possible de voter.")
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


__getattr__ = translated_module(globals())  # W.NAME: the sentence in the current language (bot/i18n.py)
