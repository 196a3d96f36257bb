"""A battery of hostile messages through the real bot and the strict fake Bot API (issue 5).

Each message comes from its own citizen (so the flood budget plays no part) and must get exactly
one reply: not the engine's apology, not refused by the fake (HTML, length, buttons), and the
question must be in the log as it was typed.
"""

from __future__ import annotations

import sqlite3

from tests.harness import DEMO, run, running_bot

ZALGO = "c\u0336\u0301\u0327a\u0489\u0300\u0316r\u035ft\u0334\u0352e\u0325\u0303" * 20
HOSTILE = [
    " ",  # whitespace only (Telegram trims it away, but a client may not)
    ".",
    "\u200b",  # zero-width space only
    "\u200d\u200d\u200d",
    "x" * 4000,
    "carte d'identité " * 235,  # ~4,000 characters of a real question repeated
    "😀😀😀🎉🔥",
    "👨\u200d👩\u200d👧\u200d👦🏳️\u200d🌈🇫🇷",
    "<script>alert('x')</script>",
    "<b>unclosed carte d'identité",
    "</b></i></a>",
    "<a href=\"javascript:alert(1)\">clic</a>",
    "&amp;&",
    "&lt;&gt;&#0;&#x110000;&nbsp;",
    "*gras* _italique_ [lien](http://x) ~barré~ `code` ```bloc``` ||spoiler||",
    "\\*\\_\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!",
    "مرحبا، كيف أجدد بطاقة الهوية؟",
    "שלום, מתי העירייה פתוחה?",
    "\u202eétitnedi'd etrac\u202c",  # right-to-left override
    "carte\u200bd'\u200cidentité\u2060",  # zero-width characters inside words
    ZALGO,
    "\x00",
    "carte\x00identité",
    "\x07\x08\x1b[31mrouge\x1b[0m\x7f",
    "\r\n\t\r\n",
    "'; DROP TABLE questions; --",
    "\" OR \"1\"=\"1",
    "1; SELECT * FROM feedback WHERE 1=1 UNION SELECT sql FROM sqlite_master",
    "Robert'); DELETE FROM questions WHERE ('1'='1",
    "anticonstitutionnellementinscriptionsurleslisteselectoralesdelacommune" * 50,
    "?!?!?!...;;;:::,,,",
    "«»“”‘’—–…",
    "0123456789",
    "06 12 34 56 78",
    "+33 (0)1 99 00 20 00",
    "https://www.service-public.fr/particuliers/vosdroits/F1342?x=<1>&y=2",
    "www.exemple.fr/../../etc/passwd",
    "slt cmt jfé pr ma cni jlé perdu stp c urgent mrc",
    "bjr jveu inscrir mon fils a la cantine cmt on fé ???",
    "Bonjour Madame, Monsieur, je me permets de vous écrire car " + "j'ai un problème de voisinage. " * 60,
    "%s%s%s%n{0}{1}${jndi:ldap://x/a}",
    "/start@autre_bot",
    "@guichet_test_bot",
    "ＣＡＲＴＥ Ｄ'ＩＤＥＮＴＩＴÉ",  # full-width letters
    "ℂ𝕒𝕣𝕥𝕖 𝕕'𝕚𝕕𝕖𝕟𝕥𝕚𝕥é",  # mathematical letters (outside the BMP)
    "ENCOMBRANTS!!!!!!!!",
]


def test_forty_hostile_messages_get_one_sensible_reply_each(tmp_path):
    assert len(HOSTILE) >= 40

    async def scenario():
        async with running_bot(tmp_path, knowledge=DEMO) as (api, engine):
            users = [api.user(f"Citoyen{i}") for i in range(len(HOSTILE))]
            for user, text in zip(users, HOSTILE):
                api.send_text(user, text)
            await api.wait_replies(len(HOSTILE), timeout=30)
            await api.wait_idle()
            for user, text in zip(users, HOSTILE):
                replies = api.sent(user.id)
                assert len(replies) == 1, (text[:40], [m.text[:60] for m in replies])
                reply = replies[0].text
                assert reply.strip()
                assert not reply.startswith("Désolé, une erreur est survenue"), text[:40]
                assert "beaucoup de messages" not in reply
            assert api.refused == []
            return engine.settings.database

    database = run(scenario())
    with sqlite3.connect(database) as db:
        logged = [row[0] for row in db.execute("select text from questions order by id")]
        assert db.execute("select count(*) from feedback").fetchone()[0] == 0  # tables intact after the injections
    # Every question reached the log verbatim, whatever it contained; the rest are 4,096-capped.
    # A bare number picks no choice and is no question: answered with a hint, never logged.
    assert sorted(logged) == sorted(t[:4096] for t in HOSTILE if t not in ("/start@autre_bot", "0123456789"))
