"""The short answer by hand-written rules (before the fitted scorer; kept as its
fallback and baseline).

The sentence's words are marked as the question's (their keyword token is in
the question), stopwords, or new. The answer is a run of new words next to
the question's words; the run is chosen by the answer type (a number for
कितने/how many, a date for कब/when, a run followed by ने for कौन/who, by a
postposition for कहाँ/where, the clause after क्योंकि/because for why) and
cut to a few words. The span is always a substring of the sentence, so the
citation under it quotes it exactly.
"""

from __future__ import annotations

import re

from rag.answer.cues import CUES, QuestionInfo
from rag.answer.span.words import TRIM, Span, Word, sentence_words
from rag.text import keyword_tokens

_SPACED = re.compile(r"\S+")  # the rules' words end at white space only
_MAX_WORDS = {"person": 4, "place": 4, "number": 3, "time": 4, "reason": 10, "other": 6}
_AFTER = {"person": re.compile(r"^(ने|द्वारा|को|की|का|के)$"), "place": re.compile(r"^(में|पर|से|के|स्थित)$")}
_REASON_START = re.compile(r"क्योंकि|कारण|वजह|because|due|since|owing", re.I)


def _words(sentence: str, info: QuestionInfo) -> list[Word]:
    return sentence_words(sentence, set(info.tokens), _SPACED)


def _trim(ws: list[Word]) -> list[Word]:
    while ws and (ws[0].kind == "s" or ws[0].text.lower() in TRIM):
        ws = ws[1:]
    while ws and (ws[-1].kind == "s" or ws[-1].text.lower() in TRIM):
        ws = ws[:-1]
    return ws


def _runs(ws: list[Word]) -> list[tuple[int, int]]:
    """Index ranges [i, j) of words that are not the question's."""
    runs, i = [], 0
    while i < len(ws):
        if ws[i].kind == "q":
            i += 1
            continue
        j = i
        while j < len(ws) and ws[j].kind != "q":
            j += 1
        runs.append((i, j))
        i = j
    return runs


_WH = re.compile(r"^(क्या|कौन|कौनसा|कौनसी|कौनसे|कब|कहा[ँं]|कितन\S*|क्यों|कैसे|किस\S*|who|whom|whose|what|when|"
                 r"where|why|how|which)$", re.I)
_LINK = re.compile(r"^(सा|सी|से|सें|का|की|के|को|में|ने|है|हैं|था|थी|थे|many|much|is|are|was|were|did|does|do)$", re.I)


def anchors(question: str) -> tuple[set[str], set[str]]:
    """Keyword tokens just before and just after the question word: the answer
    stands where the question word stands, so it sits beside the same words in
    the sentence ("किस उपग्रह का उपयोग" → "… उपग्रह एस्ट्रा 2A का उपयोग …")."""
    ws = re.findall(r"[^\s?।,]+", question)
    at = next((i for i, w in enumerate(ws) if _WH.match(w)), None)
    if at is None:
        return set(), set()
    before = [t for w in ws[max(0, at - 2):at] for t in keyword_tokens(w)]
    after_words = [w for w in ws[at + 1:at + 4] if not _LINK.match(w) and not _WH.match(w)][:2]
    after = [t for w in after_words for t in keyword_tokens(w)]
    return set(before[-1:]), set(after[:1])


def short_answer(info: QuestionInfo, sentence: str) -> Span | None:
    """The answer's words in ``sentence`` by the rules above; None when the
    sentence has no word the question lacks."""
    ws = _words(sentence, info)
    if not ws:
        return None
    kind = info.answer_type
    limit = _MAX_WORDS.get(kind, 5)
    cue = CUES.get(kind)
    if kind not in ("number", "time") and not any(w.kind == "q" for w in ws):
        return None  # nothing of the question here (another script): no anchor to cut by
    left, right = anchors(info.text)
    toks = [set(keyword_tokens(w.text)) for w in ws]
    best: tuple[float, int, list[Word]] | None = None
    for i, j in _runs(ws):
        run = ws[i:j]
        if kind == "reason":
            at = next((k for k, w in enumerate(run) if _REASON_START.search(w.text)), None)
            if at is not None:
                run = run[at + 1:]
        pieces = _trim(run)
        if not pieces or all(w.kind == "s" for w in pieces):
            continue
        score = 0.0
        adjacent = (i > 0 and ws[i - 1].kind == "q") or (j < len(ws) and ws[j].kind == "q")
        score += 1.0 if adjacent else 0.0
        if i > 0 and toks[i - 1] & (left | right):
            score += 1.5
        if j < len(ws) and toks[j] & (right | left):
            score += 1.5
        text = sentence[pieces[0].start:pieces[-1].end]
        if kind in ("number", "time") and cue is not None:
            hits = [w for w in pieces if cue.search(w.text)]
            if hits:
                score += 2.0
                first = last = pieces.index(hits[0])
                # The date or number itself ("12 जून 2024", "12 लाख"), and for a number its unit word.
                while last + 1 < len(pieces) and (cue.search(pieces[last + 1].text) or pieces[last + 1].text.isdigit()):
                    last += 1
                if kind == "number" and last + 1 < len(pieces) and pieces[last + 1].kind == "n":
                    last += 1
                pieces = _trim(pieces[first:min(last + 1, first + limit)])
        elif kind in _AFTER:
            nxt = next((w for w in run[len(run) - len(pieces):] if w is not pieces[-1]), None)
            after = ws[j] if j < len(ws) else None
            if (after and _AFTER[kind].match(after.text)) or (nxt and _AFTER[kind].match(nxt.text)):
                score += 1.0
            if cue is not None and cue.search(text):
                score += 0.5
        elif kind == "reason" and len(pieces) < len(_trim(ws[i:j])):
            score += 2.0
        # Prefer the run that follows the question's words (Hindi puts the new
        # information after the topic), then the earlier one.
        score -= 0.01 * i
        if best is None or score > best[0]:
            best = (score, i, pieces)
    if best is None:
        return None
    pieces = best[2]
    if kind in ("person", "place"):
        # A name ends at a date ("आंद्रेई बेलोसोव शुक्रवार को" → the name).
        end = next((k for k, w in enumerate(pieces) if k and (CUES["time"].search(w.text))),
                   len(pieces))
        pieces = pieces[:end]
    if kind in ("person", "place", "other", "reason"):
        pieces = _trim(pieces[:limit])
    if not pieces:
        return None
    return Span(sentence[pieces[0].start:pieces[-1].end], pieces[0].start, pieces[-1].end)
