"""Text handling that is right for Devanagari: normalisation, language tags,
sentence spans and keyword tokens.

Python's ``\\w`` does not match Devanagari vowel signs or the virama, so the
usual ``\\b\\w\\w+\\b`` tokenizers (bm25s, scikit-learn, llama-index) shred
Hindi words; everything here works on explicit Unicode ranges instead.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

DEVANAGARI = "\u0900-\u097f\ua8e0-\ua8ff"
_DEVA_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_ZW = "\u200c\u200d"

# A word: letters/digits of any script plus Devanagari signs (matras, virama,
# nukta), ZWJ/ZWNJ inside a word, and internal apostrophes or hyphens.
# Danda (U+0964/5) and the abbreviation sign (U+0970) are punctuation.
_WORD_CHARS = rf"[^\W_]|[\u0900-\u0963\u0966-\u096F\u0971-\u097F\uA8E0-\uA8FF{_ZW}]"
_WORD_RE = re.compile(rf"(?:{_WORD_CHARS})+(?:['’\-](?:{_WORD_CHARS})+)*")

_DEVA_LETTER = re.compile(r"[\u0904-\u0939\u093D\u0950\u0958-\u0961\u0972-\u097F]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


def normalize(text: str) -> str:
    """NFC, unified line endings, no NULs or BOM. ZWJ/ZWNJ are kept: they carry meaning."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\x00", "")
    return unicodedata.normalize("NFC", text)


_HAS_DEVANAGARI = re.compile(f"[{DEVANAGARI}]")


def ascii_digits(text: str) -> str:
    """``text`` with Devanagari digits written as ASCII ones (one character for one)."""
    return text.translate(_DEVA_DIGITS)


def has_devanagari(text: str) -> bool:
    """Whether ``text`` has a Devanagari letter (a sentence with none is in Latin letters here)."""
    return bool(_HAS_DEVANAGARI.search(text))


