"""Sound keys that let Latin letters meet Devanagari words.

A Devanagari word is romanised with ITRANS (``indic-transliteration``) and a
Latin word is taken as typed; both are then folded to one *key* that forgets
what Hinglish spelling forgets: vowel length (aa/a, ee/i, oo/u), retroflex
against dental, aspiration, sh/s, v/w, ph/f, nasal marks, doubled letters and
the final inherent "a". So "raksha", "rakSa" and रक्षा all become ``raks``,
"mantri" becomes ``mantri`` and मंत्र (the stem of मंत्री) ``mantr``, and the
English name "Belousov" comes within one letter of बेलोसोव's ``belosov``.
The key is for matching only; nothing shown to a user is transliterated here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rag.text import LETTER_NAMES, words

# ITRANS marks to plain Hinglish letters, before lower-casing (order matters).
_ITRANS = (
    ("j~n", "gy"), ("GY", "gy"), ("dny", "gy"), (".N", "n"), (".n", "n"), ("M", "n"), ("~N", "n"), ("~n", "n"),
    ("RRI", "ri"), ("RRi", "ri"), ("LLi", "li"), ("R^i", "ri"), (".h", ""), (".a", ""), ("H", "h"), ("x", "ksh"),
    ("{}", ""), ("^", ""), (".", ""), ("~", ""),
)
_LATIN_FOLDS = (
    (re.compile(r"ch"), "ç"),  # Hinglish "ch" (च), kept apart from an English "c"
    (re.compile(r"c(?=[eiy])"), "s"),  # English "police", "Cyprus"
    (re.compile(r"c"), "k"),  # English "Carlos", "Newcastle"
    (re.compile(r"ç"), "c"),
    (re.compile(r"ph"), "f"),  # फ and फ़ are both "ph" or "f" in Hinglish
    (re.compile(r"(?<=[bcdgjkpt])h"), ""),  # aspiration: "bh" ~ "b"
    (re.compile(r"sh|z(?=h)"), "s"),
    (re.compile(r"w"), "v"),
    (re.compile(r"q"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"z"), "j"),
    (re.compile(r"(?<=[^aeiouy])y(?=[^aeiouy]|$)"), "i"),  # English "Syria", "Egypt": y as a vowel
    (re.compile(r"ee|ii|ie"), "i"),
    (re.compile(r"oo|uu|ou"), "u"),
    (re.compile(r"aa"), "a"),
    (re.compile(r"m(?=[bcdfgjklnpqrstvxz])"), "n"),  # anusvara before a consonant, written m or n
    (re.compile(r"([a-z])\1+"), r"\1"),  # doubled letters
)


@lru_cache(maxsize=65536)
def latin_key(word: str) -> str:
    """The sound key of a Latin-letter word ("Raksha" → "raks")."""
    k = re.sub(r"[^a-z]", "", word.lower())
    for pattern, repl in _LATIN_FOLDS:
        k = pattern.sub(repl, k)
    if len(k) > 4 and k[-1] == "e" and k[-2] not in "aeiou":
        k = k[:-1]  # English silent e: "police" ~ पुलिस
    if len(k) > 3 and k.endswith("a"):
        k = k[:-1]  # the inherent vowel: "raksha" ~ रक्ष
    if len(k) > 2 and k.endswith("y"):
        k = k[:-1] + ("" if k[-2] == "i" else "i")  # "Sydney" ~ सिडनी, "vidyalay(a)" ~ विद्यालय
    return k


_VOWEL_SIGNS = set("\u093e\u093f\u0940\u0941\u0942\u0943\u0944\u0945\u0946\u0947\u0948\u0949\u094a\u094b\u094c"
                   "\u094e\u094f\u0955\u0956\u0957\u0962\u0963")
_VIRAMA = "\u094d"
_NASAL = set("\u0901\u0902")
# English vowels ITRANS does not know (ऑ in "कॉलेज", ॅ), as their nearest Hindi ones.
_LOAN_VOWELS = str.maketrans({"\u0911": "\u0913", "\u0949": "\u094b", "\u0945": "\u0947", "\u090d": "\u090f"})


def _is_consonant(ch: str) -> bool:
    return "\u0915" <= ch <= "\u0939" or "\u0958" <= ch <= "\u095f" or ch in "\u0979\u097a\u097b\u097c\u097e\u097f"


def drop_schwas(word: str) -> str:
    """The word with a virama where Hindi does not sound the inherent vowel
    (सरकार → सर्कार, प्रधानमंत्री → प्रधान्मंत्री): the final one and, right to
    left, a medial one between a vowel-bearing syllable and a consonant with a
    vowel (Ohala's rule, without its exceptions). ITRANS writes every inherent
    "a", Hinglish does not."""
    chars = [c for c in word.translate(_LOAN_VOWELS) if c != "\u093c"]
    # Each consonant's index and whether its vowel is the bare inherent one.
    cons = [i for i, c in enumerate(chars) if _is_consonant(c)]
    if not cons:
        return word

    def bare(i: int) -> bool:  # the consonant at i carries only the inherent vowel
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        return nxt not in _VOWEL_SIGNS and nxt != _VIRAMA and nxt not in _NASAL

    drop: set[int] = set()

    def voiced(i: int) -> bool:  # the consonant at i is followed by a vowel
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        return nxt != _VIRAMA and i not in drop

    last = cons[-1]
    if bare(last) and last == len(chars) - 1 and last > 0:
        drop.add(last)
    for i in reversed(cons[:-1]):
        before = chars[i - 1] if i else ""
        # after a nasal the syllable is heavy and keeps its vowel: कंपनी is "kampani"
        if (i and bare(i) and before != _VIRAMA and before not in _NASAL and (i - 1) not in drop
                and i + 1 < len(chars) and _is_consonant(chars[i + 1]) and voiced(i + 1)):
            drop.add(i)
    return "".join(c + (_VIRAMA if i in drop else "") for i, c in enumerate(chars))


def to_devanagari(word: str) -> str:
    """A Latin-letter word spelled in Devanagari by ITRANS, as a last resort for
    a word the index has no match for (the dense model reads it better than Latin)."""
    from indic_transliteration import sanscript

    out = sanscript.transliterate(word.lower(), sanscript.ITRANS, sanscript.DEVANAGARI)
    return out[:-1] if out.endswith(_VIRAMA) else out  # "naam" is नाम: Hindi leaves the final vowel unwritten


def _itrans(word: str) -> str:
    from indic_transliteration import sanscript

    out = sanscript.transliterate(drop_schwas(word), sanscript.DEVANAGARI, sanscript.ITRANS)
    for a, b in _ITRANS:
        out = out.replace(a, b)
    return out


@lru_cache(maxsize=65536)
def deva_key(word: str) -> str:
    """The sound key of a Devanagari word (रक्षा → "raks"); '' for a word with no letters."""
    return latin_key(_itrans(word))


def skeleton(key: str) -> str:
    """A sound key's consonants (and its first letter): "netvark" and "netvork"
    (नेटवर्क, network) both give "ntvrk". A leading glide before a vowel is
    dropped: Hindi writes an English initial "u" as यू (यूक्रेन "yukren",
    Ukraine "ukrain": both "akrn")."""
    if len(key) > 1 and key[0] == "y" and key[1] in "aeiou":
        key = key[1:]
    if not key:
        return ""
    head = "a" if key[0] in "aeiouy" else key[0]  # इंग्लैंड "ingl…", England "engl…"
    return head + re.sub(r"[aeiouyhw]", "", key[1:])


_SOFT = frozenset("aeiouyhw")  # vowels and glides: what Hindi and English spell differently


def vowel_distance(a: str, b: str) -> float:
    """Edit distance of two sound keys where vowels and glides cost 0.4 (a
    name's vowels are what the two scripts disagree on: Korea "kore",
    कोरिया "kori"; Seoul "seul", सियोल "siyol") and consonants 1."""
    def weight(ch: str) -> float:
        return 0.4 if ch in _SOFT else 1.0

    prev = [0.0]
    for ch in b:
        prev.append(prev[-1] + weight(ch))
    for x in a:
        cur = [prev[0] + weight(x)]
        for j, y in enumerate(b, start=1):
            sub = 0.0 if x == y else 0.4 if x in _SOFT and y in _SOFT else 1.0
            cur.append(min(prev[j - 1] + sub, prev[j] + weight(x), cur[j - 1] + weight(y)))
        prev = cur
    return prev[-1]


# Romanised Hindi function words and how they are written in Devanagari, for
# telling the language and for rendering a romanised question in Devanagari.
FUNCTION_WORDS: dict[str, str] = dict(pair.split(":") for pair in """
    hai:है hain:हैं he:है ka:का ki:की ke:के ko:को se:से ne:ने mein:में me:में mem:में men:में mei:में aur:और or:और
    kya:क्या kaun:कौन kon:कौन koun:कौन kab:कब kahan:कहाँ kahaan:कहाँ kaha:कहाँ kyon:क्यों kyun:क्यों kyu:क्यों
    kaise:कैसे kese:कैसे kitne:कितने kitna:कितना kitni:कितनी tha:था thi:थी nahi:नहीं nahin:नहीं nhi:नहीं liye:लिए
    lie:लिए kis:किस kisne:किसने kisko:किसको kise:किसे kiska:किसका kiski:किसकी kiske:किसके kaunsa:कौनसा
    kaunsi:कौनसी kaunse:कौनसे diya:दिया kiya:किया gaya:गया gayi:गई gaye:गए hua:हुआ hui:हुई hue:हुए raha:रहा
    rahe:रहे rahi:रही wala:वाला wale:वाले wali:वाली vala:वाला vale:वाले vali:वाली sabse:सबसे apne:अपने
    apna:अपना apni:अपनी yah:यह yeh:यह ye:ये woh:वह wo:वह vah:वह vo:वह unka:उनका unki:उनकी unke:उनके iska:इसका
    iski:इसकी iske:इसके uska:उसका uski:उसकी uske:उसके karne:करने karta:करता karte:करते karti:करती hota:होता
    hote:होते hoti:होती tak:तक bhi:भी jo:जो jab:जब tab:तब koi:कोई kuch:कुछ sath:साथ saath:साथ dwara:द्वारा
    dvara:द्वारा kar:कर par:पर ek:एक eka:एक us:उस usa:उस is:इस isa:इस""".split())
_FUNCTION_KEYS = {latin_key(w): d for w, d in FUNCTION_WORDS.items()}


# English words that sound like Hindi function words ("the" ~ थे, "he" ~ है,
# "men" ~ में): never evidence that a question is Hindi.
_ENGLISH_LOOKALIKES = frozenset(
    """the then they there these this that to too is it its in on of or a an as at be by do go he her hi me my
    no so up us we ye you am are was were has had not but for from with man men main may say see she tea tie
    lie key kar par tab ek kon koi jo wo vo mei mem""".split()
)


def function_word(word: str) -> str | None:
    """The Devanagari of a romanised Hindi postposition, auxiliary or question
    word ("ke" → के, "hain" → हैं, "kaun" → कौन), spelling variants included."""
    return FUNCTION_WORDS.get(word.lower()) or _FUNCTION_KEYS.get(latin_key(word))


def is_function_word(word: str) -> bool:
    return function_word(word) is not None


def is_romanised_hindi(text: str) -> bool:
    """True for Hindi typed in Latin letters ("rus ke raksha mantri kaun hain?"),
    told from English by its function words."""
    latin = [w.lower() for w in words(text) if re.fullmatch(r"[A-Za-z'’-]+", w)]
    if not latin:
        return False
    # Function words by sound, so "kyaa", "thee", "mein" count as well as "kya", "thi".
    hits = sum(w not in _ENGLISH_LOOKALIKES and function_word(w) is not None for w in latin)
    return hits >= 2 or (hits >= 1 and len(latin) <= 4) or hits / len(latin) >= 0.25


# IAST letters as an English reader would spell them.
_ENGLISH_SPELLING = (("ch", "chh"), ("c", "ch"), ("ś", "sh"), ("ṣ", "sh"), ("ṃ", "n"), ("m̐", "n"), ("~", "n"),
                     ("ṛ", "ri"), ("ḥ", "h"), ("ā", "a"), ("ī", "i"), ("ū", "u"), ("ṭ", "t"), ("ḍ", "d"), ("ṇ", "n"),
                     ("ñ", "n"), ("ṅ", "n"), ("ḷ", "l"))


def romanise(text: str) -> str:
    """Devanagari names in Latin letters for an English reader (आंद्रेई बेलोसोव →
    "Andrei Belosov"): unsounded vowels dropped, IAST without its marks,
    each word capitalised. For names and places only; other words are not
    translated by spelling them differently."""
    from indic_transliteration import sanscript

    def word(m: re.Match[str]) -> str:
        w = unicodedata.normalize("NFC", sanscript.transliterate(drop_schwas(m.group()), sanscript.DEVANAGARI,
                                                                 sanscript.IAST))
        for a, b in _ENGLISH_SPELLING:
            w = w.replace(a, b)
        w = re.sub(r"(?<=[bcdfghjklmnpqrstvxz])v", "w", w)  # क्वांग → "Kwang"
        w = re.sub(r"n(?=[bpm])", "m", w)  # anusvara before a labial: संबंध → "Sambandh"
        w = "".join(ch for ch in unicodedata.normalize("NFD", w) if not unicodedata.combining(ch))
        return w[:1].upper() + w[1:]

    # An initial is its letter: "एस. चोकलिंगम" is "S. Chokalingam", not "Es. …".
    text = re.sub(r"(?<![\u0900-\u097f])([\u0900-\u097f]+)(?=\.)",
                  lambda m: LETTER_NAMES.get(m.group(1), m.group(1)), unicodedata.normalize("NFC", text))
    return re.sub(r"[\u0900-\u0963\u0966-\u097f]+", word, text)
