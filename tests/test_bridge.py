"""The cross-script bridge: sound keys, romanised Hindi, English names and
words matched to Devanagari index words (and Hindi words to English ones),
and its use in search and answers."""

import json
import random

import pytest

from evals.romanised.make import romanise_word
from rag.bridge.lexicon import VERSION, Bridge, expand, render, surface_forms
from rag.bridge.phonetic import (
    deva_key,
    drop_schwas,
    is_romanised_hindi,
    latin_key,
    skeleton,
    to_devanagari,
    vowel_distance,
)
from rag.text import keyword_tokens

# (Devanagari word, how it is typed in Latin letters): matras, nukta,
# anusvara/chandrabindu, conjuncts, inherent vowels Hindi does not sound.
TYPED = [
    ("रक्षा", "raksha"),
    ("मंत्री", "mantri"),
    ("क़ानून", "kanoon"),
    ("ज़िला", "zila"),
    ("फ़िल्म", "film"),
    ("हिंदी", "hindi"),
    ("चाँद", "chand"),
    ("संबंध", "sambandh"),
    ("क्षेत्र", "kshetra"),
    ("ज्ञान", "gyan"),
    ("प्रधानमंत्री", "pradhanmantri"),
    ("सरकार", "sarkar"),
    ("भारत", "bharat"),
    ("शहर", "shahar"),
    ("विश्वविद्यालय", "vishwavidyalaya"),
    ("कृष्ण", "krishna"),
    ("छात्र", "chhatra"),
    ("कंपनी", "kampani"),
]


@pytest.mark.parametrize("deva, typed", TYPED)
def test_typed_hindi_has_the_words_sound_key(deva, typed):
    assert latin_key(typed) == deva_key(deva)


def test_unsounded_inherent_vowels_are_dropped():
    assert drop_schwas("सरकार") == "सर्कार्"
    assert drop_schwas("प्रधानमंत्री") == "प्रधान्मंत्री"
    assert drop_schwas("भारत") == "भारत्"  # a vowel before the final consonant stays
    assert drop_schwas("कंपनी") == "कंपनी"  # after a nasal the syllable keeps its vowel


@pytest.mark.parametrize("deva, _typed", TYPED)
def test_round_trip_hinglish_spellings_come_back_to_the_word(deva, _typed):
    """Devanagari → Hinglish (the varied spellings of evals/romanised) → the bridge → the word's token."""
    vocab = keyword_tokens(" ".join(d for d, _ in TYPED) + " रक्त मान मन सड़क भरत")
    bridge = Bridge.build(vocab, dictionary_path=None)
    want = keyword_tokens(deva)[0]
    for seed in range(6):
        typed = romanise_word(deva, random.Random(seed))
        found = [m.token for m in bridge.match_word(typed, romanised=True)]
        assert want in found[:2], (deva, typed, found)


def test_itrans_back_to_devanagari_leaves_the_final_vowel_unwritten():
    assert to_devanagari("naam") == "नाम"
    assert to_devanagari("kaun") == "कौन"


def test_english_names_meet_their_devanagari_spelling():
    vocab = keyword_tokens("आंद्रेई बेलोसोव अमेरिका दिल्ली ऑस्ट्रेलिया पुलिस रूस बेलारूस")
    bridge = Bridge.build(vocab, dictionary_path=None)

    def first(word: str) -> str:
        return bridge.match_word(word, romanised=False)[0].token

    assert first("Belousov") == "बेलोसोव"
    assert first("America") == "अमेरिक"
    assert first("police") == "पुलिस"
    assert first("Russia") == "रूस"


def test_names_whose_vowels_the_two_scripts_spell_apart_still_meet():
    vocab = keyword_tokens("उत्तर कोरिया सियोल यूक्रेन रूसी कर कार सेना")
    bridge = Bridge.build(vocab, dictionary_path=None)

    def tokens(word: str) -> list[str]:
        return [m.token for m in bridge.match_word(word, romanised=False)]

    assert tokens("Korea") == tokens("Korea's") == keyword_tokens("कोरिया")  # "kore" ~ "kori"
    assert tokens("Korean") == keyword_tokens("कोरिया")  # a demonym as its country
    assert tokens("Seoul") == keyword_tokens("सियोल")  # "seul" ~ "siyol"
    assert tokens("Ukraine") == tokens("Ukrainian") == keyword_tokens("यूक्रेन")  # यू for an initial "u"
    assert tokens("Japan") == []  # no word of the articles sounds like it: nothing, not a near one
    assert tokens("Car") == keyword_tokens("कार")  # an exact sound key wins; only names get the loose match
    assert bridge.match_word("core", romanised=False) == []


