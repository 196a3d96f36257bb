"""What the model reads of an entry: one passage, its title, its staff questions and the start of its summary.

Measured on the dev sets (README, « Classement sémantique »): this one passage re-ranks better
than keeping the best of several (title, each question, summary apart): top1 0.837 against
0.814 on average over the seven dev sets, and it is a third of the vectors to build and keep.
`entry_passages` returns a list so that a backend or a later measure may use several.
"""

from __future__ import annotations

from ..kb import Entry

SUMMARY_CHARS = 600  # the summary's opening says what the entry is about; the rest costs time


def entry_passages(entry: Entry) -> list[str]:
    """The passages of one entry (here one: title, questions, summary's opening, in that order)."""
    text = " ".join([entry.title + ".", *entry.questions, entry.summary[:SUMMARY_CHARS]])
    return [" ".join(text.split())]
