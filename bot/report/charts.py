"""The report's two key charts, drawn by matplotlib: questions per day, and what Guichet did with them.

SVG for the HTML report (sharp on a phone and on paper), PNG for `/stats` in the staff chat.
matplotlib is optional (`pip install 'guichet[staff]'`): it is imported only here, only when a
chart is drawn, and `None` comes back without it, so the report still shows its tables. A
`Figure` is used without pyplot: no global state, so the bot can draw in a worker thread.
"""

from __future__ import annotations

import datetime as dt
import io

from .queries import DECISIONS

# What each decision is called on the charts and in the report (bot/report/html.py uses them too).
DECISION_LABELS = {
    "answer": "Réponse directe",
    "choose": "Choix proposé",
    "fallback": "Sans réponse",
    "smalltalk": "Conversation",
    "service": "Service pratique",
}
COLOURS = {"answer": "#2a7f62", "choose": "#3b6ea8", "fallback": "#c0392b", "smalltalk": "#8e8e8e",
           "service": "#d68910"}
BAR = "#2a6f97"
WIDTH, HEIGHT = 8.0, 3.6   # inches: readable when a phone shrinks them to its width


def _figure(height: float = HEIGHT):
    """A bare matplotlib Figure, or None when matplotlib is not installed."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return None
    return Figure(figsize=(WIDTH, height))


def _save(fig, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes; the SVG keeps no date (the same data draw the same file)."""
    buffer = io.BytesIO()
    fig.tight_layout()
    metadata = {"Date": None} if fmt == "svg" else None
    fig.savefig(buffer, format=fmt, dpi=150, metadata=metadata)
    return buffer.getvalue()


def available() -> bool:
    """Whether charts can be drawn here (matplotlib installed)."""
    return _figure() is not None


def questions_per_day(per_day: list[tuple[dt.date, int]], fmt: str = "svg") -> bytes | None:
    """Bars of the questions asked each day (a day label every few days so they never overlap)."""
    fig = _figure()
    if fig is None or not per_day:
        return None
    ax = fig.add_subplot()
    days = [d for d, _ in per_day]
    counts = [n for _, n in per_day]
    ax.bar(range(len(days)), counts, color=BAR, width=0.8)
    step = max(1, len(days) // 10)
    ticks = list(range(len(days) - 1, -1, -step))[::-1]  # counted back from the last day, always labelled
    ax.set_xticks(ticks, [days[i].strftime("%d/%m") for i in ticks], fontsize=8)
    ax.set_ylabel("questions")
    ax.set_title("Questions par jour", fontsize=11)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, fmt)


def decision_shares(decisions: dict[str, int], fmt: str = "svg") -> bytes | None:
    """Horizontal bars: the share of each decision (answered, choice, unanswered, small talk, service)."""
    total = sum(decisions.values())
    fig = _figure(2.6)
    if fig is None or total == 0:
        return None
    ax = fig.add_subplot()
    kinds = [k for k in DECISIONS if k in decisions][::-1]
    shares = [100 * decisions[k] / total for k in kinds]
    ax.barh([DECISION_LABELS[k] for k in kinds], shares, color=[COLOURS[k] for k in kinds])
    for i, (kind, share) in enumerate(zip(kinds, shares)):
        ax.text(share + 1, i, f"{share:.0f} % ({decisions[kind]})".replace(".", ","), va="center", fontsize=8)
    ax.set_xlim(0, 115)
    ax.set_xlabel("% des questions")
    ax.set_title(f"Ce que Guichet a fait des {total} questions", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, fmt)
