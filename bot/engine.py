"""The engine: one object that the Telegram handlers and the console chat both talk to.

Data flows one way: text or button data → matcher → renderer → Reply. The engine owns the
current knowledge (and keeps serving the last good one when an edit breaks it), the storage and
the per-user flood budget. It never raises on citizen input: a bug becomes a polite message.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
import time
import traceback
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from . import render as R
from .config import Settings
from .knowledge import Entry, Knowledge, Problem, errors, fingerprint, load_knowledge
from .search import Matcher, Result, choice_label
from .render import Button, Fmt, Message, Reply  # noqa: F401 - Message and Button are part of the engine API
from .storage import Storage, user_key

log = logging.getLogger("guichet.engine")

DEFAULT_EXAMPLES = [
    "Comment refaire ma carte d'identité ?",
    "Quand passent les encombrants ?",
    "Inscrire mon enfant à la cantine",
    "Il y a un trou dans ma rue",
    "Comment faire un passeport ?",
]


FLOOD_NOTICE = ("Vous m'envoyez beaucoup de messages : je fais une petite pause. "
                "Réessayez dans une minute, je serai là. 🙂")
UNSUPPORTED_WHAT = {
    "sticker": "les autocollants",
    "photo": "les photos",
    "voice": "les messages vocaux",
    "audio": "les fichiers audio",
    "video": "les vidéos",
    "video_note": "les messages vidéo",
    "animation": "les GIF",
    "document": "les fichiers",
    "location": "les positions",
    "venue": "les lieux partagés",
    "contact": "les contacts",
    "poll": "les sondages",
    "dice": "les dés",
}


def describe_exception(error: BaseException) -> str:
    """Exception type and traceback, *without* the exception's message.

    Why: a message can quote the citizen's text (a KeyError on one of their words, a ValueError
    repeating the input…), and no citizen text may reach the logs at any level (RGPD).
    """
    head = f"{type(error).__module__}.{type(error).__qualname__}"
    return head + "\n" + "".join(traceback.format_tb(error.__traceback__))


# The code that shapes the index: a change to any of them invalidates the cached index.
INDEX_CODE = [Path(__file__).with_name("knowledge.py")] + sorted((Path(__file__).parent / "search").glob("*.py")) + sorted(
    p for p in (Path(__file__).parent / "language").iterdir() if p.suffix in (".py", ".yaml", ".json", ".gz"))


def knowledge_fingerprint(dirs) -> str:
    """Signature of the knowledge folders and of the indexing code (stat only, a few ms)."""
    return fingerprint(dirs, INDEX_CODE)


def load_index(settings: Settings, fp: str) -> tuple[Knowledge, list[Problem], Matcher | None]:
    """Knowledge, its problems and its built index, reused from the data folder when nothing
    changed (start-up with the 3,000 national fiches in well under 2 s instead of ~4 s).

    A stale, unreadable or foreign cache is simply rebuilt; it is written only for knowledge
    without errors, through a temporary file so a crash never leaves half a cache.
    """
    path = settings.data_dir / "cache" / "index.pickle"
    try:
        with open(path, "rb") as f:
            cached = pickle.load(f)
        if cached.get("fingerprint") == fp:
            return cached["knowledge"], cached["problems"], cached["matcher"]
    except Exception:  # missing, stale or from another version: rebuild
        pass
    knowledge, problems = load_knowledge(settings.knowledge_dirs, cache_file=Engine.cache_file(settings))
    if errors(problems):
        return knowledge, problems, None
    matcher = Matcher(knowledge)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as f:
            pickle.dump({"fingerprint": fp, "knowledge": knowledge, "problems": problems, "matcher": matcher}, f,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # the cache is an optimisation only
    return knowledge, problems, matcher


class KnowledgeError(Exception):
    """The knowledge folders have errors; `.problems` lists them as `path:line: message`."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problème(s) dans les connaissances")
        self.problems = problems


