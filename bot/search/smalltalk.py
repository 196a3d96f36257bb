"""Small talk: tell a message that is only a greeting, thanks, an insult… from a real question."""

from __future__ import annotations

from ..language import text as T

_SMALLTALK = {
    "greeting": "bonjour bonsoir salut coucou hello hey yo bjr bsr slt hi cc wesh allo",
    "thanks": "merci mercii remercie remerciements thanks thx parfait super genial top nickel cool ok okay daccord entendu",
    "bye": "revoir bye ciao tchao adieu bonne journee soiree",
    "identity": "es etes t'es bot robot humain ia intelligence artificielle guichet chatbot appelle appelles appelez nom",
    "help": "aide aider aidez help menu quoi peux sais fonctionne utiliser exemple blague raconte poeme chanson",
    "insult": "con conne connard connasse nul nulle nuls debile idiot idiote stupide merde putain pute salope "
              "enfoire encule fdp ta gueule abruti cretin bouffon inutile naze pourri",
}
_SMALLTALK_WORDS = {k: set(T.words(v, {})) for k, v in _SMALLTALK.items()}
# Words that may surround small talk without making it a question ("merci beaucoup", "tu es un bot ?").
_FILLER = set(T.words("tu vous es etes t il elle est c ce que qui quoi tes ton ta je suis me moi j "
                      "a as au le la les un une de du des et trop vraiment tres bien bon bonne "
                      "vraiment toi vous votre ton tout tous beaucoup grand grande journee soir "
                      "matin oui non peu encore fais faire faites peux pouvez sert sers servez comment "
                      "ca va vas allez comme moi une un des besoin d s il plait ai jai", {}))


def detect_smalltalk(folded_words: list[str]) -> str:
    """The kind of small talk when the message is ONLY small talk, else ""."""
    if not folded_words:
        return "empty"
    found: list[str] = []
    for kind, vocab in _SMALLTALK_WORDS.items():
        if any(w in vocab for w in folded_words):
            found.append(kind)
    if not found:
        return ""
    allowed = set().union(*(_SMALLTALK_WORDS[k] for k in found)) | _FILLER
    if all(w in allowed for w in folded_words):
        for kind in ("insult", "identity", "help", "thanks", "bye", "greeting"):
            if kind in found:
                return kind
    return ""
