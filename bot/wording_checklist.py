"""Every fixed sentence of the document list ("📝 Ma liste") and its appointment reminder, as a citizen reads it.

Kept apart from bot/wording.py so that the English interface translates them in one place.
`{…}` fields are filled with `.format()`; the renderer escapes them. Marked `N_("…")` and read as
`WC.NAME` at call time, in the reader's language (bot/i18n.py); the reminder is rendered when it is
sent, in its recipient's (bot/engine_checklist.py).
"""

from .i18n import N_, translated_module

LIST_BUTTON = N_("📝 Ma liste")
LIST_AGAIN_BUTTON = N_("📝 Refaire ma liste")
REMIND_BUTTON = N_("📅 Me rappeler le rendez-vous")
CHANGE_REMINDER_BUTTON = N_("📅 Changer la date du rendez-vous")
ERASE_BUTTON = N_("🗑 Effacer ma liste")
CANCEL_BUTTON = N_("✖️ Annuler")
CANCEL_REMINDER_BUTTON = N_("✖️ Annuler le rappel")

LIST_TITLE = N_("Ma liste : {title}")
PROGRESS = N_("{done} sur {total} pièce(s) prête(s)")
ALL_TICKED = N_("Tout est prêt ✅")
TAP_HINT = N_("Touchez une pièce quand elle est prête : elle se coche ici, et je m'en souviens.")
CONDITIONAL = N_("Selon votre situation, certaines de ces pièces ne vous seront pas demandées : "
               "la fiche dit lesquelles.")
REMINDER_LINE = N_("📅 Rappel {remind}, pour votre rendez-vous {appointment}.")

TICKED = N_("✅ Cochée")
UNTICKED = N_("☐ Décochée")
CHANGED = N_("La fiche a changé depuis : voici votre liste à jour.")
PRIVATE_ONLY = N_("Ma liste se tient dans une conversation privée avec moi.")
ERASED = N_("🗑 Votre liste « {title} » est effacée : cases cochées et rappel.")
ERASED_TOAST = N_("Liste effacée")

ASK_DATE = N_("📅 Quand est votre rendez-vous pour « {title} » ?\n"
            "Écrivez le jour et, si vous la connaissez, l'heure : « mardi 14h », « le 12/01 à 9h30 », « demain ».\n"
            "Je vous enverrai la veille à 18h les pièces que vous n'aurez pas encore cochées.")
NO_DATE = N_("Je n'ai pas reconnu de date. Écrivez par exemple « mardi 14h », « le 12/01 à 9h30 » ou « demain », "
           "ou touchez « Annuler ».")
NOT_ONE_DAY = N_("Il me faut un jour précis, par exemple « mardi 14h » ou « le 12/01 ».")
PAST = N_("Cette date est déjà passée ({appointment}) : donnez la date de votre prochain rendez-vous.")
TOO_FAR = N_("Ce rendez-vous ({appointment}) est dans plus de {days} jours : je ne garde rien aussi longtemps. "
           "Revenez me le dire quand il approchera.")
TOO_CLOSE = N_("Votre rendez-vous ({appointment}) est dans moins de deux heures : trop tard pour un rappel. "
             "Votre liste est juste au-dessus. Bon rendez-vous !")
NEED_TIME = N_("Votre rendez-vous est {appointment} : trop proche pour un rappel la veille à 18h. "
             "Donnez aussi l'heure (par exemple « demain 14h ») et je vous préviendrai deux heures avant.")
CONFIRMED = N_("📅 C'est noté : rendez-vous {appointment}.\n"
             "Je vous enverrai un rappel {remind}, avec les pièces qui restent à préparer.")
REMINDER_CANCELLED = N_("Rappel annulé.")
NO_REMINDER = N_("D'accord, pas de rappel.")

REMINDER_TITLE = N_("📅 Rappel : votre rendez-vous pour « {title} » est {appointment}.")
STILL_TO_PREPARE = N_("Pièces pas encore cochées :")
ALL_READY = N_("✅ Toutes vos pièces sont cochées. Bon rendez-vous !")
ENTRY_GONE = N_("La fiche n'est plus en ligne : vérifiez vos pièces auprès de la mairie.")

TODAY = N_("aujourd'hui")
TOMORROW = N_("demain")
ON_DAY = N_("le {day}")
RELATIVE_DAY = "{relative} ({day})"
AT_HOUR = N_("{day} à {hour}")


__getattr__ = translated_module(globals())  # WC.NAME: the sentence in the current language (bot/i18n.py)
