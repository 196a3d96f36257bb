"""The bot's slash commands, in one table: Telegram's command menu, /aide, the console and the handlers read it.

Why one table: a command added here is published to Telegram (setMyCommands), wired to its
handler, listed in /aide and typed in the console chat, with nothing else to keep in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_


@dataclass(frozen=True)
class Command:
    """A slash command: its name(s), what /aide and Telegram's menu say, and the engine method it calls.

    Every command is listed in /aide (tests/test_docs.py keeps it so)."""

    name: str                      # [a-z0-9_]{1,32}, as Telegram requires
    description: str               # 1-256 characters, shown in Telegram's menu and in /aide (citizens': N_, translated when read)
    method: str                    # the Engine method called with the citizen's key: on_start, on_menu…
    aliases: tuple[str, ...] = ()  # other names for the same command (/help for /aide)
    with_text: bool = False        # reads the text after the command (/contact TEXT), the chat and the origin
    staff: bool = False            # for the town's staff chat only (not in /aide); the method takes the chat id
    private: bool = False          # the method also takes `private` (a private chat: "📍 Autour de moi" is offered)
    payload: bool = False          # the method also takes `payload`, the text after the command (a deep link's, /start ID)
    slow: bool = False             # reads the whole database or draws: run in a worker thread, the bot answering meanwhile
    personal: bool = False         # answers with the person's own data or opens a dialogue: in a group, only the
                                   # invitation to the private chat (bot/engine_groups.py), never the data

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


COMMANDS: tuple[Command, ...] = (
    Command("start", N_("Accueil et exemples de questions"), "on_start", private=True, payload=True),
    Command("menu", N_("Parcourir les thèmes"), "on_menu"),
    Command("horaires", N_("Horaires de la mairie"), "on_hours"),
    Command("aide", N_("Comment utiliser Guichet"), "on_help", aliases=("help",), private=True),
    Command("confidentialite", N_("Vos données : ce qui est conservé et pourquoi"), "on_privacy"),
    Command("contact", N_("Écrire à la mairie ou à un élu"), "on_contact", with_text=True, personal=True),
    Command("signaler", N_("Signaler un problème (voirie, éclairage, tags…)"), "on_report", with_text=True, personal=True),
    Command("mes_demandes", N_("Suivre vos demandes à la mairie"), "on_my_requests", with_text=True, personal=True),
    Command("annuler", N_("Abandonner la demande en cours"), "on_cancel", with_text=True, personal=True),
    Command("projets", N_("Les grands projets de la commune et leur calendrier"), "on_projects"),
    Command("suivis", N_("Les projets que vous suivez"), "on_follows", personal=True),
    Command("oubli", N_("Effacer toutes vos données"), "on_forget", personal=True),
    Command("langue", N_("Choisir la langue : français ou anglais (English)"), "on_language", aliases=("language",)),
    Command("demandes", "Les demandes en attente, les plus anciennes d'abord", "on_staff_list", staff=True),
    Command("annonce", "Annoncer un message aux abonnés d'un projet : /annonce ID texte", "on_staff_announce",
            with_text=True, staff=True),
    Command("consultation", "Les votes d'une consultation : /consultation ID", "on_staff_consultation",
            with_text=True, staff=True),
    Command("stats", "Les chiffres de Guichet en deux graphiques : /stats, ou /stats 7j", "on_staff_stats",
            with_text=True, staff=True, slow=True),
)


def citizen_commands() -> list[Command]:
    return [c for c in COMMANDS if not c.staff]


def staff_commands() -> list[Command]:
    return [c for c in COMMANDS if c.staff]


def find(name: str) -> Command | None:
    """The command called `name` (without the slash, any case; "/menu@bot" is "menu"), or None."""
    name = name.lower().lstrip("/").partition("@")[0]
    return next((c for c in COMMANDS if name in c.names), None)
