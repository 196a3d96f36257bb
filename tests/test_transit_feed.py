"""Reading and checking a GTFS feed (bot/transit/feed_*.py): every broken feed gives a French
problem at its `file.txt:line`; errors refuse the feed, warnings drop a row or a trip and keep the rest."""

import zipfile

import pytest

from bot.transit.feed_build import read_feed
from bot.transit.feed_check import MAX_WARNINGS_PER_FILE
from bot.transit.feed_read import Feed

# A tiny valid feed: one line, three stops, two weekday trips (the second runs past midnight).
TINY = {
    "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nA,Petit Réseau,https://exemple.fr,Europe/Paris\n",
    "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nS1,Gare,46.80,2.44\nS2,Mairie,46.81,2.45\nS3,Vignes,46.82,2.47\n",
    "routes.txt": "route_id,route_short_name,route_long_name,route_type\nR1,1,Gare – Vignes,3\n",
    "trips.txt": "route_id,service_id,trip_id,trip_headsign\nR1,WK,T1,Vignes\nR1,WK,T2,Vignes\n",
    "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                    "WK,1,1,1,1,1,0,0,20260101,20271231\n",
    "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                      "T1,07:00:00,07:00:00,S1,1\nT1,07:10:00,07:10:00,S2,2\nT1,07:20:00,07:20:00,S3,3\n"
                      "T2,23:50:00,23:50:00,S1,1\nT2,24:05:00,24:05:00,S2,2\nT2,24:15:00,24:15:00,S3,3\n",
}


def write_feed(folder, changes=None, missing=()):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**TINY, **(changes or {})}.items():
        if name not in missing:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems_of(tmp_path, changes=None, missing=()):
    timetable, problems = read_feed(write_feed(tmp_path / "feed", changes, missing))
    return timetable, [str(p) for p in problems]


def test_the_tiny_feed_reads_without_problem(tmp_path):
    timetable, problems = problems_of(tmp_path)
    assert problems == []
    assert [t.id for t in timetable.trips] == ["T1", "T2"]
    assert timetable.trips[1].times == (23 * 3600 + 50 * 60, 24 * 3600 + 5 * 60, 24 * 3600 + 15 * 60)
    assert timetable.agency == "Petit Réseau" and timetable.timezone == "Europe/Paris"


def replace(file, old, new):
    return {file: TINY[file].replace(old, new)}


@pytest.mark.parametrize("changes, expected", [
    (replace("stop_times.txt", "T1,07:10:00,07:10:00,S2,2", "T1,07:10:00,07:10:00,S9,2"),
     "stop_times.txt:3: avertissement : l'arrêt « S9 » n'existe pas dans stops.txt : passage ignoré."),
    (replace("stop_times.txt", "T1,07:10:00,07:10:00,S2,2", "T1,07:10:00,07:10:00,Mairi,2"),
     "n'existe pas dans stops.txt : passage ignoré."),
    (replace("stop_times.txt", "T1,07:10:00,07:10:00", "T1,7h10,7h10"),
     "stop_times.txt:3: avertissement : heure « 7h10 » illisible : écrivez HH:MM:SS"),
    (replace("stop_times.txt", "T1,07:00:00,07:00:00", "T1,07:60:00,07:60:00"),
     "stop_times.txt:2: avertissement : heure « 07:60:00 » illisible"),
    (replace("stop_times.txt", "T1,07:10:00,07:10:00,S2,2", "T1,06:10:00,06:10:00,S2,2"),
     "stop_times.txt:3: avertissement : le trajet « T1 » revient en arrière dans le temps"),
    (replace("stop_times.txt", "T1,07:10:00,07:10:00,S2,2", "T7,07:10:00,07:10:00,S2,2"),
     "stop_times.txt:3: avertissement : le trajet « T7 » n'existe pas dans trips.txt"),
    (replace("stop_times.txt", "T1,07:10:00,07:10:00,S2,2", "T1,07:10:00,07:10:00,S2,deux"),
     "stop_times.txt:3: avertissement : stop_sequence vaut « deux »"),
    (replace("trips.txt", "R1,WK,T1", "R9,WK,T1"),
     "trips.txt:2: avertissement : la ligne « R9 » n'existe pas dans routes.txt : trajet ignoré."),
    (replace("trips.txt", "R1,WK,T1", "R1,WEEK,T1"),
     "trips.txt:2: avertissement : le service « WEEK » n'existe ni dans calendar.txt ni dans calendar_dates.txt"),
    ({"calendar.txt": TINY["calendar.txt"] + "SA,0,0,0,0,0,1,0,2026-01-01,20271231\n"},
     "calendar.txt:3: avertissement : date « 2026-01-01 » illisible dans « start_date » : écrivez AAAAMMJJ"),
    ({"calendar.txt": TINY["calendar.txt"] + "SA,0,0,oui,0,0,1,0,20260101,20271231\n"},
     "calendar.txt:3: avertissement : « wednesday » vaut « oui »"),
    ({"calendar.txt": TINY["calendar.txt"] + "SA,0,0,0,0,0,1,0,20271231,20260101\n"},
     "calendar.txt:3: avertissement : le service « SA » finit (20260101) avant de commencer (20271231) : ignoré."),
    ({"calendar_dates.txt": "service_id,date,exception_type\nWK,20261225,3\n"},
     "calendar_dates.txt:2: avertissement : exception_type vaut « 3 »"),
    (replace("stops.txt", "S2,Mairie,46.81,2.45", "S2,Mairie,146.81,2.45"),
     "stops.txt:3: avertissement : position de l'arrêt « S2 » absente ou impossible"),
    (replace("stops.txt", "S3,Vignes", "S2,Vignes"),
     "stops.txt:4: avertissement : l'arrêt « S2 » est décrit deux fois"),
])
def test_a_bad_row_is_a_warning_at_its_line_and_the_rest_is_kept(tmp_path, changes, expected):
    timetable, problems = problems_of(tmp_path, changes)
    assert any(expected in p for p in problems), problems
    assert timetable is not None and timetable.trips


