"""Distances (haversine) against known ones, and how they read in French ("350 m", "1,2 km")."""

import math

import pytest

from bot.geo import distance_m, format_distance, valid, walking_minutes


@pytest.mark.parametrize("a, b, metres, tolerance", [
    ((0, 0), (0, 1), 111_195, 1),                         # a degree of the equator on the mean sphere
    ((0, 0), (1, 0), 111_195, 1),                         # a degree of meridian
    ((46.8128, 2.4552), (46.8128 + 1 / 60, 2.4552), 1_853, 1),  # a minute of latitude ≈ a nautical mile (1,852 m)
    ((48.8566, 2.3522), (51.5074, -0.1278), 343_556, 500),  # Paris – London: 343.9 km on the ellipsoid (0.1 % off)
    ((45.7640, 4.8357), (43.2965, 5.3698), 277_000, 1_500),  # Lyon – Marseille: about 277 km
    ((0, 0), (0, 180), math.pi * 6_371_008.8, 1),           # antipodes: half the circumference
    ((46.8128, 2.4552), (46.8123, 2.4567), 127, 1),         # the demo church to the town hall
])
def test_known_distances(a, b, metres, tolerance):
    assert distance_m(*a, *b) == pytest.approx(metres, abs=tolerance)
    assert distance_m(*b, *a) == pytest.approx(distance_m(*a, *b))  # symmetric


def test_a_point_is_at_no_distance_from_itself():
    assert distance_m(46.8128, 2.4552, 46.8128, 2.4552) == 0


def test_longitude_degrees_shrink_with_latitude():
    """A flat-earth guess is wrong by a third at French latitudes: haversine is not."""
    east = distance_m(46.8, 2.0, 46.8, 2.01)
    north = distance_m(46.8, 2.0, 46.81, 2.0)
    assert east / north == pytest.approx(math.cos(math.radians(46.8)), rel=1e-3)


@pytest.mark.parametrize("metres, shown", [
    (0, "moins de 10 m"), (9.9, "moins de 10 m"), (12, "10 m"), (44.9, "40 m"), (344, "340 m"),
    (349.9, "350 m"), (499, "500 m"), (512, "500 m"), (730, "750 m"), (980, "1 km"), (1_000, "1 km"),
    (1_234, "1,2 km"), (1_260, "1,3 km"), (2_000, "2 km"), (9_940, "9,9 km"), (9_960, "10 km"),
    (12_345, "12 km"), (343_556, "344 km"),
])
def test_distances_read_in_french(metres, shown):
    assert format_distance(metres) == shown


@pytest.mark.parametrize("lat, lon, ok", [
    (46.8, 2.4, True), (-90, -180, True), (90, 180, True), (90.0001, 0, False), (0, -180.5, False),
    (math.nan, 2.4, False), (46.8, math.inf, False), (True, 2.4, False), ("46.8", 2.4, False), (None, 0, False),
])
def test_positions_are_checked(lat, lon, ok):
    assert valid(lat, lon) is ok


def test_walking_minutes():
    assert walking_minutes(0) == 1 and walking_minutes(310) == 4 and walking_minutes(1_200) == 16