def test_vowel_distance_is_cheap_for_vowels_and_dear_for_consonants():
    assert vowel_distance("kore", "kori") == pytest.approx(0.4)
    assert vowel_distance("seul", "siyol") == pytest.approx(1.2)
    assert vowel_distance("kore", "pore") == pytest.approx(1.0)
    assert skeleton("yukren") == skeleton("ukrain") == "akrn"


def test_english_words_get_dictionary_translations_in_the_index():
    bridge = Bridge.build(keyword_tokens("रक्षा मंत्री युद्ध नदी"))
    if not bridge.translations:
        pytest.skip("FreeDict's English-Hindi dictionary is not installed (dict-freedict-eng-hin)")
    terms = {t.word: [m.token for m in t.matches] for t in expand("Who is the defence minister?", bridge)}
    assert "रक्ष" in terms["defence"] and "मंत्र" in terms["minister"]
    assert all(tok in keyword_tokens("रक्षा मंत्री युद्ध नदी") or tok.isascii() for toks in terms.values()
               for tok in toks), "only words the index holds are proposed"


def test_expansion_never_drops_the_original_words():
    bridge = Bridge.build(keyword_tokens("रूस रक्षा मंत्री बेलोसोव उत्तर कोरिया"), dictionary_path=None)
    for q in ("Who is Russia's defence minister Belousov?", "rus ke raksha mantri kaun hain?",
              "रूस के रक्षा मंत्री कौन हैं?", "uttar korea mein Belousov ka swagat kisne kiya"):
        terms = expand(q, bridge)
        assert terms, q
        for t in terms:
            assert t.matches[0].source == "exact" and t.matches[0].weight == 1.0
            assert t.matches[0].token == keyword_tokens(t.word)[0]


def test_romanised_hindi_is_told_from_english():
    assert is_romanised_hindi("rus ke raksha mantri kaun hain?")
    assert is_romanised_hindi("Belousov ka swagat kisne kiya")
    assert is_romanised_hindi("bharat ki rajdhani")
    assert not is_romanised_hindi("Who is the defence minister of Russia?")
    assert not is_romanised_hindi("What is in the box?")
    assert not is_romanised_hindi("रूस के रक्षा मंत्री कौन हैं?")


def test_romanised_question_is_rendered_in_devanagari_with_the_passages_spelling():
    text = "रूस के रक्षा मंत्री आंद्रेई बेलोसोव उत्तर कोरिया पहुंचे।"
    bridge = Bridge.build(keyword_tokens(text), dictionary_path=None)
    assert render("rus ke raksha mantri kaun hain?", bridge, surface_forms([text])) == "रूस के रक्षा मंत्री कौन हैं?"


def test_bridge_survives_a_save_and_load(tmp_path):
    bridge = Bridge.build(keyword_tokens("रूस रक्षा मंत्री"))
    bridge.save(tmp_path)
    again = Bridge.load(tmp_path)
    assert again is not None and again.token_keys == bridge.token_keys
    assert Bridge.load(tmp_path / "missing") is None


ENGLISH_NEWS = ("Russia's defence minister Andrei Belousov arrived in Pyongyang on Friday. "
                "The satellite launch was delayed by the weather.")


def test_hindi_words_meet_the_english_words_of_english_articles():
    bridge = Bridge.build(keyword_tokens(ENGLISH_NEWS))
    if not bridge.hindi:
        pytest.skip("FreeDict's English-Hindi dictionary is not installed (dict-freedict-eng-hin)")

    def tokens(word: str) -> list[str]:
        return [m.token for m in bridge.match_deva(word)]

    assert keyword_tokens("defence")[0] in tokens("रक्षा") and keyword_tokens("minister")[0] in tokens("मंत्री")
    assert tokens("उपग्रह") == keyword_tokens("satellite")  # by the dictionary
    assert tokens("बेलोसोव") == ["belousov"] and tokens("प्योंगयांग") == ["pyongyang"]  # names by sound
    assert tokens("उपयोग") == [] and tokens("कितने") == []  # a dictionary word or a question word: never by sound
    terms = {t.word: [m.token for m in t.matches] for t in expand("रूस के रक्षा मंत्री कौन हैं?", bridge)}
    assert "minist" in terms["मंत्री"] and terms["रूस"][0] == keyword_tokens("रूस")[0]  # its own token first


