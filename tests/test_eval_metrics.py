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
            mode="extractive", text="", context="", citations=(), passages=(), llm_text="", guard=None):
    return {
        "id": "q", "question": "कब?", "lang": "hi", "pair": "hi→hi", "type": "single",
        "answerable": answerable, "answers": list(answers), "evidence": list(evidence), "spans": [],
        "output": {
            "search": [{"rank": i + 1, "doc_id": "d", "title": "t", "start": s, "end": e}
                       for i, (s, e) in enumerate(search)],
            "search_ms": 10.0,
            "answer": {"mode": mode, "text": text, "context": context, "llm_text": llm_text, "guard": guard,
                       "citations": [{"doc_id": "d", "passage_start": s, "passage_end": e, "start": s, "end": e}
                                     for s, e in citations],
                       "passages": [{"rank": i + 1, "doc_id": "d", "start": s, "end": e}
                                    for i, (s, e) in enumerate(passages)],
                       "timings": {"retrieval_ms": 5.0, "total_ms": 50.0}, "tokens": {}},
        },
    }


RELEVANT = (TEXT.index("बेलोसोव"), TEXT.index("तीसरा"))  # "बेलोसोव शुक्रवार को पहुंचे। "
OTHER = (TEXT.index("तीसरा"), len(TEXT))


def test_score_record_ok_with_citations():
    assert TEXT[slice(*RELEVANT)].startswith("बेलोसोव")
    rec = score_record(_record(search=[OTHER, RELEVANT], text="बेलोसोव शुक्रवार को पहुंचे। [1] तीसरा [2]",
                               context="[1] बेलोसोव शुक्रवार को पहुंचे।", citations=[RELEVANT, OTHER],
                               passages=[RELEVANT, OTHER]), {"d": TEXT})
    s = rec["scores"]
    assert (s["rank"], s["hit1"], s["hit5"], s["mrr10"]) == (2, 0.0, 1.0, 0.5)
    assert s["contains"] == 1.0 and s["em"] == 0.0
    assert (s["cited"], s["cited_relevant"], s["cite_recall"]) == (2, 1, 1.0)
    assert s["evidence_retrieved"] and s["evidence_in_context"]
    assert rec["stage"] == "ok"


@pytest.mark.parametrize(
    ("kwargs", "stage"),
    [
        (dict(passages=[OTHER], text="तीसरा वाक्य है।"), "retrieval"),
        (dict(passages=[RELEVANT], context="[1] पहला वाक्य।", text="पहला वाक्य।"), "context"),
        (dict(passages=[RELEVANT], context="[1] बेलोसोव शुक्रवार को पहुंचे।", mode="abstained"),
         "abstained: weak evidence"),
        # min_evidence abstains before any context is chosen: not a context failure
        (dict(passages=[RELEVANT], context="", mode="abstained"), "abstained: weak evidence"),
        (dict(passages=[RELEVANT], context="[1] बेलोसोव शुक्रवार को पहुंचे।", mode="abstained",
              llm_text="NOT_IN_ARTICLES"), "abstained: model refused"),
        (dict(passages=[RELEVANT], context="[1] बेलोसोव शुक्रवार को पहुंचे।", mode="extractive",
              text="पहला वाक्य।", llm_text="सोमवार", guard={"ok": False, "reason": "unsupported"}), "guard"),
        (dict(passages=[RELEVANT], context="[1] बेलोसोव शुक्रवार को पहुंचे।", mode="llm", text="सोमवार को [1]"),
         "generation"),
        (dict(answerable=False, answers=(), evidence=(), mode="llm", text="सोमवार"), "hallucination"),
        (dict(answerable=False, answers=(), evidence=(), mode="abstained"), "ok"),
    ],
)
def test_score_record_names_the_failing_step(kwargs, stage):
    assert score_record(_record(**kwargs), {"d": TEXT})["stage"] == stage


