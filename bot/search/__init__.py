"""Search: the index over a knowledge base, and the matcher that answers a question with it.

`index` builds the frozen index; `matcher` ranks and decides; `spelling` corrects typos;
`smalltalk` recognises greetings and the like; `clarify` words the "which one?" question.
"""

from .clarify import choice_label, clarifying_question
from .matcher import Candidate, Matcher, Result
from .smalltalk import detect_smalltalk

__all__ = ["Candidate", "Matcher", "Result", "choice_label", "clarifying_question", "detect_smalltalk"]