def test_a_hindi_only_index_bridges_nothing_for_hindi_words():
    bridge = Bridge.build(keyword_tokens("रूस के रक्षा मंत्री आंद्रेई बेलोसोव"))
    assert bridge.latin_keys == {} and all(len(t.matches) == 1 for t in expand("रूस के रक्षा मंत्री", bridge))


def test_a_bridge_saved_by_an_older_version_is_rebuilt_on_load(index, tmp_path):
    from rag.ingest import Ingestor

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "visit.txt").write_text(ENGLISH_NEWS, encoding="utf-8")
    Ingestor(index).run([tmp_path / "news"])
    path = index.keyword.directory / "bridge.json"
    old = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({"keys": old["keys"], "translations": old["translations"]}), encoding="utf-8")
    index.keyword._load({"generation": index.keyword.generation, "count": len(index.keyword.ids)})
    bridge = index.keyword.bridge
    assert bridge is not None and bridge.version == VERSION and "belousov" in bridge.latin_keys
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == VERSION  # and saved again


# ----------------------------------------------------------- with an index


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "rus ke raksha mantri kaun hain?",
    "Belousov ka swagat kisne kiya?",
    "pak yong il ne kis desh ka netritva kiya?",
])
def test_romanised_seed_question_finds_its_passage_first(seeded_index, question):
    from rag.retrieve import Retriever

    retriever = Retriever(seeded_index)
    for mode in ("keyword", "hybrid"):
        top = retriever.search(question, top_k=3, mode=mode)
        assert top, (mode, question)
        if "Belousov" in question or "rus" in question:
            assert "बेलोसोव" in top[0].text and "visit" in top[0].path, (mode, top[0].path)
        else:
            assert "पाक योंग इल" in top[0].text, (mode, top[0].text[:80])


@pytest.mark.slow
def test_english_question_finds_hindi_keywords_and_explains_them(seeded_index):
    from rag.retrieve import Retriever

    retriever = Retriever(seeded_index)
    top = retriever.search("Belousov North Korea visit", top_k=3, mode="keyword")
    assert top and "बेलोसोव" in top[0].text
    matched = {t.word: [m.token for m in t.matches if m.source != "exact"] for t in retriever.last_terms}
    assert "बेलोसोव" in matched["Belousov"]


@pytest.mark.slow
def test_romanised_question_is_answered_in_hindi(seeded_extractive):
    answer = seeded_extractive.ask(
        "rus ke raksha mantri kaun hain?")
    assert answer.language == "hi"
    assert "बेलोसोव" in f"{answer.short} {answer.quote}"


def test_names_are_spelled_in_latin_letters_for_an_english_reader():
    from rag.bridge.phonetic import romanise

    assert romanise("आंद्रेई बेलोसोव") == "Andrei Belosov"
    assert romanise("पाक योंग इल") == "Pak Yong Il"
    assert romanise("नो क्वांग चोल") == "No Kwang Chol"
    assert romanise("यून सुक-योल") == "Yun Suk-Yol"
    assert romanise("12 जून") == "12 Jun"  # digits stay as they are


def test_only_a_persons_name_is_spelled_not_a_phrase():
    from rag.answer.compose import _looks_like_a_name

    assert _looks_like_a_name("आंद्रेई बेलोसोव", "person")
    assert not _looks_like_a_name("कोरिया की तरफ", "person")  # a postposition: a phrase
    assert not _looks_like_a_name("उप", "person")  # one word: a title as often as a name
    assert not _looks_like_a_name("वार्ता समाप्त", "place")


def test_acronyms_meet_their_letter_names_either_way():
    hindi = Bridge.build(keyword_tokens("यूडीपी पैकेट डीवीबी मानक"), None)
    assert [m.token for m in hindi.match_word("UDP", False)][:1] == keyword_tokens("यूडीपी")
    assert [m.token for m in hindi.match_word("DVB", False)][:1] == keyword_tokens("डीवीबी")
    english = Bridge.build(keyword_tokens("UDP packets follow the MPEG standard"), None)
    assert [m.token for m in english.match_deva("यूडीपी")] == ["udp"]
    assert [m.token for m in english.match_deva("एमपीईजी")] == ["mpeg"]


