import pytest

from rag.chunking import chunk_text
from rag.text import sentence_spans
from tests.conftest import MISSILE, VISIT


def char_count(texts: list[str]) -> list[int]:
    """A stand-in tokenizer: one token per character, 2 special tokens."""
    return [len(t) + 2 for t in texts]


def test_chunks_are_whole_sentences_within_budget_and_overlap():
    text = "एक दो तीन। चार पांच छह। सात आठ नौ। दस ग्यारह बारह।"
    chunks = chunk_text(text, char_count, max_tokens=30, overlap_tokens=12)
    ends = {e for _, e in sentence_spans(text)}
    starts = {s for s, _ in sentence_spans(text)}
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert c.start in starts and c.end in ends
        assert len(c.text) + 2 <= 30
    assert chunks[0].text == "एक दो तीन। चार पांच छह।"
    assert chunks[1].text.startswith("चार पांच छह।")  # one sentence of overlap
    assert chunks[-1].text.endswith("दस ग्यारह बारह।")


def test_sentence_longer_than_a_passage_is_cut_at_words():
    text = " ".join(["शब्द"] * 40) + "।"
    chunks = chunk_text(text, char_count, max_tokens=40, overlap_tokens=0)
    assert len(chunks) > 1
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert len(c.text) + 2 <= 40
        assert not c.text.startswith(" ") and " ".join(c.text.split()) == c.text
    covered = "".join(c.text for c in chunks).replace(" ", "")
    assert covered == text.replace(" ", "")


def test_budget_too_small_for_prefix_is_refused():
    with pytest.raises(ValueError):
        chunk_text("कुछ।", lambda ts: [50 for _ in ts], max_tokens=40, overlap_tokens=0)


@pytest.mark.parametrize("path", [MISSILE, VISIT], ids=["missile", "visit"])
def test_seed_chunks_round_trip_and_fit_the_embedding_model(path, embedder):
    text = path.read_text(encoding="utf-8")
    chunks = chunk_text(text, embedder.count_tokens, max_tokens=160, overlap_tokens=40)
    assert len(chunks) >= 3
    counts = embedder.count_tokens([c.text for c in chunks])
    assert max(counts) <= 160  # counted exactly in the model's own tokens
    sentence_ends = {e for _, e in sentence_spans(text)}
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert c.end in sentence_ends, f"chunk ends mid-sentence: …{c.text[-30:]}"
        assert c.lang == "hi"
    # Together the chunks cover every sentence.
    for s, e in sentence_spans(text):
        assert any(c.start <= s and e <= c.end for c in chunks)
