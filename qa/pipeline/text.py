"""Words through libraries: spaCy's rule-based English tokenizer and stop words, lemminflect's
lemmas, and one folding of text shared by questions and labels.

Nothing here knows a graph; the few English words the pipeline reads itself are in
``lexicon.json`` (:data:`LEXICON`).
"""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from pathlib import Path

from kgqa.graph.label_index import fold as _graph_fold  # noqa: E402

LEXICON: dict = json.loads((Path(__file__).with_name("lexicon.json")).read_text("utf-8"))

_nlp = None
_nlp_lock = threading.Lock()
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _tokenizer():
    global _nlp
    if _nlp is None:
        with _nlp_lock:
            if _nlp is None:
                import spacy  # blank pipeline: the tokenizer's rules only, no model to download

                _nlp = spacy.blank("en")
    return _nlp


def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | frozenset(LEXICON["filler"])


STOP = None


def is_stop(word: str) -> bool:
    global STOP
    if STOP is None:
        STOP = stop_words()
    return word in STOP


# Case, accents and punctuation folded away; labels (in the graph's label index) and questions
# are compared in this one form.
fold = _graph_fold

def words(text: str) -> list[str]:
    """The folded words of ``text`` after spaCy's tokenizer has split clitics ("X's" -> "X",
    "'s"), each token folded into zero or more words."""
    out: list[str] = []
    for tok in _tokenizer()(text):
        out.extend(fold(tok.text).split())
    return out


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The word's lemma, as a noun when lemminflect knows it as one, else as a verb or an
    adjective; unknown words stay as they are."""
    from lemminflect import getAllLemmas, getAllLemmasOOV

    found = getAllLemmas(word)
    for pos in ("NOUN", "VERB", "ADJ", "ADV", "PROPN"):
        if pos in found:
            return found[pos][0]
    if word.isalpha() and len(word) > 3:
        oov = getAllLemmasOOV(word, "NOUN")
        if oov.get("NOUN"):
            return oov["NOUN"][0]
    return word


def lemma_set(text: str) -> frozenset[str]:
    """Content lemmas of a label or phrase (stop words out)."""
    return frozenset(lemma(w) for w in fold(text).split() if not is_stop(w))


def local_name(iri: str) -> str:
    """A readable name from an IRI's last part: ``placeOfBirth`` -> ``place of birth``."""
    tail = re.split(r"[#/:]", iri.rstrip("/#"))[-1]
    tail = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", tail)
    return " ".join(tail.replace("_", " ").replace("-", " ").split()).lower()