def test_an_irregular_past_form_finds_its_verbs_hindi_words():
    from rag.bridge import dictionary
    if not dictionary.load():
        pytest.skip("FreeDict's English-Hindi dictionary is not installed (dict-freedict-eng-hin)")
    bridge = Bridge.build(keyword_tokens("उप रक्षा मंत्री के नेतृत्व में प्रतिनिधिमंडल ने मौसम विभाग से बैठक की"))
    led = [m.token for m in bridge.match_word("led", False)]
    assert keyword_tokens("नेतृत्व")[0] in led  # "led" is "lead", which FreeDict knows
    met = [m.token for m in bridge.match_word("met", False)]
    assert keyword_tokens("बैठक")[0] in met and keyword_tokens("मौसम")[0] not in met  # not the Met Office


def test_the_projects_word_table_bridges_english_words_freedict_lacks():
    """hindi_english.tsv: common words of news FreeDict lacks ("ministry" → मंत्रालय,
    "delegation" → प्रतिनिधिमंडल), and Hindi words to English for Hindi questions
    over English articles."""
    from rag.bridge import dictionary
    if not dictionary.load():
        pytest.skip("FreeDict's English-Hindi dictionary is not installed (dict-freedict-eng-hin)")
    bridge = Bridge.build(keyword_tokens("रूस के रक्षा मंत्रालय ने प्रतिनिधिमंडल भेजा और सैन्य सहयोग पर समझौता हुआ"))
    for english, hindi in (("ministry", "मंत्रालय"), ("delegation", "प्रतिनिधिमंडल"), ("defence", "रक्षा"),
                           ("military", "सैन्य"), ("cooperation", "सहयोग")):
        assert keyword_tokens(hindi)[0] in [m.token for m in bridge.match_word(english, False)], english
    english_index = Bridge.build(keyword_tokens("The ministry sent a delegation for the talks"))
    assert "ministri" in [m.token for m in english_index.match_deva("मंत्रालय")]


def test_the_word_table_reads_one_word_form_a_line_and_finds_inflected_forms():
    from rag.bridge import dictionary
    table = dictionary.supplement()
    assert table["न्यायालय"] == ["court"] and table["रक्षा"] == ["defence"]
    assert all(english and all(e.isascii() for e in english) for english in table.values())
    assert dictionary.tabled("मंत्रालयों") == "ministry"  # the oblique plural, by its dictionary form
    assert dictionary.tabled("मंत्री") is None  # FreeDict's word, not the table's


def test_an_american_spelling_finds_the_british_headword_freedict_has():
    from rag.bridge import dictionary
    if not dictionary.load():
        pytest.skip("FreeDict's English-Hindi dictionary is not installed (dict-freedict-eng-hin)")
    assert dictionary.british("behavior") == ["behaviour"] and dictionary.british("analyze") == ["analyse"]
    assert dictionary.british("center") == ["centre"] and dictionary.british("Delhi") == []
    bridge = Bridge.build(keyword_tokens("पड़ोसी देश के बर्ताव पर रंग का असर"))
    for american, hindi in (("behavior", "बर्ताव"), ("color", "रंग")):
        assert keyword_tokens(hindi)[0] in [m.token for m in bridge.match_word(american, False)], american


def test_an_english_news_word_on_the_stopword_list_is_still_bridged():
    from rag.bridge import dictionary

    if not dictionary.english_for("मंत्री"):
        pytest.skip("scripts/setup.sh installs FreeDict's English-Hindi dictionary")
    # stopwords-iso lists "fire" (and "state", "year", "two" …); FreeDict's first sense is आग.
    vocab = keyword_tokens("उत्तर कोरिया ने बैलिस्टिक मिसाइल दागी और सेना ने इस घटना की पुष्टि की")
    bridge = Bridge.build(vocab)
    tokens = {m.token for t in expand("What did North Korea fire?", bridge) for m in t.matches}
    assert keyword_tokens("दागी")[0] in tokens
    confirm = {m.token for t in expand("What did the army confirm?", bridge) for m in t.matches}
    assert keyword_tokens("पुष्टि")[0] in confirm
    # Romanised Hindi keeps its function words out: "ki" is not bridged.
    assert all(t.word != "ki" for t in expand("raksha mantri ki yatra", bridge))
