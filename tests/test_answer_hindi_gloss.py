"""English answer words glossed into Hindi without a model
(rag/answer/hindi_gloss.py), with the real FreeDict (installed by
scripts/setup.sh) and the real e5 embedder; and a Hindi question over an
English article answered with it."""


import pytest

from rag.answer.hindi_gloss import HindiGlosser
from rag.bridge.dictionary import load
from rag.index import Index
from rag.ingest import Ingestor
from rag.pipeline import Assistant
from tests.conftest import make_settings

needs_dictionary = pytest.mark.skipif(not load(), reason="scripts/setup.sh installs dict-freedict-eng-hin")

FLOOD_NEWS = """Government sends help to the flooded north

The floods destroyed hundreds of homes in the northern districts on Monday. The government sent additional \
troops and military aid to the region. Officials said the water level was falling slowly.
"""


@pytest.fixture(scope="module")
def glosser(embedder):
    return HindiGlosser(embedder.embed_queries)


@needs_dictionary
@pytest.mark.parametrize(("english", "hindi"), [
    ("in 1520", "1520 में"),  # a preposition is a postposition after its object
    ("five to ten years", "पाँच से दस वर्ष"),  # a range
    ("defence minister", "रक्षा मंत्री"),
    ("the theory of the Earth", "Earth का सिद्धांत"),  # "X of Y" is "Y का X"; a name stays as printed
    ("Astra 2A", "ऐस्ट्रा 2A"),  # a code keeps every letter ("A" is no article here)
    ("the 19th-century minister", "19वीं शताब्दी मंत्री"),  # not "19 टीयेच"
    ("ministers in the 1970s", "मंत्री 1970 के दशक में"),  # not "1970 एस"
])
def test_glosses(glosser, english, hindi):
    assert glosser.gloss_words(english)[0] == hindi


@needs_dictionary
def test_a_gloss_is_shown_only_when_checked(glosser):
    shown = glosser.render("additional troops and military aid", 0.9)
    assert shown.ok and shown.by == "gloss" and "और" in shown.text and "सैन्य" in shown.text
    lone = glosser.render("the capital of Xqztland", 0.9)  # a name no list has, alone beside a translated word
    assert not lone.ok and "untranslated" in lone.reason and lone.raw == "Xqztland का राजधानी"
    assert not glosser.render("MPEG-2", 0.9).ok  # nothing to gloss: no word FreeDict has


@needs_dictionary
def test_a_hindi_question_over_an_english_article_gets_hindi_words(embedder, tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "flood.txt").write_text(FLOOD_NEWS, encoding="utf-8")
    settings = make_settings(tmp_path / "data", llm="none")
    index = Index(settings, embedder=embedder)
    Ingestor(index).run([tmp_path / "news"])
    answer = Assistant(settings, index).ask("सरकार ने क्षेत्र में क्या भेजा?")
    assert "military aid" in answer.short_source and answer.quote.startswith("The government sent")
    assert answer.gloss is not None and "सैन्य" in answer.gloss["raw"]  # glossed word by word, then checked
    if answer.gloss["ok"]:  # shown, and said to be a word-by-word gloss
        assert answer.short == answer.gloss["text"] and "शब्द-दर-शब्द" in answer.notice
    else:  # not shown: the English words, and a plain word that they are the article's, untranslated
        assert answer.short == answer.short_source and "अंग्रेज़ी लेख से" in answer.notice
    assert answer.citations[0].quote in FLOOD_NEWS


def test_names_are_spelled_in_devanagari_by_their_sound(glosser):
    from rag.bridge import pronounce
    if not pronounce.available():
        pytest.skip("scripts/setup.sh fetches the CMU dictionary")
    text, _, lone = glosser.gloss_words("chemist James Dewar")
    assert "James" not in text and "जेम्स" in text.split() and lone == 0
    assert glosser.gloss_words("UDP")[0] == "यूडीपी"  # an acronym by its letters' names
    assert "Xqzt" in glosser.gloss_words("the Xqzt station")[0]  # a name no list has stays in Latin letters
    assert glosser.gloss_words("the capital of Germany")[0] == "जर्मनी का राजधानी"
