"""Words for matching: light stemming, a maths vocabulary, TF-IDF vectors.

Everything here is deterministic and pure Python: the texts are short (step
titles, statement titles) and a scheme has at most tens of thousands of them,
so sparse dictionaries beat loading a numerical library.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

Vector = dict[str, float]

#: Concept tokens (a vocabulary group) start with this; no stem can.
CONCEPT = "~"

_STOP = frozenset(
    """a an the and or of in on to for with by from as at is are be been being it its this that
    these those into their them they we you your our e g eg ie i how what which when where
    why using use used uses including include includes such can will do does not other than
    then so if all any each both also about up out one's pupils pupil learn learning lesson
    lessons understand understanding know knowing recognise recognize begin beginning
    introduction introducing intro explore exploring develop developing securing secure
    review revisit recap problems problem solving solve solving context contexts range
    variety different various more further extend extending appropriate simple simply
    checking check checked given choosing choose chosen method methods thinking
    critically maths mathematics mathematical efficiently efficient""".split()  # noqa: SIM905
)
# "solve" and "range" are stopwords only when alone; vocabulary phrases ("solve
# equations", "range" in statistics) are matched before stopwords are removed.
_IRREGULAR = {
    "division": "divid",
    "divide": "divid",
    "dividing": "divid",
    "divided": "divid",
    "divisor": "divid",
    "addition": "add",
    "adding": "add",
    "added": "add",
    "expansion": "expand",
    "multiplication": "multipl",
    "multiply": "multipl",
    "multiplying": "multipl",
    "multiplied": "multipl",
    "multiplicative": "multipl",
    "subtraction": "subtract",
    "numbers": "number",
    "numerical": "number",
    "geometrical": "geometry",
    "geometric": "geometry",
    "probabilities": "probability",
    "proportional": "proportion",
    "proportionality": "proportion",
    "algebraic": "algebra",
    "fractional": "fract",
    "decimals": "decimal",
    "percent": "percentag",
    "per cent": "percentag",
    "statistical": "statistic",
    "triangular": "triangl",
    "circular": "circl",
    "angled": "angl",
    "rectangular": "rectangl",
    "sequencing": "sequenc",
}
_SUFFIXES = (
    ("isations", "is"),
    ("isation", "is"),
    ("ications", "y"),
    ("ication", "y"),
    ("ations", "at"),
    ("ation", "at"),
    ("utions", "ut"),
    ("ution", "ut"),
    ("ctions", "ct"),
    ("ction", "ct"),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("sses", "ss"),
    ("ed", ""),
)
_WORD = re.compile(r"[a-z0-9]+")
_SYMBOLS = {
    "²": " squared ",
    "³": " cubed ",
    "×": " times ",
    "÷": " divided ",
    "π": " pi ",
    "√": " root ",
    "%": " percent ",
    "&": " and ",
    "ⁿ": " n ",
}
_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Reduce a lower-case word to a crude stem, so word forms match each other.

    Examples
    --------
    >>> [stem(w) for w in ("fractions", "factorising", "factorisation", "factors")]
    ['fract', 'factoris', 'factoris', 'factor']
    >>> stem("equations") == stem("equation"), stem("plotting") == stem("plot")
    (True, True)
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.isdigit():
        return word
    if "iz" in word:
        word = word.replace("iz", "is")
    stripped = False
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            stripped = suffix in ("ing", "ings", "ed")
            break
    else:
        if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
            word = word[:-1]
    if stripped and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def clean(text: str) -> str:
    """Lower-case ``text`` with maths symbols spelled out and markup removed.

    Examples
    --------
    >>> clean("Area of a² <i>shapes</i>")
    'area of a squared   shapes '
    """
    text = _TAG.sub(" ", text).lower().replace("’", "'")
    for sym, words in _SYMBOLS.items():
        if sym in text:
            text = text.replace(sym, words)
    return text.replace("'s", "").replace("'", "").replace("&gt;", " ").replace("&lt;", " ")


def words(text: str) -> list[str]:
    """The stems of ``text``, in order, stopwords kept.

    Examples
    --------
    >>> words("Position-to-term rules")
    ['position', 'to', 'term', 'rule']
    """
    return [stem(w) for w in _WORD.findall(clean(text))]


@dataclass(frozen=True)
class Vocabulary:
    """Groups of phrases that name the same idea (``curricula/vocabulary.yaml``).

    Attributes
    ----------
    phrases : mapping
        First stem of a phrase -> (stems of the phrase, concept token), longest first.
    labels : mapping
        Concept token -> the phrase shown as evidence (the group's first).
    """

    phrases: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_groups(cls, groups: Iterable[Sequence[str]]) -> Vocabulary:
        """Build a vocabulary from groups of synonymous phrases.

        Examples
        --------
        >>> v = Vocabulary.from_groups([["hcf", "highest common factor"]])
        >>> tokens("Find the highest common factor", v)
        ['~hcf', 'find', 'highest', 'common', 'factor']
        """
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        labels: dict[str, str] = {}
        for group in groups:
            phrases = [str(p) for p in group if str(p).strip()]
            if not phrases:
                continue
            concept = CONCEPT + "-".join(words(phrases[0]))
            labels.setdefault(concept, phrases[0])
            for phrase in phrases:
                stems = tuple(words(phrase))
                if stems:
                    by_first.setdefault(stems[0], []).append((stems, concept))
        phrases_map = {
            k: tuple(sorted(set(v), key=lambda pv: (-len(pv[0]), pv))) for k, v in by_first.items()
        }
        return cls(phrases=phrases_map, labels=labels)


def vocabulary_path() -> Path:
    """Where the bundled vocabulary lives."""
    return Path(str(resources.files("curricula"))) / "vocabulary.yaml"


@lru_cache(maxsize=4)
def load_vocabulary(path: str | None = None) -> Vocabulary:
    """Load a vocabulary file (default: the bundled ``curricula/vocabulary.yaml``).

    Examples
    --------
    >>> "~hcf" in load_vocabulary().labels
    True
    """
    from coherence.load.yaml import parse_yaml

    file = path or str(vocabulary_path())
    data = parse_yaml(Path(file).read_text(encoding="utf-8"), file)
    groups = data.get("groups") or []
    return Vocabulary.from_groups(g for g in groups if isinstance(g, list))


def tokens(text: str, vocab: Vocabulary | None = None) -> list[str]:
    """The matching tokens of ``text``: vocabulary concepts, then content stems.

    A vocabulary phrase adds its concept token; its words stay too, so a
    statement and a step that share the words but not the phrase still match.

    Examples
    --------
    >>> tokens("The nth term of a linear sequence", load_vocabulary())[:2]
    ['~nth-term', '~arithmetic-sequenc']
    """
    stems = words(text)
    concepts: list[str] = []
    if vocab is not None and vocab.phrases:
        i = 0
        while i < len(stems):
            for phrase, concept in vocab.phrases.get(stems[i], ()):
                if tuple(stems[i : i + len(phrase)]) == phrase:
                    if concept not in concepts:
                        concepts.append(concept)
                    i += len(phrase) - 1
                    break
            i += 1
    stop = _stop_stems()
    return concepts + [s for s in stems if s not in stop and (len(s) > 1 or s.isdigit())]


@lru_cache(maxsize=1)
def _stop_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in _STOP)


class TfIdf:
    """Inverse document frequencies over a corpus, and unit-length weighted vectors.

    Parameters
    ----------
    docs : iterable of sequence of str
        The token lists of the corpus.
    concept_boost : float
        Extra weight of vocabulary concepts (a shared idea outweighs a shared word).

    Examples
    --------
    >>> t = TfIdf([["fract", "add"], ["fract", "multipl"], ["angl"]])
    >>> round(cosine(t.vector(["fract", "add"]), t.vector(["add"])), 2)
    0.8
    """

    def __init__(self, docs: Iterable[Sequence[str]], concept_boost: float = 1.5) -> None:
        df: dict[str, int] = {}
        n = 0
        for doc in docs:
            n += 1
            for t in set(doc):
                df[t] = df.get(t, 0) + 1
        self.n = n
        self.df = df
        self.concept_boost = concept_boost
        self._default = math.log((n + 1) / 1) + 1

    def idf(self, token: str) -> float:
        """Smoothed inverse document frequency (unknown words weigh the most)."""
        d = self.df.get(token)
        w = math.log((self.n + 1) / (d + 1)) + 1 if d else self._default
        return w * self.concept_boost if token.startswith(CONCEPT) else w

    def vector(self, toks: Sequence[str], weight: float = 1.0) -> Vector:
        """The TF-IDF vector of a token list, of length ``weight``.

        Each part of a query (title, unit title, neighbours) is scaled to its
        weight before parts are added, so a long unit title cannot drown the
        step's own words.
        """
        out: Vector = {}
        for t in toks:
            out[t] = out.get(t, 0.0) + 1.0
        raw = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in out.items()}
        norm = math.sqrt(sum(w * w for w in raw.values()))
        return {t: weight * w / norm for t, w in raw.items()} if norm else raw


def combine(*parts: Mapping[str, float]) -> Vector:
    """Sum vectors and scale the result to unit length.

    Examples
    --------
    >>> combine({"a": 3.0}, {"b": 4.0})
    {'a': 0.6, 'b': 0.8}
    """
    out: Vector = {}
    for p in parts:
        for t, w in p.items():
            out[t] = out.get(t, 0.0) + w
    norm = math.sqrt(sum(w * w for w in out.values()))
    return {t: w / norm for t, w in out.items()} if norm else out


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two vectors (normalised here).

    Examples
    --------
    >>> cosine({"a": 1.0}, {"a": 2.0, "b": 0.0})
    1.0
    """
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    if not dot:
        return 0.0
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb)


