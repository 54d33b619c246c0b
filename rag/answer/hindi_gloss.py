"""Hindi words for an answer from an English article, without a model: a
word-by-word gloss, checked (the other way of ``gloss``).

A Hindi question over English articles got the English words, or the model's
translation when the check let it through. Here the code glosses them:
- English words: FreeDict's Hindi senses for the word's stem (minister →
  मंत्री, satellite → उपग्रह), the one nearest to the English word in the e5
  space (e5 puts a word and its translation close);
- prepositions become postpositions after their object ("in 1520" → "1520
  में", "the church of England" → "England का गिरजाघर"), articles and
  auxiliaries are dropped;
- names, and words FreeDict lacks, are spelled as Hindi hears them, from the
  CMU Pronouncing Dictionary (Scheele शील, Harrods हेरड्स; acronyms by their
  letters' names, UDP यूडीपी); those it lacks stay in Latin letters, as Hindi
  news prints them ("BSkyB", "MPEG-2");
- dates and numbers: the glossary's table.
Like the English gloss it is shown only when it keeps every number, leaves no
lone English word beside translated ones (a run of them is a name), and lies
within ``min_hindi_gloss_similarity`` of the English words in e5 (``evals/fit/
fit_gloss.py --hindi``); the answer then says it is a word-by-word gloss.
"""

from __future__ import annotations

import re

