"""Answers drawn from a zone: a street's collection days with their next dates, its polling
station, its schools; the same lines for a shared position; and the honest replies when the
street is split, ambiguous or not in the index."""

from __future__ import annotations

import datetime as dt

from .. import wording as W
from .. import wording_services as WS
from ..actions import OpenEntry, encode
from ..kb import Knowledge, french_public_holidays
from ..replies import Button, Message
from ..zones.days import Schedule, next_passages
from ..zones.model import Layer, Numbers, Span, Street, Zone
from .format import Fmt, label
from .dates import day_name, day_of_month, month_name


def day_fr(day: dt.date) -> str:
    """"jeudi 10 décembre", "vendredi 1er janvier"."""
    return f"{day_name(day.weekday())} {day_of_month(day.day)} {month_name(day.month)}"


def numbers_fr(numbers: Numbers | None) -> str:
    """"n° 1 à 39", "n° 40 et plus", "côté impair", "n° 1 à 39, côté pair"; "" for the whole street."""
    if numbers is None:
        return ""
    parts = []
    if numbers.high is not None:
        parts.append(WS.ZONE_NUMBERS_RANGE.format(low=numbers.low, high=numbers.high))
    elif numbers.low > 1:
        parts.append(WS.ZONE_NUMBERS_FROM.format(low=numbers.low))
    if numbers.parity is not None:
        parts.append(WS.ZONE_SIDES[numbers.parity])
    return ", ".join(parts)


def passages_fr(schedule: Schedule, layer: Layer, today: dt.date, region: str = "") -> str:
    """"lundi, prochain passage lundi 14 décembre", or "… aujourd'hui lundi 7 décembre, puis …";
    `region`: the town's holidays region (Alsace-Moselle has its own days off)."""
    found = next_passages(schedule, today, lambda year: french_public_holidays(year, region), layer.holidays_shift)
    shown = []
    for passage in found:
        text = day_fr(passage.day)
        if passage.moved_from:
            text = WS.ZONE_MOVED.format(day=text, holiday=passage.moved_from)
        shown.append(WS.ZONE_TODAY.format(day=text) if passage.day == today else text)
    if not shown:
        return schedule.text
    dates = WS.ZONE_THEN.format(first=shown[0], second=shown[1]) if len(shown) > 1 and found[0].day == today else shown[0]
    return WS.ZONE_NEXT.format(days=schedule.text, dates=dates)


def zone_lines(layer: Layer, zone: Zone, k: Knowledge, f: Fmt, today: dt.date, asked: tuple[str, ...] = ()) -> list[str]:
    """The zone's name, then one line per field (only the `asked` fields when the question named some)."""
    lines = [f.b(layer.zone_title(zone))]
    for spec in layer.fields:
        if asked and spec.key not in asked:
            continue
        value = zone.values.get(spec.key)
        if value is None:
            continue
        if isinstance(value, Schedule):
            text = passages_fr(value, layer, today, k.town.holidays)
        elif spec.type == "place" and str(value) in k.places:
            place = k.places[str(value)]
            text = WS.ZONE_PLACE.format(name=place.name, address=place.address) if place.address else place.name
        else:
            text = str(value)
        lines.append("• " + f.esc(WS.ZONE_FIELD.format(label=spec.label, value=text)))
    return lines


def _more(layer: Layer, k: Knowledge) -> list[list[Button]]:
    """The button to the layer's entry, which says more (how to get a bin, what to bring to vote…)."""
    entry = k.entries.get(layer.entry)
    data = encode(OpenEntry(entry.id)) if entry else None
    return [[Button(label(WS.ZONE_MORE.format(title=entry.title)), data)]] if entry and data else []


def _head(layer: Layer, street: str, f: Fmt) -> str:
    return f.b(WS.ZONE_HEAD.format(emoji=layer.emoji, title=layer.title, street=street))


def street_said(street: Street, number: int | None) -> str:
    return f"{number} {street.name}" if number is not None else street.name


