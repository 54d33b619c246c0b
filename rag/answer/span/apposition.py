"""Who is X? The words the sentence puts right before the name X.

"रुस्तम उमेरोव कौन हैं?", "Who is Rustam Umerov?", "पाक योंग इल किस पद पर हैं?",
"What is Pak Yong Il's position?": Hindi news names a person
after their title and affiliation ("दक्षिण कोरिया के राष्ट्रपति यून सुक-योल",
"रक्षा मंत्री रुस्तम उमेरोव ने"), so the answer is the run of words right
before the name, back to the postposition, conjunction or punctuation that
opens it. Only for a question that is a bare name and "who is": when its
subject is a description ("आईपीसीसी का अध्यक्ष कौन है?") it asks for a name,
which the fitted scorer finds far better (on XQuAD dev's 26 such questions a
phrase beside the description scored F1 0.04 against the scorer's 0.46,
evals/RESULTS.md). XQuAD dev has no question of the bare-name kind, so this
rule is checked by hand-made cases (tests/test_answer_span.py) and changes
no dev figure.
"""

from __future__ import annotations

import re

from rag.answer.cues import QuestionInfo
from rag.answer.glossary import TITLES
from rag.answer.span.words import CUT, TRIM, Span, Word, question_tokens, sentence_words
from rag.bridge import dictionary
from rag.text import keyword_tokens, words

# "Who is X?" and "What is X's post?" ask alike: the title the sentence puts before the name.
_HINDI = re.compile(r"^(?P<x>.+?)\s+(?:(?:कौन|कौन-कौन|किस\s+पद\s+पर)\s+(?:है|हैं|था|थे|थी|थीं)|का\s+पद\s+क्या"
                    r"\s+(?:है|था))\s*[?।]?\s*$")
_ENGLISH = re.compile(r"^\s*(?:who\s+(?:is|was|are|were)\s+(?P<x>.+?)|what\s+(?:is|was)\s+(?P<y>.+?)['’]s\s+"
                      r"(?:position|post|title|role|job)|what\s+(?:position|post|title|role|job)\s+(?:does|did)\s+"
                      r"(?P<z>.+?)\s+(?:hold|have))\s*\??\s*$", re.I)
_MAX_NAME = 4
_MAX_WORDS = 10
# Words that open the phrase before the name: postpositions but the genitive
# (का/की/के bind "उत्तर कोरिया के रक्षा मंत्री"), the second words of compound
# ones ("के बीच रूस के रक्षा मंत्री"), conjunctions and relatives.
_OPENS = frozenset(
    "को में से ने पर तक द्वारा साथ लिए बाद पहले पास बारे बीच दौरान अनुसार तरफ ओर खिलाफ बजाय अलावा "
    "और या कि जो जब जहां जहाँ तथा एवं लेकिन किंतु परंतु तो भी ही है हैं था थे थी".split()
)


def bare_name(question: str) -> list[str] | None:
    """The name asked about when ``question`` is "<name> कौन है?" or "Who is
    <name>?" and the name is nothing but a name (no title or postposition,
    fewer than half its words in the dictionary, half of three; capitalised in
    English); else None."""
    m = _HINDI.match(question.strip())
    if m:
        ws = words(m.group("x"))
        # A name may hold a word of the dictionary (पाक योंग इल), not mostly such words nor a title.
        known = sum(bool(dictionary.english_for(w)) for w in ws)
        ok = 2 * known < len(ws) + (len(ws) > 2) and not any(w in TITLES or w in TRIM or w in _OPENS for w in ws)
    elif m := _ENGLISH.match(question):
        ws = words(m.group("x") or m.group("y") or m.group("z"))
        ok = all(w[:1].isupper() and w.lower() not in ("the", "a", "an") for w in ws)
    else:
        return None
    return ws if ok and 1 <= len(ws) <= _MAX_NAME else None


def _name_run(ws: list[Word], size: int) -> tuple[int, int] | None:
    """The first run of ``size`` or more consecutive words of the question in the sentence."""
    k = 0
    while k < len(ws):
        if ws[k].kind == "q":
            j = k
            while j < len(ws) and ws[j].kind == "q":
                j += 1
            if j - k >= size:
                return k, j
            k = j
        else:
            k += 1
    return None


def identity_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """For "Who is <name>?", the words before the name in ``sentence`` (its
    title and affiliation), or None: another kind of question, the name not in
    the sentence, or nothing but a postposition or punctuation before it."""
    name = bare_name(info.text)
    if name is None:
        return None
    ws = sentence_words(sentence, question_tokens(info))
    # Only the name's keyword words are the question's: "उन" in "किम जोंग उन" is a stopword.
    run = _name_run(ws, sum(bool(keyword_tokens(w)) for w in name) or len(name))
    if run is None:
        return None
    start = run[0]
    i = start
    while i > 0 and start - i < _MAX_WORDS:
        w = ws[i - 1]
        if w.text in _OPENS or w.kind == "q" or CUT.search(sentence[w.end:ws[i].start]):
            break
        i -= 1
    while i < start and ws[i].text.lower() in TRIM:  # "के रक्षा मंत्री" starts at रक्षा
        i += 1
    end = start
    if len(name) == 1:  # a surname asked: the first names before it are no title ("मंत्री विक्टर")
        while end - 1 > i and _first_name(ws[end - 1].text):
            end -= 1
    if i == end or ws[end - 1].text.lower() in TRIM:
        return None
    return Span(sentence[ws[i].start:ws[end - 1].end], ws[i].start, ws[end - 1].end)


def _first_name(word: str) -> bool:
    """Neither a title nor a word of the dictionary: a name."""
    return word not in TITLES and not dictionary.english_for(word)
