"""`guichet check --links` against a local server on 127.0.0.1: never the network.

The server answers 200, a 301 to the 200, 404, 405 to HEAD (200 to GET), and one page too slow
for the timeout; a closed port stands for a site that refuses connections.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.lint.linkcheck import KEEP, check_links
from bot.lint.links import link_problems, link_spots

from conftest import ROOT

SLOW = 1.5  # seconds the slow page waits; the checks give up after TIMEOUT
TIMEOUT = 0.4


class Handler(BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        Handler.hits.append((self.command, self.path))
        if self.path == "/ok":
            self._send(200, body)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/nohead":
            self._send(405 if self.command == "HEAD" else 200, body)
        elif self.path == "/slow":
            time.sleep(SLOW)
            self._send(200, body)
        else:
            self._send(404, body)

    def _send(self, status: int, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def server(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    Handler.hits = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def town(tmp_path, base: str, refused: str):
    folder = tmp_path / "town"
    folder.mkdir()
    (folder / "categories.yaml").write_text("categories:\n  - id: papiers\n    title: Papiers\n")
    (folder / "liens.yaml").write_text(
        "id: liens\ntitle: Des liens\ncategory: papiers\nupdated: 2026-11-01\n"
        f"summary: Voir {base}/ok, ou {base}/slow.\n"
        "links:\n"
        f"  - label: Déplacé\n    url: {base}/moved\n"
        f"  - label: Disparu\n    url: {base}/missing\n"
        f"  - label: Sans HEAD\n    url: {base}/nohead\n"
        f"  - label: Fermé\n    url: {refused}/\n")
    (folder / "lieux.yaml").write_text(f"places:\n  - id: mairie\n    name: Mairie\n    url: {base}/missing\n")
    return folder


def test_each_kind_of_answer_and_its_line(tmp_path, server):
    refused = f"http://127.0.0.1:{closed_port()}"
    folder = town(tmp_path, server, refused)
    spots = link_spots([folder])
    assert [(s.url.removeprefix(server), s.line) for s in spots if s.url.startswith(server)] == [
        ("/ok", 5), ("/slow", 5), ("/moved", 8), ("/missing", 10), ("/nohead", 12), ("/missing", 4)]
    report = check_links(sorted({s.url for s in spots}), tmp_path / "links.json", timeout=TIMEOUT)
    r = report.results
    assert (r[f"{server}/ok"].dead, r[f"{server}/ok"].redirected) == (False, False)
    assert r[f"{server}/moved"].redirected and r[f"{server}/moved"].final == f"{server}/ok"
    assert r[f"{server}/missing"].dead and r[f"{server}/missing"].status == 404
    assert not r[f"{server}/nohead"].dead and ("GET", "/nohead") in Handler.hits
    assert r[f"{server}/slow"].error == "timeout"
    assert r[f"{refused}/"].error == "refused"
    assert ("GET", "/moved") not in Handler.hits  # a redirected HEAD stays a HEAD

    lines = [str(p) for p in link_problems(spots, r)]
    liens, lieux = str(folder / "liens.yaml"), str(folder / "lieux.yaml")
    assert f"{liens}:8: avertissement : lien redirigé : {server}/moved mène à {server}/ok" in "\n".join(lines)
    assert any(line.startswith(f"{liens}:10: avertissement : lien mort (erreur 404)") for line in lines)
    assert any(line.startswith(f"{lieux}:4: avertissement : lien mort (erreur 404)") for line in lines)
    assert any(line.startswith(f"{liens}:5: avertissement : lien mort (pas de réponse dans le délai)") for line in lines)
    assert any(line.startswith(f"{liens}:14: avertissement : lien mort (connexion refusée)") for line in lines)
    assert len(lines) == 5
    assert "6 adresse(s)" in report.headline() and "3 morte(s), 1 redirigée(s)" in report.headline()


def test_the_cache_keeps_answers_a_day_and_asks_again_what_may_pass(tmp_path, server):
    urls = [f"{server}/ok", f"{server}/missing", f"{server}/slow"]
    cache = tmp_path / "links.json"
    first = check_links(urls, cache, timeout=TIMEOUT, now=1000.0)
    assert first.cached == 0
    Handler.hits = []
    again = check_links(urls, cache, timeout=TIMEOUT, now=1000.0 + KEEP - 60)
    assert again.cached == 2 and again.results == first.results
    assert [path for _, path in Handler.hits] == ["/slow"]  # a timeout is not kept
    Handler.hits = []
    later = check_links(urls, cache, timeout=TIMEOUT, now=1000.0 + KEEP + 60)
    assert later.cached == 0 and {path for _, path in Handler.hits} == {"/ok", "/missing", "/slow"}
    cache.write_text("{not json")
    assert check_links([f"{server}/ok"], cache, timeout=TIMEOUT).results[f"{server}/ok"].status == 200


def test_guichet_check_links_prints_the_group_and_keeps_exit_0(tmp_path, server):
    folder = town(tmp_path, server, f"http://127.0.0.1:{closed_port()}")
    # http:// is refused in `url:` fields; a text's address is checked all the same
    (folder / "liens.yaml").write_text("id: liens\ntitle: Des liens\ncategory: papiers\nupdated: 2026-11-01\n"
                                       f"summary: Voir {server}/missing ou {server}/moved.\n")
    (folder / "lieux.yaml").unlink()
    env = {**os.environ, "GUICHET_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-m", "bot", "check", "--knowledge", str(folder), "--links", "--delai",
                           str(TIMEOUT)], capture_output=True, text=True, cwd=ROOT, timeout=60, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "── Liens : 2 adresse(s)" in proc.stdout
    assert f"liens.yaml:5: avertissement : lien mort (erreur 404) : {server}/missing" in proc.stdout
    assert f"liens.yaml:5: avertissement : lien redirigé : {server}/moved mène à {server}/ok" in proc.stdout
    assert (tmp_path / "data" / "cache" / "links.json").stat().st_mode & 0o777 == 0o600
    plain = subprocess.run([sys.executable, "-m", "bot", "check", "--knowledge", str(folder)],
                           capture_output=True, text=True, cwd=ROOT, timeout=60, env=env)
    assert "Liens" not in plain.stdout  # never by default
