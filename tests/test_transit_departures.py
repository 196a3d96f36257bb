"""When the buses leave (bot/transit/departures.py): service calendars, calendar_dates exceptions
(removed and added days), trips past midnight, and the clock changes, on the demo feed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.transit.departures import day_end, departures_between, next_departures, service_origin
from bot.transit.feed_build import read_feed

from conftest import ROOT
from test_transit_feed import TINY, write_feed

PARIS = ZoneInfo("Europe/Paris")
FEED = ROOT / "knowledge-sources" / "gtfs-bourg-exemple"


@pytest.fixture(scope="module")
def demo_feed():
    timetable, problems = read_feed(FEED)
    assert problems == []
    return timetable


def at(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def times(departures):
    return [d.when.strftime("%a %d %H:%M") for d in departures]


def test_next_departures_on_a_weekday(demo_feed):
    found = next_departures(demo_feed, ["GARE"], at(2026, 12, 7, 10, 0), 3)
    assert times(found) == ["Mon 07 10:45", "Mon 07 11:45", "Mon 07 12:15"]
    assert {d.trip.headsign for d in found} == {"Les Vignes"} and found[0].route.short_name == "1"


def test_no_departure_where_nobody_may_board(demo_feed):
    """Gare is the end of the line towards it (pickup_type 1 there): only trips leaving it count."""
    found = departures_between(demo_feed, ["GARE"], at(2026, 12, 7, 0, 0), at(2026, 12, 8, 4, 0))
    assert found and all(d.position == 0 for d in found)


def test_a_departure_after_midnight_belongs_to_the_day_before(demo_feed):
    """The Friday and Saturday evening service has a 24:25:00 departure: 00:25 on Saturday and on
    Sunday, although no service of their own runs then (and none on Sunday at all)."""
    assert times(next_departures(demo_feed, ["GARE"], at(2026, 12, 12, 0, 10), 1)) == ["Sat 12 00:25"]
    assert times(next_departures(demo_feed, ["GARE"], at(2026, 12, 13, 0, 10), 2)) == ["Sun 13 00:25", "Mon 14 06:15"]
    assert times(next_departures(demo_feed, ["GARE"], at(2026, 12, 12, 23, 0), 2)) == ["Sat 12 23:25", "Sun 13 00:25"]


def test_a_removed_day_has_no_bus_and_its_night_neither(demo_feed):
    """25 December is removed from the weekday and evening services (calendar_dates.txt)."""
    found = next_departures(demo_feed, ["GARE"], at(2026, 12, 24, 21, 0), 2)
    assert times(found) == ["Sat 26 08:15", "Sat 26 09:15"]
    assert next_departures(demo_feed, ["GARE"], at(2027, 1, 1, 0, 1), 1)[0].when.date() == dt.date(2027, 1, 2)


def test_an_added_day_runs_that_service(demo_feed):
    """Sunday 20 December 2026 has the Saturday service; the Sunday after has none."""
    assert times(next_departures(demo_feed, ["GARE"], at(2026, 12, 20, 10, 0), 1)) == ["Sun 20 10:15"]
    assert times(next_departures(demo_feed, ["GARE"], at(2026, 12, 27, 10, 0), 1)) == ["Mon 28 06:15"]


def test_nothing_after_the_timetable_ends(demo_feed):
    assert next_departures(demo_feed, ["GARE"], at(2027, 9, 1, 10, 0), 1) == []
    assert demo_feed.last_day() == dt.date(2027, 8, 31)


def test_filters_by_line_and_by_destination(demo_feed):
    mairie = ["MAIRIE-A", "MAIRIE-B"]
    found = next_departures(demo_feed, mairie, at(2026, 12, 7, 10, 0), 4, routes={"L2"})
    assert {d.route.id for d in found} == {"L2"}
    found = next_departures(demo_feed, mairie, at(2026, 12, 7, 10, 0), 4, towards={"GARE"})
    assert {d.trip.headsign for d in found} == {"Gare"}


@pytest.mark.parametrize("day, expected_utc", [
    (dt.date(2027, 3, 28), "2027-03-28 04:00"),   # clocks go forward at 2 a.m.: 06:00 is still 06:00 CEST
    (dt.date(2026, 10, 25), "2026-10-25 05:00"),  # clocks go back: 06:00 CET
    (dt.date(2026, 12, 7), "2026-12-07 05:00"),
])
def test_times_count_from_noon_minus_twelve_hours_on_the_nights_the_clocks_change(tmp_path, day, expected_utc):
    daily = TINY["calendar.txt"].replace("WK,1,1,1,1,1,0,0", "WK,1,1,1,1,1,1,1")
    early = TINY["stop_times.txt"].replace("07:00:00", "06:00:00")
    timetable, _ = read_feed(write_feed(tmp_path / "feed", {"calendar.txt": daily, "stop_times.txt": early}))
    found = next_departures(timetable, ["S1"], dt.datetime.combine(day, dt.time(0, 30), tzinfo=PARIS), 1)
    assert found[0].when.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M") == expected_utc
    assert found[0].when.strftime("%H:%M") == "06:00"
    assert service_origin(day, PARIS).astimezone(PARIS).hour in (0, 1, 23)


def test_the_riders_day_ends_at_four_in_the_morning():
    assert day_end(at(2026, 12, 7, 23, 0)) == at(2026, 12, 8, 4, 0)
    assert day_end(at(2026, 12, 8, 0, 30)) == at(2026, 12, 8, 4, 0)
