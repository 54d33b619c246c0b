"""Scoring functions of rag/evaluate on hand-computed cases (Hindi included)."""

import math

import pytest

from rag.evaluate import metrics as M
from rag.evaluate.score import score_record, summarise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  The Minister!  ", "minister"),
        ("शुक्रवार को।", "शुक्रवार को"),  # danda is punctuation
        ("॥ जय हो ॥", "जय हो"),  # double danda too
        ("बेलोसोव [1]। वह पहुँचे [2, 3].", "बेलोसोव वह पहुँचे"),  # citation markers go
        ("Kim Jong-Un, a leader", "kim jong un leader"),
    ],
)
def test_normalize_answer(text, expected):
    assert M.normalize_answer(text) == expected


def test_exact_match_after_nfc_and_case():
    composed = "\u0958ानून"  # क़ as one code point
    decomposed = "\u0915\u093cानून"  # क + nukta
    assert composed != decomposed
    assert M.exact_match(composed, decomposed) == 1.0
    assert M.exact_match("Pyongyang.", "pyongyang") == 1.0
    assert M.exact_match("प्योंगयांग में", "प्योंगयांग") == 0.0


def test_token_f1_hand_computed():
    # 2 common tokens; precision 2/3, recall 2/2 -> F1 0.8
    assert M.token_f1("आंद्रेई बेलोसोव शुक्रवार", "आंद्रेई बेलोसोव।") == pytest.approx(0.8)
    # precision 1/1, recall 1/4 -> 0.4
    assert M.token_f1("गोरेम्यकिन", "उप रक्षा मंत्री गोरेम्यकिन") == pytest.approx(0.4)
    assert M.token_f1("Seoul", "Tokyo") == 0.0
    assert M.token_f1("", "") == 1.0


def test_contains_answer_needs_whole_tokens():
    assert M.contains_answer("रक्षा मंत्री बेलोसोव शुक्रवार को पहुंचे। [1]", "बेलोसोव")
    assert not M.contains_answer("14 मिसाइलें दागी गईं", "4")
    assert M.contains_answer("उन्होंने 4 मिसाइलें दागीं", "4")
    assert not M.contains_answer("anything", "।")  # a gold answer that normalises to nothing never matches


def test_a_combined_answer_needs_every_part_in_any_order():
    both = ["बेलोसोव", "गोरेम्यकिन"]
    assert M.contains_answer("उप रक्षा मंत्री गोरेम्यकिन और रक्षा मंत्री बेलोसोव गए। [1][2]", both)
    assert not M.contains_answer("रक्षा मंत्री बेलोसोव गए। [1]", both)
    assert not M.contains_answer("बेलोसोव गए", ["बेलोसोव", "।"])  # a part that normalises to nothing never matches
    b = M.best("गोरेम्यकिन और बेलोसोव", [both])
    assert b["contains"] == 1.0 and b["em"] == 0.0 and b["f1"] == pytest.approx(2 * (2 / 3) * 1 / (2 / 3 + 1))


def test_best_takes_the_best_acceptable_answer():
    b = M.best("Viktor Goremykin led it", ["विक्टर गोरेम्यकिन", "Viktor Goremykin"])
    assert b["contains"] == 1.0 and b["em"] == 0.0
    assert b["f1"] == pytest.approx(2 * (2 / 4) * 1 / (2 / 4 + 1))
    assert M.best("x", []) == {"em": 0.0, "f1": 0.0, "contains": 0.0}


def test_ranking_metrics_single_item():
    gains = [0, 1, 0]
    assert M.first_relevant(gains) == 2
    assert M.hit_at(gains, 1) == 0.0 and M.hit_at(gains, 5) == 1.0
    assert M.mrr_at(gains, 10) == 0.5
    assert M.ndcg_at(gains, 10, 1) == pytest.approx(1 / math.log2(3))
    assert M.mrr_at([0] * 10 + [1], 10) == 0.0  # beyond the depth


def test_ranking_metrics_two_evidence_items():
    # passages 1 and 2 both hold quote 0, passage 3 holds quote 1: the repeat gains nothing
    gains = M.new_gains([{0}, {0}, {1}])
    assert gains == [1, 0, 1]
    assert M.ndcg_at(gains, 10, 2) == pytest.approx((1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3)))
    assert M.ndcg_at(M.new_gains([{0, 1}]), 10, 2) == 1.0  # one passage with both: clipped at 1


