"""The checks on the model's translation of the answer words (rag/answer/render.py),
with the real embedding model; the round trip through Ollama is in test_answers_ollama.py."""

import pytest

from rag.answer.read import codes, numbers
from rag.answer.render import check, similarity
from rag.config import Settings

THRESHOLD = Settings.model_fields["min_render_similarity"].default


def test_a_translation_that_changes_a_number_is_refused():
    r = check("लगभग 1,200 लोग", "about 1,300 people", "en", 0.95, THRESHOLD)
    assert not r.ok and "number" in r.reason


def test_devanagari_digits_count_as_the_same_number():
    assert numbers("१४ लोग") == ["14"]
    assert check("१२ लोग", "12 people", "en", 0.95, THRESHOLD).ok


def test_a_translation_that_drops_a_letter_of_a_code_is_refused():
    # "Astra 2A" is another satellite than "Astra 2": the number check alone let it through.
    r = check("Astra 2A", "ऐस्ट्रा 2", "hi", 0.95, THRESHOLD)
    assert not r.ok and "code" in r.reason
    assert check("Astra 2A", "ऐस्ट्रा 2A", "hi", 0.95, THRESHOLD).ok
    assert check("X.25 प्रोटोकॉल", "X.25 protocol", "en", 0.95, THRESHOLD).ok
    assert not check("X.25 प्रोटोकॉल", "X 25 protocol", "en", 0.95, THRESHOLD).ok
    assert check("DVB-S2 standard", "DVB-S2 मानक", "hi", 0.95, THRESHOLD).ok  # a code in Latin letters is Hindi news
    # Only codes are set aside when telling the language: hyphenated English words are English.
    assert "language" in check("Internet2 is a not-for-profit United States consortium",
                               "Internet2 not-for-profit United States संघ", "hi", 0.95, THRESHOLD).reason


def test_what_counts_as_a_code():
    assert codes("Astra 2A, MPEG-2 और V&A") == ["2a", "mpeg-2", "v&a"]
    # Ordinals, decades, plain numbers, hyphenated words and abbreviations are written in the
    # translation's own way ("19वीं सदी", "अमेरिकी सेना"), so they are not held to their letters.
    assert codes("the 19th century, the 1970s, 1,200 non-profit U.S. groups, 19th-century, mid-18th") == []


def test_a_translation_in_the_wrong_script_or_with_added_words_is_refused():
    assert "language" in check("राजनीतिक", "राजनीति", "en", 0.95, THRESHOLD).reason
    assert "no translation" in check("राजनीतिक", " ", "en", 0.95, THRESHOLD).reason
    long = "the political party that won the election in the state of Uttar Pradesh last year"
    assert "adds words" in check("राजनीतिक", long, "en", 0.95, THRESHOLD).reason
    assert check("political", "राजनीतिक", "hi", 0.95, THRESHOLD).ok


@pytest.mark.parametrize(("hindi", "right", "wrong"), [
    ("आंद्रेई बेलोसोव", "Andrei Belousov", "Andhra Pradesh"),
    ("साइटोटॉक्सिक या प्रतिरक्षा दमनकारी दवाओं", "cytotoxic or immunosuppressive drugs",
     "site-to-site communication or collaboration"),
    ("राजनीतिक", "political", "nationalistic"),
    ("संडे टाइम्स यूनिवर्सिटी ऑफ द ईयर पुरस्कार", "Sunday Times University of the Year award",
     "San Diego Times University of California"),
])
def test_the_embedding_tells_a_translation_from_a_near_miss(embedder, hindi, right, wrong):
    """Near misses that qwen2.5-coder:1.5b really gave score below the right
    translations, and below the shipped threshold."""
    good, bad = similarity(embedder.embed_query, hindi, right), similarity(embedder.embed_query, hindi, wrong)
    assert good > bad and bad < THRESHOLD
    assert "does not match" in check(hindi, wrong, "en", bad, THRESHOLD).reason
    assert check(hindi, right, "en", good, min(good, THRESHOLD)).ok


def test_the_gloss_guides_an_english_rendering_and_not_a_hindi_one():
    from rag.answer.render import build_messages

    [_, user] = build_messages("वेलफेयर कैश कार्ड", "en", gloss="welfare cash card")
    assert "वेलफेयर कैश कार्ड" in user["content"] and "welfare cash card" in user["content"]
    [_, plain] = build_messages("वेलफेयर कैश कार्ड", "en")
    assert "Word by word" not in plain["content"]
    [_, hindi] = build_messages("welfare cash card", "hi", gloss="ignored")  # the Hindi prompt has no place for one
    assert "ignored" not in hindi["content"]
