""""Which X?" answered by the name the sentence puts before (or, in English, after) its X.

Hand-made news sentences, Hindi and English; the fitted scorer alone took the
doer or another place for the first cases (seen before ``span.which`` existed).
"""

from __future__ import annotations

import pytest

from rag.answer.cues import analyse
from rag.answer.span import rule_of, short_answer


def _answer(question: str, sentence: str) -> str:
    span = short_answer(analyse(question), sentence)
    return span.text if span else ""


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("मुख्यमंत्री ने किन जिलों का हवाई सर्वेक्षण किया?",
         "मुख्यमंत्री नीतीश कुमार ने बुधवार को सुपौल और सहरसा जिलों का हवाई सर्वेक्षण किया।", "सुपौल और सहरसा"),
        ("किस नदी में बाढ़ आई?", "कोसी नदी में आई बाढ़ से बिहार के 12 जिले प्रभावित हुए हैं।", "कोसी"),
        ("Which rocket carried the satellite?",
         "ISRO launched the satellite aboard the GSLV-F18 rocket from the Satish Dhawan Space Centre.", "GSLV-F18"),
        # A capitalised noun is part of the name.
        ("Which university was founded in 1834?", "Newcastle University was founded in 1834 as a medical school.",
         "Newcastle University"),
        # English names after the noun too.
        ("Which chemist first liquefied hydrogen?", "In 1898 the chemist James Dewar first liquefied hydrogen.",
         "James Dewar"),
        # A noun the dictionary knows only as a noun is a compound's first half: X completes it.
        ("किन ऋणों के सस्ते होने की उम्मीद है?",
         "विशेषज्ञों का मानना है कि इस कटौती से गृह ऋण और वाहन ऋण सस्ते होंगे।", "गृह ऋण और वाहन ऋण"),
        ("Which ministry funded the mission?", "The mission was funded by the Ministry of Earth Sciences.",
         "Ministry of Earth Sciences"),
    ],
)
def test_which_x_is_the_name_beside_x(question: str, sentence: str, expected: str) -> None:
    assert _answer(question, sentence) == expected
    assert rule_of(analyse(question), sentence) == "which"


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # A common adjective before the noun names nothing ("अन्य बीमारियाँ").
        ("कौन सी बीमारियाँ फैलीं?", "शिविरों में हैजा, डायरिया और अन्य बीमारियाँ फैलीं।"),
        ("Which rocket failed?", "The new rocket failed two minutes after launch."),
        # "Which year" is a date's question, not a name's.
        ("किस वर्ष संधि हुई?", "संधि 1958 में लागू हुई।"),
        # A naming word before the noun: the marker step cuts that name.
        ("कौन सा शोधपत्र प्रस्तुत किया गया?", "पृथ्वी का सिद्धांत नामक शोधपत्र प्रस्तुत किया गया।"),
    ],
)
def test_which_rule_stays_out(question: str, sentence: str) -> None:
    assert rule_of(analyse(question), sentence) != "which"


def test_a_reporting_verb_ends_no_name() -> None:
    assert _answer("Who is the ISRO chairman?",
                   "ISRO chairman S. Somanath said the mission cost about 480 crore rupees.") == "S. Somanath"


def test_an_adverb_ends_no_span() -> None:
    assert _answer("When was INSAT-4X launched?",
                   "The Indian Space Research Organisation (ISRO) on Tuesday successfully launched the weather "
                   "satellite INSAT-4X aboard the GSLV-F18 rocket.") == "Tuesday"


def test_a_how_question_keeps_its_adverb() -> None:
    from rag.answer.span.learned import _trim
    from rag.answer.span.words import sentence_words

    ws = sentence_words("routed individually", set())
    assert _trim(ws, 0, 2, "How are packets routed?") == (0, 2)  # the manner is the answer
    assert _trim(ws, 0, 2, "पैकेट कैसे रूट किए जाते हैं") == (0, 2)
    assert _trim(ws, 0, 2, "When were the packets routed?") == (0, 1)
