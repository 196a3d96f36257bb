"""Requests as other tools read them: Open311 GeoReport v2 service requests (JSON), and the same columns as CSV.

Why Open311: GeoReport v2 is the open format of public-space reports that FixMyStreet-compatible
tools and many city dashboards read (`GET requests.json`: a list of service requests). Why CSV
with a BOM and semicolons: town clerks open it in Excel, which reads a file without a BOM as
Windows-1252 (mangling every accent) and, in French, splits columns on « ; », not « , ».

Privacy: only what the citizen chose to send (text, position) and the town's own words (status,
reason). Never the pseudonymous key, a chat or message id, nor a photo: Telegram keeps photos and
gives bots a file id, not a public URL, so `media_url` stays empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from datetime import tzinfo

from .. import wording as W
from ..kb import Knowledge
from ..render.dialogue import addressee, to_whom
from .store import Request

# The fields of a GeoReport v2 service request, in the specification's order.
OPEN311_FIELDS = ("service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url")

CONTACT_CODE = "contact"          # service_code of a message to the town hall or an official
UNSORTED_REPORT_CODE = "signalement"  # service_code of a report sent without a category (/signaler TEXT)
MESSAGE_TO = "Message {to}"       # service_name of a message: "Message à la mairie de Bourg-Exemple"


def local_time(iso: str, zone: tzinfo | None) -> dt.datetime | None:
    """A stored UTC timestamp in the town's time zone (None when it does not parse)."""
    try:
        return dt.datetime.fromisoformat(iso).astimezone(zone)
    except ValueError:
        return None


def _iso(iso: str, zone: tzinfo | None) -> str | None:
    """ISO 8601 with the town's UTC offset, as GeoReport v2 asks: 2026-03-04T18:30:00+01:00."""
    moment = local_time(iso, zone)
    return moment.isoformat(timespec="seconds") if moment else None


def service(k: Knowledge, request: Request) -> tuple[str, str]:
    """(service_code, service_name): the report category, or "contact" and whom the message is for."""
    if request.kind == "report":
        category = k.report_categories.get(request.category)
        if category is not None:
            return category.id, category.title
        return (request.category or UNSORTED_REPORT_CODE), W.KIND_NAMES["report"]
    return CONTACT_CODE, MESSAGE_TO.format(to=to_whom(k, request.official))


def status_notes(request: Request) -> str:
    """The reason the town gave when closing it, else its status in words."""
    return request.reason or W.STATUS_NAMES.get(request.status, request.status)


def open311(k: Knowledge, requests: list[Request], zone: tzinfo | None) -> list[dict]:
    """The requests as GeoReport v2 service requests (a JSON list), every field of the specification present."""
    rows = []
    for r in requests:
        code, name = service(k, r)
        agency = addressee(k, r.official)
        rows.append({
            "service_request_id": r.number,
            "status": "open" if r.is_open else "closed",
            "status_notes": status_notes(r),
            "service_name": name,
            "service_code": code,
            "description": r.text,
            "agency_responsible": agency[:1].upper() + agency[1:],
            "service_notice": None,
            "requested_datetime": _iso(r.at, zone),
            "updated_datetime": _iso(r.updated, zone),
            "expected_datetime": None,
            "address": None,
            "address_id": None,
            "zipcode": None,
            "lat": r.lat,
            "long": r.lon,
            "media_url": None,
        })
    return rows


def to_csv(rows: list[dict]) -> str:
    """The same columns as CSV for a spreadsheet: « ; » between columns, an empty cell for null.

    The caller writes it in UTF-8 with a BOM (`CSV_ENCODING`), so that Excel reads the accents.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(OPEN311_FIELDS)
    for row in rows:
        writer.writerow(["" if row[f] is None else row[f] for f in OPEN311_FIELDS])
    return out.getvalue()


CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte order mark: how Excel knows the file is UTF-8