def example(layer: Layer, streets: list[Street]) -> str:
    """An address of the index to show how to ask: "12 rue des Lilas"."""
    street = next((s for s in streets if layer.id in s.zones), streets[0] if streets else None)
    return f"12 {street.name}" if street else "12 rue de la Mairie"


def street_message(layer: Layer, street: Street, number: int | None, k: Knowledge, f: Fmt, today: dt.date,
                   asked: tuple[str, ...] = ()) -> Message:
    """The answer for one street of the index (and its number, when given)."""
    blocks = [_head(layer, street_said(street, number), f)]
    spans = street.spans(layer.id, number)
    if not street.zones.get(layer.id):
        blocks.append(f.esc(WS.ZONE_NO_LAYER.format(street=street.name)))
    elif len(spans) == 1:
        blocks.append("\n".join(_span_lines(layer, spans[0], k, f, today, asked, with_numbers=False)))
    else:
        if not spans:
            blocks.append(f.esc(WS.ZONE_NUMBER_UNKNOWN.format(number=number)))
            spans = street.zones[layer.id]
        else:
            blocks.append(f.esc(WS.ZONE_SPLIT))
        blocks += ["\n".join(_span_lines(layer, span, k, f, today, asked, with_numbers=True)) for span in spans]
        blocks.append(f.esc(WS.ZONE_NUMBER_HINT.format(example=f"12 {street.name}")))
    return Message("\n\n".join(blocks), _more(layer, k))


def _span_lines(layer: Layer, span: Span, k: Knowledge, f: Fmt, today: dt.date, asked: tuple[str, ...],
                with_numbers: bool) -> list[str]:
    zone = layer.zone(span.zone)
    if zone is None:  # the builder checked every name: only a bug of ours leads here
        return [f.esc(span.zone)]
    lines = zone_lines(layer, zone, k, f, today, asked)
    if with_numbers and span.numbers is not None:
        lines[0] = f.esc(W.LABELLED.format(label=numbers_fr(span.numbers).capitalize(), value="")) + lines[0]
    return lines


def ambiguous_message(layer: Layer, streets: tuple[Street, ...], number: int | None, k: Knowledge, f: Fmt,
                      today: dt.date, asked: tuple[str, ...] = ()) -> Message:
    """Several streets fit: each one's answer, shortly, and how to say which."""
    blocks = [f.esc(WS.ZONE_AMBIGUOUS.format(example=street_said(streets[0], number or 12)))]
    for street in streets[:3]:
        spans = street.spans(layer.id, number) or street.zones.get(layer.id, ())
        lines = [f.b(street.name)]
        for span in spans:
            lines += _span_lines(layer, span, k, f, today, asked, with_numbers=len(spans) > 1)
        blocks.append("\n".join(lines))
    return Message("\n\n".join(blocks), _more(layer, k))


def unknown_message(layer: Layer, said: str, near: tuple[str, ...], k: Knowledge, f: Fmt) -> Message:
    """An address that is in no index: said so, how to ask, look-alike names as suggestions only."""
    lines = [f.esc(WS.ZONE_UNKNOWN.format(said=said, town=k.town.name)),
             f.esc(WS.ZONE_UNKNOWN_HINT.format(example=example(layer, k.zones.streets)))]
    if near:
        lines.append(f.esc(WS.ZONE_NEAR.format(names=", ".join(near))))
    return Message("\n".join(lines), _more(layer, k))


def here_message(found: list[tuple[Layer, Zone]], k: Knowledge, f: Fmt, today: dt.date) -> Message:
    """The zones of a shared position, one block per layer."""
    blocks = [f.b(WS.ZONE_HERE)]
    for layer, zone in found:
        lines = zone_lines(layer, zone, k, f, today)
        blocks.append(f"{layer.emoji} {f.b(layer.title)} : " + "\n".join(lines))
    return Message("\n\n".join(blocks))
