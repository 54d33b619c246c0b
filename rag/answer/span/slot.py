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
"कहाँ" / "where?" (the phrase before में or पर, से for "कहाँ से", nearest
the question's words in their clause: "प्योंगयांग में … बैठक हुई"), and
"किसने" and English "Who <verb>ed …?" (the doer before ने, or before
द्वारा in a passive; of several, "KCNA ने जानकारी दी कि … पाक योंग इल ने
वार्ता का नेतृत्व किया", the one nearer the question's words; the fitted
scorer took "मिलकर" for one: on XQuAD-hi's 10 किसने questions span F1
0.58 → 0.80): "किसे" and "किसको" drop their को in the answer as often as not.
"""

from __future__ import annotations

import re

from rag.answer.cues import CUES, QuestionInfo
from rag.answer.glossary import DEMONYMS, TITLES
from rag.answer.span.words import CUT, Span, Word, nearness, question_tokens, sentence_words
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
             (re.compile(r"\b(?:which|what)\s+(?:direction|way)\b", re.I), "की ओर"),
             (re.compile(r"\bbetween\s+whom\b|\bwho(?:m)?\b[^?]*\bbetween\s*\??\s*$", re.I), "के बीच"),
             # "Who led the talks?": the doer, which Hindi marks with ने ("… ने वार्ता का नेतृत्व किया");
             # not "Who is …?" nor "Who did X meet?" (the object).
             (re.compile(r"^\s*who\s+(?!(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|may|"
                         r"might|should|must)\b)[a-z]+", re.I), "ने"))
# "किस ओर / तरफ / दिशा में" (which way): the place before "की ओर", "की तरफ" or "की दिशा में".
_DIRECTION = re.compile(r"किस\s+(?:ओर|तरफ़?|दिशा)(?=\s|\?|$)")
_TOWARDS = (["की", "ओर"], ["की", "तरफ"], ["की", "तरफ़"], ["की", "दिशा"])
_INSIDE = frozenset(("का", "की", "के", "और", "एवं", "तथा"))  # a genitive or "and" inside the phrase
_MAX_WORDS = 8
# The nouns of compound postpositions ("के बीच", "की ओर", "के बाद"): a phrase does not run back across one.
_POSTPOSITION_HEADS = frozenset("बीच ओर तरफ तरफ़ बाद पहले साथ लिए दौरान बारे अनुसार मुताबिक द्वारा पास खिलाफ ख़िलाफ़ "
                                "जरिए ज़रिए कारण वजह तहत बजाय अलावा समेत सहित लेकर प्रति रूप".split())
# Relative pronouns open a clause of their own: "त्रान वंश जिसने अन्नम पर शासन किया".
_RELATIVES = frozenset("जो जिसने जिन्होंने जिसकी जिनकी जिसके जिनके जिसका जिनका जिसमें जिनमें जहां जहाँ".split())


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


# "सियोल में हुए इस सम्मेलन", "दिल्ली में आयोजित बैठक": a place said as a participle's
# modifier of the question's noun, before it; "where?" asks for it.
_PARTICIPLES = frozenset("हुए हुई हुआ आयोजित स्थित होने".split())


def _participle_place(sentence: str, ws: list[Word]) -> tuple[int, int] | None:
    """The phrase before "में <participle>" whose noun (within three words) is
    the question's, or one the sentence points back to ("इस सम्मेलन": the
    event of the sentence before, which the question asks about)."""
    for k in range(1, len(ws) - 2):
        if ws[k].text == "में" and ws[k + 1].text in _PARTICIPLES and (
                ws[k + 2].text in ("इस", "उस", "इसी", "उसी") or any(w.kind == "q" for w in ws[k + 2:k + 5])):
            return _phrase_before(sentence, ws, k)
    return None


# "बैठक कहां हुई?" over "प्योंगयांग में इस सप्ताह … बैठक हुई": the place is the phrase before
# में or पर (से for "कहाँ से", तक for "कहाँ तक") nearest the question's words.
_WHERE_POST = ((re.compile(r"कहा[ँं]\s+से|\bfrom\s+where\b|\bwhere\b[^?]*\bfrom\s*\??\s*$", re.I), ("से", "में", "पर")),
               (re.compile(r"कहा[ँं]\s+तक", re.I), ("तक",)),
               (re.compile(r"कहा[ँं]|\bwhere\b", re.I), ("में", "पर")))


def _place_phrase(sentence: str, ws: list[Word], k: int) -> tuple[int, int] | None:
    """Word indexes of the phrase before the postposition ``ws[k]``: new words
    and the question's (a place may share a word with the one it is told from:
    "समरसेट हाउस" after "मार्लबोरो हाउस"), a genitive or "और" inside, opening
    on a new word, not across a relative pronoun; a gloss in brackets skipped
    ("अन्नम (दाई वायट) पर")."""
    at = k
    if ")" in sentence[ws[at - 1].end:ws[at].start]:
        at = next((o for o in range(k - 1, 0, -1) if "(" in sentence[ws[o - 1].end:ws[o].start]), 0)
    i = at
    while i > 0 and at - i < _MAX_WORDS and not CUT.search(sentence[ws[i - 1].end:ws[i].start] if i < at else ""):
        w = ws[i - 1]
        if w.text in _POSTPOSITION_HEADS or w.text in _RELATIVES:
            break
        if w.kind in "nq" or (w.text in _INSIDE and i < at and i > 1 and ws[i - 2].kind in "nq"):
            i -= 1
            continue
        break
    while i < at and ws[i].kind != "n":  # it opens on a new word: "प्राकृतिक स्थान जमीन" → "जमीन"
        i += 1
    return (i, at) if i < at else None


def _place_before(sentence: str, ws: list[Word], question: str) -> tuple[int, int] | None:
    """The phrase before the place's postposition with the question's words
    (outside it) closest around it in its clause ("प्योंगयांग में … बैठक हुई,
    जिसमें … विस्तार पर बातचीत": the meeting's place); not a date ("मई 1852 में")."""
    posts = next((posts for pattern, posts in _WHERE_POST if pattern.search(question)), None)
    if posts is None:
        return None
    best, best_weight = None, (0.0, 0.0)
    for k in range(1, len(ws)):
        if ws[k].text not in posts or (found := _place_phrase(sentence, ws, k)) is None:
            continue
        if CUES["time"].search(sentence[ws[found[0]].start:ws[found[1] - 1].end]):
            continue
        weight = nearness(sentence, ws, (k, k), range(*found))
        if weight > best_weight:
            best, best_weight = found, weight
    return best


# Titles that name a person (not the office's qualifiers "रक्षा", "उप"), for trimming a doer's description.
_PERSON_TITLES = frozenset(TITLES) - {"रक्षा", "विदेश", "गृह", "वित्त", "उप"}


def _titled_name(ws: list[Word], i: int, at: int) -> int:
    """Where the doer's titled name starts in the phrase ``ws[i:at]``: after its
    last genitive when a person's title and a name follow it ("जनरल पॉलिटिकल
    ब्यूरो के उपनिदेशक पाक योंग इल" → "उपनिदेशक पाक योंग इल"); else ``i``."""
    for k in range(at - 2, i, -1):
        if ws[k - 1].text in ("के", "की", "का"):
            run = k
            while run < at and ws[run].text in TITLES:
                run += 1
            if run < at and any(w.text in _PERSON_TITLES for w in ws[k:run]):
                return k
            return i
    return i


def slot_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """For a question word with a postposition ("किसके साथ", "किससे"), the
    phrase before that postposition in ``sentence``, nearest the question's
    words; for "where?", the place a participle puts the question's noun in
    ("सियोल में हुए इस सम्मेलन"); None when the sentence does not have it."""
    post = asked_postposition(info)
    if not has_devanagari(sentence):
        return None
    ws = sentence_words(sentence, question_tokens(info))
    if post is None:
        found = None
        if info.answer_type == "place":
            found = _participle_place(sentence, ws) or _place_before(sentence, ws, info.text)
        return None if found is None else _span(sentence, ws, *found)
    options = _TOWARDS if post == "की ओर" else (post.split(),)
    at = [k for parts in options for k in range(1, len(ws) - len(parts) + 1)
          if [w.text for w in ws[k:k + len(parts)]] == parts]
    if post == "ने":  # a passive names the doer with द्वारा: "जॉन वेस्ले द्वारा नियुक्त किया गया"
        at += [k for k in range(1, len(ws)) if ws[k].text == "द्वारा"]
    asked_at = [j for j, w in enumerate(ws) if w.kind == "q"]
    best: tuple[int, int] | None = None
    best_distance = len(ws) + 1
    for k in at:
        found = _phrase_before(sentence, ws, k)
        if found is None:
            continue
        if post == "ने":
            found = (_titled_name(ws, *found), found[1])
        distance = min((abs(j - k) for j in asked_at), default=len(ws))
        if distance < best_distance:
            best, best_distance = found, distance
    if best is None and (m := _ASKED.search(info.text)) and m.group("f"):
        # "रूसी राष्ट्रपति व्लादिमीर पुतिन": the country said as a demonym before the title.
        head = post.split()[-1]
        k = next((k for k in range(1, len(ws)) if ws[k].text == head and ws[k - 1].text in DEMONYMS), None)
        best = None if k is None else (k - 1, k)
    return None if best is None else _span(sentence, ws, *best)


def _span(sentence: str, ws: list[Word], i: int, j: int) -> Span:
    """The words ``ws[i:j]`` of ``sentence`` as a span."""
    start, end = ws[i].start, ws[j - 1].end
    return Span(sentence[start:end], start, end)


# "उन्होंने … की सराहना की." after "बेलोसोव ने … कहा …": the doer is whom the pronoun stands for.
_SUBJECT_PRONOUN = re.compile(r"^(?:उन्होंने|उसने|इन्होंने|वह|वे|he|she|they)(?=[\s,])", re.I)
_LEADING_NAME = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*")


def antecedent_answer(info: QuestionInfo, sentence: str, before: str) -> Span | None:
    """For "who did it?" (the doer: किसने, "Who <verb>ed …?") over a
    ``sentence`` whose subject is a pronoun, the subject of the sentence
    ``before`` it: the phrase before its first ने (a titled name), or the
    capitalised name opening an English one. A span of ``before``; None
    otherwise."""
    if asked_postposition(info) != "ने" or not _SUBJECT_PRONOUN.match(sentence):
        return None
    if not has_devanagari(before):
        m = _LEADING_NAME.match(before)
        return Span(m.group(0), 0, m.end()) if m else None
    ws = sentence_words(before, question_tokens(info))
    k = next((k for k in range(1, len(ws)) if ws[k].text == "ने"), None)
    found = _phrase_before(before, ws, k) if k else None
    if found is None:
        return None
    return _span(before, ws, _titled_name(ws, *found), found[1])
