"""Token-level matching (MaxSim) in the answer-sentence ranker: the e5 model's
token states, their prefixes dropped, and the feature they give."""

from __future__ import annotations

import numpy as np
import pytest

from rag.answer.rank import maxsim

MINISTER = "यूक्रेन से जारी जंग के बीच रूस के रक्षा मंत्री आंद्रेई बेलोसोव शुक्रवार को उत्तर कोरिया पहुंचे।"
MISSILE = "बैठक के बाद उत्तर कोरिया ने समुद्र में एक बैलिस्टिक मिसाइल दागी।"
WEATHER = "दिल्ली में आज बारिश हुई और तापमान गिर गया।"


def test_maxsim_is_each_question_tokens_best_match_averaged():
    q = np.array([[1.0, 0.0], [0.0, 1.0]])
    s = np.array([[1.0, 0.0], [0.6, 0.8], [-1.0, 0.0]])
    assert maxsim(q, s, 0.3) == pytest.approx((1.0 + 0.8) / 2)


def test_without_token_states_the_cosine_stands_in():
    q = np.ones((2, 3))
    assert maxsim(None, q, 0.42) == 0.42
    assert maxsim(q, None, 0.42) == 0.42
    assert maxsim(q, np.zeros((0, 3)), 0.42) == 0.42


def test_token_states_leave_out_the_prefix_and_special_tokens(embedder):
    vectors, states = embedder.embed_passages_with_tokens(["रूस के रक्षा", "Who is it"])
    assert vectors.shape == (2, embedder.dimension)
    # "passage: " and [CLS]/[SEP] dropped: ▁रूस ▁के ▁रक्षा, and ▁Who ▁is ▁it.
    assert [h.shape[0] for h in states] == [3, 3]
    assert np.allclose(np.linalg.norm(states[0], axis=1), 1.0, atol=1e-4)
    # The same pass as the vector: the pooled vector is the states' mean, normalised
    # (with the prefix's tokens in it, so only close).
    assert float(vectors[0] @ (states[0].mean(0) / np.linalg.norm(states[0].mean(0)))) > 0.9


def test_the_question_is_embedded_once_for_its_vector_and_its_tokens(embedder):
    q = "रूस के रक्षा मंत्री कौन हैं?"
    v = embedder.embed_query(q)
    h = embedder.query_tokens(q)
    assert h is not None and h.shape == (7, embedder.dimension)  # ▁रूस ▁के ▁रक्षा ▁मंत्री ▁कौन ▁हैं ?
    assert embedder.query_tokens(q) is not None and np.array_equal(embedder.embed_query(q), v)


@pytest.mark.parametrize("question", ["रूस के रक्षा मंत्री कौन हैं?", "Who is Russia's defence minister?"])
def test_the_sentence_naming_the_minister_matches_the_question_best_token_by_token(embedder, question):
    _, states = embedder.embed_passages_with_tokens([MINISTER, MISSILE, WEATHER])
    q = embedder.query_tokens(question)
    scores = [maxsim(q, h, 0.0) for h in states]
    assert scores[0] > scores[1] > 0 and scores[0] > scores[2]


def test_both_runtimes_give_close_token_matches(embedder, torch_embedder):
    question = "Who is Russia's defence minister?"
    got = []
    for e in (embedder, torch_embedder):
        _, states = e.embed_passages_with_tokens([MINISTER, MISSILE])
        got.append([maxsim(e.query_tokens(question), h, 0.0) for h in states])
    assert np.allclose(got[0], got[1], atol=0.02)


def test_all_candidates_at_once_equal_one_by_one():
    from rag.answer.rank import Candidate, maxsims

    rng = np.random.default_rng(0)
    q = rng.normal(size=(5, 8)).astype(np.float32)
    cands = [Candidate(0, 0, 1, "x", states=rng.normal(size=(n, 8)).astype(np.float32)) if n
             else Candidate(0, 0, 1, "x") for n in (3, 0, 7, 1)]
    cos = np.array([0.1, 0.2, 0.3, 0.4])
    one_by_one = [maxsim(q, c.states, float(cos[i])) for i, c in enumerate(cands)]
    assert np.allclose(maxsims(q, cands, cos), one_by_one)
    assert maxsims(q, cands, cos)[1] == 0.2  # no states: its cosine
    assert np.array_equal(maxsims(None, cands, cos), cos)
