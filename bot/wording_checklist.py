"""Every fixed sentence of the document list ("📝 Ma liste") and its appointment reminder, as a citizen reads it.

Kept apart from bot/wording.py so that the English interface translates them in one place.
`{…}` fields are filled with `.format()`; the renderer escapes them.
"""

LIST_BUTTON = "📝 Ma liste"
LIST_AGAIN_BUTTON = "📝 Refaire ma liste"
REMIND_BUTTON = "📅 Me rappeler le rendez-vous"
CHANGE_REMINDER_BUTTON = "📅 Changer la date du rendez-vous"
ERASE_BUTTON = "🗑 Effacer ma liste"
CANCEL_BUTTON = "✖️ Annuler"
CANCEL_REMINDER_BUTTON = "✖️ Annuler le rappel"

LIST_TITLE = "Ma liste : {title}"
PROGRESS = "{done} sur {total} pièce(s) prête(s)"
ALL_TICKED = "Tout est prêt ✅"
TAP_HINT = "Touchez une pièce quand elle est prête : elle se coche ici, et je m'en souviens."
CONDITIONAL = ("Selon votre situation, certaines de ces pièces ne vous seront pas demandées : "
               "la fiche dit lesquelles.")
REMINDER_LINE = "📅 Rappel {remind}, pour votre rendez-vous {appointment}."

TICKED = "✅ Cochée"
UNTICKED = "☐ Décochée"
CHANGED = "La fiche a changé depuis : voici votre liste à jour."
PRIVATE_ONLY = "Ma liste se tient dans une conversation privée avec moi."
ERASED = "🗑 Votre liste « {title} » est effacée : cases cochées et rappel."
ERASED_TOAST = "Liste effacée"

ASK_DATE = ("📅 Quand est votre rendez-vous pour « {title} » ?\n"
            "Écrivez le jour et, si vous la connaissez, l'heure : « mardi 14h », « le 12/01 à 9h30 », « demain ».\n"
            "Je vous enverrai la veille à 18h les pièces que vous n'aurez pas encore cochées.")
NO_DATE = ("Je n'ai pas reconnu de date. Écrivez par exemple « mardi 14h », « le 12/01 à 9h30 » ou « demain », "
           "ou touchez « Annuler ».")
NOT_ONE_DAY = "Il me faut un jour précis, par exemple « mardi 14h » ou « le 12/01 »."
PAST = "Cette date est déjà passée ({appointment}) : donnez la date de votre prochain rendez-vous."
TOO_FAR = ("Ce rendez-vous ({appointment}) est dans plus de {days} jours : je ne garde rien aussi longtemps. "
           "Revenez me le dire quand il approchera.")
TOO_CLOSE = ("Votre rendez-vous ({appointment}) est dans moins de deux heures : trop tard pour un rappel. "
             "Votre liste est juste au-dessus. Bon rendez-vous !")
NEED_TIME = ("Votre rendez-vous est {appointment} : trop proche pour un rappel la veille à 18h. "
             "Donnez aussi l'heure (par exemple « demain 14h ») et je vous préviendrai deux heures avant.")
CONFIRMED = ("📅 C'est noté : rendez-vous {appointment}.\n"
             "Je vous enverrai un rappel {remind}, avec les pièces qui restent à préparer.")
REMINDER_CANCELLED = "Rappel annulé."
NO_REMINDER = "D'accord, pas de rappel."

REMINDER_TITLE = "📅 Rappel : votre rendez-vous pour « {title} » est {appointment}."
STILL_TO_PREPARE = "Pièces pas encore cochées :"
ALL_READY = "✅ Toutes vos pièces sont cochées. Bon rendez-vous !"
ENTRY_GONE = "La fiche n'est plus en ligne : vérifiez vos pièces auprès de la mairie."

TODAY = "aujourd'hui"
TOMORROW = "demain"
ON_DAY = "le {day}"
RELATIVE_DAY = "{relative} ({day})"
AT_HOUR = "{day} à {hour}"
