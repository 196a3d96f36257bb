"""Every fixed sentence a group sees: the hello when the bot is added, the invitation to continue in
private, and the group's flood notice (bot/engine_groups.py uses them; bot/wording.py has the rest).

Kept apart from bot/wording.py so that the English interface translates them in one place; the same
rules hold: French, plain, no HTML (the renderers escape), `{name}` placeholders filled by `.format()`.
Marked `N_("…")` and read as `WG.NAME` at call time, in the current language (bot/i18n.py); what the
whole group reads (the hello, the group's flood notice) is said in French, the group's own language
being unknown.
"""

from .i18n import N_, translated_module

# --- added to a group: how to address the bot there (handlers/groups.py sends it once per addition)
HELLO = N_("👋 Bonjour ! Je suis l'assistant de {town} : démarches, horaires, services de la commune.\n\n"
         "Dans ce groupe, je ne lis que ce qui m'est adressé :\n"
         "• écrivez @{bot} suivi de votre question ;\n"
         "• ou répondez à l'un de mes messages ;\n"
         "• ou tapez une commande, comme /aide@{bot}.\n\n"
         "Ce qui vous concerne personnellement (écrire à la mairie, suivre vos demandes, vos données) "
         "se fait seulement en message privé : rien de personnel ne s'affiche ici.")

# --- something personal asked in a group: the way to the private chat, never the data itself
PRIVATE_INVITE = N_("🔒 « {what} » : c'est personnel, je ne réponds qu'en message privé, jamais dans ce "
                  "groupe. Touchez « {button} », puis tapez /{command}.")
PRIVATE_INVITE_RESUMED = N_("🔒 « {what} » : c'est personnel, je ne réponds qu'en message privé, jamais dans "
                          "ce groupe. Touchez « {button} » : la suite s'affiche là-bas.")
PRIVATE_INVITE_ANY = N_("🔒 C'est personnel : je ne réponds qu'en message privé, jamais dans ce groupe. "
                      "Touchez « {button} » pour continuer.")
PRIVATE_INVITE_NO_LINK = N_("🔒 C'est personnel : écrivez-moi en message privé, je ne réponds pas à cela dans un groupe.")
PRIVATE_BUTTON = N_("💬 Continuer en privé")
PRIVATE_LABEL = N_("{label} (en privé)")  # a personal button of an answer, made a link to the private chat
PRIVATE_TOAST = N_("C'est personnel : continuons en message privé.")

# --- a button of someone else's answer pressed in a group
FEEDBACK_NOT_YOURS = N_("Seule la personne qui a posé la question peut donner son avis sur cette réponse.")

# --- the group's own flood budget (GUICHET_FLOOD_PER_GROUP): said once, then silence until it refills
GROUP_FLOOD_NOTICE = N_("⏸️ Beaucoup de questions dans ce groupe en peu de temps : je fais une petite pause "
                      "pour ne pas l'inonder. Reposez votre question dans une minute, ou écrivez-moi en "
                      "message privé.")
GROUP_FLOOD_TOAST = N_("Petite pause dans ce groupe : réessayez dans une minute.")


__getattr__ = translated_module(globals())  # WG.NAME: the sentence in the current language (bot/i18n.py)