def detect_language(text: str) -> str:
    """'hi', 'en' or 'mixed' by script share of letters; '' when there are none."""
    deva = len(_DEVA_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    total = deva + latin
    if total == 0:
        return ""
    share = deva / total
    if share >= 0.8:
        return "hi"
    if share <= 0.2:
        return "en"
    return "mixed"


# ---------------------------------------------------------------- sentences

# Abbreviations whose full stop does not end a sentence (English and Hindi news).
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "jr",
    "sr",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "no",
    "govt",
    "gen",
    "col",
    "lt",
    "capt",
    "sgt",
    "rs",
    "fig",
    "approx",
    "dept",
    "est",
    "डॉ",
    "प्रो",
    "श्री",
    "श्रीमती",
    "कु",
    "सु",
    "स्व",
    "रु",
    "ई",
}
# The usual Devanagari names of the Latin letters, with their common variants: Hindi
# writes acronyms (डीवीबी, ``rag.bridge.acronyms``) and initials ("ए. पी. जे.") with them.
LETTER_NAMES: dict[str, str] = {
    "ए": "A", "बी": "B", "सी": "C", "डी": "D", "ई": "E", "एफ": "F", "एफ़": "F", "जी": "G", "एच": "H",
    "आई": "I", "जे": "J", "के": "K", "एल": "L", "एम": "M", "एन": "N", "ओ": "O", "पी": "P", "क्यू": "Q",
    "आर": "R", "एस": "S", "टी": "T", "यू": "U", "वी": "V", "डब्ल्यू": "W", "डबल्यू": "W", "एक्स": "X",
    "वाई": "Y", "जेड": "Z", "ज़ेड": "Z",
}
# An initial ends no sentence ("जी" left out: an honorific may).
DEVANAGARI_INITIALS = frozenset(LETTER_NAMES) - {"जी"}
_ENDERS = "।॥?!.…"
_CLOSERS = "\"'”’)]»"
# A label of one to three words and a colon opening a line (not "10:30", not a long clause).
_LABEL_RE = re.compile(r"[ \t]*((?:[^\s:]+[ \t]+){0,2}[^\s:\d]+:)[ \t]+(?=\S)")
# "बेलोसोव ने कहा: …", "He said: …" introduce a quotation, not a label: the speaker stays with it.
_SPEAKER_WORDS = frozenset("ने का की के में से को पर कहा बताया लिखा said says told wrote asked added".split())
_ENDER_RE = re.compile(f"[{re.escape(_ENDERS)}]+[{re.escape(_CLOSERS)}]*")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial."""
    m = re.search(rf"((?:{_WORD_CHARS})+)$", text[max(0, dot - 20) : dot])
    if not m:
        return False
    word = m.group(1)
    if word.lower() in _ABBREVIATIONS:
        return True
    # Initials such as "A." in "A. P. J. Abdul Kalam", and in Devanagari the letters' names
    # ("ए. पी. जे. अब्दुल कलाम", "मालकम के. ह्यूज"): none of them ends a Hindi sentence.
    return (len(word) == 1 and word.isupper()) or word in DEVANAGARI_INITIALS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, whitespace trimmed.

    Ends a sentence at ``।``, ``॥``, ``?``, ``!``, ``…`` and a ``.`` that is
    followed by white space (so ``3.5`` and ``U.S.A`` stay whole) and is not an
    abbreviation, and at every line break (headlines and list items carry no
    full stop). A news site's label before a line's first sentence ("World
    News: …", "ताज़ा ख़बर: …") is a sentence of its own: read as part of the
    next one, its words became that sentence's answer. ``text[s:e]`` is each
    sentence exactly.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        line_end = line.end()
        if label := _label_end(text, start, line_end):
            spans.append((start, label))
            start = label
        for m in _ENDER_RE.finditer(text, start, line_end):
            end = m.end()
            if end < line_end and not text[end].isspace():
                continue  # "3.5", "U.S.", "?!" inside a token
            if m.group().rstrip(_CLOSERS) == "." and _is_abbreviation(text, m.start()):
                continue
            spans.append((start, end))
            start = end
        spans.append((start, line_end))
    return [t for t in (_trim(text, s, e) for s, e in spans) if t]


def _label_end(text: str, start: int, end: int) -> int | None:
    """Where a label opening the line ends (after its colon), or None."""
    m = _LABEL_RE.match(text, start, end)
    if m is None or _SPEAKER_WORDS & set(m.group(1).rstrip(":").lower().split()):
        return None
    return m.end(1)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the whitespace-separated words of ``text[start:end]``."""
    return [
        (m.start(), m.end())
        for m in re.compile(r"\S+").finditer(text, start, len(text) if end is None else end)
    ]


# ----------------------------------------------------------------- keywords


@lru_cache(maxsize=1)
def _stemmers() -> tuple[object, object]:
    import Stemmer  # PyStemmer: Snowball's Hindi and English stemmers

    return Stemmer.Stemmer("hindi"), Stemmer.Stemmer("english")


# Function words stopwords-iso's Hindi list lacks: question words (कब, कहाँ, कितने …),
# auxiliaries and light-verb forms (जाता, गई, गए, दी, किए, सकती …), the "कौन सा"
# particle and "tell me" imperatives (not ली, "took": it is the surname Lee/Li in
# Korean and Chinese names). Stemmed, most become one or two letters
# ("गए" → "ग", "सा" → "स") that match unrelated words, and "कहाँ" (where)
# stems to "कह", the stem of कहा (said), the commonest verb of news.
_HINDI_FUNCTION_WORDS = frozenset(
    "कब कहाँ कहां कैसे क्यों किसने किसको किसका किसकी किसके किन किन्होंने कितनी कितने क्या "
    "जाता जाती जाते जाना जाने गई गए गयी गये थीं हुईं रही सकती सके दी दिए दिये लिया किए किये कीं "
    "करती करेंगे करेगा सा सी बताइए बताइये बताएं बताएँ बताओ हूँ हूं होगी होगा होंगे "
    # "X के अनुसार / मुताबिक" (according to X), "के बारे में" (about): a source or topic
    # the answering sentence says another way ("X ने कहा कि …"), not words it repeats.
    "अनुसार मुताबिक मुताबिक़ बारे".split())