@pytest.mark.parametrize("changes, missing, expected", [
    ({}, ("stops.txt",), "stops.txt:1: fichier obligatoire absent du flux GTFS."),
    ({}, ("calendar.txt",), "calendar.txt ou calendar_dates.txt:1: fichier obligatoire absent du flux GTFS."),
    (replace("stops.txt", "stop_id,", "id,"), (), "stops.txt:1: colonne obligatoire « stop_id » absente de la "
                                                  "première ligne (colonnes trouvées : id, stop_name, stop_lat, stop_lon)."),
    (replace("stop_times.txt", "trip_id,arrival_time,departure_time,", "trip_id,arrivee,depart,"), (),
     "stop_times.txt:1: ni « departure_time » ni « arrival_time » : aucune heure de passage."),
    (replace("agency.txt", "Europe/Paris", "Europe/Paname"), (),
     "agency.txt:2: fuseau horaire inconnu « Europe/Paname » : écrivez par exemple Europe/Paris."),
    (replace("trips.txt", "R1,WK,T1,Vignes\nR1,WK,T2,Vignes\n", ""), (),
     "stop_times.txt:1: aucun trajet utilisable : rien à importer."),
])
def test_an_error_refuses_the_feed_and_says_where(tmp_path, changes, missing, expected):
    timetable, problems = problems_of(tmp_path, changes, missing)
    assert timetable is None
    assert expected in problems, problems


def test_a_trip_without_its_first_time_is_dropped_and_empty_middle_times_are_spread(tmp_path):
    changes = {"stop_times.txt": TINY["stop_times.txt"].replace("T1,07:00:00,07:00:00", "T1,,")
               .replace("T2,24:05:00,24:05:00", "T2,,")}
    timetable, problems = problems_of(tmp_path, changes)
    assert "stop_times.txt:2: avertissement : le trajet « T1 » n'a pas d'heure à son premier arrêt : trajet ignoré." in problems
    assert [t.id for t in timetable.trips] == ["T2"]
    assert timetable.trips[0].times[1] == (23 * 3600 + 50 * 60 + 24 * 3600 + 15 * 60) // 2


def test_repeated_warnings_are_capped_with_a_count(tmp_path):
    bad = "".join(f"T9,07:00:00,07:00:00,S1,{n}\n" for n in range(1, MAX_WARNINGS_PER_FILE + 11))
    _, problems = problems_of(tmp_path, {"stop_times.txt": TINY["stop_times.txt"] + bad})
    about = [p for p in problems if p.startswith("stop_times.txt:")]
    assert len(about) == MAX_WARNINGS_PER_FILE + 1
    assert "… et 10 autre(s) ligne(s) en défaut dans ce fichier" in about[-1]


def test_a_zip_a_folder_inside_a_zip_a_bom_and_windows_1252_are_read(tmp_path):
    folder = write_feed(tmp_path / "feed")
    archive = tmp_path / "reseau.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in folder.iterdir():
            text = path.read_text(encoding="utf-8")
            if path.name == "stops.txt":  # an old export: BOM-less Windows-1252, spaces in the header
                data = text.replace("stop_id,stop_name", "stop_id, stop_name").replace("Mairie", "Hôtel de ville").encode("cp1252")
            else:
                data = ("\ufeff" + text).encode("utf-8")
            z.writestr(f"export-2026/{path.name}", data)
    timetable, problems = read_feed(archive)
    assert timetable.stops["S2"].name == "Hôtel de ville"
    assert [str(p) for p in problems] == ["stops.txt:1: avertissement : fichier pas en UTF-8 : lu comme du "
                                          "Windows-1252 (vérifiez les accents des noms)."]


def test_rows_keep_the_line_they_start_on_across_quoted_line_breaks(tmp_path):
    folder = write_feed(tmp_path / "feed", {"stops.txt": 'stop_id,stop_name\nS1,"Gare\nSNCF"\n\nS2,Mairie\n'})
    feed = Feed(folder)
    assert [(line, row["stop_id"]) for line, row in feed.table("stops.txt").rows] == [(2, "S1"), (5, "S2")]


def test_what_is_not_a_feed_is_one_problem(tmp_path):
    (tmp_path / "reseau.zip").write_text("pas un zip", encoding="utf-8")
    timetable, problems = read_feed(tmp_path / "reseau.zip")
    assert timetable is None
    assert [str(p) for p in problems] == ["reseau.zip:1: ce n'est pas un fichier zip lisible (un flux GTFS est un "
                                          "zip de fichiers .txt, ou un dossier de ces fichiers)."]
    timetable, problems = read_feed(tmp_path / "absent.zip")
    assert timetable is None and "introuvable" in str(problems[0])