def test_covered_items_quotes_and_spans():
    quotes = ["उत्तर कोरिया\nपहुंचे"]  # a line break in the quote, a space in the passage
    spans = [("doc-a", 20, 30)]
    assert M.covered_items("बेलोसोव उत्तर कोरिया पहुंचे।", "doc-b", 0, 50, quotes, spans) == {0}
    assert M.covered_items("x", "doc-a", 10, 20, quotes, spans) == set()  # end is exclusive
    assert M.covered_items("x", "doc-a", 10, 21, quotes, spans) == {1}
    assert M.covered_items("x", "doc-b", 10, 40, quotes, spans) == set()  # another document


def test_percentile_and_mean():
    assert M.percentile([4, 1, 3, 2], 50) == 2.5
    assert M.percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)
    assert M.percentile([], 50) is None
    assert M.mean([1.0, None, 2.0]) == 1.5


# ----------------------------------------------------------- per question

TEXT = "पहला वाक्य। बेलोसोव शुक्रवार को पहुंचे। तीसरा वाक्य है। चौथा वाक्य।"


def _record(answerable=True, answers=("शुक्रवार",), evidence=("बेलोसोव शुक्रवार को पहुंचे",), search=(),
            mode="extractive", text="", short="", quote="", context="", candidates=0, citations=(), passages=(),
            llm_text="", reader="", llm_error="", score=None):
    return {
        "id": "q", "question": "कब?", "lang": "hi", "pair": "hi→hi", "type": "single",
        "answerable": answerable, "answers": list(answers), "evidence": list(evidence), "spans": [],
        "output": {
            "search": [{"rank": i + 1, "doc_id": "d", "title": "t", "start": s, "end": e}
                       for i, (s, e) in enumerate(search)],
            "search_ms": 10.0,
            "answer": {"mode": mode, "text": text, "short": short, "quote": quote, "context": context,
                       "candidates": candidates, "llm_text": llm_text, "reader": reader, "llm_error": llm_error,
                       "answerability": None if score is None else {"score": score, "answerable": mode != "abstained",
                                                                    "threshold": 0.5},
                       "citations": [{"doc_id": "d", "passage_start": s, "passage_end": e, "start": s, "end": e}
                                     for s, e in citations],
                       "passages": [{"rank": i + 1, "doc_id": "d", "start": s, "end": e}
                                    for i, (s, e) in enumerate(passages)],
                       "timings": {"retrieval_ms": 5.0, "draft_ms": 20.0, "total_ms": 50.0}, "tokens": {}},
        },
    }


RELEVANT = (TEXT.index("बेलोसोव"), TEXT.index("तीसरा"))  # "बेलोसोव शुक्रवार को पहुंचे। "
OTHER = (TEXT.index("तीसरा"), len(TEXT))
RIGHT = "बेलोसोव शुक्रवार को पहुंचे।"
WRONG = "तीसरा वाक्य है।"


def test_score_record_ok_with_citations():
    assert TEXT[slice(*RELEVANT)].startswith("बेलोसोव")
    rec = score_record(_record(search=[OTHER, RELEVANT], text=f"शुक्रवार\n\n“{RIGHT}” [1]", short="शुक्रवार",
                               quote=RIGHT, citations=[RELEVANT, OTHER], passages=[RELEVANT, OTHER], score=0.8),
                       {"d": TEXT})
    s = rec["scores"]
    assert (s["rank"], s["hit1"], s["hit5"], s["mrr10"]) == (2, 0.0, 1.0, 0.5)
    assert s["contains"] == 1.0 and s["em"] == 0.0 and s["quote_contains"] == 1.0
    assert (s["short_em"], s["short_f1"]) == (1.0, 1.0)  # the short answer is scored without a model too
    assert "candidates_contain" not in s  # no model, no candidates
    assert s["answerability_score"] == 0.8
    assert (s["cited"], s["cited_relevant"], s["cite_recall"]) == (2, 1, 1.0)
    assert s["evidence_retrieved"]
    assert rec["stage"] == "ok"


def test_the_quote_and_the_short_answer_are_scored_apart():
    # the right sentence quoted, the wrong words picked from it
    rec = score_record(_record(passages=[RELEVANT], text=f"बेलोसोव\n\n“{RIGHT}” [1]", short="बेलोसोव", quote=RIGHT),
                       {"d": TEXT})
    s = rec["scores"]
    assert s["contains"] == 1.0 and s["quote_contains"] == 1.0 and s["short_em"] == 0.0
    assert rec["stage"] == "ok"  # what the user reads holds the answer
    abstained = score_record(_record(passages=[RELEVANT], mode="abstained", score=0.2), {"d": TEXT})["scores"]
    assert (abstained["quote_contains"], abstained["short_em"], abstained["short_f1"]) == (0.0, 0.0, 0.0)


