"""Hindi answer words glossed into English without a model (rag/answer/gloss.py),
with the real word lists (Debian's wamerican and FreeDict, installed by
scripts/setup.sh) and the real e5 embedder."""

import pytest

from rag.answer.gloss import Glosser, half_spelled
from rag.answer.sounds import english_key, sounds_like
from rag.bridge import english
from rag.bridge.dictionary import english_for, english_words, reverse
from rag.bridge.phonetic import deva_key, skeleton

needs_lists = pytest.mark.skipif(not english_words() or not reverse(),
                                 reason="scripts/setup.sh installs wamerican and dict-freedict-eng-hin")


@pytest.fixture(scope="module")
def glosser(embedder, tmp_path_factory):
    return Glosser(embedder.embed_queries, embedder.embed_words, tmp_path_factory.mktemp("gloss"), "e5")


@pytest.mark.parametrize(("hindi", "english"), [
    ("नेटवर्क", "network"),  # Hindi spells the vowels its own way; the consonants stay
    ("कॉर्पोरेशन", "corporation"),  # -tion is said "shan"
    ("इंग्लैंड", "England"),  # a vowel-initial word, another first vowel
    ("वर्जिन", "virgin"),  # a soft g is a ज
])
def test_a_loanword_and_its_english_word_share_a_sound_skeleton(hindi, english):
    assert skeleton(deva_key(hindi)) == skeleton(english_key(english))


@needs_lists
@pytest.mark.parametrize(("hindi", "english"), [("वेलफेयर", "welfare"), ("टेरेस्ट्रियल", "terrestrial"),
                                                ("प्लेटफार्म", "platform"),
                                                ("ज्वाइंट", "joint"), ("प्वाइंट", "point"),  # "oi" heard "wai"
                                                ("कोरियन", "Korean"), ("इंडियन", "Indian")])  # -ian/-ean: इयन
def test_english_words_written_in_devanagari_are_found_by_sound(hindi, english):
    assert english in [w for w, _ in sounds_like(hindi)]


@needs_lists
@pytest.mark.parametrize(("hindi", "english"), [
    ("नेता", "leader"),
    ("नेताओं", "leader"),  # the oblique plural, looked up in its dictionary form
    ("समझौते", "treaty"),  # समझौते → समझौता
    ("जलाकर", "burn"),  # a verb form → the infinitive FreeDict lists (जलाना)
    ("बनाया", "build"),
])
def test_native_words_are_found_in_the_dictionary(hindi, english):
    assert english in english_for(hindi)


@needs_lists
@pytest.mark.parametrize(("hindi", "english"), [
    ("डिजिटल टेरेस्ट्रियल", "digital terrestrial"),
    ("वेलफेयर कैश कार्ड", "welfare cash card"),
    ("दक्षिण कोरिया की सेना", "South Korea army"),  # the postposition dropped, Hindi word order kept
    ("उत्तर कोरिया", "North Korea"),  # a compass word before a name is its part, not "answer"
    ("दक्षिण अफ्रीका", "South Africa"),
    # Common words FreeDict lacks, from the project's table, not an English word of like
    # sound ("simile", "Nadine", "forum" had been shown).
    ("शामिल", "included"),
    ("निधन", "death"),
    ("उच्च न्यायालय", "high court"),
    ("रूस के रक्षा मंत्रालय", "Russia defence ministry"),
    ("प्रतिनिधिमंडल", "delegation"),
    ("मंत्री नियुक्त किया", "Minister appointed"),  # the auxiliary dropped, not spelled "Kiya"
])
def test_glosses(glosser, hindi, english):
    assert glosser.gloss_words(hindi)[0] == english


@needs_lists
def test_a_compass_word_before_a_verb_is_not_a_direction(glosser):
    assert not glosser.gloss_words("उत्तर दिया")[0].startswith("North")  # "answered"


@needs_lists
def test_a_word_the_dictionary_lacks_gets_its_nearest_english_headword(glosser):
    assert english_for("संवैधानिक") == []  # FreeDict has संविधान, not the adjective
    assert "constitutional" in glosser.neighbours("संवैधानिक")


