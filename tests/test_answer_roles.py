"""Whose minister: an office the question ties to one country is not answered
from a sentence giving it to another country, or to the deputy. Pure rules,
then the demo articles ranked with the real embedder."""

import pytest

from rag.answer import gather
from rag.answer.roles import another_owner, asked_office
from tests.test_answer import MISSILE_TEXT, VISIT_TEXT, passage

BELOUSOV = "यूक्रेन से जारी जंक के बीच रूस के रक्षा मंत्री आंद्रेई बेलोसोव शुक्रवार को उत्तर कोरिया पहुंचे."
NO_KWANG = "बेलोसोव को उत्तर कोरिया के रक्षा मंत्री नो क्वांग चोल के साथ पाइओंगयांग एयरपोर्ट पर देखा गया."
GOREMYKIN = "वहीं रूस की ओर से उप रक्षा मंत्री विक्टर गोरेम्यकिन के नेतृत्व में सैन्य प्रतिनिधिमंडल बैठक में शामिल हुआ।"
UMEROV = "सियोल में हुए इस सम्मेलन में रक्षा मंत्री रुस्तम उमेरोव ने जोर दिया था."
EN = "Russia's defence minister Andrei Belousov arrived in Pyongyang on Friday."


@pytest.mark.parametrize(("question", "office"), [
    ("यूक्रेन के रक्षा मंत्री कौन हैं?", ("रक्षा मंत्री", "Ukraine")),
    ("उत्तर कोरिया के रक्षा मंत्री का नाम क्या है?", ("रक्षा मंत्री", "north Korea")),
    ("रूस के उप रक्षा मंत्री कौन हैं?", ("उप रक्षा मंत्री", "Russia")),
    ("Who is Ukraine's defence minister?", ("रक्षा मंत्री", "Ukraine")),
    ("Who is the Russian defense minister?", ("रक्षा मंत्री", "Russia")),
    ("Who is the president of South Korea?", ("राष्ट्रपति", "south Korea")),
    ("Who is the defence minister?", ("रक्षा मंत्री", None)),
    ("Who led the talks?", None),
])
def test_the_office_a_question_asks_about(question, office):
    assert asked_office(question) == office


@pytest.mark.parametrize(("question", "sentence", "other"), [
    ("यूक्रेन के रक्षा मंत्री कौन हैं?", BELOUSOV, True),  # Russia's, though यूक्रेन is in it
    ("रूस के रक्षा मंत्री कौन हैं?", BELOUSOV, False),
    ("रूस के रक्षा मंत्री कौन हैं?", NO_KWANG, True),  # North Korea's
    ("रूस के रक्षा मंत्री कौन हैं?", GOREMYKIN, True),  # the deputy, on Russia's side
    ("रूस के उप रक्षा मंत्री कौन हैं?", GOREMYKIN, False),
    ("यूक्रेन के रक्षा मंत्री कौन हैं?", UMEROV, False),  # no country beside the office: may be
    ("दक्षिण कोरिया के रक्षा मंत्री कौन हैं?", NO_KWANG, True),  # North is not South
    ("Who is Ukraine's defence minister?", EN, True),
    ("Who is the defence minister of Russia?", EN, False),
    ("Who led the talks?", BELOUSOV, False),
])
def test_a_sentence_giving_the_office_to_another_holder(question, sentence, other):
    assert another_owner(asked_office(question), sentence) is other


@pytest.mark.parametrize(("question", "expected"), [
    ("यूक्रेन के रक्षा मंत्री कौन हैं?", "रुस्तम उमेरोव"),
    ("Who is the Russian defence minister?", "आंद्रेई बेलोसोव"),  # the deputy's sentence ranked first before
    ("रूस के उप रक्षा मंत्री कौन हैं?", "विक्टर गोरेम्यकिन"),
])
def test_the_holder_asked_about_is_quoted(embedder, question, expected):
    results = [passage("visit", VISIT_TEXT, "यूक्रेन से जारी जंक", "बढ़ रहा है.", rank=1),
               passage("missile", MISSILE_TEXT, "कोरियन सेंट्रल न्यूज एजेंसी", rank=2),
               passage("visit", VISIT_TEXT, "यह यात्रा उस समय", "जोर दिया था.", rank=3)]
    ev = gather(question, results, embedder)
    assert expected in ev.ranked[0].text
