"""What kind of X? The words the sentence puts right before its X.

"मुस्लिम भाईचारा किस प्रकार का आंदोलन है?", "What type of movement is the
Muslim Brotherhood?": the answer qualifies the question's noun where the
sentence names it ("एक इस्लामवादी आंदोलन", "an Islamist movement"), in both
languages before it. So the answer is the run of new words right before that
noun, back to a stopword, a word of the question or punctuation; or, when a
genitive joins them, the word before it with the noun ("समय के देवता" for
"किस प्रकार के देवता"). The fitted scorer, which sees no such pattern, took
a phrase elsewhere in the sentence for most of these. XQuAD dev's such
questions, short F1 (evals/RESULTS.md, thirteenth session): hi→hi 0.297 →
0.465 (18; the rule was written looking at these), en→en 0.210 → 0.541 (17;
not looked at before, but for the adjective rule), en→hi 0.194 → 0.188 (17:
an English noun is seldom bridged to the Hindi sentence's word).
"""

from __future__ import annotations

import re

from rag.answer.cues import QuestionInfo
from rag.answer.span.words import CUT, Span, Word, bridge_map, question_tokens, sentence_words
from rag.text import keyword_tokens

_HINDI = re.compile(r"किस\s+(?:प्रकार|तरह|किस्म|शैली|क़िस्म)\s+(?:का|की|के)\s+(?P<head>[^\s?।,]+)")
# The words after "of", up to an auxiliary, a preposition, a relative or punctuation.
_ENGLISH = re.compile(r"\b(?:what|which)\s+(?:kinds?|types?|sorts?|forms?|styles?)\s+of\s+(?:an?\s+|the\s+)?"
                      r"(?P<phrase>[A-Za-z][\w-]*(?:\s+(?!(?:is|are|was|were|do|does|did|has|have|had|can|could|will|"
                      r"would|should|to|in|on|at|for|from|with|by|of|that|which|who|whom|as)\b)[A-Za-z][\w-]*){0,2})",
                      re.I)
_ADJECTIVE = re.compile(r"-|(al|ic|ous|ive|ent|ant|ful|less|able|ible|ary|ory)$", re.I)
_GENITIVE = frozenset(("का", "की", "के", "of"))
_MAX_WORDS = 3


def head_tokens(info: QuestionInfo) -> set[str]:
    """The keyword tokens that stand for the noun a "what kind of" question asks
    about (an English word's bridged Devanagari words too); empty for other questions."""
    if m := _HINDI.search(info.text):
        noun = m.group("head")
    elif m := _ENGLISH.search(info.text):
        noun = noun_of(m.group("phrase"))
    else:
        return set()
    return head_of(info, noun)


def noun_of(phrase: str) -> str:
    """The noun of an English phrase of one to three words: its first word, or
    the second after an adjective ("self-consistent models", "political role")."""
    words = phrase.split()
    return words[1] if len(words) > 1 and _ADJECTIVE.search(words[0]) else words[0]


def head_of(info: QuestionInfo, noun: str) -> set[str]:
    """The keyword tokens that stand for ``noun`` of the question in a sentence:
    its own, its bridged Devanagari word's, their equally sure readings."""
    own = keyword_tokens(noun)
    if not own:
        return set()
    head = {own[0], bridge_map(info).get(own[0], own[0])}
    return head | {alt for alt, tok in info.alternatives if tok in head}


def _apart(sentence: str, a: Word, b: Word) -> bool:
    return bool(CUT.search(sentence[a.end:b.start]))


def kind_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """For "what kind of X?", the words right before X in ``sentence``; None
    for another question, X not in the sentence, or nothing new before it."""
    head = head_tokens(info)
    if not head:
        return None
    ws = sentence_words(sentence, question_tokens(info) - head)
    at = next((i for i, w in enumerate(ws) if w.tokens & head), None)
    if not at:
        return None
    i = at
    while i > 0 and at - i < _MAX_WORDS and ws[i - 1].kind == "n" and not _apart(sentence, ws[i - 1], ws[i]):
        i -= 1
    if i < at:
        return Span(sentence[ws[i].start:ws[at - 1].end], ws[i].start, ws[at - 1].end)
    # "समय के देवता": a word, a genitive, the noun.
    if (at >= 2 and ws[at - 1].text.lower() in _GENITIVE and ws[at - 2].kind == "n"
            and not _apart(sentence, ws[at - 2], ws[at])):
        return Span(sentence[ws[at - 2].start:ws[at].end], ws[at - 2].start, ws[at].end)
    return None