def test_candidates_count_a_gold_answer_within_one_sentence():
    listing = f"[1] {WRONG}\n[2] {RIGHT}"
    s = score_record(_record(passages=[RELEVANT], mode="llm", text=f"“{WRONG}” [1]", quote=WRONG, context=listing,
                             candidates=2), {"d": TEXT})["scores"]
    assert s["candidates_contain"] == 1.0 and s["quote_contains"] == 0.0
    # "है शुक्रवार" only across two lines: not in any one candidate
    split = score_record(_record(answers=("है शुक्रवार",), passages=[RELEVANT], mode="llm", context=
                                 "[1] तीसरा वाक्य है।\n[2] शुक्रवार को", candidates=2), {"d": TEXT})["scores"]
    assert split["candidates_contain"] == 0.0
    both = score_record(_record(answers=(["बेलोसोव", "तीसरा"],), passages=[RELEVANT], mode="llm", context=listing,
                                candidates=2), {"d": TEXT})["scores"]
    assert both["candidates_contain"] == 1.0  # a combined answer's parts may sit in different sentences


WITH_CANDIDATES = dict(passages=[RELEVANT], context=f"[1] {RIGHT}", candidates=1)


@pytest.mark.parametrize(
    ("kwargs", "stage"),
    [
        (dict(passages=[OTHER], text=f"“{WRONG}” [1]", quote=WRONG), "retrieval"),
        (dict(passages=[OTHER], mode="abstained"), "retrieval"),  # the first step that lost it
        (dict(passages=[RELEVANT], mode="abstained", score=0.3), "abstained"),
        (dict(passages=[RELEVANT], mode="llm", context=f"[1] {WRONG}", candidates=1, text=WRONG), "candidates"),
        (dict(WITH_CANDIDATES, mode="extractive", text=WRONG, llm_error="Ollama is not reachable"), "llm error"),
        (dict(WITH_CANDIDATES, mode="extractive", text=WRONG, reader="the model found no answer in the sentences",
              llm_text='{"sentence": 0, "answer": ""}'), "reader rejected"),
        (dict(WITH_CANDIDATES, mode="llm", text=f"पहला वाक्य\n\n“{WRONG}” [1]"), "reader pick"),
        (dict(passages=[RELEVANT], mode="extractive", text=f"“{WRONG}” [1]"), "extractive pick"),
        (dict(answerable=False, answers=(), evidence=(), mode="llm", text="सोमवार"), "hallucination"),
        (dict(answerable=False, answers=(), evidence=(), mode="abstained"), "ok"),
    ],
)
def test_score_record_names_the_failing_step(kwargs, stage):
    from rag.evaluate.score import STAGES

    assert stage in (*STAGES, "ok", "hallucination")
    assert score_record(_record(**kwargs), {"d": TEXT})["stage"] == stage


def test_summarise_rates():
    recs = [
        score_record(_record(search=[RELEVANT], passages=[RELEVANT], text=f"शुक्रवार\n\n“{RIGHT}” [1]",
                             short="शुक्रवार", quote=RIGHT, citations=[RELEVANT, OTHER]), {"d": TEXT}),
        score_record(_record(search=[OTHER], passages=[OTHER], mode="abstained"), {"d": TEXT}),
        score_record(_record(answerable=False, answers=(), evidence=(), mode="extractive", text="x"), {"d": TEXT}),
        score_record(_record(answerable=False, answers=(), evidence=(), mode="abstained"), {"d": TEXT}),
    ]
    s = summarise(recs)
    assert s["retrieval"]["hit@1"] == {"value": 0.5, "n": 2}
    assert s["answers"]["contains"] == {"value": 0.5, "n": 2}
    assert s["answers"]["quote_contains"] == {"value": 0.5, "n": 2}
    assert s["answers"]["short_em"] == {"value": 0.5, "n": 2}
    assert s["answers"]["candidates_contain"] == {"value": None, "n": 0}  # no model run
    assert s["answers"]["em"]["value"] == 0.0
    assert s["citations"]["precision"] == {"value": 0.5, "n": 2}
    assert s["citations"]["recall"] == {"value": 0.5, "n": 2}
    assert s["abstention"]["hallucination"] == {"value": 0.5, "n": 2}
    assert s["abstention"]["refusal"] == {"value": 0.5, "n": 2}
    assert s["modes"] == {"llm": 0, "extractive": 2, "abstained": 2}
    assert s["stages"] == {"ok": 2, "retrieval": 1, "hallucination": 1}
    assert s["latency_ms"]["draft"]["p50"] == 20.0 and s["latency_ms"]["llm"]["n"] == 0
    assert s["reader_rejections"] == {} and s["llm_errors"] == 0


