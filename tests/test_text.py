import unicodedata

import pytest

from rag.text import detect_language, keyword_tokens, normalize, sentence_spans, words


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_danda_double_danda_question_and_exclamation_end_sentences():
    text = "मोदी ने बैठक की। सबने भाग लिया॥ क्या यह सही है? हाँ! अंत"
    assert sentences(text) == ["मोदी ने बैठक की।", "सबने भाग लिया॥", "क्या यह सही है?", "हाँ!", "अंत"]


def test_full_stop_in_hindi_news_ends_sentence_but_not_decimals_or_abbreviations():
    text = "डॉ. शर्मा ने कहा कि वृद्धि 3.5 प्रतिशत रही. यह U.S. की नीति है. Mr. Smith agreed."
    assert sentences(text) == [
        "डॉ. शर्मा ने कहा कि वृद्धि 3.5 प्रतिशत रही.",
        "यह U.S. की नीति है.",
        "Mr. Smith agreed.",
    ]


def test_initials_written_in_devanagari_end_no_sentence():
    # "ए. पी. जे." and "के." are the letters A, P, J and K; "की." ends a sentence ("मुलाकात की.").
    text = "राष्ट्रपति ए. पी. जे. अब्दुल कलाम थे. ग्राफ मालकम के. ह्यूज का है. उन्होंने मुलाकात की. फिर लौटे."
    assert sentences(text) == ["राष्ट्रपति ए. पी. जे. अब्दुल कलाम थे.", "ग्राफ मालकम के. ह्यूज का है.",
                               "उन्होंने मुलाकात की.", "फिर लौटे."]


def test_line_breaks_end_headlines_and_closing_quotes_stay_with_their_sentence():
    text = 'उत्तर कोरिया का समर्थन\nउन्होंने इसे "न्यायपूर्ण संघर्ष" बताया. “यह ठीक है।” फिर'
    assert sentences(text) == [
        "उत्तर कोरिया का समर्थन",
        'उन्होंने इसे "न्यायपूर्ण संघर्ष" बताया.',
        "“यह ठीक है।”",
        "फिर",
    ]


def test_a_news_label_opening_a_line_is_a_sentence_of_its_own():
    text = "पहली पंक्ति।\nWorld News: रूस और यूक्रेन के बीच युद्ध जारी है। दूसरा वाक्य।\nताज़ा ख़बर: मिसाइल दागी गई।"
    assert sentences(text) == ["पहली पंक्ति।", "World News:", "रूस और यूक्रेन के बीच युद्ध जारी है।", "दूसरा वाक्य।",
                               "ताज़ा ख़बर:", "मिसाइल दागी गई।"]
    # A speaker introducing a quotation is no label; nor is a time, a long clause, or a colon mid-line.
    for whole in ("बेलोसोव ने कहा: हम साथ हैं।", "He said: we are together.", "समय 10:30 बजे था।",
                  "A long clause with many words before: the rest.", "उन्होंने दो बातें कहीं: पहली, सहयोग।"):
        assert sentences(whole) == [whole]


def test_sentence_spans_round_trip_exactly():
    text = "  पहला वाक्य।  दूसरा वाक्य?\n\nतीसरा   "
    for s, e in sentence_spans(text):
        assert text[s:e] == text[s:e].strip()
        assert text[s:e]
    assert sentences(text) == ["पहला वाक्य।", "दूसरा वाक्य?", "तीसरा"]


@pytest.mark.parametrize(
    "word",
    [
        "प्रधानमंत्री",  # conjunct with virama and matras
        "क्षेत्रीय",  # क्ष conjunct
        "ज़िंदगी",  # nukta
        "श्रृंखला",  # ृ matra after conjunct
        "हाँ",  # chandrabindu
        "उच्चस्तरीय",
    ],
)
def test_words_keep_devanagari_words_whole(word: str):
    assert words(f"यह {word} है।") == ["यह", word, "है"]


