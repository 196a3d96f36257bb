"""The figures of the staff report, read from the bot's database: counts only, never a person.

Why a separate room: the same figures feed `guichet rapport` (HTML) and `/stats` (two PNG charts),
and they must agree. Everything here reads; nothing writes. A citizen is never named: no key, no
chat id leaves these queries, only counts and the texts of unanswered questions (which the report
escapes). Dates are stored in UTC and counted per day in the town's time zone.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
from dataclasses import dataclass, field
from typing import Mapping

# The decisions of the `questions` table, as the report groups them (a service is "service:<name>").
DECISIONS = ("answer", "choose", "fallback", "smalltalk", "service")
STATUSES = ("recue", "prise", "resolue", "close")  # bot/dialogue/store.py
TOP = 10


@dataclass
class Period:
    """The days a report covers, in the town's time zone: `days` days ending with `today`."""

    today: dt.date
    days: int
    tz: dt.tzinfo

    @property
    def first(self) -> dt.date:
        return self.today - dt.timedelta(days=self.days - 1)

    @property
    def since_utc(self) -> str:
        """The first day's local midnight in UTC, written as the database writes its dates."""
        start = dt.datetime.combine(self.first, dt.time(), self.tz)
        return start.astimezone(dt.timezone.utc).isoformat(timespec="seconds")

    def dates(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range(self.days)]

    def local_day(self, at: str) -> dt.date:
        return dt.datetime.fromisoformat(at).astimezone(self.tz).date()


@dataclass
class Counted:
    """An entry (or a project) and how many times it was asked for (or followed)."""

    id: str
    title: str
    count: int


@dataclass
class Satisfaction:
    """👍 and 👎 given to one entry."""

    id: str
    title: str
    up: int
    down: int

    @property
    def total(self) -> int:
        return self.up + self.down

    @property
    def share(self) -> float:
        return self.up / self.total if self.total else 0.0


@dataclass
class Requests:
    """Requests to the town received in the period, and how fast they got a first answer."""

    by_status: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    open_now: int = 0                  # open today, whenever received
    answered: int = 0                  # received in the period and answered at least once
    hours: list[float] = field(default_factory=list)   # time to first answer, per answered request

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def median_hours(self) -> float | None:
        return statistics.median(self.hours) if self.hours else None

    @property
    def mean_hours(self) -> float | None:
        return statistics.fmean(self.hours) if self.hours else None


@dataclass
class Figures:
    """Everything the report shows but the grouped unanswered questions (bot/report/clusters.py)."""

    period: Period
    per_day: list[tuple[dt.date, int]]
    decisions: dict[str, int]
    services: dict[str, int]
    satisfaction: list[Satisfaction]
    top_entries: list[Counted]
    unanswered: list[str]
    requests: Requests
    followers: list[Counted]

    @property
    def total(self) -> int:
        return sum(self.decisions.values())

    def share(self, decision: str) -> float:
        return self.decisions.get(decision, 0) / self.total if self.total else 0.0

    @property
    def feedback(self) -> tuple[int, int]:
        """(👍, 👎) over every entry."""
        return sum(s.up for s in self.satisfaction), sum(s.down for s in self.satisfaction)


def _rows(conn: sqlite3.Connection, sql: str, args: list | tuple = ()) -> list[tuple]:
    """The rows of `sql`, or none when its table does not exist yet (a bot that never took a request)."""
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise


def read_figures(conn: sqlite3.Connection, period: Period, titles: Mapping[str, str],
                 projects: Mapping[str, str] | None = None) -> Figures:
    """The report's figures over `period`; `titles` names entries, `projects` lists the town's projects
    (id → title) so that a project nobody follows is shown with 0."""
    since = period.since_utc
    decisions, services = _decisions(conn, since)
    return Figures(period=period, per_day=_per_day(conn, period), decisions=decisions, services=services,
                   satisfaction=_satisfaction(conn, since, titles), top_entries=_top_entries(conn, since, titles),
                   unanswered=[r[0] for r in _rows(conn, "select text from questions where decision = 'fallback' "
                                                   "and at >= ? order by id", [since])],
                   requests=_requests(conn, since), followers=_followers(conn, projects or {}))


def _title(titles: Mapping[str, str], entry_id: str) -> str:
    return titles.get(entry_id) or f"{entry_id} (fiche retirée)"


def _per_day(conn: sqlite3.Connection, period: Period) -> list[tuple[dt.date, int]]:
    counts = {d: 0 for d in period.dates()}
    for (at,) in _rows(conn, "select at from questions where at >= ?", [period.since_utc]):
        day = period.local_day(at)
        if day in counts:  # a question dated after today (a clock set back) is not drawn
            counts[day] += 1
    return sorted(counts.items())


def _decisions(conn: sqlite3.Connection, since: str) -> tuple[dict[str, int], dict[str, int]]:
    decisions = dict.fromkeys(DECISIONS, 0)
    services: dict[str, int] = {}
    for decision, n in _rows(conn, "select decision, count(*) from questions where at >= ? group by decision", [since]):
        kind, _, name = decision.partition(":")
        if kind == "service":
            services[name] = services.get(name, 0) + n
            decisions["service"] += n
        else:
            decisions[kind] = decisions.get(kind, 0) + n
    return decisions, dict(sorted(services.items(), key=lambda kv: (-kv[1], kv[0])))


def _satisfaction(conn: sqlite3.Connection, since: str, titles: Mapping[str, str]) -> list[Satisfaction]:
    rows = _rows(conn, "select entry_id, sum(useful), count(*) from feedback where at >= ? group by entry_id "
                       "order by count(*) desc, entry_id", [since])
    return [Satisfaction(eid, _title(titles, eid), int(up), int(n - up)) for eid, up, n in rows]


def _top_entries(conn: sqlite3.Connection, since: str, titles: Mapping[str, str]) -> list[Counted]:
    rows = _rows(conn, "select entry_id, count(*) from questions where decision = 'answer' and entry_id != '' "
                       "and at >= ? group by entry_id order by count(*) desc, entry_id limit ?", [since, TOP])
    return [Counted(eid, _title(titles, eid), n) for eid, n in rows]


def _requests(conn: sqlite3.Connection, since: str) -> Requests:
    out = Requests(by_status=dict.fromkeys(STATUSES, 0))
    rows = _rows(conn, "select r.kind, r.status, r.at, min(e.at) from requests r left join request_events e "
                       "on e.request_id = r.id and e.kind = 'answer' where r.at >= ? group by r.id", [since])
    for kind, status, at, first_answer in rows:
        out.by_status[status] = out.by_status.get(status, 0) + 1
        out.by_kind[kind] = out.by_kind.get(kind, 0) + 1
        if first_answer:
            out.answered += 1
            waited = dt.datetime.fromisoformat(first_answer) - dt.datetime.fromisoformat(at)
            out.hours.append(max(waited.total_seconds(), 0.0) / 3600)
    open_now = _rows(conn, "select count(*) from requests where status in ('recue', 'prise')")
    out.open_now = open_now[0][0] if open_now else 0
    return out


def _followers(conn: sqlite3.Connection, projects: Mapping[str, str]) -> list[Counted]:
    counts = dict.fromkeys(projects, 0)
    for project, n in _rows(conn, "select project, count(*) from follows group by project"):
        counts[project] = n
    return sorted((Counted(p, _title(projects, p), n) for p, n in counts.items()), key=lambda c: (-c.count, c.title))