def test_summarise_rates():
    recs = [
        score_record(_record(search=[RELEVANT], passages=[RELEVANT], text="शुक्रवार [1]",
                             context="[1] बेलोसोव शुक्रवार को पहुंचे।", citations=[RELEVANT, OTHER]), {"d": TEXT}),
        score_record(_record(search=[OTHER], passages=[OTHER], mode="abstained"), {"d": TEXT}),
        score_record(_record(answerable=False, answers=(), evidence=(), mode="extractive", text="x"), {"d": TEXT}),
        score_record(_record(answerable=False, answers=(), evidence=(), mode="abstained"), {"d": TEXT}),
    ]
    s = summarise(recs)
    assert s["retrieval"]["hit@1"] == {"value": 0.5, "n": 2}
    assert s["answers"]["contains"] == {"value": 0.5, "n": 2}
    assert s["answers"]["em"]["value"] == 0.5
    assert s["citations"]["precision"] == {"value": 0.5, "n": 2}
    assert s["citations"]["recall"] == {"value": 0.5, "n": 2}
    assert s["abstention"]["hallucination"] == {"value": 0.5, "n": 2}
    assert s["abstention"]["refusal"] == {"value": 0.5, "n": 2}
    assert s["modes"] == {"llm": 0, "extractive": 2, "abstained": 2}
    assert s["stages"] == {"ok": 2, "retrieval": 1, "hallucination": 1}


def test_groups_by_language_pair_type_and_mode():
    from rag.evaluate.score import groups

    a = _record(mode="abstained")
    b = _record(mode="extractive", text="x")
    b.update(id="q2", lang="en", pair="en→hi", type="multi")
    g = groups([a, b])
    assert set(g) == {"all", "lang:hi", "lang:en", "pair:hi→hi", "pair:en→hi", "type:single", "type:multi",
                      "mode:abstained", "mode:extractive"}
    assert [r["id"] for r in g["mode:extractive"]] == ["q2"] and len(g["all"]) == 2


def test_abstention_sweep_counts_what_a_threshold_would_do():
    from rag.evaluate.report import abstention_sweep

    def rec(answerable, dense):
        return {"answerable": answerable, "output": {"answer": {"passages": [{"dense": d} for d in dense]}}}

    recs = [rec(True, [0.80, 0.90]), rec(True, [0.84]), rec(False, [0.83, 0.79]), rec(False, [0.86])]
    (row,) = abstention_sweep(recs, thresholds=(0.85,))
    # best cosines: answerable 0.90, 0.84 -> one refused; unanswerable 0.83, 0.86 -> one still answered
    assert (row["hallucination"], row["refusal"]) == (0.5, 0.5)
    assert abstention_sweep([rec(True, [0.9])]) == []  # needs both kinds of question


def test_a_reply_of_only_markers_is_its_own_outcome():
    rec = _record(passages=[RELEVANT], context="[1] बेलोसोव शुक्रवार को पहुंचे।", mode="extractive",
                  text="पहला वाक्य। [1]", llm_text="[1]")
    assert score_record(rec, {"d": TEXT})["stage"] == "model pointed only"
    assert summarise([rec])["pointer_only"] == 1
    failed = _record(passages=[RELEVANT], context="[1] बेलोसोव शुक्रवार को पहुंचे।", mode="extractive",
                     text="पहला वाक्य। [1]")
    failed["output"]["answer"]["llm_error"] = True
    assert score_record(failed, {"d": TEXT})["stage"] == "llm error"


def test_best_cosine_auc():
    from rag.evaluate.report import best_cosine_auc

    def rec(answerable, dense):
        return {"answerable": answerable, "output": {"answer": {"passages": [{"dense": dense}]}}}

    # answerable 0.9 and 0.8 against unanswerable 0.85 and 0.8: (1 + 1 + 0 + 0.5) / 4
    assert best_cosine_auc([rec(True, 0.9), rec(True, 0.8), rec(False, 0.85), rec(False, 0.8)]) == 0.625
    assert best_cosine_auc([rec(True, 0.9)]) is None
