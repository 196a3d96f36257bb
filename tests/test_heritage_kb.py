"""Heritage in the knowledge: a photo shipped in the folder and a walking tour's stops are checked by
`guichet check` with French `path:line` problems; the demo's photos are small and licensed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import errors, fingerprint, load_knowledge

from conftest import DEMO_TOWN, KNOWLEDGE

CATEGORY = "categories:\n  - id: patrimoine\n    title: Patrimoine\n"
SITE = ("id: {id}\nkind: heritage\ntitle: {title}\ncategory: patrimoine\nsummary: Une belle histoire.\n"
        "location:\n  address: Place du Bourg\n{geo}updated: 2026-01-05\n")
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64  # what is checked is the file's presence, type and size


def town(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "knowledge"
    base = {"categories.yaml": CATEGORY,
            "eglise.yaml": SITE.format(id="eglise", title="Église", geo="  geo: {lat: 46.8128, lon: 2.4552}\n"),
            "halle.yaml": SITE.format(id="halle", title="Halle", geo="  geo: {lat: 46.8118, lon: 2.4590}\n")}
    for name, content in {**base, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    return [str(p) for p in errors(load_knowledge([root])[1])]


def tour(stops: str) -> str:
    return ("id: circuit\nkind: tour\ntitle: Circuit\ncategory: patrimoine\nsummary: Une balade.\n"
            f"{stops}updated: 2026-01-05\n")


def test_a_photo_in_the_folder_is_kept_as_its_full_path(tmp_path):
    root = town(tmp_path, {"photos/eglise.jpg": JPEG,
                           "eglise.yaml": SITE.format(id="eglise", title="Église", geo="").replace(
                               "updated", "photo: photos/eglise.jpg\nupdated")})
    knowledge, found = load_knowledge([root])
    assert errors(found) == []
    assert knowledge.entries["eglise"].photo == str((root / "photos" / "eglise.jpg").resolve())


@pytest.mark.parametrize("written, expect", [
    ("photos/absente.jpg", "photo « photos/absente.jpg » introuvable : déposez l'image dans le dossier"),
    ("../ailleurs.jpg", "sans « .. » ni « / » au début"),
    ("/etc/passwd.jpg", "sans « .. » ni « / » au début"),
    ("photos/eglise.gif", "formats acceptés .jpg, .jpeg, .png"),
    ("[une, liste]", "« photo » est le chemin d'une image"),
])
def test_a_wrong_photo_is_one_problem_at_its_line(tmp_path, written, expect):
    site = SITE.format(id="eglise", title="Église", geo="").replace("updated", f"photo: {written}\nupdated")
    root = town(tmp_path, {"photos/eglise.jpg": JPEG, "eglise.yaml": site})
    (problem,) = problems(root)
    assert "eglise.yaml:8: " in problem and expect in problem, problem


def test_an_oversized_photo_is_refused(tmp_path):
    site = SITE.format(id="eglise", title="Église", geo="").replace("updated", "photo: grande.png\nupdated")
    root = town(tmp_path, {"grande.png": b"\0" * 5_000_001, "eglise.yaml": site})
    (problem,) = problems(root)
    assert "eglise.yaml:8: " in problem and "trop lourde (5.0 Mo)" in problem


def test_a_valid_tour_keeps_its_stops_in_order(tmp_path):
    root = town(tmp_path, {"circuit.yaml": tour("stops:\n  - id: halle\n    note: La charpente.\n  - eglise\n")})
    knowledge, found = load_knowledge([root])
    assert errors(found) == []
    assert [(s.entry, s.note) for s in knowledge.entries["circuit"].stops] == [("halle", "La charpente."),
                                                                                ("eglise", "")]


@pytest.mark.parametrize("files, expect, line", [
    ({"circuit.yaml": tour("stops:\n  - id: halle\n  - id: eglize\n")},
     "étape « eglize » introuvable : aucune fiche n'a cet id. Vouliez-vous dire « eglise » ?", 8),
    ({"circuit.yaml": tour("stops:\n  - id: halle\n  - id: lavoir\n"),
      "lavoir.yaml": SITE.format(id="lavoir", title="Lavoir", geo="")},
     "l'étape « lavoir » n'a pas de position : ajoutez « geo: {lat: …, lon: … } »", 8),
    ({"circuit.yaml": tour("stops:\n  - id: halle\n  - id: circuit-bis\n"),
      "bis.yaml": tour("stops: [halle, eglise]\n").replace("id: circuit", "id: circuit-bis")},
     "l'étape « circuit-bis » n'est pas un lieu de patrimoine", 8),
    ({"circuit.yaml": tour("")}, "(circuit) doit avoir « stops »", 1),
    ({"circuit.yaml": tour("stops: [halle]\n")}, "liste de 2 à 40 étapes", 6),
    ({"circuit.yaml": tour("stops:\n  - id: halle\n  - {note: sans id}\n")}, "une étape s'écrit « - id: ", 8),
    ({"circuit.yaml": tour("stops:\n  - id: halle\n  - id: eglise\n    nota: x\n")},
     "clé inconnue « nota » dans une étape de circuit", 9),
    ({"circuit.yaml": tour("stops: [halle, eglise]\n").replace("kind: tour", "kind: info")},
     "« stops » (les étapes) ne sert qu'à un circuit", 6),
])
def test_tour_mistakes_are_one_french_problem_at_their_line(tmp_path, files, expect, line):
    (problem,) = problems(town(tmp_path, files))
    assert f"circuit.yaml:{line}: " in problem and expect in problem, problem


def test_adding_the_missing_photo_changes_the_fingerprint(tmp_path):
    """The running bot reloads when a clerk drops in the photo `guichet check` asked for."""
    root = town(tmp_path, {})
    before = fingerprint([root])
    (root / "photos").mkdir()
    (root / "photos" / "eglise.jpg").write_bytes(JPEG)
    assert fingerprint([root]) != before


@pytest.mark.parametrize("folder", [KNOWLEDGE, DEMO_TOWN], ids=["knowledge", "demo-town"])
def test_the_demo_heritage_has_small_licensed_photos_and_a_tour(folder):
    knowledge, found = load_knowledge([folder])
    assert errors(found) == []
    sites = [e for e in knowledge.entries.values() if e.kind == "heritage"]
    assert sites and all(e.photo for e in sites)
    assert all(Path(e.photo).stat().st_size < 60_000 for e in sites)
    assert "CC0" in (folder / "patrimoine" / "photos" / "LICENCE.md").read_text(encoding="utf-8")
    tour = knowledge.entries["circuit-centre"]
    assert tour.kind == "tour" and [s.entry for s in tour.stops][0] == "eglise-saint-martin"
