"""English words and names spelled in Devanagari by their pronunciation
(rag/bridge/pronounce.py), with the real CMU Pronouncing Dictionary that
scripts/setup.sh fetches."""

import json

import pytest

from rag.bridge import dictionary, pronounce
from rag.bridge.lexicon import Bridge
from rag.bridge.phonetic import deva_key
from rag.text import keyword_tokens

needs_cmu = pytest.mark.skipif(not pronounce.available(), reason="scripts/setup.sh fetches the CMU dictionary")


@pytest.mark.parametrize(("phones", "hindi"), [
    (("V", "ER1", "JH", "IH0", "N"), "वर्जिन"),  # "ER" ends in an r that joins the next consonant
    (("G", "AO1", "T", "F", "R", "IY0", "D"), "गॉटफ्रीड"),  # t·f apart, f·r one cluster
    (("JH", "EY1", "M", "Z"), "जेम्स"),  # a final -s after a consonant
    (("L", "AH1", "N", "D", "AH0", "N"), "लंडन"),  # a nasal before d is the anusvara
    (("AH0", "M", "EH1", "R", "AH0", "K", "AH0"), "अमेरका"),  # a final schwa is written long
])
def test_phonemes_are_written_as_hindi_writes_english_by_ear(phones, hindi):
    assert pronounce.devanagari(phones) == hindi


@needs_cmu
@pytest.mark.parametrize(("english", "hindi"), [
    ("energy", "एनर्जी"), ("remote", "रिमोट"), ("Card", "कार्ड"), ("Gottfried", "गॉटफ्रीड"), ("Carl", "कार्ल"),
])
def test_a_words_spelling_by_its_sound_meets_the_hindi_one(english, hindi):
    assert deva_key(pronounce.spell(english) or "") == deva_key(hindi)


@needs_cmu
def test_a_word_the_dictionary_lacks_has_no_spelling():
    assert pronounce.spell("Xqzt") is None


@needs_cmu
def test_the_sound_keys_are_kept_beside_the_dictionary_and_redone_when_stale(tmp_path, monkeypatch):
    source = tmp_path / "cmudict.dict"
    source.write_text("remote R IH0 M OW1 T\nenergy EH1 N ER0 JH IY0\nenergy(2) EH1 N AH0 JH IY0\n", encoding="utf-8")
    monkeypatch.setenv("RAG_CMUDICT", str(source))
    keys = pronounce.sound_keys(deva_key)
    assert keys == {"remote": deva_key("रिमोट"), "energy": deva_key("एनर्जी")}  # the first pronunciation
    cached = source.with_suffix(".keys.json")
    data = json.loads(cached.read_text(encoding="utf-8"))
    data["keys"]["remote"] = "stale"
    cached.write_text(json.dumps(data), encoding="utf-8")
    assert pronounce.sound_keys(deva_key)["remote"] == "stale"  # read back, not computed again
    data["stamp"] = "another dictionary"
    cached.write_text(json.dumps(data), encoding="utf-8")
    assert pronounce.sound_keys(deva_key)["remote"] == deva_key("रिमोट")


needs_dictionary = pytest.mark.skipif(not dictionary.english_for("मंत्री"),
                                      reason="scripts/setup.sh installs FreeDict's English-Hindi dictionary")


@needs_cmu
@pytest.mark.parametrize(("english", "hindi"), [("airport", "एयरपोर्ट"), ("banner", "बैनर"), ("scale", "स्केल")])
def test_a_loanword_its_spelling_misses_is_found_by_its_sound(english, hindi):
    """"airport" shares no sound key with एयरपोर्ट by its letters (a-i-r), nor is it in
    the dictionary; Hindi writes it by ear, as the CMU pronunciation spells it."""
    bridge = Bridge.build(keyword_tokens(f"रूसी मंत्री {hindi} पर पहुंचे"), dictionary_path=None)
    assert hindi in {m.token for m in bridge.match_word(english, romanised=False)}
    before = Bridge.build(keyword_tokens(f"रूसी मंत्री {hindi} पर पहुंचे"), dictionary_path=None)
    before._by_pronunciation = lambda word, exact_only=False: []  # the bridge as it was: by letters alone
    assert hindi not in {m.token for m in before.match_word(english, romanised=False)}


@needs_cmu
@needs_dictionary
@pytest.mark.parametrize(("english", "native"), [("died", "दौड़"), ("monitor", "मंत्र")])
def test_a_native_hindi_word_is_never_matched_by_an_english_words_sound(english, native):
    """"died" sounds near दौड़ (a run) and "monitor" near मंत्र: Hindi words of
    the dictionary are not loanwords, whatever they sound like."""
    bridge = Bridge.build(keyword_tokens(f"वह {native} में आगे रहा"))
    assert native.replace("़", "") not in {m.token.replace("़", "") for m in bridge.match_word(english, False)}


@needs_cmu
def test_a_name_is_met_by_its_sound_even_where_its_letters_meet_another_word():
    """"Tyne" by its letters is तीन (three); a capitalised word is a name, and
    Hindi writes a name by ear: टाइन."""
    bridge = Bridge.build(keyword_tokens("टाइन नदी पर तीन पुल बने"), dictionary_path=None)
    matches = {m.token: m.weight for m in bridge.match_word("Tyne", romanised=False)}
    assert matches.get("टाइन", 0) > matches.get("तीन", 0)
