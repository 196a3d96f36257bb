"""Settings, read once from the environment (and a `.env` file) into a frozen dataclass, each checked.

Why a dataclass and not globals: the engine, the CLI and the tests each build their own Settings,
so a test can point at a temporary database or knowledge folder without touching the process
environment of the others. Every default is written once, as the field's default; `from_env`
only overrides what the environment sets, and refuses a wrong value with one French sentence
(`SettingsError`) instead of silently falling back.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE = PROJECT_ROOT / "knowledge"
DEFAULT_TIMEZONE = "Europe/Paris"  # when neither GUICHET_TIMEZONE nor the knowledge's `timezone` says
TELEGRAM_DEFAULT_BASE_URL = "https://api.telegram.org/bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
SEMANTIC_MODES = ("auto", "off")


def time_zone(setting: str, town: str) -> ZoneInfo | None:
    """The town's clock: GUICHET_TIMEZONE when set, else the knowledge's `timezone`, else Europe/Paris
    (None, the server's own zone, for a name this machine does not know)."""
    try:
        return ZoneInfo(setting or town or DEFAULT_TIMEZONE)
    except Exception:
        return None


class SettingsError(ValueError):
    """A setting has a wrong value; the message says which, in French, in one line."""


def _default_data_dir() -> Path:
    """The data folder: `data/` beside the project (ignored by git)."""
    return PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Settings:
    """Everything Guichet can be told from outside. See `.env.example` for each setting."""

    knowledge_dirs: tuple[Path, ...] = (DEFAULT_KNOWLEDGE,)
    data_dir: Path = field(default_factory=_default_data_dir)
    db_path: Path | None = None
    telegram_token: str = ""
    telegram_base_url: str = TELEGRAM_DEFAULT_BASE_URL
    secret: str = ""
    retention_days: int = 365
    flood_per_minute: int = 20
    flood_per_group: int = 10  # addressed messages a minute per group chat, all members together (bot/engine_groups.py)
    send_per_second: int = 30  # messages sent per second, all chats together (Telegram's limit)
    log_level: str = "INFO"
    timezone: str = ""  # empty: the knowledge's `timezone`, else DEFAULT_TIMEZONE
    staff_chat: int = 0  # the town's staff group, where requests are posted and answered (0: none)
    requests_per_day: int = 5  # requests a person may send in 24 hours (0: no limit)
    semantic: str = "auto"  # auto: re-rank with the sentence model when installed (bot/semantic); off: lexical only
    webhook_url: str = ""  # the https address Telegram posts updates to (handlers/webhook.py); empty: polling
    webhook_listen: str = "127.0.0.1"  # where the webhook server listens: behind a reverse proxy doing TLS
    webhook_port: int = 8080
    webhook_secret: str = ""  # empty: generated once, kept in the data folder (`resolved_webhook_secret`)

    @property
    def database(self) -> Path:
        """The SQLite file: `GUICHET_DB`, else `guichet.db` in the data folder."""
        return self.db_path or self.data_dir / "guichet.db"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, *, load_dotenv_file: bool = True) -> "Settings":
        """Build settings from `env` (default: `os.environ`, after loading `.env` if present).

        Raises SettingsError (a French sentence naming the variable) on a value that is wrong.
        """
        if env is None:
            if load_dotenv_file:
                _load_dotenv()
            env = dict(os.environ)
        values = {}
        for name, (attr, parse) in ENVIRONMENT.items():
            raw = (env.get(name) or "").strip()
            if raw:
                try:
                    values[attr] = parse(raw)
                except ValueError as exc:
                    raise SettingsError(f"{name}={_excerpt(raw, name)} : {exc}") from None
        return cls(**values)

    def with_knowledge(self, dirs: list[str | Path] | None) -> "Settings":
        """The same settings with `--knowledge` folders replacing the default, when given."""
        if not dirs:
            return self
        return replace(self, knowledge_dirs=tuple(Path(d).expanduser() for d in dirs))

    @property
    def webhook_path(self) -> str:
        """The path the webhook server answers on: the path of GUICHET_WEBHOOK_URL ("" for the root)."""
        return urlsplit(self.webhook_url).path.rstrip("/")

    def resolved_webhook_secret(self) -> str:
        """The webhook's secret token: GUICHET_WEBHOOK_SECRET, else one generated once and kept (0600).

        Telegram sends it back in `X-Telegram-Bot-Api-Secret-Token` with every update; a request
        without it is refused. Kept so that restarts keep the same one (it is given to Telegram
        again by setWebhook at every start, so a lost file only means a new one).
        """
        if self.webhook_secret:
            return self.webhook_secret
        path = self.data_dir / "webhook-secret.key"
        try:
            value = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return _create_secret(path).decode()
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(f"le secret du webhook {path} est illisible ({type(exc).__name__}) : "
                                "vérifiez ses droits, ou supprimez-le (un nouveau sera créé).") from None
        if not WEBHOOK_SECRET.fullmatch(value):
            raise SettingsError(f"le secret du webhook {path} est abîmé : supprimez-le, un nouveau sera "
                                "créé et donné à Telegram au prochain démarrage.")
        return value

    def resolved_secret(self) -> bytes:
        """The HMAC key for user ids: `GUICHET_SECRET`, else one generated once and kept (mode 0600).

        Why persisted: the keyed hash must stay stable across restarts, or `/oubli` and the flood
        budget could not find a citizen's records again. Why so careful: an empty or short key makes
        the hashes reversible (anyone can hash every Telegram id), so the key is written whole
        (temporary file, fsync, rename) and a key file that is empty, short or unreadable stops the
        bot with a French sentence (`SettingsError`) rather than being used or silently replaced.
        """
        if self.secret:
            return self.secret.encode()
        path = self.data_dir / "secret.key"
        try:
            value = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return _create_secret(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(f"la clé {path} est illisible ({type(exc).__name__}) : vérifiez ses droits, "
                                "ou restaurez-la depuis une sauvegarde.") from None
        if len(value) < SECRET_MIN_HEX or not all(c in "0123456789abcdefABCDEF" for c in value):
            raise SettingsError(f"la clé {path} est vide ou abîmée (au moins {SECRET_MIN_HEX} caractères "
                                "hexadécimaux attendus) : restaurez-la depuis une sauvegarde, ou, pour "
                                "repartir de zéro, supprimez-la avec la base de données.")
        return value.encode()


WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a secret_token
WEBHOOK_PORTS = (443, 80, 88, 8443)  # the ports Telegram posts to
SECRET_MIN_HEX = 32  # a generated key has 64 hex characters (256 bits); fewer than 128 bits is refused


def _create_secret(path: Path) -> bytes:
    """Generate the key and write it whole: temporary file, fsync, rename, fsync of the folder.

    A crash or a full disk leaves either no key or the whole key, never an empty file; the error
    is a SettingsError naming the cause, and the half-written temporary file is removed.
    """
    value = secrets.token_hex(32)
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            data = (value + "\n").encode()
            if os.write(fd, data) != len(data):
                raise OSError(28, "écriture incomplète")
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise SettingsError(f"impossible de créer la clé {path} ({exc.strerror or exc}) : "
                            "vérifiez l'espace disque et les droits du dossier de données.") from None
    return value.encode()


def _load_dotenv() -> None:
    try:
        from dotenv import load_dotenv
    except ImportError:  # python-dotenv is a dependency, but stay usable without it
        return
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    load_dotenv(Path.cwd() / ".env", override=False)


def _excerpt(raw: str, name: str) -> str:
    """The wrong value as shown in the error: never a secret, never more than 40 characters."""
    if name in ("TELEGRAM_TOKEN", "GUICHET_SECRET", "GUICHET_WEBHOOK_SECRET"):
        return "…"
    return repr(raw if len(raw) <= 40 else raw[:39] + "…")


def _whole(low: int, high: int, unit: str) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"un nombre entier est attendu ({unit}, de {low} à {high}).") from None
        if not low <= value <= high:
            raise ValueError(f"la valeur doit être comprise entre {low} et {high} ({unit}).")
        return value
    return parse


