"""Settings, read once from the environment (and a `.env` file) into a frozen dataclass.

Why a dataclass and not globals: the engine, the CLI and the tests each build their own Settings,
so a test can point at a temporary database or knowledge folder without touching the process
environment of the others.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE = PROJECT_ROOT / "knowledge"
TELEGRAM_DEFAULT_BASE_URL = "https://api.telegram.org/bot"


def _default_data_dir() -> Path:
    """The data folder: `GUICHET_DATA_DIR`, else `data/` beside the project (ignored by git)."""
    return Path(os.environ.get("GUICHET_DATA_DIR") or PROJECT_ROOT / "data")


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
    log_level: str = "INFO"
    timezone: str = "Europe/Paris"

    @property
    def database(self) -> Path:
        """The SQLite file: `GUICHET_DB`, else `guichet.db` in the data folder."""
        return self.db_path or self.data_dir / "guichet.db"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, *, load_dotenv_file: bool = True) -> "Settings":
        """Build settings from `env` (default: `os.environ`, after loading `.env` if present)."""
        if env is None:
            if load_dotenv_file:
                try:
                    from dotenv import load_dotenv

                    load_dotenv(PROJECT_ROOT / ".env", override=False)
                    load_dotenv(Path.cwd() / ".env", override=False)
                except ImportError:  # python-dotenv is a dependency, but stay usable without it
                    pass
            env = dict(os.environ)
        knowledge = env.get("GUICHET_KNOWLEDGE", "").strip()
        dirs = tuple(Path(p).expanduser() for p in knowledge.split(":") if p.strip()) or (DEFAULT_KNOWLEDGE,)
        data_dir = Path(env.get("GUICHET_DATA_DIR") or PROJECT_ROOT / "data").expanduser()
        db = env.get("GUICHET_DB", "").strip()
        return cls(
            knowledge_dirs=dirs,
            data_dir=data_dir,
            db_path=Path(db).expanduser() if db else None,
            telegram_token=env.get("TELEGRAM_TOKEN", "").strip(),
            telegram_base_url=env.get("TELEGRAM_BASE_URL", "").strip() or TELEGRAM_DEFAULT_BASE_URL,
            secret=env.get("GUICHET_SECRET", "").strip(),
            retention_days=_int(env.get("GUICHET_RETENTION_DAYS"), 365),
            flood_per_minute=_int(env.get("GUICHET_FLOOD_PER_MINUTE"), 20),
            log_level=(env.get("GUICHET_LOG_LEVEL") or "INFO").upper(),
            timezone=env.get("GUICHET_TIMEZONE") or "Europe/Paris",
        )

    def with_knowledge(self, dirs: list[str | Path] | None) -> "Settings":
        """The same settings with `--knowledge` folders replacing the default, when given."""
        if not dirs:
            return self
        return replace(self, knowledge_dirs=tuple(Path(d).expanduser() for d in dirs))

    def resolved_secret(self) -> bytes:
        """The HMAC key for user ids: `GUICHET_SECRET`, else one generated once and kept (mode 0600).

        Why persisted: the keyed hash must stay stable across restarts, or `/oubli` and the flood
        budget could not find a citizen's records again.
        """
        if self.secret:
            return self.secret.encode()
        path = self.data_dir / "secret.key"
        try:
            return path.read_text().strip().encode()
        except FileNotFoundError:
            pass
        self.data_dir.mkdir(parents=True, exist_ok=True)
        value = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(value + "\n")
        return value.encode()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default
