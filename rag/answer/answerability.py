"""Do the retrieved passages answer the question at all?

A calibrated probability from evidence features of the ranked sentences: the
ranker's best score and its margin over the next, IDF-weighted coverage of
the question's words and of its rarest words (names, numbers, terms) by the
best sentences, the best dense cosine, how far the best sentence's passage
stands out from the other passages (``cos_margin``), whether the best
sentence shows the answer type asked for, and whether question and evidence are in different
scripts (cross-lingual scores run lower). Fitted by
``evals/fit/fit_answerability.py`` on dev data (weights in
``answerability.json``; one model for questions in the evidence's script,
one for questions in another), each calibrated so that its chosen threshold
is 0.5; the assistant abstains below ``min_answerability``.
A question asking for a number whose best sentence gives none (other than the
question's own) has its score scaled by ``NO_ANSWER_TYPE``, below any threshold
above 0.4: however close its words, that sentence does not answer; so is one
naming the unit of time it asks for ("किस वर्ष", "which month") whose best
sentence gives no date (reason ``no-date``). A best
sentence that says what is asked is not known ("यह स्पष्ट नहीं है कि मिसाइल
किस प्रकार की थी") makes the verdict "not answerable", reason ``unknown``:
the assistant says so and quotes it. A country the question names that no
article of the passages mentions ("How did Japan react?", ``mentions``) makes
it "not answerable", reason ``not-mentioned``: the assistant names it.
The model's own yes/no is not a feature: asked directly, Qwen2.5-Coder-1.5B
said yes to 44 of 46 unanswerable NoMIRACL questions (evals/RESULTS.md).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rag.answer.cues import QuestionInfo, gives_date, gives_number, states_unknown

WEIGHTS = Path(__file__).with_name("answerability.json")
FEATURES = ("best", "margin", "coverage", "rare", "cosine", "bigram", "numbers", "type_cue", "cross",
            "cross_cosine", "phrase", "cos_margin")
_TOP = 3  # the best sentences whose coverage counts
NO_ANSWER_TYPE = 0.4  # the scale for a best sentence without the number or date asked for


@dataclass
class Verdict:
    score: float  # probability that the passages answer the question
    answerable: bool
    threshold: float
    features: dict[str, float]
    reason: str = ""  # said when a rule, not the fitted score alone, decided
    unmentioned: list[str] = field(default_factory=list)  # names asked about that the articles never mention

    def to_dict(self) -> dict:
        out = {"score": round(self.score, 3), "answerable": self.answerable, "threshold": self.threshold,
               "reason": self.reason}
        return out | ({"unmentioned": self.unmentioned} if self.unmentioned else {})


def features(ranked: list[tuple[dict[str, float], float]]) -> dict[str, float]:
    """Question-level features from the ranked sentences' (features, score), best first."""
    if not ranked:
        return dict.fromkeys(FEATURES, 0.0)
    top = ranked[:_TOP]
    f0, s0 = ranked[0]
    cross = f0["cross"]
    return {
        "best": s0,
        "margin": s0 - (ranked[1][1] if len(ranked) > 1 else 0.0),
        "coverage": max(f["idf_cov"] + max(f["idf_cov_prev"], 0.0) for f, _ in top),
        "rare": max(f["rare_cov"] for f, _ in top),
        "cosine": max(f["cos"] for f, _ in ranked),
        "bigram": max(f["bigram"] for f, _ in top),
        "numbers": max(f["numbers"] for f, _ in top),
        "type_cue": f0["type_cue"] if f0["typed"] else 0.5,
        "cross": cross,
        "cross_cosine": cross * max(f["cos"] for f, _ in ranked),
        "phrase": max(f.get("phrase", 0.0) for f, _ in top),
        "cos_margin": _cos_margin(ranked),
    }


def _cos_margin(ranked: list[tuple[dict[str, float], float]]) -> float:
    """How far the best sentence's passage stands out: its closest sentence's cosine
    less the closest of any other passage's (0 with one passage). An answerable
    question has one passage that stands out; one the articles do not answer,
    asked about a topic they cover, finds several about as close (a passage is
    told by its ``passage_rank``)."""
    here = ranked[0][0]["passage_rank"]
    own = max(f["cos"] for f, _ in ranked if f["passage_rank"] == here)
    other = [f["cos"] for f, _ in ranked if f["passage_rank"] != here]
    return own - max(other) if other else 0.0


@cache
def _weights(path: str) -> dict | None:
    p = Path(path)
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else None


def probability(feats: dict[str, float], weights_path: Path = WEIGHTS) -> float:
    """The fitted probability, from the model of the question's group: same script
    as the evidence, or another (where lexical coverage means nothing)."""
    models = (_weights(str(weights_path)) or {}).get("models")
    if not models:  # unfitted: the best sentence's ranker score stands in
        return feats["best"]
    w = models["cross" if feats["cross"] else "same"]
    z = w["intercept"] + sum(c * (feats[n] - m) / s
                             for n, c, m, s in zip(w["features"], w["coef"], w["mean"], w["scale"], strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def judge(ranked: list[tuple[dict[str, float], float]], threshold: float, asked: QuestionInfo | None = None,
          best: str = "", unmentioned: list[str] | None = None) -> Verdict:
    """The verdict on the evidence: its probability, and whether it clears
    ``threshold``; with the question ``asked`` and the ``best`` sentence's
    text (with the one before it when quoted together), whether that gives
    the number asked for; with the names the question asks about that the
    articles never mention (``mentions.unmentioned``), none."""
    feats = features(ranked)
    p = probability(feats) if ranked else 0.0
    reason = ""
    if unmentioned:
        return Verdict(0.0, False, threshold, feats, "not-mentioned", list(unmentioned))
    if asked is not None and best and states_unknown(asked, best):
        p, reason = 0.0, "unknown"
    elif asked is not None and best and gives_number(asked.answer_type, asked.text, best) is False:
        p *= NO_ANSWER_TYPE
        reason = "no-number"
    elif asked is not None and best and gives_date(asked.text, best) is False:
        p *= NO_ANSWER_TYPE
        reason = "no-date"
    return Verdict(p, bool(ranked) and p >= threshold, threshold, feats, reason)
