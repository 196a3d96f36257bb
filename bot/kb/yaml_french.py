"""PyYAML's syntax errors, told in French to a town clerk: what is wrong, on which line, what to do.

libyaml reports in English and often one or two lines after the mistake (it notices a missing
`:` only on the next key). Each known message is mapped to advice, and to the line where the
mistake is: the line of the opening quote or bracket, the line that is not `key: value`…
"""

from __future__ import annotations

import yaml

from .limits import MAX_DEPTH

PREFIX = "syntaxe YAML : "
TAB = "tabulation interdite : on indente avec des espaces (réglez l'éditeur pour insérer des espaces)."
QUOTE_IT = "un texte ne peut pas commencer par « {} » : mettez-le entre guillemets."
GENERIC = ("vérifiez l'indentation (des espaces, pas de tabulation), les « - » des listes, et mettez entre "
           "guillemets un texte qui contient « : » ou commence par un caractère spécial.")

# (words of PyYAML's problem, words of its context or "", report the context's line?, advice)
KNOWN: list[tuple[str, str, bool, str]] = [
    # libyaml 0.2.5 as shipped in PyYAML 6.0.4 stops at 1,000 levels itself (older builds crashed)
    ("maximum nesting depth", "", False,
     f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux de listes ou de clés) : simplifiez ce passage."),
    ("mapping values are not allowed", "", False,
     "« : » inattendu sur cette ligne : si le texte contient « : », mettez-le entre guillemets (\"…\") ; "
     "sinon alignez cette clé sur les autres (même nombre d'espaces en début de ligne)."),
    ("expected ':'", "simple key", True,
     "cette ligne n'est pas de la forme « clé: valeur » : si elle continue le texte du dessus, décalez-la "
     "vers la droite comme le début de ce texte ; sinon ajoutez « : » après la clé."),
    ("tab character", "", False, TAB),
    ("expected key", "", False,
     "ligne mal placée : alignez-la sur les autres clés du même bloc (même nombre d'espaces en début de "
     "ligne) ; si une valeur commence par un guillemet, tout le texte doit être entre les guillemets."),
    ("expected <block end>", "", False,
     "ligne mal placée : alignez-la sur les autres clés du même bloc (même nombre d'espaces en début de "
     "ligne) ; si une valeur commence par un guillemet, tout le texte doit être entre les guillemets."),
    ("expected '-' indicator", "", False,
     "cette ligne devrait être un élément de liste (« - … ») aligné sur les précédents, ou une clé "
     "alignée sur la clé de la liste."),
    ("block sequence entries are not allowed", "", False,
     "un « - » de liste ne se met pas après une clé sur la même ligne : passez à la ligne et indentez "
     "les éléments, ou mettez le texte entre guillemets."),
    ("unknown escape character", "", False,
     "entre guillemets doubles, « \\ » s'écrit « \\\\ » ; ou mettez le texte entre guillemets simples (')."),
    ("", "quoted scalar", True,
     "guillemet ouvert sur cette ligne et jamais refermé : ajoutez le guillemet de fin (un guillemet "
     "dans le texte s'écrit \\\" ou utilisez l'autre sorte de guillemets)."),
    ("expected ',' or ']'", "", True,
     "liste entre crochets mal fermée : fermez-la par « ] », séparez les éléments par des virgules et "
     "mettez entre guillemets un élément qui contient « : », « , » ou « # »."),
    ("expected ',' or '}'", "", True,
     "accolades mal fermées : fermez-les par « } », séparez les éléments par des virgules et mettez "
     "entre guillemets un texte qui contient « : », « , » ou « # »."),
    ("expected comment or line break", "block scalar", False,
     "après « > » ou « | », le texte commence à la ligne suivante, décalé vers la droite."),
    ("expected comment or line break", "", False,
     "texte inattendu après la valeur : mettez la valeur entière entre guillemets."),
    ("expected node content", "", False, "valeur manquante ou mal écrite : mettez le texte entre guillemets."),
    ("single document", "", False,
     "un seul document par fichier : retirez la ligne « --- » et ce qui suit, ou faites-en un autre fichier."),
    ("another document", "", False,
     "un seul document par fichier : retirez la ligne « --- » et ce qui suit, ou faites-en un autre fichier."),
    ("", "directive", False, QUOTE_IT.format("%")),
    ("incompatible YAML document", "", False, QUOTE_IT.format("%")),
    ("unhashable key", "", False, "une clé est un mot, pas une liste ni un ensemble de clés."),
    ("constructor for the tag", "", False, QUOTE_IT.format("!")),
    ("", "anchor", False, "un texte ne peut pas commencer par « & » ou « * » : mettez-le entre guillemets."),
    ("", "alias", False, "un texte ne peut pas commencer par « & » ou « * » : mettez-le entre guillemets."),
    ("alias", "", False, "un texte ne peut pas commencer par « & » ou « * » : mettez-le entre guillemets."),
    ("end of stream", "", True,
     "le fichier s'arrête au milieu d'une valeur : un guillemet ou un crochet n'est pas refermé."),
]


def explain(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    """The line and the French message for a PyYAML error raised while reading `text`."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.encode("utf-8", "replace").count(b"\n", 0, exc.position) + 1
        return line, (f"{PREFIX}caractère invisible interdit (code U+{exc.character:04X}) : supprimez-le "
                      "(il vient souvent d'un copier-coller).")
    problem = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    problem_mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    line = _line(problem_mark or context_mark)
    if "cannot start any token" in problem:
        return line, PREFIX + _bad_start(text, problem_mark)
    for words, context_words, at_context, advice in KNOWN:
        if words in problem and context_words in context:
            if at_context and context_mark is not None:
                line = _line(context_mark)
            return line, PREFIX + advice
    if isinstance(exc, yaml.constructor.ConstructorError):  # e.g. `!!binary zz`: read, but not buildable
        return line, "valeur illisible : mettez le texte entre guillemets."
    return line, PREFIX + GENERIC


def _line(mark) -> int:
    return mark.line + 1 if mark is not None else 1


def _bad_start(text: str, mark) -> str:
    """Advice for a character no YAML value may start with: a tab, or @ ` % and the like."""
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return GENERIC
    char = lines[mark.line][mark.column]
    return TAB if char == "\t" else QUOTE_IT.format(char)
