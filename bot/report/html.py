"""The report as one self-contained HTML page: inline CSS, charts as inline images, nothing fetched.

Why one file: a town clerk mails it to the mayor, opens it on a phone without a connection, or
prints it for the council; it must look the same everywhere. Every text that comes from a citizen
(an unanswered question) or from the knowledge (a title) is escaped; no person is ever named (the
figures are counts). French throughout, as the staff read it.
"""

from __future__ import annotations

import base64
import datetime as dt
from html import escape

from . import Report
from . import charts as C
from .queries import DECISIONS, Figures, Requests

STATUS_LABELS = {"recue": "Reçues, pas encore prises en charge", "prise": "Prises en charge",
                 "resolue": "Résolues", "close": "Closes"}
KIND_LABELS = {"contact": "Messages (/contact)", "report": "Signalements (/signaler)"}
NO_NEAREST = "aucune fiche proche : une fiche à écrire"
NO_CHARTS = ("Graphiques indisponibles : matplotlib n'est pas installé sur ce serveur "
             "(pip install 'guichet[staff]').")
PRIVATE = ("Ce rapport contient les mots des habitants (questions sans réponse) : gardez-le au sein de "
           "l'équipe. Il ne contient aucun identifiant de personne.")

CSS = """
:root { --ink: #1d2733; --soft: #5b6773; --line: #d9dee4; --accent: #2a6f97; --bad: #c0392b; --good: #2a7f62; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: #f5f7f9; }
main { max-width: 960px; margin: 0 auto; padding: 16px; }
header h1 { font-size: 1.5rem; margin: 0.2em 0; }
header p { margin: 0; color: var(--soft); }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px;
          margin: 16px 0; }
h2 { font-size: 1.15rem; margin: 0.2em 0 0.6em; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; background: #fff; }
.card b { display: block; font-size: 1.6rem; }
.card span { color: var(--soft); font-size: 0.9rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--soft); }
td.n, th.n { text-align: right; white-space: nowrap; }
img.chart { width: 100%; height: auto; display: block; margin: 8px 0; }
ul.examples { margin: 0; padding-left: 1.1em; }
.note, .empty { color: var(--soft); font-size: 0.9rem; }
.good { color: var(--good); } .bad { color: var(--bad); }
code { font-size: 0.85em; color: var(--soft); }
@media (max-width: 600px) { body { font-size: 15px; } main { padding: 8px; } section { padding: 10px; } }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section { border: none; padding: 0; margin: 0 0 14pt; break-inside: avoid; }
  .cards { grid-template-columns: repeat(3, 1fr); }
  img.chart { max-height: 8cm; width: auto; max-width: 100%; }
  a { color: inherit; text-decoration: none; }
}
"""


# --------------------------------------------------------------------------- French numbers


def number(n: int | float) -> str:
    """1234 → "1 234" (a narrow no-break space between thousands, as French writes them)."""
    return f"{n:,}".replace(",", "\u202f")


def percent(share: float) -> str:
    """0.125 → "12,5 %" (no decimal from 10 % up)."""
    value = 100 * share
    text = f"{value:.0f}" if value >= 10 or value == 0 else f"{value:.1f}".replace(".", ",")
    return f"{text}\u00a0%"


def duration(hours: float | None) -> str:
    """Hours as a clerk says them: "45 min", "5 h 30", "3,2 jours"; "—" when there is none."""
    if hours is None:
        return "—"
    if hours < 1:
        return f"{max(round(hours * 60), 1)}\u00a0min"
    if hours < 48:
        h, m = int(hours), round((hours - int(hours)) * 60)
        return f"{h}\u00a0h" + (f"\u00a0{m:02d}" if m else "")
    return f"{hours / 24:.1f}\u00a0jours".replace(".", ",")


def day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


# --------------------------------------------------------------------------- building blocks