def _folders(raw: str) -> tuple[Path, ...]:
    dirs = tuple(Path(p.strip()).expanduser() for p in raw.split(":") if p.strip())
    if not dirs:
        raise ValueError("au moins un dossier est attendu (plusieurs : séparés par « : »).")
    return dirs


def _base_url(raw: str) -> str:
    if not raw.startswith(("https://", "http://")) or not raw.rstrip("/").endswith("/bot"):
        raise ValueError("l'adresse doit commencer par https:// (ou http://) et finir par /bot, "
                         "par exemple https://api.telegram.org/bot.")
    return raw.rstrip("/")


def _level(raw: str) -> str:
    if raw.upper() not in LOG_LEVELS:
        raise ValueError(f"niveau inconnu ; valeurs possibles : {', '.join(LOG_LEVELS)}.")
    return raw.upper()


def _zone(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except Exception:
        raise ValueError("fuseau horaire inconnu ; par exemple Europe/Paris ou America/Martinique.") from None
    return raw


def _semantic(raw: str) -> str:
    if raw.lower() not in SEMANTIC_MODES:
        raise ValueError("valeurs possibles : auto (le modèle de phrases s'il est installé) ou off (sans).")
    return raw.lower()


def _chat_id(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ValueError("l'identifiant d'une discussion Telegram est un nombre, par exemple -1001234567890 "
                         "pour un groupe (README, « Dialogue avec la mairie »).") from None
    if value == 0:
        raise ValueError("0 n'est pas une discussion Telegram (laissez vide pour ne pas en avoir).")
    return value


def _token(raw: str) -> str:
    head, sep, tail = raw.partition(":")
    if not (sep and head.isdigit() and tail):
        raise ValueError("un jeton de @BotFather a la forme 123456789:ABC…")
    return raw


def _webhook_url(raw: str) -> str:
    parts = urlsplit(raw)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError("Telegram n'appelle qu'une adresse https://, par exemple "
                         "https://guichet.mairie-exemple.fr/telegram (README, « Webhook »).")
    if parts.query or parts.fragment:
        raise ValueError("l'adresse du webhook se termine par son chemin, sans « ? » ni « # ».")
    if port is not None and port not in WEBHOOK_PORTS:
        raise ValueError(f"Telegram n'appelle que les ports {', '.join(map(str, WEBHOOK_PORTS))}.")
    if parts.path.rstrip("/") == "/health":
        raise ValueError("le chemin /health est réservé à la surveillance ; choisissez-en un autre.")
    return raw


def _webhook_secret(raw: str) -> str:
    if not WEBHOOK_SECRET.fullmatch(raw):
        raise ValueError("de 1 à 256 caractères parmi A-Z, a-z, 0-9, _ et - (laissez vide pour "
                         "qu'un secret soit créé dans le dossier de données).")
    return raw


ENVIRONMENT: dict[str, tuple[str, Callable[[str], object]]] = {
    "GUICHET_KNOWLEDGE": ("knowledge_dirs", _folders),
    "GUICHET_DATA_DIR": ("data_dir", lambda raw: Path(raw).expanduser()),
    "GUICHET_DB": ("db_path", lambda raw: Path(raw).expanduser()),
    "TELEGRAM_TOKEN": ("telegram_token", _token),
    "TELEGRAM_BASE_URL": ("telegram_base_url", _base_url),
    "GUICHET_SECRET": ("secret", str),
    "GUICHET_RETENTION_DAYS": ("retention_days", _whole(1, 3650, "jours")),
    "GUICHET_FLOOD_PER_MINUTE": ("flood_per_minute", _whole(0, 1000, "messages par minute, 0 : sans limite")),
    "GUICHET_FLOOD_PER_GROUP": ("flood_per_group", _whole(0, 1000, "messages par minute et par groupe, 0 : sans limite")),
    "GUICHET_SEND_PER_SECOND": ("send_per_second", _whole(0, 1000, "messages envoyés par seconde, 0 : sans limite")),
    "GUICHET_LOG_LEVEL": ("log_level", _level),
    "GUICHET_TIMEZONE": ("timezone", _zone),
    "GUICHET_STAFF_CHAT": ("staff_chat", _chat_id),
    "GUICHET_REQUESTS_PER_DAY": ("requests_per_day", _whole(0, 1000, "demandes par personne et par jour, 0 : sans limite")),
    "GUICHET_SEMANTIC": ("semantic", _semantic),
    "GUICHET_WEBHOOK_URL": ("webhook_url", _webhook_url),
    "GUICHET_WEBHOOK_LISTEN": ("webhook_listen", str),
    "GUICHET_WEBHOOK_PORT": ("webhook_port", _whole(1, 65535, "port TCP")),
    "GUICHET_WEBHOOK_SECRET": ("webhook_secret", _webhook_secret),
}
"""Environment variable → (Settings field, parser raising ValueError with a French reason)."""