@needs_lists
def test_numbers_keep_their_decimal_points(glosser):
    text, _, _ = glosser.gloss_words("0.3 से 0.6 तक")
    assert "0.3" in text.split() and "0.6" in text.split()


@needs_lists
def test_a_code_in_latin_letters_stays_as_printed(glosser):
    # Split into "X" and "25" (or "V" and "A") it was another thing, and passed the number check.
    assert glosser.gloss_words("X.25 प्रोटोकॉल")[0].split()[0] == "X.25"
    assert glosser.gloss_words("V&A की उत्पत्ति")[0].split()[0] == "V&A"
    assert glosser.gloss_words("19वीं सदी में")[0] == "in the 19th century"


@needs_lists
@pytest.mark.parametrize(("hindi", "english"), [
    ("पांच से दस साल", "five to ten years"),  # से between two numbers is a range, not "from"
    ("0.3 से 0.6 तक", "0.3 to 0.6"),
])
def test_a_range_reads_to(glosser, hindi, english):
    assert glosser.gloss_words(hindi)[0] == english


@needs_lists
def test_se_between_words_is_still_from(glosser):
    assert glosser.gloss_words("दिल्ली से मुंबई")[0].split()[1] == "from"


@needs_lists
def test_an_acronym_spelled_in_letter_names_is_read_by_its_letters(glosser):
    text, found, lone = glosser.gloss_words("डीवीबी और एमपीईजी-2")
    assert text == "DVB and MPEG 2" and found == 2 and lone == 0  # not "dweeb" by sound
    assert english_for("सीटी") and glosser.gloss_words("सीटी")[0] != "CT"  # a Hindi word ("whistle") is not one


@needs_lists
def test_how_closely_a_loanword_sounds_counts_in_choosing_its_english(glosser):
    assert glosser.gloss_words("रिमोट")[0] == "remote"  # e5 alone is nearer "remit"


@needs_lists
def test_a_checked_gloss_is_shown_and_a_far_one_is_not(glosser):
    ok = glosser.render("वेलफेयर कैश कार्ड", 0.90)
    assert ok.ok and ok.by == "gloss" and ok.text == "welfare cash card" and ok.similarity >= 0.90
    assert not glosser.render("वेलफेयर कैश कार्ड", 0.999).ok  # the threshold decides


@needs_lists
def test_a_gloss_that_only_spells_some_hindi_words_is_refused(glosser):
    assert half_spelled(2, 1) and not half_spelled(0, 2) and not half_spelled(2, 0)
    # चुंबकीय is in no list: spelled "Chumbakiy" beside the translated words, it stays Hindi.
    refused = glosser.render("चुंबकीय क्षेत्र के कारण", 0.0)
    assert not refused.ok and "untranslated" in refused.reason


@needs_lists
def test_the_headword_vectors_are_cached(glosser, embedder, tmp_path):
    first = Glosser(embedder.embed_queries, embedder.embed_words, tmp_path, "e5")
    heads, vectors = first.headwords()
    assert len(heads) > 5000 and vectors.shape == (len(heads), embedder.dimension)
    assert len(list(tmp_path.glob("gloss-headwords-e5-*.npy"))) == 1
    english._LOADED.clear()  # a new process: only the file remains
    calls = []
    second = Glosser(embedder.embed_queries, lambda ws: calls.append(ws) or embedder.embed_words(ws), tmp_path, "e5")
    assert second.headwords()[0] == heads and calls == []  # read from the cache, nothing embedded


@needs_lists
def test_spelled_words_in_a_run_are_a_name_and_a_lone_one_is_not(glosser):
    # No list knows these made-up names: spelled in a row, they stand beside translated words.
    text, found, lone = glosser.gloss_words("मंत्री झुंग्वोत्से फ़्लाउत्ज़िंगर")
    assert text.startswith("Minister ") and found == 1 and lone == 0 and not half_spelled(found, lone)
    _, found, lone = glosser.gloss_words("सेना झुंग्वोत्से और मंत्री")  # one spelled word among translated ones
    assert lone == 1 and half_spelled(found, lone)