@dataclass
class FloodBudget:
    """A per-user token bucket: `per_minute` messages, refilled continuously.

    Bounded memory: at most `max_users` buckets are kept (least recently seen dropped first).
    """

    per_minute: int = 20
    max_users: int = 50_000
    buckets: OrderedDict = field(default_factory=OrderedDict)
    clock: Callable[[], float] = time.monotonic  # tests freeze it: no test depends on wall-clock speed

    def check(self, user: str, now: float | None = None) -> str:
        """"ok", "notice" (first message over budget: say it once) or "silent"."""
        if self.per_minute <= 0:
            return "ok"
        now = self.clock() if now is None else now
        tokens, last, warned = self.buckets.pop(user, (float(self.per_minute), now, False))
        tokens = min(float(self.per_minute), tokens + (now - last) * self.per_minute / 60.0)
        if tokens >= 1.0:
            state, tokens, warned = "ok", tokens - 1.0, False
        else:
            state, warned = ("silent" if warned else "notice"), True
        self.buckets[user] = (tokens, now, warned)
        while len(self.buckets) > self.max_users:
            self.buckets.popitem(last=False)
        return state


class Engine:
    """Knowledge + matcher + storage + rendering, behind a few `on_…` methods."""

    def __init__(self, knowledge: Knowledge, *, settings: Settings | None = None,
                 storage: Storage | None = None, flavour: str = "html", fingerprint: str | None = None,
                 matcher: Matcher | None = None) -> None:
        self.settings = settings or Settings()
        self.storage = storage
        self.flavour = flavour
        self.fmt = Fmt(flavour)
        self.flood = FloodBudget(self.settings.flood_per_minute)
        self._secret: bytes | None = None
        self.set_knowledge(knowledge, matcher)
        # taken *before* loading by from_settings, so an edit saved during the load is seen later
        self._fingerprint = fingerprint if fingerprint is not None else knowledge_fingerprint(self.settings.knowledge_dirs)

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_settings(cls, settings: Settings, *, flavour: str = "html", with_storage: bool = True) -> "Engine":
        """Load the knowledge (raising KnowledgeError on errors) and open the database."""
        fp = knowledge_fingerprint(settings.knowledge_dirs)
        knowledge, problems, matcher = load_index(settings, fp)
        if errors(problems):
            raise KnowledgeError(errors(problems))
        storage = Storage(settings.database) if with_storage else None
        return cls(knowledge, settings=settings, storage=storage, flavour=flavour, fingerprint=fp, matcher=matcher)

    @staticmethod
    def cache_file(settings: Settings) -> Path:
        return settings.data_dir / "cache" / "knowledge.pickle"

    def set_knowledge(self, knowledge: Knowledge, matcher: Matcher | None = None) -> None:
        """Swap in new knowledge. The index is built first and the three attributes are assigned
        only at the end, so questions answered meanwhile (the bot reloads in a worker thread) use
        the old knowledge until the new one is complete."""
        matcher = matcher or Matcher(knowledge)
        examples = self._pick_examples(knowledge, matcher)
        self.knowledge, self.matcher, self.examples = knowledge, matcher, examples

    def reload(self) -> list[Problem]:
        """Reload the knowledge folders; on errors keep serving the last good knowledge."""
        fingerprint = knowledge_fingerprint(self.settings.knowledge_dirs)
        knowledge, problems, matcher = load_index(self.settings, fingerprint)
        if errors(problems):
            self._fingerprint = fingerprint  # do not retry the same broken files every round
            log.error("knowledge reload refused, %d error(s); still serving the previous version",
                      len(errors(problems)))
            for p in errors(problems)[:20]:  # path:line: message, staff text only (no citizen data)
                log.error("  %s", p)
            return problems
        self.set_knowledge(knowledge, matcher)
        self._fingerprint = fingerprint
        log.info("knowledge reloaded: %d entries", len(knowledge.entries))
        return problems

    def knowledge_changed(self) -> bool:
        """Whether a knowledge file was saved, added or removed since the last (re)load."""
        return knowledge_fingerprint(self.settings.knowledge_dirs) != self._fingerprint

    def reload_if_changed(self) -> list[Problem] | None:
        """`reload()` when the files changed (None when nothing changed). Never raises."""
        try:
            if not self.knowledge_changed():
                return None
            return self.reload()
        except Exception as exc:  # a reload bug must not stop the bot: keep the last good knowledge
            log.error("knowledge reload failed: %s", describe_exception(exc))
            return []

    @staticmethod
    def _pick_examples(knowledge: Knowledge, matcher: Matcher) -> list[str]:
        picked = []
        for q in DEFAULT_EXAMPLES:
            if matcher.ask(q).decision == "answer":
                picked.append(q)
        for e in knowledge.visible():
            if len(picked) >= 3:
                break
            if e.questions and e.questions[0] not in picked and len(e.questions[0]) <= 60:
                picked.append(e.questions[0])
        return picked[:3]

    # ------------------------------------------------------------------ helpers

    def today(self) -> dt.date:
        try:
            return dt.datetime.now(ZoneInfo(self.knowledge.town.timezone or self.settings.timezone)).date()
        except Exception:  # unknown time zone name: the server's date is close enough
            return dt.date.today()

    def user_key(self, telegram_id: int | str) -> str:
        """The pseudonymous key for a Telegram user id (HMAC); the raw id goes no further."""
        if self._secret is None:
            self._secret = self.settings.resolved_secret()
        return user_key(self._secret, telegram_id)

    def commands(self) -> list[tuple[str, str]]:
        return [
            ("start", "Accueil et exemples de questions"),
            ("menu", "Parcourir les thèmes"),
            ("horaires", "Horaires de la mairie"),
            ("aide", "Comment utiliser Guichet"),
            ("confidentialite", "Vos données : ce qui est conservé et pourquoi"),
            ("oubli", "Effacer toutes vos données"),
        ]

    def _log(self, user: str, text: str, result: Result, ms: float) -> int:
        if self.storage is None:
            return 0
        best = result.candidates[0] if result.candidates else None
        entry_id = best.entry.id if best and result.decision == "answer" else None
        try:
            return self.storage.log_question(user, text, result.decision, entry_id,
                                             best.score if best else 0.0, ms)
        except Exception as exc:  # the reply matters more than the log line: say so, and go on
            log.error("could not record a question: %s", describe_exception(exc))
            return 0

    def _flood(self, user: str) -> Reply | None:
        """None when `user` is within their budget; else the one polite notice, then silence.

        What counts (one token each): a text, a command, a sticker/photo/…, and a button press
        that sends a new message or writes a row. Free: presses that only edit the pressed
        message in place (menu navigation, guide steps): they add nothing to the chat or the
        database, and a citizen browsing the menu quickly must not be told to slow down.
        """
        budget = self.flood.check(user)
        if budget == "ok":
            return None
        if budget == "notice":
            return Reply([R.render_text(FLOOD_NOTICE, self.fmt)])
        return Reply([])

    # ------------------------------------------------------------------ conversation

    def on_start(self, user: str = "") -> Reply:
        return self._flood(user) or Reply([R.render_welcome(self.knowledge, self.fmt, self.examples)])

    def on_help(self, user: str = "") -> Reply:
        return self._flood(user) or Reply([R.render_help(self.fmt)])

    def on_menu(self, user: str = "") -> Reply:
        return self._flood(user) or Reply([R.render_menu(self.knowledge, self.fmt)])

    def on_hours(self, user: str = "") -> Reply:
        return self._flood(user) or Reply([R.render_hours(self.knowledge, self.fmt, self.today())])

    def on_unsupported(self, user: str = "", kind: str = "") -> Reply:
        """A sticker, photo, voice note, file, location…: say (in French) that Guichet reads text."""
        flooded = self._flood(user)
        if flooded is not None:
            return flooded
        return self._unsupported(kind)

    def _unsupported(self, kind: str) -> Reply:
        what = UNSUPPORTED_WHAT.get(kind, "ce type de message")
        text = (f"Je ne lis que les messages écrits : je ne peux pas ouvrir {what}. 🙂\n\n"
                "Écrivez votre question en quelques mots, par exemple :\n"
                + "\n".join(f"• {e}" for e in self.examples[:3])
                + "\n\nOu tapez /menu pour parcourir les thèmes.")
        buttons = [[Button(R.label(e), data=f"x:{i}")] for i, e in enumerate(self.examples[:3])]
        return Reply([R.render_text(text, self.fmt, buttons if self.flavour == "html" else None)])

    def on_caption(self, user: str, kind: str, caption: str) -> Reply:
        """A photo or file sent with a caption ("trou dans ma rue" under a photo of it): the caption
        is the question. A short note first says the picture itself was not read, so that nobody
        believes the photo has reached the town's services."""
        flooded = self._flood(user)
        if flooded is not None:
            return flooded
        if not any(ch.isalnum() for ch in caption or ""):
            return self._unsupported(kind)
        what = UNSUPPORTED_WHAT.get(kind, "ce type de message")
        note = R.render_text(f"Je ne peux pas ouvrir {what} : rien n'en est transmis à la mairie. "
                             "Voici ma réponse à votre texte :", self.fmt)
        reply = self._question(user, caption)
        return Reply([note, *reply.messages], toast=reply.toast)

    def answer(self, text: str) -> tuple[Result, Reply, float]:
        """Engine only (no storage, no flood): the decision and its rendered reply."""
        start = time.perf_counter()
        result = self.matcher.ask(text)
        ms = (time.perf_counter() - start) * 1000
        return result, self.render_result(result, feedback_ref=""), ms

    def on_text(self, user: str, text: str) -> Reply:
        """A citizen's free text: decide, record, render. Never raises."""
        flooded = self._flood(user)
        if flooded is not None:
            return flooded
        return self._question(user, text)

    def _question(self, user: str, text: str) -> Reply:
        """Decide, record (committed before the reply is returned, so before it is sent), render."""
        try:
            start = time.perf_counter()
            result = self.matcher.ask(text or "")
            ms = (time.perf_counter() - start) * 1000
            qid = self._log(user, text or "", result, ms)
            return self.render_result(result, feedback_ref=str(qid))
        except Exception as exc:
            log.error("engine failure on a text message: %s", describe_exception(exc))
            return Reply([R.render_text("Désolé, une erreur est survenue de mon côté. Réessayez dans un instant, "
                                        "ou contactez la mairie.", self.fmt)])

    def render_result(self, result: Result, feedback_ref: str = "") -> Reply:
        f, k, today = self.fmt, self.knowledge, self.today()
        if result.decision == "smalltalk":
            return Reply([R.render_smalltalk(result.smalltalk, k, f, self.examples)])
        if result.decision == "answer":
            entry = result.candidates[0].entry
            return Reply([R.render_entry(entry, k, self.flavour, today=today, feedback_ref=self._fb(feedback_ref, entry))])
        if result.decision == "choose":
            entries = [c.entry for c in result.choices]
            labels = [choice_label(e, entries) for e in entries]
            return Reply([R.render_choose(result.question, entries, f, labels)])
        if result.smalltalk == "empty":
            return Reply([R.render_smalltalk("empty", k, f, self.examples)])
        suggestions = [c.entry for c in result.candidates[:2] if c.score >= 0.25]
        return Reply([R.render_fallback(k, f, today, suggestions)])

    @staticmethod
    def _fb(ref: str, entry: Entry) -> str:
        data = f"{ref or '0'}:{entry.id}"
        return data if len(f"f:1:{data}".encode()) <= 64 else ""

    def on_button(self, user: str, data: str) -> Reply:
        """A pressed inline button (callback_data made by the renderer). Never raises."""
        try:
            kind = (data or "").partition(":")[0]
            if kind not in ("m", "g"):  # in-place edits are free, see _flood
                flooded = self._flood(user)
                if flooded is not None:
                    # the notice as the press's toast only (the press must be answered anyway)
                    return Reply([], toast=FLOOD_NOTICE if flooded.messages else None)
            return self._button(user, data or "")
        except Exception as exc:
            log.error("engine failure on a button: %s", describe_exception(exc))
            return Reply([R.render_text("Désolé, ce bouton n'est plus valable. Posez votre question à nouveau.", self.fmt)],
                         toast="Bouton expiré")

    def _button(self, user: str, data: str) -> Reply:
        kind, _, rest = data.partition(":")
        k, today = self.knowledge, self.today()
        expired = Reply([R.render_text("Cette réponse a changé depuis. Posez votre question à nouveau ou tapez /menu.",
                                       self.fmt)], toast="Bouton expiré")
        if kind == "e":
            entry = k.entries.get(rest)
            if entry is None:
                return expired
            return Reply([R.render_entry(entry, k, self.flavour, today=today, feedback_ref=self._fb("0", entry))])
        if kind == "v":
            eid, _, idx = rest.rpartition(":")
            entry = k.entries.get(eid)
            if entry is None or not idx.isdigit() or int(idx) >= len(entry.variants):
                return expired
            return Reply([R.render_entry(entry, k, self.flavour, today=today, variant=int(idx),
                                         feedback_ref=self._fb("0", entry))], toast=entry.variants[int(idx)].label[:200])
        if kind == "p":
            parts = rest.split(":")
            if len(parts) != 3 or parts[0] not in k.entries or not parts[2].isdigit():
                return expired
            entry = k.entries[parts[0]]
            variant = int(parts[1]) if parts[1].isdigit() else None
            return Reply([R.render_entry(entry, k, self.flavour, today=today, page=int(parts[2]), variant=variant,
                                         feedback_ref=self._fb("0", entry))])
        if kind == "g":
            eid, _, path = rest.partition(":")
            entry = k.entries.get(eid)
            try:
                steps = [int(x) for x in path.split(".") if x != ""]
                node = entry.guide if entry else None
                for i in steps:
                    node = node["options"][i]
                if node is None or "options" not in node:
                    return expired
            except (ValueError, IndexError, KeyError, TypeError):
                return expired
            return Reply([R.render_guide(entry, steps, self.fmt)], edit=True)
        if kind == "f":
            useful, _, ref = rest.partition(":")
            qid, _, eid = ref.partition(":")
            if self.storage is not None and useful in ("0", "1"):
                try:
                    self.storage.log_feedback(user, int(qid) if qid.isdigit() and qid != "0" else None, eid, useful == "1")
                except Exception:
                    log.exception("could not record feedback")
            if useful == "1":
                return Reply([], toast="Merci pour votre retour ! 👍")
            return Reply([R.render_text("Merci de nous l'avoir signalé : votre retour est transmis aux services de la "
                                        "mairie. Vous pouvez reformuler votre question ou tapez /menu.", self.fmt)],
                         toast="Merci, c'est noté.")
        if kind == "m":
            return Reply([R.render_menu(k, self.fmt, rest or None)], edit=True)
        if kind == "x":
            if rest.isdigit() and int(rest) < len(self.examples):
                return self._question(user, self.examples[int(rest)])  # already counted as a press
            return expired
        if kind == "n":
            return Reply([R.render_fallback(k, self.fmt, today)])
        return expired

    # ------------------------------------------------------------------ privacy

    def on_forget(self, user: str) -> Reply:
        """Delete everything stored about `user`, always; the confirmation obeys the flood budget.

        The in-memory flood bucket is kept on purpose: it holds no personal content (a keyed hash
        and a counter, gone within minutes), and dropping it would let a flooder reset their
        budget with /oubli.
        """
        n = self.storage.forget(user) if self.storage is not None else 0
        flooded = self._flood(user)
        if flooded is not None:
            return flooded
        return Reply([R.render_text(f"C'est fait : toutes vos données ont été effacées ({n} enregistrement(s)). "
                                    "Vous pouvez continuer à me poser des questions.", self.fmt)])

    def on_privacy(self, user: str = "") -> Reply:
        flooded = self._flood(user)
        if flooded is not None:
            return flooded
        days = self.settings.retention_days
        text = ("🔒 Vos données\n\n"
                "• Ce que je conserve : le texte de vos questions, la réponse donnée et vos avis 👍/👎, avec la date.\n"
                "• Votre identifiant Telegram n'est jamais enregistré : il est remplacé par une empreinte chiffrée "
                "(HMAC) qui ne permet pas de vous retrouver.\n"
                "• Pourquoi : améliorer les réponses et repérer les questions auxquelles je ne sais pas répondre.\n"
                f"• Combien de temps : {days} jours, puis suppression automatique.\n"
                "• Où : sur le serveur de la commune uniquement, aucun service d'intelligence artificielle externe.\n"
                "• Vos droits (RGPD) : tapez /oubli pour tout effacer immédiatement ; pour toute autre demande, "
                "contactez la mairie.")
        return Reply([R.render_text(text, self.fmt)])

    def purge(self) -> int:
        return self.storage.purge(self.settings.retention_days) if self.storage is not None else 0

    def close(self) -> None:
        if self.storage is not None:
            self.storage.close()