def test_words_do_not_shred_hindi_like_a_w_regex_does():
    assert words("भारत के प्रधानमंत्री ने आज दिल्ली में बैठक की।") == [
        "भारत",
        "के",
        "प्रधानमंत्री",
        "ने",
        "आज",
        "दिल्ली",
        "में",
        "बैठक",
        "की",
    ]


def test_normalize_composes_to_nfc_and_keeps_zwj_zwnj():
    decomposed = "\u0915\u093c"  # क + nukta, the decomposed form of क़
    assert normalize(decomposed) == unicodedata.normalize("NFC", decomposed)
    assert "\u200d" in normalize("क्\u200dष") and "\u200c" in normalize("क्\u200cष")
    assert normalize("a\r\nb\ufeff") == "a\nb"


def test_keyword_tokens_fold_devanagari_digits_nukta_and_chandrabindu():
    assert "2024" in keyword_tokens("वर्ष २०२४ में")
    assert keyword_tokens("ज़िंदगी") == keyword_tokens("जिंदगी")
    assert keyword_tokens("हाँसी") == keyword_tokens("हांसी")
    assert keyword_tokens("क्\u200dया बात") == keyword_tokens("क्या बात")


def test_keyword_tokens_drop_stopwords_and_stem_both_languages():
    toks = keyword_tokens("भारत के प्रधानमंत्री ने ministers running in Delhi")
    assert "के" not in toks and "ने" not in toks and "in" not in toks
    assert "minist" in toks and "run" in toks and "delhi" in toks
    # Hindi inflections meet at one stem: plural and oblique forms match the singular.
    assert keyword_tokens("प्रधानमंत्री") == keyword_tokens("प्रधानमंत्रियों")
    assert keyword_tokens("मिसाइलें") == keyword_tokens("मिसाइल")
    assert keyword_tokens("लड़कों") == keyword_tokens("लड़का")


def test_keyword_tokens_drop_hindi_question_words_and_light_verbs():
    # stopwords-iso's Hindi list lacks these; stemmed they became "ग", "स", "कह" …
    assert keyword_tokens("मिसाइल कब दागी गई?") == keyword_tokens("मिसाइल दागी")
    assert keyword_tokens("रूस का कौन सा अधिकारी उत्तर कोरिया गया?") == keyword_tokens("रूस अधिकारी उत्तर कोरिया")
    # "कहाँ" (where) no longer meets कहा (said), the commonest verb of news.
    assert not set(keyword_tokens("बैठक कहाँ हुई?")) & set(keyword_tokens("उन्होंने कहा"))
    assert keyword_tokens("कितने सैनिक मारे गए? बताइए") == keyword_tokens("सैनिक मारे")
    # Content verbs stay: "बनाया" (made), "बताया" (told).
    assert len(keyword_tokens("समझौता बनाया गया")) == 2 and keyword_tokens("बताया")


def test_keyword_tokens_mixed_hindi_english():
    toks = keyword_tokens("KCNA ने कहा कि North Korea ने मिसाइल दागी")
    assert "kcna" in toks and "north" in toks and "korea" in toks
    assert any(t.startswith("मिसाइल") for t in toks)


def test_detect_language():
    assert detect_language("उत्तर कोरिया ने मिसाइल दागी") == "hi"
    assert detect_language("North Korea fired a missile") == "en"
    assert detect_language("KCNA reported कि उत्तर कोरिया ने missile launch किया today") == "mixed"
    assert detect_language("1234 !!") == ""


def test_keyword_tokens_keep_english_content_words_stopwords_iso_dropped():
    # stopwords-iso's 1,298 English words include these; as keywords they find the passage.
    toks = keyword_tokens("How many members of the UK parliament voted that year? What did North Korea fire?")
    for word in ("member", "uk", "year", "fire", "north", "korea"):
        assert word in toks
    # Function and question words still go.
    assert not {"how", "many", "of", "the", "what", "did"} & set(toks)
    # Hindi unchanged: postpositions and question words out.
    assert keyword_tokens("रूस के रक्षा मंत्री कौन हैं?") == keyword_tokens("रूस रक्षा मंत्री")
