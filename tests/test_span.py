"""The fitted short answer on hand-made Hindi and English news sentences:
names, dates, numbers, places, "which" things, and English questions over
Hindi sentences (their words bridged as the assistant bridges them). Pure:
no model, no index."""

from dataclasses import replace

import pytest

from rag.answer.cues import analyse
from rag.answer.span import WEIGHTS, short_answer
from rag.answer.span.words import sentence_words

BELOUSOV = ("यूक्रेन से जारी जंग के बीच रूस के रक्षा मंत्री आंद्रेई बेलोसोव शुक्रवार को उत्तर कोरिया पहुंचे, "
            "जहां उन्होंने वहां के सैन्य और राजनीतिक नेताओं से मुलाकात की.")
COUNT = "चुनाव आयोग के अनुसार मतगणना 4 जून 2024 को होगी और उसी दिन नतीजे घोषित किए जाएंगे।"
SUMMIT = "जलवायु सम्मेलन इस साल दुबई में आयोजित हुआ, जिसमें 190 देशों ने भाग लिया।"
BRIDGE = "मुख्यमंत्री योगी आदित्यनाथ ने रविवार को गोरखपुर में नए पुल का उद्घाटन किया।"
TRADE = "भारत ने बुधवार को ब्रिटेन के साथ मुक्त व्यापार समझौते पर हस्ताक्षर किए।"
FIRE = "पुलिस के अनुसार आग में 23 लोग घायल हुए और 4 की मौत हो गई।"
MISSILE = "वार्ता समाप्त होने के कुछ समय बाद ही उत्तर कोरिया ने पूर्वी समुद्री क्षेत्र की ओर एक बैलिस्टिक मिसाइल दागी।"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("रूस के रक्षा मंत्री का नाम क्या है?", BELOUSOV, "आंद्रेई बेलोसोव"),
        ("रूस के रक्षा मंत्री उत्तर कोरिया किस दिन पहुंचे?", BELOUSOV, "शुक्रवार"),
        ("बेलोसोव किस देश के रक्षा मंत्री हैं?", BELOUSOV, "रूस"),  # not "बीच रूस": बीच closes "के बीच"
        ("मतगणना कब होगी?", COUNT, "4 जून 2024"),
        ("जलवायु सम्मेलन कहाँ आयोजित हुआ?", SUMMIT, "दुबई"),
        ("सम्मेलन में कितने देशों ने भाग लिया?", SUMMIT, "190"),
        ("नए पुल का उद्घाटन किसने किया?", BRIDGE, "योगी आदित्यनाथ"),
        ("भारत ने किस देश के साथ व्यापार समझौते पर हस्ताक्षर किए?", TRADE, "ब्रिटेन"),  # before "के साथ" (span/slot.py)
        ("आग में कितने लोग घायल हुए?", FIRE, "23"),
        ("उत्तर कोरिया ने मिसाइल किस ओर दागी?", MISSILE, "पूर्वी समुद्री क्षेत्र"),  # the place before "की ओर" (span/slot.py)
        ("Who led the North Korean delegation?",
         "The North Korean delegation was led by Pak Yong Il, deputy director of the bureau.", "Pak Yong Il"),
        ("When will the new metro line open?", "The new metro line will open on 15 August, officials said.",
         "15 August"),
        ("How many people were injured in the fire?",
         "Fire officials said 23 people were injured in the blaze on Tuesday.", "23"),
    ],
    ids=["hi-name", "hi-day", "hi-country", "hi-date", "hi-place", "hi-number", "hi-who-ne", "hi-which",
         "hi-number-not-other",
         "hi-direction", "en-name", "en-date", "en-number"],
)
def test_the_span_is_the_answer(question, sentence, expected):
    span = short_answer(analyse(question), sentence)
    assert span is not None and sentence[span.start:span.end] == span.text  # always a copy
    assert expected in span.text
    assert len(span.text.split()) <= len(expected.split()) + 1  # the answer, not a clause around it


def bridged(question: str, tokens: tuple[str, ...]) -> object:
    """An English question as the assistant sees it over a Hindi index: its words bridged."""
    info = analyse(question)
    return replace(info, tokens=tokens, matches=tokens)


@pytest.mark.parametrize(
    ("question", "tokens", "sentence", "expected"),
    [
        ("Who is Russia's defence minister?", ("रूस", "रक्ष", "मंत्र"), BELOUSOV, "आंद्रेई बेलोसोव"),
        ("Where was the climate summit held?", ("जलवाय", "सम्मेलन", "आयोजित"), SUMMIT, "दुबई"),
    ],
    ids=["en-hi-name", "en-hi-place"],
)
def test_an_english_question_over_a_hindi_sentence_finds_the_words(question, tokens, sentence, expected):
    span = short_answer(bridged(question, tokens), sentence)
    assert span is not None and expected in span.text and len(span.text.split()) <= len(expected.split()) + 1


def test_no_span_without_a_word_of_the_question_unless_a_number_or_date_is_asked():
    deputy = "वहीं रूस की ओर से उप रक्षा मंत्री विक्टर गोरेम्यकिन के नेतृत्व में सैन्य प्रतिनिधिमंडल बैठक में शामिल हुआ।"
    assert short_answer(analyse("Who is the deputy minister?"), deputy) is None  # unbridged: no anchor
    assert short_answer(analyse("When did Belousov arrive?"), BELOUSOV).text == "शुक्रवार"