from rag.answer import glossary
from rag.answer.gloss import Embed, checked
from rag.answer.read import codes, split_codes
from rag.answer.render import Rendering
from rag.bridge import acronyms, dictionary, pronounce
from rag.text import _stemmers

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*%?|[A-Za-z][A-Za-z'’]*(?:-[A-Za-z0-9]+)*|[^\sA-Za-z\d]")

_NUMBER = re.compile(r"\d")
# English prepositions as the Hindi postposition after their object.
_POSTPOSITIONS = {"in": "में", "into": "में", "inside": "के अंदर", "on": "पर", "at": "पर", "from": "से", "to": "को",
                  "by": "द्वारा", "for": "के लिए", "with": "के साथ", "about": "के बारे में", "during": "के दौरान",
                  "after": "के बाद", "before": "से पहले", "under": "के तहत", "between": "के बीच",
                  "among": "के बीच", "through": "के माध्यम से", "since": "से", "until": "तक", "till": "तक",
                  "within": "के भीतर", "without": "के बिना", "against": "के खिलाफ", "than": "से", "over": "पर",
                  "near": "के पास", "across": "के पार", "towards": "की ओर", "toward": "की ओर"}
_WORDS = {"and": "और", "or": "या", "not": "नहीं", "no": "नहीं", "also": "भी", "only": "केवल", "very": "बहुत",
          "more": "अधिक", "most": "सबसे", "all": "सभी", "both": "दोनों", "each": "प्रत्येक", "other": "अन्य",
          "new": "नया", "first": "पहला", "last": "अंतिम", "same": "वही", "many": "कई", "some": "कुछ"}
_DROP = {"the", "a", "an", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "that",
         "which", "who", "whom", "whose", "it", "its", "this", "these", "those", "their", "his", "her", "as"}
_CANDIDATES = 4



_ORDINAL_WORD = re.compile(r"^\d+(?:st|nd|rd|th)-[A-Za-z]+$", re.I)


def _tokens(span: str) -> list[str]:
    """Words, numbers and marks; a code whole ("Astra 2A" keeps its A, "X.25" its
    point: ``read.codes``), and ordinals and decades whole ("19th", "1970s")."""
    def whole(c: str) -> list[str] | None:
        if _ORDINAL_WORD.match(c):
            return c.split("-", 1)  # "19th-century" is two words
        return [c] if glossary.EN_ORDINAL.match(c) or glossary.EN_DECADE.match(c) else None

    return split_codes(span, _TOKEN.findall, whole)


def _stem(word: str) -> str:
    return _stemmers()[1].stemWord(word.lower())  # type: ignore[attr-defined]


class HindiGlosser:
    """Glosses English words into Hindi with the index's embedding model
    (``embed_queries``: "query: " texts, as ``render`` compares them)."""

    def __init__(self, embed_queries: Embed) -> None:
        self.embed_queries = embed_queries

    @staticmethod
    def senses(word: str) -> list[str]:
        """FreeDict's Hindi phrases for the English ``word`` (by its stem), first senses first."""
        return dictionary.load().get(_stem(word), [])[:_CANDIDATES]

    def _choose(self, words: list[str]) -> dict[str, str]:
        """Each word's sense nearest to it in e5 (one batch for all)."""
        options = {w: self.senses(w) for w in dict.fromkeys(words)}
        texts = list(dict.fromkeys([w for w, s in options.items() if s] + [s for ss in options.values() for s in ss]))
        if not texts:
            return {}
        vec = dict(zip(texts, self.embed_queries(texts), strict=True))
        return {w: max(s, key=lambda c: float(vec[c] @ vec[w])) for w, s in options.items() if s}

    def gloss_words(self, span: str) -> tuple[str, int, int]:
        """``span`` in Hindi word by word ('' when it has no English word), how
        many words were translated, and how many English words were left
        alone beside translated ones (not in a run of two or more, a name)."""
        if not re.search(r"[A-Za-z]", span):
            return "", 0, 0
        if tabled := glossary.translate(span, "hi"):
            return tabled, 1, 0
        tokens = _tokens(span)
        content = [t for t in tokens if t[0].isalpha() and not codes(t) and t.lower() not in _POSTPOSITIONS
                   and t.lower() not in _WORDS and t.lower() not in _DROP and t.lower() != "of"]
        chosen = self._choose([t for t in content if not _a_name(t, tokens)])
        phrases: list[list[str]] = [[]]  # the Hindi words, a new phrase after each preposition's object
        kept: list[bool] = []  # per output word: left in English
        found = 0
        pending: list[str] = []  # postpositions waiting for the end of their object
        owner: list[str] = []  # the words "of" hangs its object before ("the church of England")
        for i, t in enumerate(tokens):
            low = t.lower()
            if (low == "to" and 0 < i < len(tokens) - 1 and _NUMBER.match(tokens[i - 1]) and _NUMBER.match(
                    tokens[i + 1])) or (low in ("to", "-") and _number_word(tokens, i)):
                phrases[-1].append("से")  # a range: "five to ten" → "पाँच से दस"
                continue
            if low in _POSTPOSITIONS or low == "of":
                if pending:  # the previous object ends here
                    phrases[-1].append(pending.pop())
                if low == "of":
                    owner, phrases[-1] = phrases[-1], []
                    pending.append("का")
                else:
                    phrases.append([])
                    pending.append(_POSTPOSITIONS[low])
                continue
            if low in _DROP:
                continue
            if m := glossary.EN_ORDINAL.match(t):  # "19th century" → "19वीं शताब्दी"
                phrases[-1].append(glossary.ordinal_hi(m.group(1), tokens[i + 1] if i + 1 < len(tokens) else ""))
                found += 1
                continue
            if m := glossary.EN_DECADE.match(t):  # "in the 1970s" → "1970 के दशक में"
                phrases[-1].append(glossary.decade_hi(m.group(1), bool(pending)))
                found += 1
                continue
            if codes(t):  # a code stays as printed, as Hindi news prints it
                phrases[-1].append(t)
                continue
            if low in _WORDS:
                phrases[-1].append(_WORDS[low])
                continue
            if t in chosen:
                phrases[-1].append(chosen[t])
                kept.append(False)
                found += 1
            elif spelled := _spelled(t):
                phrases[-1].append(spelled)  # a name as Hindi writes it: Scheele शील, UDP यूडीपी
                kept.append(False)
                found += 1
            else:
                phrases[-1].append(t)
                kept.append(bool(t[0].isalpha()))
        if pending:
            phrases[-1].append(pending.pop())
        if owner:  # "X of Y": "Y का X"
            phrases[-1] += owner
        text = " ".join(w for p in phrases for w in p)
        lone = sum(1 for i, k in enumerate(kept) if k and not (i and kept[i - 1]) and not (i + 1 < len(kept)
                                                                                               and kept[i + 1]))
        return " ".join(text.split()), found, lone

    def render(self, span: str, min_similarity: float) -> Rendering:
        """The Hindi gloss of ``span``, checked as a model's translation is."""
        if not dictionary.load():
            return Rendering(False, reason="no English-Hindi dictionary (sudo apt-get install dict-freedict-eng-hin)",
                             by="gloss")
        text, found, lone = self.gloss_words(span)
        if not text or not found:
            return Rendering(False, reason="nothing to gloss", raw=text, by="gloss")
        return checked(span, text, found, lone, "hi", self.embed_queries, min_similarity)


_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion"}


def _number_word(tokens: list[str], i: int) -> bool:
    """Number words on both sides of ``tokens[i]`` ("five to ten")."""
    return 0 < i < len(tokens) - 1 and tokens[i - 1].lower() in _NUMBER_WORDS and tokens[i + 1].lower() in _NUMBER_WORDS


def _spelled(token: str) -> str | None:
    """A name FreeDict has no sense for, in Devanagari letters: an acronym by
    its letters' names, else by its pronunciation (``pronounce``), possessive
    dropped. A name that is also a word ("Earth", "Virgin") stays as printed:
    its sound would be another Hindi word (अर्थ is "meaning")."""
    word = re.sub(r"['’]s$", "", token)
    if dictionary.load().get(_stem(word)):
        return None
    return acronyms.to_devanagari(word) or (pronounce.spell(word) if word[:1].isalpha() else None)


def _a_name(token: str, tokens: list[str]) -> bool:
    """A capitalised word not at the start (or a word in capitals): a name, left in Latin letters."""
    return token[:1].isupper() and (token is not tokens[0] or token.isupper() or not dictionary.load().get(
        _stem(token)))
