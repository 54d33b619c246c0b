"""Why? The cause or purpose the sentence marks.

Hindi marks a reason with a few words the fitted scorer does not read as
such: the clause after "क्योंकि" or "ताकि", the phrase before "के कारण" /
"की वजह से" / "के चलते", an aim before "(करने) के लिए", and the clause before
"जिससे" when the question asks about what follows it ("मिसाइल दागी, जिससे
चिंता बढ़ गई" for "चिंता क्यों बढ़ी?"). English: "because (of)", "due to",
"in order to", "so that". The scorer took a phrase of other words for most
such questions (XQuAD-hi dev: short F1 0 on 14 of its 22 reason questions).
"""

from __future__ import annotations

import re

from rag.answer.cues import QuestionInfo
from rag.answer.span.words import CUT, Span, phrase_start, question_tokens, sentence_words
from rag.text import keyword_tokens

_MAX_WORDS = 12  # words of a cause before its marker
_MAX_CLAUSE = 25

# The clause after the marker is the answer (the marker kept, as it is said).
_AFTER = re.compile(r"(?:^|(?<=\s))(?:क्योंकि|चूंकि|चूँकि|ताकि)\s+|\b(?:because(?:\s+of)?|due\s+to|owing\s+to|"
                    r"in\s+order\s+to|so\s+that|so\s+as\s+to)\s+", re.I)
# The phrase before the marker is the answer; an aim keeps its verb ("मदद करने").
_BEFORE = re.compile(r"\s+(?:के\s+कारण|की\s+वजह\s+से|के\s+चलते|के\s+परिणामस्वरूप)(?=[\s,।]|$)|"
                     r"(?<=ने)\s+के\s+लिए(?=[\s,।]|$)")
_THEREFORE = re.compile(r",?\s+(?:जिससे|जिसके\s+कारण|जिसकी\s+वजह\s+से|इसलिए|इसी\s+कारण)\s+")


# A case postposition ends the cause's phrase: "मतदान केंद्रों पर नक्सली खतरे के कारण" has
# the cause "नक्सली खतरे"; the words before पर say where. (A genitive joins a phrase: not here.)
_CASE = frozenset("पर में को ने द्वारा".split())


def _mostly_asked(text: str, asked: set[str]) -> bool:
    toks = keyword_tokens(text)
    return not toks or 2 * sum(t in asked for t in toks) > len(toks)


def _clause_end(sentence: str, start: int) -> int:
    cut = CUT.search(sentence, start)
    end = cut.start() if cut else len(sentence)
    words = sentence[start:end].split()
    if len(words) > _MAX_CLAUSE:
        end = start + len(" ".join(words[:_MAX_CLAUSE]))
    return end


def _phrase_start(sentence: str, end: int, asked: set[str], noun: bool = True) -> int:
    """Back from ``end`` over the words that are not the question's, to
    punctuation or (for a ``noun`` phrase) a case postposition, at most ``_MAX_WORDS`` words."""
    ws = sentence_words(sentence[:end], asked)
    i = phrase_start(sentence, ws, end, _MAX_WORDS, lambda w: w.kind != "q" and not (noun and w.text in _CASE))
    return ws[i].start if i < len(ws) else end


def reason_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """For a "why" question, the cause or purpose ``sentence`` marks; None for
    another question or a sentence with no such marker."""
    if info.answer_type != "reason":
        return None
    asked = question_tokens(info)
    found: list[tuple[int, int]] = []
    if m := _AFTER.search(sentence):
        found.append((m.start(), _clause_end(sentence, m.end())))
    for m in _BEFORE.finditer(sentence):
        # A cause is a noun phrase; an aim ("… में मदद करने के लिए") a verb's, with its objects.
        found.append((_phrase_start(sentence, m.start(), asked, noun="लिए" not in m.group()), m.start()))
    # The cause is the clause before "जिससे" when the question asks about the effect after it.
    # The whole clause: the cause may repeat the question's words ("मिसाइल दागी" for "मिसाइल परीक्षण से …").
    if (m := _THEREFORE.search(sentence)) and set(keyword_tokens(sentence[m.end():])) & asked:
        clause = max((c.end() for c in CUT.finditer(sentence, 0, m.start())), default=0)
        found.append((clause, m.start()))
    for start, end in found:
        text = sentence[start:end].strip(" ,")
        if text and not _mostly_asked(text, asked):
            start = sentence.index(text, start)
            return Span(text, start, start + len(text))
    return None