def test_a_span_never_starts_or_ends_with_half_of_a_compound_postposition():
    sentence = "1500 और 1850 के बीच हर साल कम से कम एक स्थान पर प्लेग मौजूद था।"
    span = short_answer(analyse("किन वर्षों के दौरान प्लेग मौजूद था?"), sentence)
    assert span is not None and span.text.split()[0] not in ("बीच", "के")


def test_a_span_never_starts_or_ends_inside_a_word_and_drops_edge_punctuation():
    for question in ("सम्मेलन कहाँ हुआ?", "What happened?", "कौन आया?", "कितने?"):
        for sentence in (BELOUSOV, SUMMIT, '"दुबई", उन्होंने कहा।', "(190)"):
            span = short_answer(analyse(question), sentence)
            if span is None:
                continue
            starts = {w.start for w in sentence_words(sentence, set())}
            ends = {w.end for w in sentence_words(sentence, set())}
            assert span.start in starts and span.end in ends and span.text.strip(" ,।\"()") == span.text


def test_the_fitted_weights_ship_with_their_split_and_held_out_figures():
    import json

    w = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert len(w["coef"]) == len(w["features"]) == len(w["mean"]) == len(w["scale"])
    assert "even positions fit" in w["fit"]["split"] and w["fit"]["held_out"]["hi"]["fitted"]["gold"]["f1"] > 0
    assert not set(w["fit"]["fit_articles"]) & set(w["fit"]["held_out_articles"])


BANNER = ("इस दौरान उत्तर कोरियाई सैन्य अधिकारी एक बैनर के नीचे ताली बजाते हुए दिखाई दिए, जिस पर लिखा था, "
          "'लड़ते हुए रूस की सेना और जनता के साथ पूर्ण समर्थन और एकजुटता.'")
STRUGGLE = ("उत्तर कोरिया के रक्षा मंत्री नो क्वांग चोल ने यूक्रेन में रूस के युद्ध को एक \"न्यायपूर्ण संघर्ष\" बताया।")
ACCUSED = ("अमेरिका और दक्षिण कोरिया पहले भी इस बात का आरोप लगा चुके हैं कि उत्तर कोरिया रूस को हथियार और "
           "गोला-बारूद प्रदान कर रहा है।")
SAID = "रक्षा मंत्री आंद्रेई बेलोसोव ने कहा, \"हमारा सहयोग बढ़ रहा है\"।"


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("बैनर पर क्या लिखा था?", BANNER, "लड़ते हुए रूस की सेना और जनता के साथ पूर्ण समर्थन और एकजुटता"),
    ("नो क्वांग चोल ने यूक्रेन युद्ध को क्या बताया?", STRUGGLE, "न्यायपूर्ण संघर्ष"),
    ("What did the defence minister call the war?",
     'The defence minister called the war a "just struggle" for Russia.', "just struggle"),
    ("How did the defence minister describe the war?",
     'The defence minister described the war as a "just struggle".', "just struggle"),
    # no quotation: the clause after "कहा कि" / "claimed that"
    ("बेलोसोव ने सैन्य सहयोग के बारे में क्या कहा?",
     "बेलोसोव ने अपनी यात्रा के दौरान कहा कि दोनों देशों के बीच सैन्य सहयोग तेजी से बढ़ रहा है.",
     "दोनों देशों के बीच सैन्य सहयोग तेजी से बढ़ रहा है"),
    ("What did the intelligence agency claim?",
     "The intelligence agency claimed that recruitment in North Korea had risen.",
     "recruitment in North Korea had risen"),
    # tense and aspect between the verb of saying and कि; "accuse" asks for the charge
    ("अमेरिका और दक्षिण कोरिया उत्तर कोरिया पर क्या आरोप लगाते रहे हैं?", ACCUSED,
     "उत्तर कोरिया रूस को हथियार और गोला-बारूद प्रदान कर रहा है"),
    ("What did the United States and South Korea accuse North Korea of?", ACCUSED,
     "उत्तर कोरिया रूस को हथियार और गोला-बारूद प्रदान कर रहा है"),
    ("KCNA ने क्या जानकारी दी?", "KCNA ने जानकारी दी कि पाक योंग इल ने वार्ता का नेतृत्व किया।",
     "पाक योंग इल ने वार्ता का नेतृत्व किया"),
    # the quotation that repeats the question's own words is not its answer
    ('What is the nickname of the "temperature reconstruction"?',
     'The "temperature reconstruction" became known as the "hockey stick graph".', "hockey stick graph"),
])
def test_a_question_for_words_said_or_written_gets_the_quotation(question, sentence, expected):
    span = short_answer(analyse(question), sentence)
    assert span is not None and span.text == expected
    assert sentence[span.start:span.end] == expected


@pytest.mark.parametrize(("question", "sentence"), [
    ("रूस के रक्षा मंत्री का नाम क्या है?", SAID),  # a name is asked, not what he said
    ("Why was the group called \"the Methodists\"?", 'They were called "the Methodists" for their methods.'),
    ("Wesley's sermon warned against what?", "Wesley's sermon 'The Use of Money' warned against drink."),
])
def test_a_quotation_is_no_answer_to_other_questions(question, sentence):
    span = short_answer(analyse(question), sentence)
    assert span is None or span.text not in ("हमारा सहयोग बढ़ रहा है", "the Methodists", "The Use of Money")
