"""Distances on the Earth (haversine) and how a citizen reads them: "350 m", "1,2 km", "4 min à pied".

Why haversine: the town's places are a few hundred metres to a few kilometres apart, where the
great-circle distance on a sphere of the Earth's mean radius is within 0.5 % of the true
(ellipsoidal) one, far below what a walker notices; a flat-earth guess from degrees would be
off by a third at French latitudes (a degree of longitude is shorter than a degree of latitude).
"""

from __future__ import annotations

import math

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG), in metres
WALK_M_PER_MIN = 75.0         # 4.5 km/h: an unhurried walk through the town, stops aside


def valid(lat: object, lon: object) -> bool:
    """Whether (lat, lon) is a position on Earth: finite numbers, latitude within ±90, longitude within ±180."""
    if isinstance(lat, bool) or isinstance(lon, bool) or not isinstance(lat, (int, float)) \
            or not isinstance(lon, (int, float)):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in metres between two positions given in degrees (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def format_distance(metres: float) -> str:
    """A distance as French readers write it: "moins de 10 m", "40 m", "350 m", "650 m", "1,2 km", "12 km".

    Below 500 m to the nearest 10 m, up to 1 km to the nearest 50 m (nobody paces 730 m), then
    in kilometres with one decimal and a decimal comma, whole kilometres from 10 km on."""
    if metres < 10:
        return "moins de 10 m"
    rounded = round(metres / 10) * 10 if metres < 500 else round(metres / 50) * 50
    if rounded < 1000:
        return f"{rounded} m"
    km = metres / 1000
    if km >= 9.95:
        return f"{round(km)} km"
    tenth = f"{km:.1f}".replace(".", ",")
    return f"{tenth.removesuffix(',0')} km"


def walking_minutes(metres: float) -> int:
    """Minutes on foot at an unhurried pace, at least 1."""
    return max(1, round(metres / WALK_M_PER_MIN))
