"""Dates, numbers, units and demonyms written in the question's language by table (rag/answer/glossary.py)."""

import pytest

from rag.answer.glossary import translate


@pytest.mark.parametrize(("hindi", "english"), [
    ("15 अगस्त 1947 को", "on 15 August 1947"),  # the postposition becomes a preposition, in front
    ("1947 में", "in 1947"),
    ("६ अक्टूबर, 1973", "6 October 1973"),  # Devanagari digits
    ("19 वीं सदी", "19th century"),
    ("19वीं सदी", "19th century"),  # the ordinal as Hindi mostly writes it, attached
    ("21वीं शताब्दी में", "in the 21st century"),
    ("1970 के दशक में", "in the 1970s"),
    ("300 ईसा पूर्व", "300 BC"),
    ("ईसा पूर्व 300", "300 BC"),  # the era after the year in English
    ("1200 ईस्वी", "AD 1200"),
    ("शुक्रवार", "Friday"),
    ("लगभग 1,200", "about 1,200"),  # the comma inside a number stays
    ("3 करोड़ रुपये", "3 crore rupees"),
    ("40 प्रतिशत", "40 percent"),
    ("हजारों", "thousands"),  # a plural magnitude is not the singular "thousand"
    ("सैकड़ों", "hundreds"),
    ("सितम्बर", "September"),  # both spellings
    ("सितंबर", "September"),
])
def test_dates_and_numbers_in_english(hindi, english):
    assert translate(hindi, "en") == english


@pytest.mark.parametrize("hindi", [
    "लगभग 1,200 लोग",  # लोग is not in the table: no half-translated answer
    "1773",  # digits read the same in both languages
    "रूस के रक्षा मंत्री",
    "5 साल पूर्व",  # पूर्व alone is "ago" (or "east", "former"), not BC
    "",
])
def test_anything_outside_the_table_declines(hindi):
    assert translate(hindi, "en") is None


@pytest.mark.parametrize(("english", "hindi"), [
    ("on 15 August 1947", "15 अगस्त 1947 को"),
    ("in 1947", "1947 में"),
    ("Friday", "शुक्रवार"),
    ("about 40 percent", "लगभग 40 प्रतिशत"),
    ("October 6, 1973", "6 अक्टूबर 1973"),  # the day before the month, as Hindi writes dates
    ("the 19th century", "19वीं सदी"),  # the ordinal agrees with सदी (feminine)
    ("5th", "5वां"),
    ("in the 1970s", "1970 के दशक में"),
    ("the 1970s", "1970 का दशक"),
    ("300 BC", "300 ईसा पूर्व"),
])
def test_and_in_hindi_for_a_hindi_question_over_english_articles(english, hindi):
    assert translate(english, "hi") == hindi


def test_english_outside_the_table_declines():
    assert translate("the eastern sea", "hi") is None


@pytest.mark.parametrize(("hindi", "english"), [
    ("कोरियाई", "Korean"), ("रूसी", "Russian"), ("अमेरिकी", "American"), ("तिब्बती", "Tibetan"),
])
def test_demonyms_both_ways(hindi, english):
    assert translate(hindi, "en") == english and translate(english, "hi") == hindi


def test_a_demonym_in_a_gloss_is_the_tables_not_a_sound_match(embedder):
    from rag.answer.gloss import Glosser
    from rag.bridge.dictionary import english_words
    if not english_words():
        pytest.skip("scripts/setup.sh installs wamerican")
    glosser = Glosser(embedder.embed_queries, embedder.embed_words)
    assert glosser.gloss_words("कोरियाई सैन्य")[0].startswith("Korean ")  # not "Corey"


def test_a_title_is_the_tables_only_where_it_is_one():
    from rag.answer.glossary import title

    assert title("राष्ट्रपति", "") == "President" and title("मंत्री", "आंद्रेई") == "Minister"
    assert title("रक्षा", "मंत्री") == "Defence"
    assert title("रक्षा", "के") is None  # alone, रक्षा is protection: the dictionary's to choose
    assert title("सेना", "") is None


def test_countries_by_table_both_ways():
    assert translate("रूस", "en") == "Russia" and translate("चीन", "en") == "China"
    assert translate("Russia", "hi") == "रूस"


def test_a_title_and_a_country_in_a_gloss_are_the_tables(embedder):
    from rag.answer.gloss import Glosser
    from rag.bridge.dictionary import english_words
    if not english_words():
        pytest.skip("scripts/setup.sh installs wamerican")
    glosser = Glosser(embedder.embed_queries, embedder.embed_words)
    assert glosser.gloss_words("रूस के रक्षा मंत्री")[0] == "Russia Defence Minister"  # not "ruse protection minister"


def test_a_country_with_its_side_and_a_capital_are_named_in_english():
    from rag.answer.glossary import place_name

    assert place_name("उत्तर कोरिया") == "North Korea"  # not "Uttar Koriya", nor "answer Korea"
    assert place_name("दक्षिण  कोरिया") == "South Korea"
    assert place_name("सियोल") == "Seoul"
    assert place_name("रूस") == "Russia"
    assert place_name("उत्तर कोरिया के लोग") is None