def _table(head: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """A table of already escaped cells; the columns in `numeric` are right-aligned."""
    def cells(tag: str, values: list[str]) -> str:
        return "".join(f'<{tag}{" class=n" if i in numeric else ""}>{v}</{tag}>' for i, v in enumerate(values))

    body = "".join(f"<tr>{cells('td', r)}</tr>" for r in rows)
    return f'<div class="scroll"><table><thead><tr>{cells("th", head)}</tr></thead><tbody>{body}</tbody></table></div>'


def _chart(data: bytes | None, alt: str) -> str:
    """An SVG chart as an inline image (data: URI: nothing fetched, ids of two charts never clash)."""
    if data is None:
        return ""
    encoded = base64.b64encode(data).decode("ascii")
    return f'<img class="chart" alt="{escape(alt)}" src="data:image/svg+xml;base64,{encoded}">'


def _section(title: str, body: str, anchor: str) -> str:
    return f'<section id="{anchor}"><h2>{escape(title)}</h2>{body}</section>'


def _empty(text: str) -> str:
    return f'<p class="empty">{escape(text)}</p>'


def _card(value: str, label: str) -> str:
    return f'<div class="card"><b>{value}</b><span>{escape(label)}</span></div>'


# --------------------------------------------------------------------------- sections


def _key_figures(f: Figures) -> str:
    up, down = f.feedback
    r = f.requests
    cards = [
        _card(number(f.total), "questions posées"),
        _card(percent(f.share("answer")), "réponses directes"),
        _card(percent(f.share("fallback")), "sans réponse"),
        _card(percent(up / (up + down)) if up + down else "—", f"avis positifs ({number(up + down)} avis)"),
        _card(number(r.total), "demandes à la mairie"),
        _card(duration(r.median_hours), "délai médian de 1re réponse"),
    ]
    return _section("L'essentiel", f'<div class="cards">{"".join(cards)}</div>', "essentiel")


def _per_day(f: Figures, draw: bool) -> str:
    counts = [n for _, n in f.per_day]
    busiest = max(f.per_day, key=lambda dn: dn[1]) if f.per_day else None
    text = (f"<p>{number(sum(counts))} questions en {f.period.days} jours, soit "
            f"{f'{sum(counts) / max(f.period.days, 1):.1f}'.replace('.', ',')} par jour en moyenne"
            + (f" ; le plus chargé : {day(busiest[0])} ({number(busiest[1])})." if busiest and busiest[1] else ".")
            + "</p>")
    chart = _chart(C.questions_per_day(f.per_day, "svg"), "Questions par jour") if draw else ""
    if not chart:  # without a chart (no matplotlib), the figures themselves
        chart = _table(["Jour", "Questions"], [[day(d), number(n)] for d, n in f.per_day], {1})
    return _section("Questions par jour", text + chart, "par-jour")


def _decisions(f: Figures, draw: bool) -> str:
    if not f.total:
        return _section("Ce que Guichet a fait des questions", _empty("Aucune question sur la période."), "decisions")
    rows = [[escape(C.DECISION_LABELS[k]), number(f.decisions.get(k, 0)), percent(f.share(k))] for k in DECISIONS]
    body = _table(["Décision", "Questions", "Part"], rows, {1, 2})
    if f.services:
        body += "<p>Services pratiques (horaires, lieux, transports…) :</p>" + _table(
            ["Service", "Questions"], [[escape(name), number(n)] for name, n in f.services.items()], {1})
    chart = _chart(C.decision_shares(f.decisions, "svg"), "Parts des décisions") if draw else ""
    note = ("<p class=note>« Choix proposé » : la question pouvait viser plusieurs fiches, l'habitant a choisi ; "
            "« Sans réponse » : Guichet l'a dit honnêtement et a proposé d'écrire à la mairie.</p>")
    return _section("Ce que Guichet a fait des questions", chart + body + note, "decisions")


def _satisfaction(f: Figures) -> str:
    if not f.satisfaction:
        return _section("Satisfaction par fiche", _empty("Aucun avis 👍/👎 sur la période."), "satisfaction")
    rows = []
    for s in f.satisfaction[:25]:
        tone = "good" if s.share >= 0.5 else "bad"
        rows.append([f"{escape(s.title)} <code>{escape(s.id)}</code>", number(s.up), number(s.down),
                     f'<span class="{tone}">{percent(s.share)}</span>'])
    body = _table(["Fiche", "Utile", "Pas utile", "Satisfaits"], rows, {1, 2, 3})  # words: not every font has 👍
    worst = [s for s in f.satisfaction if s.down > s.up]
    if worst:
        body += f'<p class="note">{len(worst)} fiche(s) ont plus de 👎 que de 👍 : à relire en premier.</p>'
    return _section("Satisfaction par fiche", body, "satisfaction")


def _top_entries(f: Figures) -> str:
    if not f.top_entries:
        return _section("Fiches les plus demandées", _empty("Aucune réponse directe sur la période."), "fiches")
    answered = f.decisions.get("answer", 0) or 1
    rows = [[str(i), f"{escape(c.title)} <code>{escape(c.id)}</code>", number(c.count), percent(c.count / answered)]
            for i, c in enumerate(f.top_entries, 1)]
    return _section("Fiches les plus demandées",
                    _table(["#", "Fiche", "Réponses", "Part des réponses"], rows, {0, 2, 3}), "fiches")


def _unanswered(report: Report) -> str:
    title = "Questions sans réponse, regroupées"
    if not report.groups:
        return _section(title, _empty("Aucune question sans réponse sur la période."), "sans-reponse")
    rows = []
    for g in report.groups:
        examples = "".join(f"<li>{escape(e)}</li>" for e in g.examples)
        s = g.suggestion
        near = f"{escape(s.title)} <code>{escape(s.id)}</code>" if s else f'<span class="note">{escape(NO_NEAREST)}</span>'
        rows.append([number(g.count), f'<ul class="examples">{examples}</ul>', near])
    total = len(report.figures.unanswered)
    intro = (f"<p>{number(total)} question(s) sans réponse en {number(len(report.groups))} groupe(s) "
             "(les plus fréquents d'abord). La fiche la plus proche est souvent celle à compléter d'une "
             "question ; sinon, une fiche à écrire.</p>")
    return _section(title, intro + _table(["Nombre", "Exemples", "Fiche la plus proche"], rows, {0}), "sans-reponse")


def _requests(r: Requests) -> str:
    title = "Demandes à la mairie"
    if not r.total and not r.open_now:
        return _section(title, _empty("Aucune demande reçue sur la période."), "demandes")
    rows = [[escape(STATUS_LABELS[s]), number(n)] for s, n in r.by_status.items() if s in STATUS_LABELS]
    body = _table(["Statut (demandes reçues sur la période)", "Demandes"], rows, {1})
    if r.by_kind:
        body += _table(["Type", "Demandes"], [[escape(KIND_LABELS.get(k, k)), number(n)] for k, n in r.by_kind.items()],
                       {1})
    body += (f"<p>Première réponse : {number(r.answered)} demande(s) sur {number(r.total)} ; délai médian "
             f"{duration(r.median_hours)}, moyen {duration(r.mean_hours)}. En attente aujourd'hui, toutes périodes "
             f"confondues : <b>{number(r.open_now)}</b>.</p>")
    return _section(title, body, "demandes")


def _projects(f: Figures) -> str:
    if not f.followers:
        return _section("Projets suivis", _empty("Aucun projet dans les connaissances."), "projets")
    rows = [[f"{escape(c.title)} <code>{escape(c.id)}</code>", number(c.count)] for c in f.followers]
    return _section("Projets suivis", _table(["Projet", "Abonnés"], rows, {1})
                    + '<p class="note">Abonnés aujourd\'hui (bouton « Suivre ce projet »).</p>', "projets")


# --------------------------------------------------------------------------- the page


def render_html(report: Report, *, generated: dt.datetime, draw: bool = True) -> str:
    """The whole page; `draw` False leaves the charts out (as when matplotlib is missing)."""
    f = report.figures
    draw = draw and C.available()
    missing = "" if draw else f'<p class="note">{escape(NO_CHARTS)}</p>'
    title = f"Rapport Guichet — {report.town}"
    sections = [_key_figures(f), _per_day(f, draw), _decisions(f, draw), _unanswered(report), _satisfaction(f),
                _top_entries(f), _requests(f.requests), _projects(f)]
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<header>
<h1>{escape(title)}</h1>
<p>Du {day(f.period.first)} au {day(f.period.today)} ({f.period.days} jours) · établi le
{generated.strftime("%d/%m/%Y à %H:%M")}</p>
{missing}
</header>
{"".join(sections)}
<p class="note">{escape(PRIVATE)}</p>
</main>
</body>
</html>
"""
