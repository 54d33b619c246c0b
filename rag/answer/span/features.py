"""Candidate spans of a sentence and the features a fitted scorer weighs.

Every run of 1 to ``MAX_WORDS`` words is a candidate. Its features are
general surface evidence, never particular words of particular questions:
length, how much of it is the question's own words, function words at its
edges, the word after it (Hindi marks a subject with ने, a place or time with
में/पर, a possessor with का/की/के), the question's anchor words beside it, the
question's word order around it, answer-type cues (numbers, dates) and
punctuation. ``evals/fit/fit_span.py`` fits the weights.
"""

from __future__ import annotations

import re

from rag.answer.cues import CUES, QuestionInfo
from rag.answer.span.words import TRIM, Word, question_anchors, question_order, question_tokens, sentence_words

MAX_WORDS = 8
_POST = {
    "ne": frozenset("ने by".split()),
    "me": frozenset("में पर in on at".split()),
    "ka": frozenset("का की के of".split()),
    "ko": frozenset("को से तक द्वारा लिए to from for".split()),
}
_AUX = frozenset(
    "है हैं था थी थे हो होता होती होते होगा होगी होंगे गया गई गए गये किया किए किये करता करती करते करने कर रहा रही रहे "
    "सकता सकती सकते जाता जाती जाते जाना दिया दिए लिया होने हुआ हुई हुए is are was were be been has have had do does "
    "did".split()
)
_CONJ = frozenset("और या कि जो जिसे जिसका जिसकी जिसके जैसे तथा एवं लेकिन परंतु and or that which who as".split())
_OPEN, _CLOSE = "\"'“‘(", "\"'”’)"
_LATIN = re.compile(r"[A-Za-z]")
TYPES = ("number", "time", "person", "place", "reason", "other")


def _gap(sentence: str, a: Word, b: Word) -> str:
    return sentence[a.end:b.start]


def candidates(info: QuestionInfo, sentence: str) -> tuple[list[Word], list[tuple[int, int, dict[str, float]]]]:
    """The sentence's words and every candidate span ``ws[i:j]`` with its features."""
    ws = sentence_words(sentence, question_tokens(info))
    n = len(ws)
    if not n:
        return ws, []
    left, right = question_anchors(info)
    before_q, after_q = question_order(info)
    kind = info.answer_type
    q_at = [k for k, w in enumerate(ws) if w.kind == "q"]
    la = [k for k, w in enumerate(ws) if w.tokens & left]
    ra = [k for k, w in enumerate(ws) if w.tokens & right]
    bq = [k for k, w in enumerate(ws) if w.tokens & before_q]
    aq = [k for k, w in enumerate(ws) if w.tokens & after_q]
    low = [w.text.lower() for w in ws]
    num = [bool(CUES["number"].search(w.text)) for w in ws]
    time = [bool(CUES["time"].search(w.text)) for w in ws]
    is_q = [w.kind == "q" for w in ws]
    is_stop = [w.kind == "s" or low[k] in TRIM for k, w in enumerate(ws)]
    is_aux = [t in _AUX for t in low]
    # Punctuation between word k and k+1 (a comma or bracket inside a span is a clause or aside).
    cut = [bool(re.search(r"[,;:()।]", _gap(sentence, ws[k], ws[k + 1]))) for k in range(n - 1)] + [True]
    out = []
    for i in range(n):
        for j in range(i + 1, min(n, i + MAX_WORDS) + 1):
            span = range(i, j)
            size = j - i
            nxt = low[j] if j < n else ""
            prv = low[i - 1] if i else ""
            f: dict[str, float] = {f"len{min(size, 6)}": 1.0}
            f["len_long_type"] = size / MAX_WORDS * (kind in ("other", "reason"))
            f["q_frac"] = sum(is_q[k] for k in span) / size
            f["q_edge"] = float(is_q[i] or is_q[j - 1])
            f["stop_start"] = float(is_stop[i])
            f["stop_end"] = float(is_stop[j - 1])
            f["aux"] = sum(is_aux[k] for k in span) / size
            f["cut_inside"] = float(sum(cut[k] for k in range(i, j - 1)))
            f["cut_after"] = float(cut[j - 1])
            f["cut_before"] = float(i == 0 or cut[i - 1])
            for name, words in _POST.items():
                f[f"next_{name}"] = float(nxt in words)
            f["next_ne_person"] = f["next_ne"] * (kind == "person")
            f["next_me_place"] = f["next_me"] * (kind in ("place", "time"))
            f["next_q"] = float(j < n and is_q[j])
            f["next_aux"] = float(j < n and is_aux[j])
            f["prev_q"] = float(i > 0 and is_q[i - 1])
            f["prev_post"] = float(any(prv in w for w in _POST.values()))
            f["prev_conj"] = float(prv in _CONJ)
            f["la_before"] = float(any(i - 3 <= k < i for k in la))
            f["la_after"] = float(any(j <= k < j + 3 for k in la))
            f["ra_before"] = float(any(i - 3 <= k < i for k in ra))
            f["ra_after"] = float(any(j <= k < j + 3 for k in ra))
            d = min((i - k if k < i else k - j + 1 for k in q_at if not i <= k < j), default=n)
            f["near_q"] = 1.0 / (1 + d)
            f["order"] = ((sum(k < i for k in bq) / len(bq) if bq else 0.5)
                          + (sum(k >= j for k in aq) / len(aq) if aq else 0.5)) / 2
            has_num, has_time = any(num[k] for k in span), any(time[k] for k in span)
            f["num_number"] = float(has_num and kind == "number")
            f["time_time"] = float(has_time and kind == "time")
            f["num_other"] = float(has_num and kind not in ("number", "time"))
            f["time_other"] = float(has_time and kind != "time")
            f["no_num_number"] = float(not has_num and kind == "number")
            f["no_time_time"] = float(not has_time and kind == "time")
            f["latin"] = sum(bool(_LATIN.search(ws[k].text)) for k in span) / size
            f["quoted"] = float(ws[i].start > 0 and sentence[ws[i].start - 1] in _OPEN
                                and ws[j - 1].end < len(sentence) and sentence[ws[j - 1].end] in _CLOSE)
            f["position"] = i / n
            out.append((i, j, f))
    return ws, out


FEATURES = (
    "len1", "len2", "len3", "len4", "len5", "len6", "len_long_type", "q_frac", "q_edge", "stop_start", "stop_end",
    "aux", "cut_inside", "cut_after", "cut_before", "next_ne", "next_me", "next_ka", "next_ko", "next_ne_person",
    "next_me_place", "next_q", "next_aux", "prev_q", "prev_post", "prev_conj", "la_before", "la_after",
    "ra_before", "ra_after", "near_q", "order", "num_number", "time_time", "num_other", "time_other",
    "no_num_number", "no_time_time", "latin", "quoted", "position",
)
