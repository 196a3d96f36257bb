"""Clerk-proof knowledge: every mistake a clerk (or a hostile file) can save is one French
`path:line: message`, given in under 2 s and 200 MB, never an exception.

Each case is a small knowledge folder (a valid category and fiche, plus the mistake). They are
all loaded in one child process (tests/kb_measure.py) with a memory cap: a regression on the
alias bomb or /dev/zero then fails here instead of taking the machine down.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.kb import check_cases, errors, load_knowledge
from bot.kb.limits import MAX_FIELD_CHARS, MAX_FILE_BYTES, MAX_ID_LEN, MAX_TITLE_CHARS

from conftest import ROOT

FICHE = "id: {id}\ntitle: Acte de naissance\ncategory: papiers\nsummary: À la mairie.\nupdated: 2026-01-05\n"
BASE = {
    "categories.yaml": "categories:\n  - id: papiers\n    title: Papiers\n",
    "carte.yaml": FICHE.format(id="carte"),
}
FIFO = object()


@dataclass
class Link:
    target: str


@dataclass
class Mistake:
    name: str
    files: dict  # path -> text, bytes, FIFO or Link(target)
    expect: str  # a fragment of the one problem
    line: int | str  # its line, or a text on that line of x.yaml
    level: str = "error"

    def expected_line(self) -> int:
        if isinstance(self.line, int):
            return self.line
        return next(n for n, row in enumerate(self.files["x.yaml"].splitlines(), 1) if self.line in row)


def fiche(**changes: str) -> str:
    """The valid fiche `acte` with some fields replaced (a value of None drops the field)."""
    fields = {"id": "acte", "title": "Acte de naissance", "category": "papiers",
              "summary": "À la mairie.", "updated": "2026-01-05"}
    fields.update(changes)
    return "".join(f"{k}: {v}\n" for k, v in fields.items() if v is not None)


def guide(levels: int) -> str:
    """A guide fiche with an id as long as allowed and `levels` nested options."""
    def node(depth: int) -> dict:
        sub = node(depth + 1) if depth < levels - 1 else {"goto": "carte"}
        return {"options": [{"label": f"niveau {depth}", **sub}]}
    data = {"id": "g" * MAX_ID_LEN, "kind": "guide", "title": "Guide", "category": "papiers",
            "updated": "2026-01-05", "guide": {"question": "Qui ?", **node(0)}}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


BOMB = ("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9))
        + "id: bombe\ntitle: Bombe\ncategory: papiers\nsummary: s\nupdated: *a8\n")

MISTAKES = [
    Mistake("impossible month", {"x.yaml": fiche(updated="2026-13-04")}, "la date « 2026-13-04 » n'existe pas", 5),
    Mistake("impossible day", {"x.yaml": fiche(updated="2026-02-30")}, "la date « 2026-02-30 » n'existe pas", 5),
    Mistake("french date", {"x.yaml": fiche(updated="04/12/2026")}, "écrivez-la AAAA-MM-JJ, ici 2026-12-04", 5),
    Mistake("date in the future", {"x.yaml": fiche(updated="2099-01-05")}, "« updated » est dans le futur", 5,
            level="warning"),
    Mistake("deep nesting", {"x.yaml": fiche(summary="[" * 300 + "]" * 300)}, "imbrication trop profonde", 4),
    Mistake("nesting that crashes libyaml", {"x.yaml": fiche(summary="[" * 200_000)}, "imbrication trop profonde", 4),
    Mistake("alias bomb", {"x.yaml": BOMB}, "ancres et alias YAML refusés", 1),
    Mistake("text starting with a star", {"x.yaml": fiche(summary="*Important* : venez tôt")},
            "un texte ne peut pas commencer par « & » ou « * »", 4),
    Mistake("named pipe", {"x.yaml": FIFO}, "ce n'est pas un fichier ordinaire", 1),
    Mistake("link to /dev/zero", {"x.yaml": Link("/dev/zero")}, "lien symbolique vers un fichier hors du dossier", 1),
    Mistake("broken link", {"x.yaml": Link("nulle-part.yaml")}, "lien symbolique cassé", 1),
    Mistake("oversized file", {"x.yaml": fiche(summary="x" * (MAX_FILE_BYTES + 10))}, "fichier trop gros", 1),
    Mistake("oversized field", {"x.yaml": fiche(summary="mot " * (MAX_FIELD_CHARS // 4 + 10))}, "texte trop long", 4),
    Mistake("over-long entry id", {"x.yaml": fiche(id="a" * (MAX_ID_LEN + 1))}, "identifiant invalide", 1),
    Mistake("over-long category id (breaks /menu)",
            {"x.yaml": "categories:\n  - id: " + "c" * 70 + "\n    title: Trop long\n"}, "identifiant invalide", 2),
    Mistake("over-long title", {"x.yaml": fiche(title="Titre " * 40)}, f"{MAX_TITLE_CHARS} au plus", 2),
    Mistake("bytes that are not UTF-8", {"x.yaml": fiche().encode() + "notes: [caf\xe9]\n".encode("latin-1")},
            "n'est pas en UTF-8 (octet 0xE9)", 6),
    Mistake("invisible control character", {"x.yaml": fiche(summary="À la\x07 mairie")}, "caractère invisible", 4),
    Mistake("list at the top level", {"x.yaml": "- id: acte\n- title: Acte\n"}, "pas par une liste", 1),
    Mistake("duplicate key", {"x.yaml": fiche() + "summary: Ailleurs.\n"},
            "« summary » est écrite deux fois (lignes 4 et 6)", 6),
    Mistake("tab indentation", {"x.yaml": fiche() + "steps:\n\t- Venez.\n"}, "tabulation interdite", 7),
    Mistake("colon inside a text", {"x.yaml": fiche(summary="Horaires : 9h-12h: le matin")}, "« : » inattendu", 4),
    Mistake("unindented continuation line",
            {"x.yaml": fiche(summary=None) + "summary: Tout le monde peut\nobtenir une copie\nsteps: [Venez]\n"},
            "n'est pas de la forme « clé: valeur »", 6),
    Mistake("unclosed quote", {"x.yaml": fiche(title='"Acte de naissance', summary="À la mairie.")},
            "guillemet ouvert sur cette ligne", 2),
    Mistake("unclosed bracket", {"x.yaml": fiche() + "keywords: [acte, naissance\nnotes: [x]\n"},
            "crochets mal fermée", 6),
    Mistake("two documents", {"x.yaml": fiche() + "---\nid: autre\n"}, "un seul document par fichier", 6),
    Mistake("python tag", {"x.yaml": fiche(summary="!!python/object:os.system ls")}, "commencer par « ! »", 4),
    Mistake("unreadable tagged value", {"x.yaml": fiche(summary="!!binary zz")}, "valeur illisible", 4),
    Mistake("URL with a space", {"x.yaml": fiche() + "links:\n  - label: Site\n    url: https://www.exemple.fr/a b\n"},
            "il contient une espace", 8),
    Mistake("URL with a non-breaking space",
            {"x.yaml": fiche() + "links:\n  - label: Site\n    url: https://www.exemple.fr/a\u00a0b\n"},
            "espace insécable", 8),
    Mistake("wrong type: exceptions is a number",
            {"x.yaml": "places:\n  - id: mairie\n    name: Mairie\n    exceptions: 5\n"},
            "« exceptions » doit être une liste", 4),
    Mistake("misspelt required key, reported once", {"x.yaml": fiche(title=None) + "titel: Acte\n"},
            "Vouliez-vous dire « title » ?", 5),
    Mistake("unknown time zone", {"x.yaml": "town:\n  name: Bourg\n  timezone: Europe/Pariss\n"},
            "fuseau horaire inconnu", 3),
    Mistake("guide too deep for its id (buttons hold 64 bytes)", {"x.yaml": guide(9)}, "parcours guidé trop long ici",
            "label: niveau 7"),
    Mistake("syntax error, no cascade", {"x.yaml": fiche(summary="a: b: c"),
                                         "renvoi.yaml": FICHE.format(id="renvoi") + "related: [acte]\n",
                                         "tests/cas.yaml": "- q: acte de naissance\n  expect: [acte]\n"},
            "« : » inattendu", 4),
    Mistake("empty file", {"x.yaml": ""}, "fichier vide", 1, level="warning"),
]


def _build(folder: Path, files: dict) -> None:
    for name, content in {**BASE, **files}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is FIFO:
            os.mkfifo(path)
        elif isinstance(content, Link):
            path.symlink_to(content.target)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> dict[str, dict]:
    """Every mistake loaded in one child process: its problems, seconds and peak memory."""
    root = tmp_path_factory.mktemp("mistakes")
    folders = {}
    for i, mistake in enumerate(MISTAKES):
        folders[mistake.name] = root / f"case{i:02d}"
        _build(folders[mistake.name], mistake.files)
    try:
        proc = subprocess.run([sys.executable, str(ROOT / "tests" / "kb_measure.py"), *map(str, folders.values())],
                              capture_output=True, text=True, timeout=120, cwd=root)
    except subprocess.TimeoutExpired as exc:  # e.g. a pipe read again: name the case that hung
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        started = [json.loads(line)["start"] for line in out.splitlines() if '"start"' in line]
        names = {str(folder): name for name, folder in folders.items()}
        pytest.fail(f"loading hung on « {names.get(started[-1], '?') if started else '?'} »")
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    results = {line["folder"]: line for line in lines if "start" not in line}
    started = [line["start"] for line in lines if "start" in line]
    assert proc.returncode == 0 and len(results) == len(MISTAKES), (
        f"child stopped on {started[-1:] or '?'} (rc {proc.returncode}): {proc.stderr[-2000:]}")
    return {name: results[str(folder)] for name, folder in folders.items()}


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_each_mistake_is_one_french_problem_at_its_line(measured, mistake):
    result = measured[mistake.name]
    assert "exception" not in result, result["exception"]
    assert result["seconds"] < 2.0 and result["peak_mb"] < 200, result
    problems = [p for p in result["problems"] if p[3] == mistake.level]
    assert len(problems) == 1, "\n".join(map(str, result["problems"]))
    path, line, message, _ = problems[0]
    assert Path(path).name == "x.yaml" and line == mistake.expected_line(), problems[0]
    assert mistake.expect in message, message
    assert all(len(p[2]) < 400 for p in result["problems"]), "a message quotes too much of a value"
    if mistake.level == "warning":
        assert not [p for p in result["problems"] if p[3] == "error"]


RICH = {
    "x.yaml": fiche(id="riche") + (
        "kind: guide\nquestions: [Comment ?]\nkeywords: [acte]\nsteps: [Venez]\ndocuments: [Livret]\n"
        "cost: Gratuit\ndelay: 1 jour\nwhere: [mairie]\n"
        "offices:\n  - kind: mairie\n    label: Mairie\n    url: https://www.exemple.fr\n"
        "links:\n  - label: Site\n    url: https://www.exemple.fr\nrelated: [carte]\nnotes: [Note]\n"
        "sections:\n  - title: Titre\n    text: Texte\nvariants:\n  - label: Majeur\n    summary: s\n"
        "facets:\n  pour: majeur\nsource:\n  name: DILA\n  url: https://www.exemple.fr\n  date: 2026-01-01\n"
        "review_by: 2030-01-01\nhidden: false\nlocation:\n  address: 1 rue\n  geo:\n    lat: 47.0\n    lon: 0.6\n"
        "period: XIIe\nstatus: en cours\ntimeline:\n  - date: '2027'\n    label: Fin\nbudget: 1 M€\n"
        "guide:\n  question: Qui ?\n  options:\n    - label: Moi\n      goto: carte\n"
        "checklist:\n  - label: Carte\n    id: carte\n"),
    "y.yaml": ("town:\n  name: Bourg\n  fictional: true\n  website: https://www.exemple.fr\n  contact_place: mairie\n"
               "  timezone: Europe/Paris\n  emergency:\n    - label: SAMU\n      number: '15'\n"
               "places:\n  - id: mairie\n    name: Mairie\n    kind: mairie\n    url: https://www.exemple.fr\n"
               "    geo:\n      lat: 47.0\n      lon: 0.6\n    closed_on_holidays: true\n"
               "    hours:\n      lundi: 08:00-12:00\n"
               "    exceptions:\n      - date: 2026-12-24\n        hours: fermé\n        note: Noël\n"
               "      - from: 2026-08-01\n        to: 2026-08-15\n"
               "categories:\n  - id: loisirs\n    title: Loisirs\n    emoji: x\n    description: d\n"
               "overlays:\n  - id: carte\n    questions: [Ma carte ?]\n    hidden: false\n"
               "synonyms:\n  - [cni, carte d'identité]\n"),
    "tests/cas.yaml": "- q: carte\n  expect: [carte]\n",
}
WRONG = ["5", "1.5", "true", "null", "[a, b]", "{a: 1}", "[[1]]", "2026-01-01", "''", "[{}]", "-1e400"]
KEY_LINE = re.compile(r"^(\s*(?:- )?)([a-z_]+):")


def mutations():
    """(file, content) for every key of RICH given every value of WRONG (its block dropped)."""
    for name, text in RICH.items():
        rows = text.splitlines()
        for i, row in enumerate(rows):
            m = KEY_LINE.match(row)
            if not m:
                continue
            column = len(m.group(1))
            end = i + 1
            while end < len(rows) and len(rows[end]) - len(rows[end].lstrip()) > column:
                end += 1
            for value in WRONG:
                yield name, "\n".join(rows[:i] + [f"{m.group(1)}{m.group(2)}: {value}"] + rows[end:]) + "\n"


def test_rich_files_are_valid():
    """The base of the next test: without a mutation, no problem at all."""
    folder_problems = _problems(RICH)
    assert folder_problems == [], folder_problems


def test_no_crash_on_any_wrongly_typed_field(tmp_path):
    """Every key of a rich fiche, town, place, category, overlay and test case given each wrong
    type: problems, never an exception nor the loader's last-resort "erreur interne"."""
    count = 0
    for count, (name, content) in enumerate(mutations(), 1):
        problems = _problems({**RICH, name: content}, tmp_path / str(count))
        assert not [p for p in problems if "erreur interne" in p], (name, content, problems)
    assert count > 700


def _problems(files: dict, folder: Path | None = None) -> list[str]:
    folder = folder or Path(tempfile.mkdtemp())
    _build(folder, files)
    knowledge, problems = load_knowledge([folder])
    return [str(p) for p in problems + check_cases(knowledge)]


def test_check_prints_problems_and_no_traceback(tmp_path):
    """`guichet check` on an impossible date: the French problem, exit code 1, no traceback."""
    _build(tmp_path, {"x.yaml": fiche(updated="2026-02-30")})
    proc = subprocess.run([sys.executable, "-m", "bot", "check", "--knowledge", str(tmp_path)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    assert "x.yaml:5: « updated » : la date « 2026-02-30 » n'existe pas" in proc.stdout


def test_the_demo_knowledge_is_still_accepted_whole():
    knowledge, problems = load_knowledge([ROOT / "knowledge"])
    assert errors(problems) == [] and len(knowledge.entries) >= 60
