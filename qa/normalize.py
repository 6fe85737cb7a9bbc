"""Text normalisation shared by linking, intent detection and retrieval.

Everything here is total: any ``str`` (control characters, lone surrogates, any script) comes
back as a clean string, never an exception.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")
# Straight and curly apostrophes followed by s, at a word end: "OpenAI's" -> "OpenAI".
_POSSESSIVE = re.compile(r"(\w)['’‘`]s\b", re.UNICODE)
_TRAILING_APOS = re.compile(r"(\w)s['’]\B")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def clean(text: str) -> str:
    """Return ``text`` as valid, NFKC-normalised Unicode with control characters removed."""
    if not isinstance(text, str):
        text = str(text)
    # Lone surrogates cannot be encoded; replace rather than fail.
    text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case-, accent-, possessive- and punctuation-insensitive form used for matching labels."""
    text = _POSSESSIVE.sub(r"\1", clean(text))
    text = strip_accents(text).casefold()
    return " ".join(_WORD.findall(text))


def tokens(text: str) -> list[str]:
    """Folded word tokens of ``text``."""
    return fold(text).split()


def possessive_ends(text: str) -> frozenset[int]:
    """Positions (in :func:`raw_tokens`) of the words that carried a possessive "'s"."""
    text = clean(text)
    out = set()
    for m in _POSSESSIVE.finditer(text):
        out.add(len(raw_tokens(text[:m.start() + 1])) - 1)
    return frozenset(out)


def raw_tokens(text: str) -> list[str]:
    """Word tokens of ``text`` with case kept, aligned one-to-one with :func:`tokens`."""
    text = _POSSESSIVE.sub(r"\1", clean(text))
    return _WORD.findall(strip_accents(text))


# Irregular English verb forms and their base form, so "ran" meets "run" and "built" meets
# "build" (a suffix stripper cannot see these). Generic English, no names.
_IRREGULAR = {form: base for base, forms in (
    ("become", "became"), ("begin", "began begun"), ("bring", "brought"), ("build", "built"),
    ("buy", "bought"), ("choose", "chose chosen"), ("come", "came"), ("do", "did done"),
    ("drive", "drove driven"), ("fall", "fell fallen"), ("get", "got gotten"),
    ("give", "gave given"), ("go", "went gone"), ("grow", "grew grown"), ("hold", "held"),
    ("keep", "kept"), ("know", "knew known"), ("lead", "led"), ("leave", "left"),
    ("lend", "lent"), ("lose", "lost"), ("make", "made"), ("meet", "met"),
    ("oversee", "oversaw overseen"), ("pay", "paid"), ("rise", "rose risen"), ("run", "ran"),
    ("say", "said"), ("see", "saw seen"), ("seek", "sought"), ("sell", "sold"),
    ("send", "sent"), ("sit", "sat"), ("spend", "spent"), ("stand", "stood"),
    ("strike", "struck stricken"), ("take", "took taken"), ("teach", "taught"),
    ("tell", "told"), ("think", "thought"), ("undertake", "undertook undertaken"),
    ("win", "won"), ("withdraw", "withdrew withdrawn"), ("write", "wrote written"))
    for form in forms.split()}
IRREGULAR_PAST = frozenset(_IRREGULAR)


@functools.lru_cache(maxsize=65536)  # pure, and called for every word of every candidate fact
def stem(word: str) -> str:
    """A light English suffix stripper: enough to match 'invested'/'investment'/'invests'."""
    w = word.lower()
    base = _IRREGULAR.get(w)
    if base is not None:
        return stem(base)
    if len(w) <= 3:
        return w
    # Adjective and adverb forms meet their noun: 'available'/'availability',
    # 'generally'/'general', 'approved'/'approval'.
    for suf, repl in (("ability", "able"), ("ibility", "ible"), ("ally", "al")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)] + repl
            break
    if w.endswith("al") and len(w) - 2 >= 4:
        w = w[:-2]
    for suf in ("ships", "ship"):   # 'sponsorship'/'sponsor', 'partnership'/'partner'
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            break
    for suf in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er",
                "ors", "or", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            base = w[: -len(suf)]
            if suf in ("ies", "ied"):
                base += "y"
            elif suf in ("ings", "ing", "ed", "es", "s") and base.endswith(("or", "er")) and \
                    len(base) - 2 >= 3:
                base = base[:-2]   # 'sponsored' meets 'sponsors' and 'sponsor'
                return base
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                base = base[:-1]  # "invested" ok, "running" -> "run"
            return base[:-1] if len(base) > 4 and base.endswith("e") else base
    return w[:-1] if len(w) >= 4 and w.endswith("e") else w


def humanize(local_name: str) -> str:
    """Words from an IRI local name: 'investedIn' -> 'invested in', 'board_seat' -> 'board seat'."""
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", local_name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", s)
    s = re.sub(r"[_\-]+", " ", s)
    return s.strip().lower() if not s.isupper() else s.strip()
