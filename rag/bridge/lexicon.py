"""The bridge over one index's vocabulary: each Latin-letter word of a question
matched to the Devanagari keyword tokens it may stand for, with a confidence.

Three sources, each with its own weight (the confidence a match carries into
BM25 and the answer ranker; an exact keyword match counts 1):
- ``sound``: the word's sound key equals a vocabulary token's ("raksha" → रक्ष,
  "Belousov" ~ बेलोसोव), or a token's key is its stem-like prefix ("rusi" → रूस),
  or an acronym is the token its letter names spell ("UDP" → यूडीपी);
- ``fuzzy``: one edit away on keys of five letters or more (SymSpell-style
  deletion index, so a lookup is a handful of dict probes, not a scan);
- ``dictionary``: an English word's Hindi translations from FreeDict, only
  those tokens the index holds;
- ``neighbour`` (added by the keyword index, rag/bridge/neighbours.py): the
  index token nearest to an English word in the embedding model's space.
The index's own vocabulary decides what can match, so the bridge grows with
the articles and never proposes a word no passage has.

The other way, a Devanagari word of a question meets the English words of
English articles (``match_deva``): a name or loanword by sound (बेलोसोव ~
"Belousov"), a native word by FreeDict's English headwords for it (मंत्री →
"minister"), again only those the index holds.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rag.bridge import acronyms, dictionary, pronounce
from rag.bridge.phonetic import (
    deva_key,
    function_word,
    is_function_word,
    is_romanised_hindi,
    latin_key,
    skeleton,
    to_devanagari,
    vowel_distance,
)
from rag.text import bridging_stopwords, english_stem, fold, keyword_tokens, stopwords, words

WEIGHTS = {"exact": 1.0, "sound": 0.9, "prefix": 0.7, "fuzzy": 0.6, "vowels": 0.55, "dictionary": 0.7,
           "neighbour": 0.7}
# A name's vowels may differ in all but a quarter of its sound key (Korea
# "kore" ~ कोरिया "kori"): beyond that, like consonants are mostly another word.
MAX_VOWEL_DISTANCE = 0.25
MAX_ALTERNATIVES = 4  # per query word: more only adds noise to BM25
FILE = "bridge.json"
# 2: with the Hindi-to-English side; 3: irregular past forms; 4: the project's word table;
# 5: more words in it; 6: common news verbs and nouns in it; an older file is rebuilt
VERSION = 6
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_LATIN_TOKEN = re.compile(r"[a-z]{3,}")
_QUESTION_WORD = re.compile(r"^(क्या|कौन\S*|किन\S*|कब|कहा[ँं]|कितन\S*|क्यों|कैसे|किस\S*)$")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass
class Match:
    token: str  # a keyword token of the index (folded, stemmed)
    weight: float
    source: str  # exact | sound | prefix | fuzzy | dictionary | neighbour


@dataclass
class Term:
    """One word of the question and the index tokens it stands for."""

    word: str
    matches: list[Match] = field(default_factory=list)
    known: bool = False  # the index has the word's own token (set by the keyword index)

    @property
    def best(self) -> Match | None:
        return max(self.matches, key=lambda m: m.weight, default=None)


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


class Bridge:
    """Sound keys of the vocabulary, and dictionary entries restricted to it."""

    def __init__(self, keys: dict[str, str], translations: dict[str, list[str]],
                 latin_keys: dict[str, str] | None = None, hindi: dict[str, list[str]] | None = None,
                 version: int = VERSION) -> None:
        self.token_keys = keys  # Devanagari token -> sound key
        self.translations = translations  # English stem -> index tokens
        self.latin_keys = latin_keys or {}  # Latin-letter token -> sound key
        self.hindi = hindi or {}  # Hindi keyword token -> English index tokens (FreeDict)
        self.version = version
        self.by_key: dict[str, list[str]] = {}
        for tok, k in keys.items():
            self.by_key.setdefault(k, []).append(tok)
        self.latin_by_key: dict[str, list[str]] = {}
        for tok, k in self.latin_keys.items():
            self.latin_by_key.setdefault(k, []).append(tok)
        self._latin_skeletons: dict[str, list[str]] | None = None
        self._deleted: dict[str, list[str]] | None = None  # built on first fuzzy lookup
        self._skeletons: dict[str, list[str]] | None = None  # likewise, keys by their consonants

    # ------------------------------------------------------------ build
    @classmethod
    def build(cls, vocabulary: list[str], dictionary_path: Path | None = dictionary.DEFAULT_PATH,
              previous: Bridge | None = None) -> Bridge:
        """From the index's keyword tokens (Devanagari ones get sound keys;
        ``previous`` keys are reused, so a rebuild after a small ingest is cheap)."""
        old = previous.token_keys if previous else {}
        keys: dict[str, str] = {}
        for tok in vocabulary:
            if not re.search(r"[\u0900-\u097f]", tok):
                continue
            k = old.get(tok) or deva_key(tok)
            if len(k) >= 2:
                keys[tok] = k
        vocab = set(vocabulary)
        translations: dict[str, list[str]] = {}
        for stem, phrases in (dictionary.load(dictionary_path) if dictionary_path else {}).items():
            # Long phrases are explanations, not translations; one-letter stems match too much.
            toks = list(dict.fromkeys(t for p in phrases if len(p.split()) <= 2
                                      for t in keyword_tokens(p) if t in vocab and len(t) >= 2))
            if toks:
                translations[stem] = toks[:MAX_ALTERNATIVES]
        latin_keys = {tok: latin_key(tok) for tok in vocabulary if _LATIN_TOKEN.fullmatch(tok)}
        hindi: dict[str, list[str]] = {}
        if latin_keys and dictionary_path:
            for word, heads in dictionary.reverse(dictionary_path).items():
                toks = list(dict.fromkeys(t for h in heads for t in keyword_tokens(h)[:1] if t in vocab))
                for stem in keyword_tokens(word)[:1]:
                    known = hindi.setdefault(stem, [])
                    known += [t for t in toks if t not in known][: MAX_ALTERNATIVES - len(known)]
            hindi = {k: v for k, v in hindi.items() if v}
        return cls(keys, translations, latin_keys, hindi)

    def save(self, directory: Path) -> None:
        data = {"version": VERSION, "keys": self.token_keys, "translations": self.translations,
                "latin_keys": self.latin_keys, "hindi": self.hindi}
        tmp = directory / f"{FILE}.tmp-{os.getpid()}"  # whole or not at all: readers may be loading it
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, directory / FILE)

    @classmethod
    def load(cls, directory: Path) -> Bridge | None:
        """The saved bridge (its ``version`` tells whether it is current), or None."""
        try:
            data = json.loads((directory / FILE).read_text(encoding="utf-8"))
            return cls(data["keys"], data["translations"], data.get("latin_keys"), data.get("hindi"),
                       data.get("version", 1))
        except (OSError, ValueError, KeyError):
            return None

    # ------------------------------------------------------------ match
    def match_word(self, word: str, romanised: bool) -> list[Match]:
        """Index tokens a Latin-letter word may stand for, most confident first."""
        word = re.sub(r"['’]s$", "", word)  # "Korea's" is Korea
        k = latin_key(word)
        found: dict[str, Match] = {}

        def add(tokens: list[str], source: str) -> None:
            for t in tokens:
                if t not in found or found[t].weight < WEIGHTS[source]:
                    found[t] = Match(t, WEIGHTS[source], source)

        if len(k) >= 2:
            add(self.by_key.get(k, []), "sound")
        if spelled := acronyms.to_devanagari(word):  # "UDP" is written by its letters' names: यूडीपी
            add([t for t in keyword_tokens(spelled)[:1] if t in self.token_keys], "sound")
        # A stem by prefix suits Hindi words and names ("Russia" → रूस), not
        # English common words ("called" → कल, "time" → टीम).
        if len(k) >= 4 and not found and (romanised or word[:1].isupper()):
            # a stem of the word: "rusi" → रूस, "mantriyon" → मंत्र; short stems only for short words
            for n in range(len(k) - 1, max(3 if len(k) <= 5 else 4, len(k) - 4) - 1, -1):
                add(self.by_key.get(k[:n], []), "prefix")
        if len(k) >= 5 and not found:
            add(self._fuzzy(k), "fuzzy")
        if len(k) >= 4 and not found and word[:1].isupper():
            add(self._by_vowels(k), "vowels")
        if not romanised:
            stem = keyword_tokens(word) or [english_stem(fold(word))]  # "fire" is on stopwords-iso's list
            for s in stem[:1]:
                found_in_dictionary = self.translations.get(s, [])
                for spelling in ([] if found_in_dictionary else dictionary.british(word)):
                    found_in_dictionary = [t for s2 in keyword_tokens(spelling)[:1]
                                           for t in self.translations.get(s2, [])]
                    if found_in_dictionary:
                        break  # FreeDict spells the British way: "behavior" is under "behaviour"
                add(found_in_dictionary, "dictionary")
        if not romanised and (not found or word[:1].isupper()):
            # A name is written by ear even where its letters sound like another
            # word ("Tyne": तीन, three) or the dictionary knows it as a common word.
            for tokens, source in self._by_pronunciation(word, exact_only=bool(found)):
                add(tokens, source)
        ranked = sorted(found.values(), key=lambda m: -m.weight)
        return ranked[:MAX_ALTERNATIVES]

    def _by_pronunciation(self, word: str, exact_only: bool = False) -> list[tuple[list[str], str]]:
        """Index tokens of a loanword the spelling did not find, by how the word
        sounds: Hindi writes "airport" by ear as एयरपोर्ट, which shares no key
        with the letters a-i-r but does with the CMU dictionary's "EH1 R P AO2
        R T" spelled in Devanagari (``pronounce.spell``): the same key is a
        sound match, a key differing in vowels a little (``MAX_VOWEL_DISTANCE``)
        a weaker one for words of five sounds or more. Native Hindi words are
        never matched so (died ~ दौड़, monitor ~ मंत्र): a loanword is what
        Hindi spells by ear."""
        spelled = pronounce.spell(word)
        k = deva_key(spelled) if spelled else ""
        if len(k) < 4:  # short keys meet too many words
            return []
        native = dictionary.hindi_stems()
        exact = [t for t in self.by_key.get(k, []) if t not in native]
        if exact:
            return [(exact, "sound")]
        if len(k) < 5 or exact_only:
            return []
        if self._skeletons is None:
            self._skeletons = _skeleton_index(self.by_key)
        near = [t for key in _closest_by_vowels([k], self._skeletons) for t in self.by_key[key] if t not in native]
        return [(near, "vowels")] if near else []

    def _fuzzy(self, k: str) -> list[str]:
        if self._deleted is None:
            self._deleted = {}
            for key in self.by_key:
                if len(key) >= 4:
                    for d in _deletions(key) | {key}:
                        self._deleted.setdefault(d, []).append(key)
        hits: set[str] = set()
        for d in _deletions(k) | {k}:
            for key in self._deleted.get(d, []):
                if key != k and abs(len(key) - len(k)) <= 1:
                    hits.add(key)
        return [t for key in sorted(hits) for t in self.by_key[key]]


    def _by_vowels(self, k: str) -> list[str]:
        """Index tokens of a name whose key has the same consonants as ``k`` and
        differs in vowels and glides only a little (``vowel_distance``), the
        closest ones; a demonym also as its country ("Korean" → कोरिया)."""
        if self._skeletons is None:
            self._skeletons = _skeleton_index(self.by_key)
        forms = [k, k[:-2]] if re.search(r"[ie]an$", k) else [k]
        return [t for key in _closest_by_vowels(forms, self._skeletons) for t in self.by_key[key]]


    def match_deva(self, word: str) -> list[Match]:
        """English index tokens a Devanagari word may stand for: a word FreeDict
        knows by its English headwords; one it does not (a name, a loanword)
        by sound, as ``match_word`` matches the other way."""
        found: dict[str, Match] = {}
        acronym = (acronyms.read(word) or "").lower()
        if acronym in self.latin_keys:  # यूडीपी is "udp"
            return [Match(acronym, WEIGHTS["sound"], "sound")]
        for stem in keyword_tokens(word)[:1]:
            for t in self.hindi.get(stem, []):
                found.setdefault(t, Match(t, WEIGHTS["dictionary"], "dictionary"))
        if found or _native(word):
            return list(found.values())[:MAX_ALTERNATIVES]
        k = deva_key(word)
        if len(k) < 4:  # short keys meet too many English words ("kar" ~ car)
            return []
        sound = self.latin_by_key.get(k, [])
        if sound:
            return [Match(t, WEIGHTS["sound"], "sound") for t in sound][:MAX_ALTERNATIVES]
        if self._latin_skeletons is None:
            self._latin_skeletons = _skeleton_index(self.latin_by_key)
        near = _closest_by_vowels([k], self._latin_skeletons)
        return [Match(t, WEIGHTS["vowels"], "vowels") for key in near for t in self.latin_by_key[key]][
            :MAX_ALTERNATIVES]


def _skeleton_index(keys: Iterable[str]) -> dict[str, list[str]]:
    """Sound keys of three letters or more by their consonants (``skeleton``)."""
    index: dict[str, list[str]] = {}
    for key in keys:
        if len(key) >= 3:
            index.setdefault(skeleton(key), []).append(key)
    return index


def _closest_by_vowels(forms: list[str], index: dict[str, list[str]]) -> list[str]:
    """The keys of ``index`` with the consonants of one of ``forms`` that differ
    from it least in vowels and glides, within ``MAX_VOWEL_DISTANCE``."""
    scored = sorted((vowel_distance(f, key) / max(len(f), len(key)), key)
                    for f in forms for key in index.get(skeleton(f), []))
    scored = [(d, key) for d, key in scored if d <= MAX_VOWEL_DISTANCE]
    return [key for d, key in scored if d <= scored[0][0] + 1e-9]


def _native(word: str) -> bool:
    """A Hindi word of the dictionary (in any of its forms), or a question word:
    never a name or loanword to match by sound (उपयोग ~ "epg", कितने ~ "Khitan")."""
    return bool(dictionary.english_for(word)) or bool(_QUESTION_WORD.match(word))


def expand(question: str, bridge: Bridge | None) -> list[Term]:
    """The question's keyword terms: Devanagari (and number) words as their own
    token; Latin-letter words with their own token kept and the Devanagari
    tokens the bridge matches added. Romanised Hindi function words are left out."""
    romanised = is_romanised_hindi(question)
    # An English word of meaning stays to be bridged ("fire" → दागी) though English passages drop it.
    stop = stopwords() if romanised else bridging_stopwords()
    terms: list[Term] = []
    seen: set[str] = set()
    for w in words(question):
        if fold(w) in stop:
            continue
        latin = bool(LATIN_WORD.fullmatch(w))
        toks = keyword_tokens(w) or ([english_stem(fold(w))] if latin else [])
        if not toks:
            continue
        if latin and romanised and is_function_word(w):
            continue
        term = Term(w, [Match(toks[0], WEIGHTS["exact"], "exact")])
        if latin and bridge is not None:
            term.matches += [m for m in bridge.match_word(w, romanised) if m.token != toks[0]]
        elif bridge is not None and bridge.latin_keys and _DEVANAGARI.search(w):
            term.matches += [m for m in bridge.match_deva(w) if m.token != toks[0]]
        key = "|".join(sorted(m.token for m in term.matches))
        if key not in seen:  # a repeated word counts once, as BM25's own query does
            seen.add(key)
            terms.append(term)
    return terms


def surface_forms(texts: list[str]) -> dict[str, str]:
    """Each keyword token of ``texts`` → its commonest whole word (मंत्र → मंत्री)."""
    counts: dict[str, dict[str, int]] = {}
    for text in texts:
        for w in words(text):
            for tok in keyword_tokens(w)[:1]:
                by_word = counts.setdefault(tok, {})
                by_word[w] = by_word.get(w, 0) + 1
    return {tok: max(ws, key=lambda w: ws[w]) for tok, ws in counts.items()}


def render(question: str, bridge: Bridge | None, surfaces: dict[str, str] | None = None) -> str:
    """A romanised Hindi question written in Devanagari, for the dense model
    (which reads "rus ke raksha mantri" poorly): function words from the table,
    content words as the index token they match best (as a whole word when
    ``surfaces`` knows one), the rest by ITRANS."""

    def one(m: re.Match[str]) -> str:
        w = m.group()
        if any(c.isupper() for c in w[1:]):
            return w  # an acronym or brand ("BSkyB", "UK") reads best as it is
        fw = function_word(w)
        if fw:
            return fw
        found = bridge.match_word(w, romanised=True) if bridge is not None else []
        if not found:
            return to_devanagari(w)
        return (surfaces or {}).get(found[0].token, found[0].token)

    return LATIN_WORD.sub(one, question)