def shared_terms(a: Mapping[str, float], b: Mapping[str, float], n: int = 4) -> list[str]:
    """The tokens contributing most to the similarity of ``a`` and ``b``, strongest first.

    Examples
    --------
    >>> shared_terms({"x": 1.0, "y": 3.0}, {"x": 1.0, "y": 1.0, "z": 5.0})
    ['y', 'x']
    """
    common = [(-(w * b[t]), t) for t, w in a.items() if t in b]
    return [t for _, t in sorted(common)[:n]]


def display(token: str, vocab: Vocabulary, surface: Mapping[str, str]) -> str:
    """How a token is shown as evidence: a vocabulary phrase or a word as written.

    Examples
    --------
    >>> display("fract", Vocabulary(), {"fract": "fractions"})
    'fractions'
    """
    if token.startswith(CONCEPT):
        return vocab.labels.get(token, token[1:])
    return surface.get(token, token)


def surface_forms(texts: Iterable[str], into: dict[str, str] | None = None) -> dict[str, str]:
    """Map each stem to the first word written for it, for showing evidence.

    Examples
    --------
    >>> surface_forms(["Adding fractions"])["fract"]
    'fractions'
    """
    out = {} if into is None else into
    for text in texts:
        for w in _WORD.findall(clean(text)):
            st = stem(w)
            if st not in out or len(w) < len(out[st]):
                out[st] = w  # the plainest form: "fraction", not "fractional"
    return out


def evidence_words(
    a: Mapping[str, float], b: Mapping[str, float], vocab: Vocabulary, surface: Mapping[str, str]
) -> str:
    """The words two texts share, strongest first, quoted, without repeats.

    Examples
    --------
    >>> v = Vocabulary.from_groups([["hcf", "highest common factor"]])
    >>> evidence_words({"~hcf": 2.0, "hcf": 1.0}, {"~hcf": 1.0, "hcf": 1.0}, v, {})
    '"hcf"'
    """
    shown: list[str] = []
    for t in shared_terms(a, b, 6):
        w = display(t, vocab, surface)
        if not any(w in s for s in shown):
            shown.append(w)
    return ", ".join(f'"{w}"' for w in shown[:4])
