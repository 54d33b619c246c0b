"""With whom, for whom, from whom? The words before the question's postposition.

Hindi keeps the question word where the answer goes, with its postposition
after it: "बेलोसोव किसके साथ लाल कालीन पर चले?" asks for the words that
stand before "के साथ" in "… नो क्वांग चोल के साथ … लाल कालीन पर चलते हुए";
"मेडिकल रिपोर्ट किसके लिए लिखी गई थी?" for those before "के लिए". So the
answer is the phrase right before that postposition in the sentence (a
genitive inside it kept: "फ्रांस के राजा"), where the postposition is the
one nearest the question's own words. The fitted scorer sees a postposition
after a span but not which one the question asked with, and took a phrase
elsewhere ("पाइओंगयांग एयरपोर्ट पर"). "With whom …?" over a Hindi sentence
asks for the same ("के साथ"). Only compound postpositions and
से / में / पर, "किस ओर / तरफ / दिशा" (the place before "की ओर", "की तरफ" or
"की दिशा में"), "किस देश के नेता" (the country before "के नेता"), and
"किसने" only where two subjects take ने ("KCNA ने जानकारी
दी कि … पाक योंग इल ने वार्ता का नेतृत्व किया"): "किसे" and "किसको" drop
their को in the answer as often as not.
"""

from __future__ import annotations

import re

from rag.answer.cues import QuestionInfo
from rag.answer.glossary import DEMONYMS
from rag.answer.span.words import CUT, Span, Word, question_tokens, sentence_words
from rag.text import has_devanagari

_ASKED = re.compile(r"(?:किसके|किनके|किसकी|किनकी)\s+(?P<a>साथ|लिए|द्वारा|पास|खिलाफ|ख़िलाफ़|विरुद्ध|बारे\s+में)|"
                    r"(?:किससे|किनसे)(?P<b>)|(?:किसमें|किनमें)(?P<c>)|किस\s+(?P<d>पर|से|में)(?=\s|\?|$)|"
                    r"(?:किसने|किन्होंने)(?P<e>)|"
                    # "पुतिन किस देश के राष्ट्रपति हैं?": the country before "के राष्ट्रपति".
                    r"किस\s+(?:देश|राज्य|संगठन|पार्टी|दल|कंपनी|संस्था|शहर)\s+(?P<f>(?:के|की|का)\s+[^\s?।,]+)")
_FILL = {"b": "से", "c": "में", "e": "ने"}
# An English question over a Hindi sentence asks with a preposition the Hindi says after the answer.
_ASKED_EN = ((re.compile(r"\bwith\s+whom\b|\bwho(?:m)?\b[^?]*\bwith\s*\??\s*$", re.I), "के साथ"),
             (re.compile(r"\bfor\s+whom\b|\bwho(?:m)?\b[^?]*\bfor\s*\??\s*$", re.I), "के लिए"),
             (re.compile(r"\bfrom\s+whom\b|\bwho(?:m)?\b[^?]*\bfrom\s*\??\s*$", re.I), "से"),
             (re.compile(r"\b(?:which|what)\s+(?:direction|way)\b", re.I), "की ओर"))
# "किस ओर / तरफ / दिशा में" (which way): the place before "की ओर", "की तरफ" or "की दिशा में".
_DIRECTION = re.compile(r"किस\s+(?:ओर|तरफ़?|दिशा)(?=\s|\?|$)")
_TOWARDS = (["की", "ओर"], ["की", "तरफ"], ["की", "तरफ़"], ["की", "दिशा"])
_INSIDE = frozenset(("का", "की", "के", "और", "एवं", "तथा"))  # a genitive or "and" inside the phrase
_MAX_WORDS = 8
# The nouns of compound postpositions ("के बीच", "की ओर", "के बाद"): a phrase does not run back across one.
_POSTPOSITION_HEADS = frozenset("बीच ओर तरफ तरफ़ बाद पहले साथ लिए दौरान बारे अनुसार मुताबिक द्वारा पास खिलाफ ख़िलाफ़ "
                                "जरिए ज़रिए कारण वजह तहत बजाय अलावा समेत सहित लेकर".split())


def asked_postposition(info: QuestionInfo) -> str | None:
    """The postposition the question word carries ("के साथ" for "किसके साथ"), or None."""
    if _DIRECTION.search(info.text):
        return "की ओर"  # any of _TOWARDS in the sentence
    m = _ASKED.search(info.text)
    if m is None:
        return next((post for pattern, post in _ASKED_EN if pattern.search(info.text)), None)
    group = next(g for g in "abcdef" if m.group(g) is not None)
    post = _FILL.get(group) or m.group(group)
    return ("के " if group == "a" else "") + " ".join(post.split())


def _phrase_before(sentence: str, ws: list[Word], at: int) -> tuple[int, int] | None:
    """Word indexes [i, at) of the phrase before word ``at``: new words, a
    genitive or "और" between two of them, no punctuation across, at most ``_MAX_WORDS``."""
    i = at
    while i > 0 and at - i < _MAX_WORDS and not CUT.search(sentence[ws[i - 1].end:ws[i].start]):
        w = ws[i - 1]
        if w.text in _POSTPOSITION_HEADS:  # "जंग के बीच रूस": the phrase starts after "के बीच"
            break
        if w.kind == "n" or (w.text in _INSIDE and i < at and i > 1 and ws[i - 2].kind == "n"):
            i -= 1
            continue
        break
    while i < at and ws[i].kind == "s":  # never open on a genitive
        i += 1
    return (i, at) if i < at else None


def slot_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """For a question word with a postposition ("किसके साथ", "किससे"), the
    phrase before that postposition in ``sentence``, nearest the question's
    words; None when the sentence does not have it."""
    post = asked_postposition(info)
    if post is None or not has_devanagari(sentence):
        return None
    ws = sentence_words(sentence, question_tokens(info))
    options = _TOWARDS if post == "की ओर" else (post.split(),)
    at = [k for parts in options for k in range(1, len(ws) - len(parts) + 1)
          if [w.text for w in ws[k:k + len(parts)]] == parts]
    if post == "ने" and len(at) < 2:
        return None  # one subject: the fitted scorer finds the name before "ने" well; two need the nearer one
    asked_at = [j for j, w in enumerate(ws) if w.kind == "q"]
    best: tuple[int, int] | None = None
    best_distance = len(ws) + 1
    for k in at:
        found = _phrase_before(sentence, ws, k)
        if found is None:
            continue
        distance = min((abs(j - k) for j in asked_at), default=len(ws))
        if distance < best_distance:
            best, best_distance = found, distance
    if best is None and (m := _ASKED.search(info.text)) and m.group("f"):
        # "रूसी राष्ट्रपति व्लादिमीर पुतिन": the country said as a demonym before the title.
        head = post.split()[-1]
        k = next((k for k in range(1, len(ws)) if ws[k].text == head and ws[k - 1].text in DEMONYMS), None)
        best = None if k is None else (k - 1, k)
    if best is None:
        return None
    start, end = ws[best[0]].start, ws[best[1] - 1].end
    return Span(sentence[start:end], start, end)
