"""Acronyms Hindi spells letter by letter (rag/bridge/acronyms.py)."""

import pytest

from rag.bridge.acronyms import letters, to_devanagari


@pytest.mark.parametrize(("hindi", "latin"), [
    ("डीवीबी", "DVB"), ("एमपीईजी", "MPEG"), ("बीजेपी", "BJP"), ("डब्ल्यूएचओ", "WHO"), ("आईआईटी", "IIT"),
    ("डीवीबी-", "DVB"),  # a hyphen left by the tokeniser ("डीवीबी-संगत")
])
def test_letter_names_run_together_are_an_acronym(hindi, latin):
    assert letters(hindi) == latin


@pytest.mark.parametrize("word", ["एक", "बीच", "जीत", "वीडियो", "के", "एम"])
def test_words_that_are_not_letter_names_throughout_or_a_lone_letter_are_not(word):
    assert letters(word) is None


def test_an_acronym_is_spelled_back_in_devanagari():
    assert to_devanagari("UDP") == "यूडीपी" and letters(to_devanagari("MPEG") or "") == "MPEG"
    assert to_devanagari("Ok") is None and to_devanagari("A") is None


def test_a_hyphenated_acronym_is_read_part_by_part():
    from rag.bridge.acronyms import read_compound

    assert read_compound("डीवीबी-एस") == "DVB-S"  # डीवीबी-एस2: the digit is its own token
    assert read_compound("एमपीईजी") == "MPEG"
    assert read_compound("सुक-योल") is None  # a hyphenated name, not letters
