"""Value-added services: answers drawn from the town's data (opening hours, places, buses, zones,
events) rather than from one entry's page.

Each service is a function `reply(ask) -> Reply | None`, listed in `SERVICES` in the order they are
tried; the first that recognises the question answers it, else the question goes to the matcher.
A service must be conservative: it claims only questions it can answer better than an entry
("la mairie est ouverte ?", "prochain bus à la mairie"), never a "how do I…" question, since a
wrong claim hides the right procedure. `tests/test_services.py` keeps that promise on the town's
evaluation questions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from ..kb import Knowledge
from ..render import Fmt, paginate
from ..replies import Button, Message, Reply


@dataclass(frozen=True)
class Ask:
    """A citizen's question as a service sees it: the text, the moment (aware, town time), the knowledge."""

    text: str
    now: dt.datetime
    knowledge: Knowledge
    fmt: Fmt


Service = Callable[[Ask], "Reply | None"]

# Tried in this order; each module adds its one `reply` function here.
SERVICES: list[tuple[str, Service]] = []


def paged_reply(blocks: list[str], buttons: list[list[Button]]) -> Reply:
    """A service's answer within Telegram's limits: its blocks packed into pages (a long exception
    note or address cannot make Telegram refuse it), the buttons under the last page."""
    pages = paginate([], blocks)
    return Reply([Message(page, buttons if n == len(pages) - 1 else []) for n, page in enumerate(pages)])


def first_reply(ask: Ask) -> tuple[str, Reply] | None:
    """(service name, reply) of the first service that claims the question, else None."""
    for name, service in SERVICES:
        reply = service(ask)
        if reply is not None:
            return name, reply
    return None

from . import agenda, bus, directory, opening_hours, zones  # noqa: E402 - the services import Ask from here

SERVICES.append(("bus", bus.reply))  # first: it claims only questions naming a bus, a line or a stop
SERVICES.append(("horaires", opening_hours.reply))
SERVICES.append(("agenda", agenda.reply))
SERVICES.append(("zones", zones.reply))  # a layer's words (poubelles, bureau de vote…) and an address
SERVICES.append(("directory", directory.reply))  # last: it defers opening-hours questions
