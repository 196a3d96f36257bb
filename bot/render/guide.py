"""A guided search (an imported "recherche guidée"): one question at a time, one button per option."""

from __future__ import annotations

from .. import wording as W
from ..actions import GuideStep, OpenEntry, encode
from ..kb import Entry
from ..replies import Button, Message
from .format import BUTTON_LABEL_MAX, MAX_BUTTONS, PAGE_BUDGET, Fmt, label, labels_cut, utf16_len
from .source import content_note, footer

LISTED_LABEL_MAX = 160  # an option written out in full in the message


def guide_node(entry: Entry, path: tuple[int, ...] | list[int]) -> dict:
    """The node reached from the guide's root by choosing option `path[0]`, then `path[1]`…"""
    node = entry.guide
    for i in path:
        node = node["options"][i]
    return node


def guide_branch(entry: Entry, path: tuple[int, ...]) -> bool:
    """Whether `path` leads, in the entry's guide, to a node that has options to show."""
    try:
        node = guide_node(entry, path)
    except (IndexError, KeyError, TypeError):
        return False
    return isinstance(node, dict) and "options" in node


def render_guide(entry: Entry, path: tuple[int, ...] | list[int], f: Fmt, share: str = "") -> Message:
    """One step of a guided search: the branch's question, one button per option, a way back, and
    "🔗 Partager" for `share` (on every step, so that going back finds the same keyboard).

    When a button would cut an option's label, the options are written out in full, numbered,
    and the buttons carry the numbers."""
    path = tuple(path)
    node = guide_node(entry, path)
    options = node["options"][:MAX_BUTTONS - 1]
    title = f"🧭 {f.b(entry.title)}"
    note = "" if path else content_note(f)  # on the first step only: once per answer
    head = f"{title}\n{note}" if note else title
    text = f"{head}\n\n{f.esc(node.get('question') or W.GUIDE_DEFAULT_QUESTION)}"
    numbered = labels_cut([o["label"] for o in options], BUTTON_LABEL_MAX)
    if numbered or not f.html:
        for limit in (LISTED_LABEL_MAX, 100, BUTTON_LABEL_MAX, 30):  # shorter if the list is huge
            listed = "\n".join(f"{n}. {f.esc(label(o['label'], limit))}" for n, o in enumerate(options, 1))
            if utf16_len(text) + utf16_len(listed) <= PAGE_BUDGET:
                break
        text += "\n" + listed
    buttons = []
    for i, opt in enumerate(options):
        data = encode(OpenEntry(opt["goto"]) if "goto" in opt else GuideStep(entry.id, path + (i,)))
        if data:
            buttons.append([Button((f"{i + 1}. " if numbered else "") + label(opt["label"]), data=data)])
    back = encode(GuideStep(entry.id, path[:-1])) if path else None
    if back:
        buttons.append([Button(W.GUIDE_BACK, data=back)])
    if share and sum(len(row) for row in buttons) < MAX_BUTTONS:
        buttons.append([Button(W.SHARE, url=share)])
    foot = footer(entry, f)
    if foot:
        text += f"\n\n{foot}"
    return Message(text, buttons)
