"""English words for a Hindi answer without a model: a word-by-word gloss, checked.

The answer words of Hindi news and encyclopaedia text are mostly of three
kinds, and none of them needs a model:
- English words written in Devanagari (डिजिटल टेरेस्ट्रियल, वेलफेयर कैश कार्ड) and
  foreign names and places (सियोल, लूथर): the English word that sounds the same,
  from an English word list (Debian's ``wamerican``), looked up by the
  consonants of the sound key, since Hindi spells English vowels freely
  (``sounds``);
- native Hindi words (उपग्रह, सिद्धांत): their English headwords in FreeDict,
  or first the project's table of common words FreeDict lacks (शामिल,
  निधन, न्यायालय: ``rag/bridge/hindi_english.tsv``), where the sound of an
  English word had stood in ("simile", "Nadine", "forum");
- numbers, dates and units: the glossary's table.
Of a word's candidates the one nearest to it in the e5 space is taken (e5
puts a word and its translation or transliteration close); a word with none
is spelled in Latin letters as a name. The gloss is then checked as the
model's translation is (numbers kept, not much longer, e5 similarity to the
Hindi words at least ``min_gloss_similarity``, fitted by
``evals/fit/fit_gloss.py``), and the answer says it is a word-by-word gloss.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from rag.answer import glossary
from rag.answer.read import split_codes
from rag.answer.render import Rendering, check
from rag.answer.sounds import sounds_like
from rag.answer.span.relative import WHEN_EN
from rag.bridge import acronyms, dictionary, english
from rag.bridge.phonetic import romanise
from rag.text import words

_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*%?")
# Postpositions, particles, auxiliaries and relative words: dropped, or the English word for them.
_FUNCTION = {"और": "and", "एवं": "and", "तथा": "and", "या": "or", "के": "", "का": "", "की": "", "को": "", "ने": "",
             "में": "in", "से": "from", "पर": "on", "तक": "to", "द्वारा": "by", "लिए": "for", "एक": "a",
             "द": "the", "ऑफ": "of", "ऑफ़": "of", "है": "", "हैं": "", "था": "", "थे": "", "थी": "", "नहीं": "not",
             "ही": "", "भी": "also", "कि": "that", "जो": "", "जिससे": "", "जिसमें": "", "जिसे": "", "जिसका": "",
             "जिसकी": "", "जिसके": "", "जिन्होंने": "", "जिन": "", "यह": "this", "वह": "that", "ये": "these",
             "वे": "they", "इस": "this", "उस": "that", "इन": "these", "उन": "those", "गया": "", "गई": "", "गए": "",
             "गयी": "", "गये": "", "थीं": "", "किया": "", "किए": "", "किये": "", "दिया": "", "दिए": "", "दी": "",
             "लिया": "",
             "रहा": "", "रही": "", "रहे": "", "हुआ": "", "हुई": "", "हुए": "", "कर": "", "करके": "", "वाले": "",
             "वाला": "", "वाली": "", "अपने": "own", "अपनी": "own", "अपना": "own", "बीच": "between", "साथ": "with"}
# Compass words before a name are its part ("उत्तर कोरिया" is North Korea, not "answer Korea").
_COMPASS = {"उत्तर": "North", "दक्षिण": "South", "पूर्व": "East", "पश्चिम": "West", "उत्तरी": "Northern",
            "दक्षिणी": "Southern", "पूर्वी": "Eastern", "पश्चिमी": "Western"}
_NEIGHBOURS = 3  # nearest English headwords for a word the dictionary lacks
_MIN_NEIGHBOUR = 0.91  # below it, e5's nearest English word is mostly chance (रणनीतिक ~ "methodical" 0.897)
_DICTIONARY_CANDIDATES = 6
_LOANWORD_SOUND = 0.8
# How much a sound candidate's closeness counts beside e5 when choosing a word's
# English: e5 alone took "remit" for रिमोट. Fitted by evals/fit/fit_gloss.py.
SOUND_WEIGHT = 0.07
# A word of the English list or of FreeDict counts this much more than one only
# the pronouncing dictionary has (its rarer names and spellings: "Amerika",
# "Prothorax" beside "America"). Fitted by evals/fit/fit_gloss.py.
LISTED_BONUS = 0.03

Embed = Callable[[list[str]], np.ndarray]  # texts -> normalised vectors, one row each


@cache
def _listed() -> frozenset[str]:
    return frozenset(dictionary.english_words())


def _words_and_numbers(text: str) -> list[str]:
    out: list[str] = []
    nums = _NUMBER.findall(text)
    for i, part in enumerate(_NUMBER.split(text)):
        out += words(part)
        if i < len(nums):
            out.append(nums[i])
    return out


def _tokens(span: str) -> list[str]:
    """Words, with a number and its decimal point kept whole ("0.3", not "0"
    and "3"), and a Latin-letter code as printed ("X.25", "V&A": ``read.codes``)."""
    return split_codes(unicodedata.normalize("NFC", span), _words_and_numbers)


# A time told by an event ("वार्ता समाप्त होने के कुछ समय बाद ही", span/relative.py): Hindi
# says "after" behind the event, English before it; "होने" (of being) has no English word there.
_RELATIVE = re.compile(r"^(?P<event>.+?)(?:\s+होने)?\s+(?:के|से)\s+(?P<how>तुरंत\s+|कुछ\s+समय\s+|ठीक\s+)?"
                       rf"(?P<when>{'|'.join(WHEN_EN)})(?:\s+ही)?$")
_RELATIVE_HOW = {"तुरंत": "right", "कुछ समय": "shortly", "ठीक": "just"}


def _range(ws: list[str], i: int) -> bool:
    """``ws[i]`` is से between two numbers ("5 से 10", "पांच से दस"): a range."""
    return 0 < i < len(ws) - 1 and glossary.is_number(ws[i - 1]) and glossary.is_number(ws[i + 1])


# Forms of करना, देना, लेना, होना, जाना that end a clause (मंत्री नियुक्त किया), never a name.
_VERBS = frozenset("किया किए किये करेगा करेगी करेंगे दिया दिए दी लिया लिए ली होगा होगी होंगे जाएगा जाएगी जाएंगे "
                   "जाएँगे".split())
# Endings of Hindi verb forms whose stem + ना is the infinitive FreeDict lists (बने, चुना → बनना, चुनना).
_VERB_FORMS = ("ने", "ना", "नी", "ें", "ीं", "े", "ा", "ी")


def _no_sense(word: str) -> bool:
    """FreeDict knows neither the word nor a verb it may be a form of."""
    if dictionary.english_for(word):
        return False
    return not any(word.endswith(e) and len(word) > len(e) + 1 and dictionary.english_for(word[: -len(e)] + "ना")
                   for e in _VERB_FORMS)


def _a_name(word: str, cache_dir: Path | None = None) -> bool:
    """No dictionary word, and sounds like a name or place (कोरिया ~ "Cory", अफ्रीका ~ "Africa")."""
    return not dictionary.english_for(word) and any(w[:1].isupper() for w, _ in sounds_like(word, cache_dir)[:3])


def checked(span: str, text: str, found: int, lone: int, target: str, embed_queries: Embed,
            min_similarity: float) -> Rendering:
    """A gloss ``text`` of ``span`` into ``target`` ('en' or 'hi'), checked as a
    model's translation is, after the gloss's own check (``half_spelled``)."""
    if half_spelled(found, lone):
        source = "Hindi" if target == "en" else "English"
        return Rendering(False, reason=f"the gloss leaves {source} words untranslated", raw=text, by="gloss")
    sim = float(np.dot(*embed_queries([span, text])))
    result = check(span, text, target, sim, min_similarity)
    result.by, result.raw = "gloss", text
    return result


def half_spelled(found: int, lone_spelled: int) -> bool:
    """Some words found in English and others only spelled in Latin letters,
    one by one: those are then mostly Hindi words the lists lack ("Chumbakiy
    area"), and the gloss is half untranslated (an all-spelled gloss, or a
    run of spelled words, is a name). Rejecting these was better on the fit articles."""
    return bool(found and lone_spelled)


class Glosser:
    """Glosses Hindi words with the index's embedding model.

    ``embed_queries`` compares a Hindi word with its English candidates and
    the gloss with the span ("query: " texts, as ``render`` does);
    ``embed_words`` embeds FreeDict's English headwords once, for the nearest
    English word to a Hindi word the dictionary lacks (राजनीतिक → "political");
    those vectors are kept in ``cache_dir`` (``rag.bridge.english``).
    """

    def __init__(self, embed_queries: Embed, embed_words: Embed, cache_dir: Path | None = None,
                 model_name: str = "model", sound_weight: float = SOUND_WEIGHT,
                 listed_bonus: float = LISTED_BONUS) -> None:
        self.embed_queries, self.embed_words = embed_queries, embed_words
        self.sound_weight, self.listed_bonus = sound_weight, listed_bonus
        self.cache_dir, self.model_name = cache_dir, model_name
        # A word after a title is asked twice (its candidates, then whether it is a name): embedded once.
        self.neighbours = lru_cache(maxsize=4096)(self._nearest)

    def headwords(self) -> tuple[list[str], np.ndarray]:
        """FreeDict's one-word English headwords and their unit vectors (``rag.bridge.english``)."""
        return english.headword_vectors(self.embed_words, self.cache_dir, self.model_name)

    def _nearest(self, word: str) -> list[str]:
        """The nearest English headwords to ``word`` in e5 (``neighbours``, memoised)."""
        heads, vectors = self.headwords()
        if not heads:
            return []
        sims = vectors @ np.asarray(self.embed_words([word])[0], dtype=np.float32)
        best = np.argsort(-sims)[:_NEIGHBOURS]
        return [heads[i] for i in best if sims[i] >= _MIN_NEIGHBOUR]

    def candidates(self, word: str) -> dict[str, float]:
        """English words that may stand for ``word``, each with how closely it
        sounds like it (0 for a dictionary sense or neighbour). A native word
        has dictionary senses (or, lacking them, e5 neighbours), and an English
        word of like consonants is then a false friend (महान ~ "manna"),
        unless it sounds all but the same (a loanword the dictionary lists)."""
        sound = sounds_like(word, self.cache_dir)
        senses = dictionary.english_for(word)[:_DICTIONARY_CANDIDATES] or self.neighbours(word)
        if senses:
            sound = [(w, s) for w, s in sound if s >= _LOANWORD_SOUND]
        out = dict(sound)
        for w in senses:
            out.setdefault(w, 0.0)
        return out

    def _choose(self, word: str, options: dict[str, float], vec: dict[str, np.ndarray]) -> str:
        """The candidate nearest ``word`` in e5, a sound candidate's distance in
        sound counted too, and a word of the lists preferred."""
        listed = _listed()

        def score(c: str) -> float:
            sound = self.sound_weight * (options[c] - 1) if options[c] else 0.0
            return float(vec[c] @ vec[word]) + sound + (self.listed_bonus if not options[c] or c in listed else 0.0)
        return max(options, key=score)

    def names_after_titles(self, ws: list[str], content: list[str], tabled: dict[str, str | None]) -> set[int]:
        """Positions of the words of a name right after a title ("रक्षा मंत्री नो
        क्वांग चोल"): they are spelled, not matched by sound ("No queuing Cholla").
        The words after the title that no dictionary knows, even as a verb form
        (राष्ट्रपति बने: became President); one such word alone only if e5 finds
        no English word near it either (मंत्री नियुक्त: Minister appointed)."""
        out: set[int] = set()
        for i in range(1, len(ws)):
            if not glossary.title(ws[i - 1], ws[i]):
                continue
            k = i
            while k < len(ws) and ws[k] in content and ws[k] not in _VERBS and not tabled[ws[k]] and _no_sense(ws[k]):
                k += 1
            if k - i >= 2 or (k - i == 1 and not self.neighbours(ws[i])):
                out.update(range(i, k))
        return out

    def gloss_words(self, span: str) -> tuple[str, int, int]:
        """``span`` word by word in English ('' when it has no Hindi word), how
        many words were found in English (by sound, dictionary, neighbour or
        table) and how many were only spelled in Latin letters, alone (not
        in a run of two or more, which is a name)."""
        if not _DEVANAGARI.search(span):
            return "", 0, 0
        if tabled := glossary.translate(span, "en"):
            return tabled, 1, 0
        if m := _RELATIVE.match(span):
            text, found, spelled = self.gloss_words(m.group("event"))
            how = _RELATIVE_HOW.get(" ".join((m.group("how") or "").split()), "")
            if text:
                return " ".join(x for x in (how, WHEN_EN[m.group("when")], text) if x), found + 1, spelled
        ws = _tokens(span)
        content = [w for w in ws if _DEVANAGARI.search(w) and w not in _FUNCTION]
        after = {w: ws[i + 1] if i + 1 < len(ws) else "" for i, w in enumerate(ws)}
        tabled = {w: glossary.translate(w, "en") or glossary.title(w, after[w]) or acronyms.read_compound(w)
                  or dictionary.tabled(w) for w in content}
        options = {w: self.candidates(w) for w in content if not tabled[w]}
        texts = list(dict.fromkeys([w for w, c in options.items() if c] + [c for cs in options.values() for c in cs]))
        vec = dict(zip(texts, self.embed_queries(texts), strict=True)) if texts else {}
        names = self.names_after_titles(ws, content, tabled)
        out: list[str] = []
        found = 0
        spelled: set[int] = set()  # positions in ``out`` of words only spelled in Latin letters
        named: set[int] = set()  # of those, the words of a name after a title
        for i, w in enumerate(ws):
            nxt = ws[i + 1] if i + 1 < len(ws) else ""
            if not _DEVANAGARI.search(w):
                out.append(w)
            elif i in names:
                spelled.add(len(out))
                named.add(len(out))
                out.append(romanise(w))
            elif w == "से" and _range(ws, i):
                out.append("to")  # "पांच से दस साल": five to ten years, not "five from ten"
            elif w == "तक" and i >= 2 and ws[i - 2] == "से" and _range(ws, i - 2):
                continue  # "0.3 से 0.6 तक": the "to" is already said
            elif w in _FUNCTION:
                out.append(_FUNCTION[w])
            elif w in _COMPASS and nxt in content and _a_name(nxt, self.cache_dir):
                out.append(_COMPASS[w])  # before a name: उत्तर कोरिया, दक्षिण अफ्रीका (not उत्तर दिया)
                found += 1
            elif tabled[w] or options[w]:
                out.append(tabled[w] or self._choose(w, options[w], vec))
                found += 1
            else:
                spelled.add(len(out))
                out.append(romanise(w))
        # Two or more spelled words in a row are a name (नो क्वांग चोल); a lone
        # one is mostly a Hindi word the lists lack ("Chumbakiy"): only those count.
        lone = sum(1 for i in spelled - named if i - 1 not in spelled and i + 1 not in spelled)
        return " ".join(x for x in out if x), found, lone

    def render(self, span: str, min_similarity: float) -> Rendering:
        """The gloss of ``span``, checked as a model's translation is."""
        if not (dictionary.english_words() or dictionary.reverse()):
            # Without the lists every word would only be spelled, a romanisation, not English.
            return Rendering(False, reason="no English word lists (sudo apt-get install wamerican "
                                           "dict-freedict-eng-hin)", by="gloss")
        text, found, spelled = self.gloss_words(span)
        if not text:
            return Rendering(False, reason="nothing to gloss", by="gloss")
        return checked(span, text, found, spelled, "en", self.embed_queries, min_similarity)