def test_summarise_counts_reader_rejections_by_reason():
    reason = "the model's answer is not copied from the sentences"
    recs = [score_record(_record(mode="extractive", text=WRONG, reader=reason, llm_text="{}", **{
        k: v for k, v in WITH_CANDIDATES.items()}), {"d": TEXT}) for _ in range(2)]
    recs.append(score_record(_record(mode="llm", text=RIGHT, **WITH_CANDIDATES), {"d": TEXT}))
    s = summarise(recs)
    assert s["reader_rejections"] == {reason: 2}
    assert s["modes"]["llm"] == 1 and s["answers"]["candidates_contain"] == {"value": 1.0, "n": 3}
    assert s["stages"] == {"reader rejected": 2, "ok": 1}


def test_groups_by_language_pair_type_and_mode():
    from rag.evaluate.score import groups

    a = _record(mode="abstained")
    b = _record(mode="extractive", text="x")
    b.update(id="q2", lang="en", pair="en→hi", type="multi")
    g = groups([a, b])
    assert set(g) == {"all", "lang:hi", "lang:en", "pair:hi→hi", "pair:en→hi", "type:single", "type:multi",
                      "mode:abstained", "mode:extractive"}
    assert [r["id"] for r in g["mode:extractive"]] == ["q2"] and len(g["all"]) == 2


def test_answerability_curve_counts_what_each_threshold_would_do():
    from rag.evaluate.score import answerability_curve

    def rec(answerable, score):
        r = _record(answerable=answerable, answers=("शुक्रवार",) if answerable else (),
                    evidence=(), mode="extractive" if score >= 0.5 else "abstained", score=score)
        return score_record(r, {"d": TEXT})

    recs = [rec(True, 0.9), rec(True, 0.4), rec(False, 0.6), rec(False, 0.1), rec(False, 0.0)]
    curve = answerability_curve(recs, threshold=0.5)
    assert (curve["answerable"], curve["unanswerable"]) == (2, 3)
    rows = {r["threshold"]: r for r in curve["rows"]}
    assert len(rows) == 21 and min(rows) == 0.0 and max(rows) == 1.0
    assert (rows[0.0]["hallucination"], rows[0.0]["refusal"]) == (1.0, 0.0)  # never abstain
    assert (rows[1.0]["hallucination"], rows[1.0]["refusal"]) == (0.0, 1.0)
    # at 0.5: unanswerable 0.6 still answered (1 of 3), answerable 0.4 refused (1 of 2)
    at = curve["at_threshold"]
    assert at["threshold"] == 0.5 and at["hallucination"] == pytest.approx(1 / 3) and at["refusal"] == 0.5
    assert at == rows[0.5]
    # answerable 0.9 beats all three; 0.4 beats 0.1 and 0.0, not 0.6: 5 of 6 pairs
    assert curve["auc"] == pytest.approx(5 / 6)
    assert answerability_curve([rec(True, 0.9)]) is None  # needs both kinds of question
    old = _record(answerable=False, answers=(), evidence=(), mode="abstained")  # no score recorded
    assert answerability_curve([rec(True, 0.9), score_record(old, {"d": TEXT})]) is None


def test_auc():
    from rag.evaluate.score import auc

    # 0.9 and 0.8 against 0.85 and 0.8: (1 + 1 + 0 + 0.5) / 4
    assert auc([0.9, 0.8], [0.85, 0.8]) == 0.625
    assert auc([0.9], []) is None


def test_an_answer_is_in_the_questions_language_when_its_first_words_are():
    from rag.evaluate.score import _in_language

    assert _in_language({"short": "Andrei Belosov", "text": "x"}, "en") == 1.0
    assert _in_language({"short": "आंद्रेई बेलोसोव", "text": "x"}, "en") == 0.0
    assert _in_language({"short": "आंद्रेई बेलोसोव", "text": "x"}, "hi") == 1.0
    assert _in_language({"short": "", "text": "“12 जून” [1]\n\nmore"}, "en") == 0.0
    assert _in_language({"short": "1992", "text": "x"}, "en") == 1.0  # a number is in every language
