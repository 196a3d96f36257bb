"""A shared position and the heritage walk, through the real bot and the strict fake Bot API: what is
near the église Saint-Martin, a filter, a map pin (sendVenue), the "📍 Autour de moi" keyboard on
/start, and the walking tour from its first stop to its last (photos uploaded with sendPhoto)."""

from __future__ import annotations

import datetime as dt
import json

from tests.harness import DEMO, ask, press, run, running_bot

# A few metres north-east of the église Saint-Martin (46.8128, 2.4552).
BESIDE_CHURCH = (46.81283, 2.45524)
MONDAY_10H = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def _markup(call) -> dict:
    markup = call.params.get("reply_markup")
    return json.loads(markup) if isinstance(markup, str) else (markup or {})


def test_a_position_beside_the_church_lists_it_first_then_filters_and_pins(tmp_path):
    async def scenario():
        async with running_bot(tmp_path, knowledge=DEMO) as (api, engine):
            engine.clock = lambda: MONDAY_10H
            lea = api.user("Léa")
            api.send_location(lea, *BESIDE_CHURCH)
            await api.wait_replies(1, lea.id)
            await api.wait_idle()
            listing = api.sent(lea.id)[0]  # the list; the NEAR_SECTIONS (buses, zones…) follow it
            heritage = listing.text.split("Patrimoine", 1)[1].split("Services et lieux", 1)[0]
            first = heritage.strip().splitlines()[0]
            assert first.startswith("1. Église Saint-Martin — moins de 10 m"), listing.text
            assert "🟢 ouvert jusqu'à 18h" in first  # its visiting hours, Monday 10:00
            assert "Hôtel de ville de Bourg-Exemple — 130 m" in listing.text
            assert "Circuit du centre historique : départ à moins de 10 m" in listing.text

            await press(api, listing, label="🏰 Patrimoine")  # the list edited in place
            (edit,) = api.calls_to("editMessageText", ok=True)
            filtered = api.sent(lea.id)[0]
            assert filtered.message_id == listing.message_id and "Autour de vous : 🏰 Patrimoine" in filtered.text
            assert "6. Lavoir et moulin de la Rivière — 750 m" in filtered.text
            assert "Hôtel de ville" not in filtered.text

            await press(api, filtered, label="📌 1. Église Saint-Martin")
            (venue,) = api.calls_to("sendVenue", ok=True)
            assert venue.params["title"] == "Église Saint-Martin"
            assert venue.params["address"] == "Place de l'Église, 99999 Bourg-Exemple"
            assert (float(venue.params["latitude"]), float(venue.params["longitude"])) == (46.8128, 2.4552)
            assert engine.storage.db["questions"].count == 0  # a position is not a question: nothing recorded

    run(scenario())


def test_start_offers_the_location_button_in_private_chats_only(tmp_path):
    async def scenario():
        async with running_bot(tmp_path, knowledge=DEMO) as (api, engine):
            lea, paul = api.user("Léa"), api.user("Paul")
            api.send_command(lea, "start")
            await api.wait_replies(2, lea.id)
            await api.wait_idle()
            keyboard = _markup(api.calls_to("sendMessage", ok=True)[-1])["keyboard"]
            assert keyboard == [[{"text": "📍 Autour de moi", "request_location": True}]]
            group = api.group("Quartier")
            api.send_command(paul, "start", chat=group)
            await api.wait_replies(1, group["id"])
            await api.wait_idle()
            assert len(api.sent(group["id"])) == 1  # the welcome, no location request in a group
            assert all("keyboard" not in _markup(c) for c in api.calls_to("sendMessage", ok=True)
                       if c.params["chat_id"] in (group["id"], str(group["id"])))

    run(scenario())


def test_a_venue_and_a_live_location_are_positions_too(tmp_path):
    async def scenario():
        async with running_bot(tmp_path, knowledge=DEMO) as (api, engine):
            ana, tom = api.user("Ana"), api.user("Tom")
            api.send_venue(ana, 46.8118, 2.4590, title="Halle aux grains")
            api.send_location(tom, *BESIDE_CHURCH, live_period=900)
            await api.wait_replies(1, ana.id)
            await api.wait_replies(1, tom.id)
            await api.wait_idle()
            assert "1. Halle aux grains — moins de 10 m" in api.sent(ana.id)[0].text
            assert "1. Église Saint-Martin — moins de 10 m" in api.sent(tom.id)[0].text

    run(scenario())


def test_the_walking_tour_from_its_first_stop_to_its_last(tmp_path):
    async def scenario():
        async with running_bot(tmp_path, knowledge=DEMO) as (api, engine):
            engine.clock = lambda: MONDAY_10H
            lea = api.user("Léa")
            (tour,) = await ask(api, lea, "une visite à pied du centre historique ?")
            assert "Circuit du centre historique" in tour.text and "5 étapes, 1,2 km" in tour.text
            await press(api, tour, label="▶️ Commencer le circuit")
            seen = []
            for n in range(1, 6):
                stop = api.last_sent(lea.id)
                caption = stop.data["caption"]
                assert f"étape {n}/5" in caption and stop.data["photo"], caption
                seen.append(caption.split("\n\n")[1])
                labels = [b["text"] for b in stop.buttons]
                assert "📌 Voir sur la carte" in labels
                if n < 5:
                    assert "Étape suivante" in caption and "Étape suivante ▶️" in labels
                    await press(api, stop, label="Étape suivante ▶️")
            assert "fin du circuit" in caption and "Étape suivante ▶️" not in labels
            assert seen == ["🏰 Église Saint-Martin", "🏰 Halle aux grains", "🏰 Monument aux morts",
                            "🏰 Pont Vieux", "🏰 Lavoir et moulin de la Rivière"]
            first = api.calls_to("sendPhoto", ok=True)[0]
            assert "Étape suivante : Halle aux grains, à 310 m" in first.params["caption"]
            # each photo is uploaded once (a 9 kB drawing), then sent again by Telegram's file id
            assert [u["filename"] for u in api.uploads][:1] == ["eglise-saint-martin.jpg"]
            assert all(u["size"] < 60_000 for u in api.uploads)
            await press(api, api.last_sent(lea.id), label="📌 Voir sur la carte")
            assert api.calls_to("sendVenue", ok=True)[-1].params["title"] == "Lavoir et moulin de la Rivière"

    run(scenario())


def test_a_heritage_answer_comes_with_its_photo_uploaded_once(tmp_path):
    async def scenario():
        async with running_bot(tmp_path, knowledge=DEMO) as (api, engine):
            lea = api.user("Léa")
            photo, page = await ask(api, lea, "peut-on visiter l'église saint-martin ?", replies=2)
            assert photo.data["caption"].startswith("🏰 Église Saint-Martin") and "Église romane" in page.text
            await ask(api, lea, "peut-on visiter l'église saint-martin ?", replies=2)
            assert len(api.uploads) == 1  # the second time, Telegram's file id
            assert len(api.calls_to("sendPhoto", ok=True)) == 2

    run(scenario())
