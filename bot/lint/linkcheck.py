"""URLs checked over the network for `guichet check --links`: dead, redirected, or fine.

HEAD first (no body to download), GET when a server refuses HEAD (405, 501). Redirects are
followed and the final address kept. Bounded: WORKERS requests at once, PER_HOST per site (the
national catalogue's thousands of service-public.fr links must not look like an attack), a
timeout per request. The standard library only (urllib in a thread pool): aiohttp is a test
dependency, not one a town hall's server installs. Results are kept KEEP seconds in a JSON file
of the data folder, except failures that may pass (timeouts, refused connections, 5xx, 429),
which are asked again next time.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

USER_AGENT = "Guichet/0.1 (verification des liens d'une mairie)"
WORKERS = 8
PER_HOST = 2
KEEP = 24 * 3600
REASONS = {"dns": "adresse introuvable", "timeout": "pas de réponse dans le délai", "refused": "connexion refusée",
           "tls": "certificat refusé", "invalid": "adresse mal formée", "other": "pas de réponse"}


@dataclass(frozen=True)
class LinkResult:
    """What one URL gave: the final HTTP status and address, or why there was no answer."""

    url: str
    status: int = 0
    final: str = ""  # the address after redirects, when it differs
    error: str = ""  # a key of REASONS when no HTTP answer came

    @property
    def dead(self) -> bool:
        return bool(self.error) or self.status >= 300  # a 3xx left over is a redirect loop

    @property
    def redirected(self) -> bool:
        return not self.dead and bool(self.final) and self.final != self.url

    @property
    def transient(self) -> bool:
        """A failure that may pass: asked again next time rather than kept."""
        return self.error in ("timeout", "refused", "other") or self.status >= 500 or self.status == 429

    def reason(self) -> str:
        if self.error:
            return REASONS.get(self.error, REASONS["other"])
        return f"erreur {self.status}" if self.status < 300 or self.status >= 400 else "redirections sans fin"


@dataclass
class LinkReport:
    results: dict[str, LinkResult]
    cached: int
    seconds: float

    def headline(self) -> str:
        values = self.results.values()
        return (f"{len(self.results)} adresse(s) en {self.seconds:.0f} s, dont {self.cached} déjà vérifiée(s) depuis "
                f"moins de 24 h : {sum(r.dead for r in values)} morte(s), {sum(r.redirected for r in values)} "
                "redirigée(s)")


class _KeepMethod(urllib.request.HTTPRedirectHandler):
    """Follow a redirect with the same method: a HEAD stays a HEAD (urllib would turn it into a GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


def check_url(url: str, timeout: float) -> LinkResult:
    """HEAD, then GET if the server refuses HEAD; never raises."""
    try:
        status, final = _ask(url, "HEAD", timeout)
        if status in (405, 501):
            status, final = _ask(url, "GET", timeout)
    except (TimeoutError, socket.timeout):
        return LinkResult(url, error="timeout")
    except urllib.error.URLError as exc:
        return LinkResult(url, error=_why(exc.reason))
    except ValueError:
        return LinkResult(url, error="invalid")
    except Exception:  # noqa: BLE001 - a server's oddity (reset, bad headers) is one dead link, not a crash
        return LinkResult(url, error="other")
    return LinkResult(url, status, final if final != url else "")


def _ask(url: str, method: str, timeout: float) -> tuple[int, str]:
    opener = urllib.request.build_opener(_KeepMethod())
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as exc:  # 4xx, 5xx (and a redirect loop): an answer all the same
        exc.close()
        return exc.code, exc.geturl() or url


def _why(reason) -> str:
    if isinstance(reason, socket.gaierror):
        return "dns"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timeout"
    if isinstance(reason, ConnectionRefusedError):
        return "refused"
    if isinstance(reason, ssl.SSLError):
        return "tls"
    return "other"


def check_links(urls: list[str], cache: Path | None, *, timeout: float = 10.0, workers: int = WORKERS,
                now: float | None = None) -> LinkReport:
    """Every URL's result: from the cache when younger than KEEP, else asked over the network."""
    started = time.monotonic()
    now = time.time() if now is None else now
    known = _read(cache, now)
    results = {u: known[u][0] for u in urls if u in known}
    todo = [u for u in urls if u not in results]
    hosts: dict[str, threading.Semaphore] = {}
    lock = threading.Lock()

    def one(url: str) -> LinkResult:
        with lock:
            gate = hosts.setdefault(urlsplit(url).netloc.lower(), threading.Semaphore(PER_HOST))
        with gate:
            return check_url(url, timeout)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        fresh = dict(zip(todo, pool.map(one, todo)))
    results.update(fresh)
    if cache is not None and fresh:
        _write(cache, {**known, **{u: (r, now) for u, r in fresh.items() if not r.transient}})
    return LinkReport(results, len(urls) - len(todo), time.monotonic() - started)


def _read(cache: Path | None, now: float) -> dict[str, tuple[LinkResult, float]]:
    """The cached results younger than KEEP, with when each was asked; a missing or damaged file is an empty cache."""
    if cache is None:
        return {}
    try:
        rows = json.loads(cache.read_text(encoding="utf-8"))["links"]
        return {url: (LinkResult(url, int(r["status"]), str(r["final"]), str(r["error"])), float(r["at"]))
                for url, r in rows.items() if now - float(r["at"]) < KEEP}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write(cache: Path, rows: dict[str, tuple[LinkResult, float]]) -> None:
    """Whole or not at all (a temporary file renamed); a failure only loses the cache."""
    data = {url: {"status": r.status, "final": r.final, "error": r.error, "at": at} for url, (r, at) in rows.items()}
    tmp = cache.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps({"links": data}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        tmp.unlink(missing_ok=True)
