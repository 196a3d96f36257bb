"""Every fixed sentence of inline mode a citizen reads (`@bot carte identité` typed in any chat).

Kept apart from bot/wording.py so that inline mode adds one module and touches no other wording;
the same rules hold: French, plain, no HTML (the renderers escape). The card also reuses
`bot.wording.COST`. Translated like bot/wording.py (bot/i18n.py): marked `N_("…")`, read as `WI.NAME`.
"""

from .i18n import N_, translated_module

# --- the card posted in a chat, under which one button opens the full answer in Guichet
OPEN_IN_BOT = N_("📖 Réponse complète")
WHERE = "📍 {places}"

# --- above the list of results: a button that opens the private chat with Guichet (/start)
ASK_IN_PRIVATE = N_("💬 Poser ma question à Guichet")


__getattr__ = translated_module(globals())  # WI.NAME: the sentence in the current language (bot/i18n.py)
