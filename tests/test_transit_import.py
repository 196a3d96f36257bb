"""`guichet import-gtfs` and the imported timetable in a knowledge folder: the demo's committed
import is what the feed gives, a broken feed writes nothing, `guichet check` shows the feed's
warnings at their `file.txt:line`, and the running bot reloads a new import like any edit."""

import datetime as dt
import shutil
import zipfile
from zoneinfo import ZoneInfo

from bot.cli import main
from bot.config import Settings
from bot.engine import Engine
from bot.kb import errors, load_knowledge
from bot.transit.departures import next_departures

from conftest import DEMO_TOWN, KNOWLEDGE, ROOT
from test_transit_feed import TINY, write_feed

FEED = ROOT / "knowledge-sources" / "gtfs-bourg-exemple"
IMPORTED = "transport/horaires.json"


def test_reimporting_the_demo_feed_gives_the_committed_files(tmp_path, capsys):
    assert main(["import-gtfs", str(FEED), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Bus Exemple : 2 ligne(s), 14 arrêt(s), 115 trajet(s), horaires valables jusqu'au 31/08/2027." in out
    made = (tmp_path / IMPORTED).read_bytes()
    assert made == (KNOWLEDGE / IMPORTED).read_bytes(), "re-import the demo feed (knowledge-sources/gtfs-bourg-exemple/README.md)"
    assert made == (DEMO_TOWN / IMPORTED).read_bytes(), "copy knowledge/transport into tests/fixtures/demo-town"


def test_a_zip_imports_like_its_folder(tmp_path, capsys):
    archive = tmp_path / "gtfs-bourg-exemple.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(FEED.glob("*.txt")):
            z.write(path, path.name)
    assert main(["import-gtfs", str(archive), "--out", str(tmp_path / "k")]) == 0
    made = (tmp_path / "k" / IMPORTED).read_text(encoding="utf-8")
    expected = (KNOWLEDGE / IMPORTED).read_text(encoding="utf-8")
    assert made == expected.replace('"source": "gtfs-bourg-exemple"', '"source": "gtfs-bourg-exemple.zip"')


def test_a_broken_feed_writes_nothing_and_says_where(tmp_path, capsys):
    out_dir = tmp_path / "k"
    (out_dir / "transport").mkdir(parents=True)
    (out_dir / IMPORTED).write_text("previous", encoding="utf-8")
    feed = write_feed(tmp_path / "feed", {"stops.txt": TINY["stops.txt"].replace("stop_id,", "id,")})
    assert main(["import-gtfs", str(feed), "--out", str(out_dir)]) == 1
    out = capsys.readouterr().out
    assert "stops.txt:1: colonne obligatoire « stop_id » absente" in out
    assert "rien n'a été importé" in out
    assert (out_dir / IMPORTED).read_text(encoding="utf-8") == "previous"


def test_warnings_are_imported_with_the_feed_and_shown_by_check(tmp_path, capsys):
    feed = write_feed(tmp_path / "reseau", {"stop_times.txt": TINY["stop_times.txt"].replace(
        "T1,07:10:00,07:10:00,S2,2", "T1,07:10:00,07:10:00,S9,2")})
    knowledge = tmp_path / "k"
    shutil.copytree(DEMO_TOWN, knowledge, ignore=shutil.ignore_patterns("transport"))
    assert main(["import-gtfs", str(feed), "--out", str(knowledge)]) == 0
    assert "stop_times.txt:3: avertissement : l'arrêt « S9 » n'existe pas dans stops.txt" in capsys.readouterr().out
    assert main(["check", "--knowledge", str(knowledge)]) == 0
    out = capsys.readouterr().out
    assert "reseau/stop_times.txt:3: avertissement : l'arrêt « S9 » n'existe pas dans stops.txt" in out
    assert "Petit Réseau : 1 ligne(s), 3 arrêt(s), 2 trajet(s), horaires valables jusqu'au 31/12/2027." in out


def test_a_damaged_import_is_an_error_of_the_knowledge(tmp_path, capsys):
    knowledge = tmp_path / "k"
    shutil.copytree(DEMO_TOWN, knowledge)
    path = knowledge / IMPORTED
    path.write_text(path.read_text(encoding="utf-8").replace('"trips": [', '"trips": [[', 1), encoding="utf-8")
    _, problems = load_knowledge([knowledge])
    assert [p.path for p in errors(problems)] == [str(path)] and "réimportez" in errors(problems)[0].message
    assert main(["check", "--knowledge", str(knowledge)]) == 1
    path.write_text('{"format": "guichet-horaires 0"}', encoding="utf-8")
    assert "d'un autre format" in errors(load_knowledge([knowledge])[1])[0].message


def test_check_warns_when_the_timetable_ends_soon(tmp_path):
    from bot.kb.build_transit import transit_warnings

    knowledge, _ = load_knowledge([DEMO_TOWN])
    assert transit_warnings(knowledge, dt.date(2027, 1, 10)) == []
    [soon] = transit_warnings(knowledge, dt.date(2027, 8, 20))
    assert str(soon) == ("transport/horaires.json:1: avertissement : les horaires de bus importés s'arrêtent le "
                         "31/08/2027 : importez le nouveau flux du réseau (guichet import-gtfs).")


def test_the_running_bot_reloads_a_new_import(tmp_path):
    knowledge = tmp_path / "k"
    shutil.copytree(DEMO_TOWN, knowledge)
    settings = Settings(knowledge_dirs=(knowledge,), data_dir=tmp_path / "data", secret="test-secret")
    engine = Engine.from_settings(settings, with_storage=False)
    now = dt.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert next_departures(engine.knowledge.transit, ["GARE"], now, 1)[0].when.strftime("%H:%M") == "10:45"
    feed = tmp_path / "feed"
    shutil.copytree(FEED, feed)
    times = feed / "stop_times.txt"
    times.write_text(times.read_text(encoding="utf-8").replace("10:45:00", "10:47:00"), encoding="utf-8")
    assert main(["import-gtfs", str(feed), "--out", str(knowledge)]) == 0
    assert engine.reload_if_changed() == []
    assert next_departures(engine.knowledge.transit, ["GARE"], now, 1)[0].when.strftime("%H:%M") == "10:47"