@needs_lists
@needs_lists
def test_the_words_of_a_name_after_a_title_are_spelled_not_matched_by_sound(glosser):
    # By sound alone: "No queuing Cholla", "President union suck yule".
    text, _, lone = glosser.gloss_words("उत्तर कोरिया के रक्षा मंत्री नो क्वांग चोल")
    assert text == "North Korea Defence Minister No Kwang Chol" and lone == 0
    assert glosser.gloss_words("राष्ट्रपति यून सुक योल")[0] == "President Yun Suk Yol"
    assert glosser.gloss_words("राष्ट्रपति पुतिन")[2] == 0  # one word after a title is a name, not a lone spelling
    assert glosser.gloss_words("रक्षा सहयोग")[0] != "Defence Sahyog"  # रक्षा alone is no title
    # A verb after a title is no name: "became President", not "President Bane".
    assert glosser.gloss_words("राष्ट्रपति बने")[0] != "President Bane"
    assert "Niyukt" not in glosser.gloss_words("मंत्री नियुक्त किया")[0]


def test_a_listed_word_is_preferred_to_one_only_the_pronouncing_dictionary_has(embedder, tmp_path):
    from rag.answer.gloss import _listed
    from rag.bridge import pronounce
    if not pronounce.available():
        pytest.skip("scripts/setup.sh fetches the CMU dictionary")
    def by_sound(glosser: Glosser, word: str) -> str:
        # The choice among the word's sound candidates (a capital's table entry comes before it).
        options = glosser.candidates(word)
        texts = [word, *options]
        return glosser._choose(word, options, dict(zip(texts, glosser.embed_queries(texts), strict=True)))

    unlisted = Glosser(embedder.embed_queries, embedder.embed_words, tmp_path, "e5", listed_bonus=0.0)
    # Without the bonus a spelling only the CMU dictionary has sounds closest ("Mosko" on
    # one CPU, "Mosco" on another: e5's int8 numerics break the near tie differently).
    alone = by_sound(unlisted, "मॉस्को")
    assert alone in ("Mosko", "Mosco") and alone not in _listed()
    default = Glosser(embedder.embed_queries, embedder.embed_words, tmp_path, "e5")
    chosen = by_sound(default, "मॉस्को")
    assert chosen == "Moscow" and chosen in _listed()
    # A capital is glossed by table, whatever it sounds like (सियोल ~ "silo").
    assert default.gloss_words("दक्षिण कोरिया के सियोल")[0].endswith("Seoul")


def test_the_sound_table_is_kept_on_disk_read_back_and_rebuilt_when_stale(tmp_path, monkeypatch):
    import json

    from rag.answer import sounds

    def fresh() -> None:
        sounds._table.cache_clear()
        sounds._entries.cache_clear()

    built = sounds.sounds_like("रिमोट")  # in memory, no cache folder
    assert "remote" in [w for w, _ in built]
    fresh()
    assert sounds.sounds_like("रिमोट", tmp_path) == built
    kept = tmp_path / "sound-table.json"
    assert json.loads(kept.read_text(encoding="utf-8"))["stamp"] == sounds._stamp()

    def no_build() -> dict:
        raise AssertionError("built again although the kept table is current")

    monkeypatch.setattr(sounds, "_build", no_build)
    fresh()
    assert sounds.sounds_like("रिमोट", tmp_path) == built  # read back
    monkeypatch.undo()
    for stale in ('{"stamp": "old", "table": {}}', "not json"):
        kept.write_text(stale, encoding="utf-8")
        fresh()
        assert sounds.sounds_like("रिमोट", tmp_path) == built
        assert json.loads(kept.read_text(encoding="utf-8"))["stamp"] == sounds._stamp()


@needs_lists
@pytest.mark.parametrize(("hindi", "opens"), [
    ("वार्ता समाप्त होने के कुछ समय बाद ही", "shortly after "),
    ("बैठक के तुरंत बाद", "right after "),
    ("युद्ध से पहले", "before "),
])
def test_a_time_told_by_an_event_says_after_or_before_first(glosser, hindi, opens):
    # Hindi says "after" behind the event, English before it ("shortly after talks finished").
    text, found, _ = glosser.gloss_words(hindi)
    assert text.startswith(opens) and found >= 2 and "बाद" not in text and not text.endswith(("after", "before"))
