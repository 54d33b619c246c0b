"""The bridge's nearest-word source (rag/bridge/neighbours.py), on the real embedding model."""

import numpy as np
import pytest

from rag.bridge.neighbours import Neighbours
from rag.text import keyword_tokens

PASSAGES = [keyword_tokens(s) for s in (
    "रूस के रक्षा मंत्री ने युद्ध पर बात की",
    "सैनिकों ने नदी पार की और युद्ध शुरू हुआ",
    "रक्षा मंत्री सैनिकों से मिले",
    "नदी के किनारे बेलोसोव पहुंचे",
)]


def test_an_english_word_finds_its_hindi_word_among_the_index_words(embedder):
    nb = Neighbours.build(PASSAGES, embedder.embed_words)
    assert {"युद्ध", "सैनिक", "रक्ष", "मंत्र"} <= set(nb.tokens)
    assert "बेलोसोव" not in nb.tokens  # in one passage only: not embedded
    # A name has no Hindi neighbour close enough; "war" and "soldiers" do.
    found = nb.nearest(embedder.embed_words(["war", "soldiers", "Belousov"]), 0.9)
    assert found == ["युद्ध", "सैनिक", None]
    assert nb.nearest(embedder.embed_words(["war"]), 0.999) == [None]


def test_a_rebuild_embeds_only_new_words_and_survives_save_and_load(embedder, tmp_path):
    embedded: list[str] = []

    def encode(words: list[str]) -> np.ndarray:
        embedded.extend(words)
        return embedder.embed_words(words)

    first = Neighbours.build(PASSAGES, encode)
    first.save(tmp_path)
    loaded = Neighbours.load(tmp_path)
    assert loaded is not None and loaded.tokens == first.tokens
    assert np.allclose(loaded.vectors, first.vectors, atol=2e-3)  # stored as float16
    embedded.clear()
    second = Neighbours.build([*PASSAGES, keyword_tokens("बेलोसोव प्योंगयांग पहुंचे")], encode, previous=loaded)
    assert sorted(embedded) == sorted(["बेलोसोव", "पहुंच"])
    assert np.array_equal(second.vectors[second.tokens.index("युद्ध")], loaded.vectors[loaded.tokens.index("युद्ध")])
    assert Neighbours.load(tmp_path / "missing") is None


@pytest.mark.slow
def test_search_bridges_english_words_to_their_nearest_index_word(seeded_index):
    from rag.retrieve import Retriever

    retriever = Retriever(seeded_index)
    question = "What did South Korea's intelligence agency claim?"
    top = retriever.search(question, top_k=3)
    matched = {t.word: [m.token for m in t.matches if m.source == "neighbour"] for t in retriever.last_terms}
    assert matched["agency"] == ["एजेंस"]  # एजेंसी, which the dictionary does not give
    assert "खुफिया एजेंसी" in top[0].text
    # Romanised Hindi words are the articles' own words: sound keys serve them, not this.
    retriever.search("rus ke raksha mantri kaun hain?", top_k=3)
    assert all(m.source != "neighbour" for t in retriever.last_terms for m in t.matches)
    # Without the argument (the answer ranker's expansion) nothing changes.
    assert all(m.source != "neighbour" for t in seeded_index.keyword.expand(question) for m in t.matches)


def test_an_index_built_without_the_vectors_gets_them_at_its_next_search(tmp_path, embedder):
    from rag.index import Index
    from rag.ingest import Ingestor
    from tests.conftest import SEEDS, make_settings

    Ingestor(Index(make_settings(tmp_path, bridge_neighbours=False), embedder=embedder)).run([SEEDS])
    index = Index(make_settings(tmp_path), embedder=embedder)
    index.refresh_keyword()
    nb = index.keyword.neighbours
    assert nb is not None and {"मिसाइल", "रूस"} <= set(nb.tokens)
