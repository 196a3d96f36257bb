"""The deployment files of deploy/ read lightly: the image runs `guichet run` as a non-root user with
no secret inside, the systemd units run the bot and its daily backup hardened (README, « Installer
sur un serveur (VPS) »). No Docker daemon or systemd here: these checks are what can be read."""

import json
import re

import pytest

from bot.config import ENVIRONMENT
from handlers.dispatch import STOP_GRACE

from conftest import ROOT

DEPLOY = ROOT / "deploy"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of deploy/Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def unit(name: str) -> dict[str, list[str]]:
    """key → values of a systemd unit (a key may repeat, as systemd allows)."""
    found: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def test_the_image_is_a_slim_python_running_guichet_as_a_non_root_user():
    steps = dockerfile()
    assert steps[0][0] == "FROM" and re.fullmatch(r"python:3\.1[12]-slim", steps[0][1])
    assert ("RUN", "pip install . && rm -rf /opt/guichet-src") in steps
    users = [args for op, args in steps if op == "USER"]
    assert users and users[-1] not in ("root", "0") and not users[-1].startswith(("root:", "0:"))
    cmd = [args for op, args in steps if op == "CMD"]
    assert len(cmd) == 1 and json.loads(cmd[0]) == ["guichet", "run"]
    assert [op for op, _ in steps].index("USER") < [op for op, _ in steps].index("CMD")


def test_the_image_keeps_knowledge_and_data_in_volumes_named_by_real_settings():
    steps = dockerfile()
    env = dict(re.findall(r"(\w+)=(\S+)", " ".join(args for op, args in steps if op == "ENV")))
    volumes = json.loads(next(args for op, args in steps if op == "VOLUME"))
    assert env["GUICHET_KNOWLEDGE"] in volumes and env["GUICHET_DATA_DIR"] in volumes
    assert all(k in ENVIRONMENT for k in env if k.startswith(("GUICHET_", "TELEGRAM_")))


def test_no_secret_goes_into_the_image():
    steps = dockerfile()
    set_there = " ".join(args for op, args in steps if op in ("ENV", "ARG"))
    assert not re.search(r"TELEGRAM_TOKEN|GUICHET_SECRET|GUICHET_STAFF_CHAT", set_there)
    copied = " ".join(args for op, args in steps if op in ("COPY", "ADD"))
    assert ".env" not in copied and "data" not in copied.split()
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", "data/", "*.key", "*.db"} <= set(ignored)


def test_the_bot_unit_runs_guichet_run_hardened_with_time_to_drain():
    u = unit("guichet.service")
    assert u["User"] == ["guichet"] and u["EnvironmentFile"] == ["/etc/guichet/guichet.env"]
    assert u["ExecStart"][0].endswith("/bin/guichet run") and u["Restart"] == ["on-failure"]
    assert u["WorkingDirectory"] and u["NoNewPrivileges"] == ["yes"] and u["PrivateTmp"] == ["yes"]
    assert u["ProtectSystem"] == ["strict"]
    data = next(v.split("=", 1)[1] for v in u["Environment"] if v.startswith("GUICHET_DATA_DIR="))
    assert u["ReadWritePaths"] == [data]
    # the drain: updates in progress (STOP_GRACE), their replies, Telegram's confirmation (5 s)
    assert int(u["TimeoutStopSec"][0]) >= 2 * STOP_GRACE + 5 + 10


def test_the_backup_runs_daily_with_the_bots_settings_into_a_writable_folder():
    service, timer = unit("guichet-backup.service"), unit("guichet-backup.timer")
    bot = unit("guichet.service")
    assert service["Type"] == ["oneshot"] and service["User"] == bot["User"]
    assert service["EnvironmentFile"] == bot["EnvironmentFile"]
    command = service["ExecStart"][0].split()
    assert command[0] == bot["ExecStart"][0].split()[0] and command[1] == "sauvegarde"
    out = command[command.index("--out") + 1]
    assert set(service["ReadWritePaths"][0].split()) == {bot["ReadWritePaths"][0], out}
    assert timer["Unit"] == ["guichet-backup.service"] and timer["Persistent"] == ["true"]
    assert re.fullmatch(r"daily|\*-\*-\* \d\d:\d\d:\d\d", timer["OnCalendar"][0])


@pytest.mark.parametrize("needed", [
    "## Installer sur un serveur (VPS)", "guichet.env", "TELEGRAM_TOKEN=", "GUICHET_SECRET=",
    "systemctl enable --now guichet-backup.timer", "docker build -f deploy/Dockerfile",
    "--stop-timeout 30", "guichet sauvegarde --out", "Restaurer une sauvegarde"])
def test_the_readme_shows_how_to_install_back_up_and_restore(needed):
    assert needed in README