# English words stopwords-iso lists that carry a question's meaning in news: numbers,
# nouns and verbs ("What did North Korea fire?", "How many members …?", "In which
# year …?"); not those of many senses ("state", "right", "order", "point"), whose
# bridged words are mostly noise ("Islamic State" → निश्चित, स्थित). Keyword tokens
# keep all of them (``keyword_stopwords``); this list is for bridging, which leaves
# out stopwords-iso's other English words (``bridge.lexicon.expand``).
EN_CONTENT_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion trillion first second third fifth half zero "
    "bill computer date fire group groups home information member members name names number numbers problem "
    "problems research results system test world year years "
    "big early high important large last latest long new old serious small young "
    "announce begin buy call help join move need stop".split())


# The keyword tokens' version: stored passages whose tokens an older version made are
# re-tokenised when the index opens (``Store.retokenise``).
KEYWORDS_VERSION = "2"

# English words a question asks with that NLTK's list (bm25s ``STOPWORDS_EN_PLUS``)
# keeps: as keywords they match every passage that says "many" or "would".
_EN_QUESTION_WORDS = frozenset("also could might must shall would whose many much tell please".split())


@lru_cache(maxsize=1)
def keyword_stopwords() -> frozenset[str]:
    """The words keyword tokens leave out: stopwords-iso's Hindi list with the function
    words it lacks, and for English NLTK's 179 function words (bm25s's
    ``STOPWORDS_EN_PLUS``) with a few question words, not stopwords-iso's 1,298,
    which drop "fire", "year", "members", "system", "world", "uk" … so that
    English passages were never found by those words (keyword version 1)."""
    import stopwordsiso
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    words = set(stopwordsiso.stopwords("hi")) | _HINDI_FUNCTION_WORDS | set(STOPWORDS_EN_PLUS) | _EN_QUESTION_WORDS
    return frozenset(fold(unicodedata.normalize("NFC", w)) for w in words)


@lru_cache(maxsize=1)
def bridging_stopwords() -> frozenset[str]:
    """``stopwords`` but the English words of meaning (``EN_CONTENT_WORDS``): a
    question's words left out before they are bridged to another script."""
    return stopwords() - EN_CONTENT_WORDS


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Hindi and English stopwords (stopwords-iso), in keyword-folded form."""
    import stopwordsiso

    words = set(stopwordsiso.stopwords("hi")) | set(stopwordsiso.stopwords("en")) | _HINDI_FUNCTION_WORDS
    return frozenset(fold(unicodedata.normalize("NFC", w)) for w in words)


def fold(word: str) -> str:
    """Spelling variants that should match: case, Devanagari digits, nukta,
    chandrabindu written as anusvara, ZWJ/ZWNJ (keyword matching only; the
    stored text keeps them)."""
    word = word.lower().translate(_DEVA_DIGITS)
    word = unicodedata.normalize("NFD", word).replace("\u093c", "")  # nukta: ज़ → ज
    word = unicodedata.normalize("NFC", word)
    return word.replace("\u0901", "\u0902").replace("\u200c", "").replace("\u200d", "")


def words(text: str) -> list[str]:
    """Whole words, Devanagari matras, virama and nukta kept inside them."""
    return _WORD_RE.findall(unicodedata.normalize("NFC", text))


def english_stem(word: str) -> str:
    """The English stemmer's stem of a folded ``word``."""
    return _stemmers()[1].stemWord(word)  # type: ignore[attr-defined]


def keyword_tokens(text: str) -> list[str]:
    """Tokens for BM25: whole words, folded, stopwords dropped (``keyword_stopwords``), stemmed by script."""
    hi_stem, en_stem = _stemmers()
    stop = keyword_stopwords()
    out: list[str] = []
    for w in words(text):
        w = fold(w)
        if w in stop:
            continue
        if _DEVA_LETTER.search(w):
            out.append(hi_stem.stemWord(w))  # type: ignore[attr-defined]
        elif w.isdigit():
            out.append(w)
        else:
            out.append(en_stem.stemWord(w))  # type: ignore[attr-defined]
    return out
