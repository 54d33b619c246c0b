"""A short answer made whole: an item of a list with the rest of it
(``span.coordination``), a number with its whole quantity (``span.quantity``),
a date cut to its year for "which year" (``span.year``), a naming word left
out (``span.marker``). On hand-made Hindi and English news sentences: lists of
names, numbers and things, ranges with their unit, and the cases that must
stay as they are (a clause after a comma, the question's own names, a
clause's verb, names and lower-case words). Pure: no model, no index."""

import pytest

from rag.answer.cues import analyse
from rag.answer.span import completed, marker, quantity, short_answer
from rag.answer.span.coordination import complete
from rag.answer.span.words import Span, question_tokens


def _span(sentence: str, words: str) -> Span:
    at = sentence.index(words)
    return Span(words, at, at + len(words))


def _complete(question: str, sentence: str, words: str) -> str:
    listed = complete(sentence, _span(sentence, words), question_tokens(analyse(question)))
    return quantity.whole(sentence, listed).text


@pytest.mark.parametrize(
    ("question", "sentence", "words", "expected"),
    [
        # A name after "और": the list's first item joins it.
        ("बैठक में किन दो मंत्रियों ने भाग लिया?",
         "बैठक में राजनाथ सिंह और एस जयशंकर ने भाग लिया।", "एस जयशंकर", "राजनाथ सिंह और एस जयशंकर"),
        # The first item of a list of three, commas and a coordinator.
        ("किन राज्यों में भारी बारिश की चेतावनी है?",
         "मौसम विभाग ने केरल, कर्नाटक और गोवा में भारी बारिश की चेतावनी दी है।", "केरल", "केरल, कर्नाटक और गोवा"),
        # Years: a number joins only a number.
        ("किन वर्षों में चुनाव हुए?", "राज्य में 2019 और 2024 में चुनाव हुए।", "2024", "2019 और 2024"),
        ("Which two ministers attended the meeting?",
         "Rajnath Singh and S Jaishankar attended the meeting on Friday.", "S Jaishankar",
         "Rajnath Singh and S Jaishankar"),
        ("Which states were warned of heavy rain?",
         "The department warned Kerala, Karnataka, and Goa of heavy rain.", "Karnataka", "Kerala, Karnataka, and Goa"),
    ],
)
def test_an_item_of_a_list_takes_the_whole_list(question: str, sentence: str, words: str, expected: str) -> None:
    assert _complete(question, sentence, words) == expected


@pytest.mark.parametrize(
    ("question", "sentence", "words", "expected"),
    [
        ("How much did the mission cost?", "ISRO said the mission cost about 480 crore rupees.", "480",
         "480 crore rupees"),
        ("परियोजना पर कितना खर्च आएगा?", "परियोजना पर 1,200 करोड़ रुपये खर्च होंगे।", "1,200", "1,200 करोड़ रुपये"),
        ("How many people were evacuated?", "About 2 million people were evacuated from the coast.", "2", "2 million"),
        ("How much aid was announced?", "The minister announced aid of 500 dollars for each family.", "500",
         "500 dollars"),
        ("How high is the orbit?", "The satellite will orbit about 36,000 kilometres above the Earth.", "36,000",
         "36,000 kilometres"),
        ("सड़क कितनी लंबी है?", "नई सड़क 150 किलोमीटर लंबी है।", "150", "150 किलोमीटर"),
    ],
)
def test_a_bare_number_takes_its_magnitude_and_currency(question: str, sentence: str, words: str,
                                                        expected: str) -> None:
    assert _complete(question, sentence, words) == expected


@pytest.mark.parametrize(
    ("question", "sentence", "words", "expected"),
    [
        ("हादसे में कितने लोग घायल हुए?", "हादसे में 30 से 40 लोग घायल हुए।", "30", "30 से 40"),
        ("आग से कितना नुकसान हुआ?", "आग से 20 से 25 लाख रुपये का नुकसान हुआ।", "25",
         "20 से 25 लाख रुपये"),
        ("How long will the work take?", "Officials said the work will take five to seven years.", "five",
         "five to seven years"),
        ("कितने साल लगेंगे?", "अधिकारियों के मुताबिक काम पूरा होने में पांच से सात साल लगेंगे।", "पांच",
         "पांच से सात साल"),
    ],
)
def test_an_end_of_a_range_takes_the_whole_range(question: str, sentence: str, words: str, expected: str) -> None:
    assert _complete(question, sentence, words) == expected


@pytest.mark.parametrize(
    ("question", "sentence", "words"),
    [
        # A comma alone joins clauses: no list.
        ("मंत्री कब पहुंचे?", "मंत्री शुक्रवार को पहुंचे, सरकार ने बयान जारी किया।", "शुक्रवार"),
        # ", and <clause>" with no list before it.
        ("How often are elections held?", "Elections are held every five years, and votes are counted by hand.",
         "every five years"),
        # The other item is the question's own name: not its answer.
        ("वर्जिन मीडिया के साथ किस कंपनी का विवाद था?", "अदालत में BSkyB और वर्जिन मीडिया का विवाद चला।", "BSkyB"),
        # A verb after "और" starts a clause, not an item.
        ("क्या हुआ?", "पुल ढह गया और कई लोग घायल हो गए।", "कई लोग"),
        # "2012" does not join a word: a number's list is of numbers.
        ("संधि पर हस्ताक्षर कब हुए?", "मास्ट्रिच संधि और 1992 की घोषणा।", "1992"),
        # A name does not join lower-case words.
        ("Who arrived first?", "Officials said Modi and others arrived first.", "Modi"),
    ],
)
def test_words_that_are_no_list_item_stay_as_they_are(question: str, sentence: str, words: str) -> None:
    assert _complete(question, sentence, words) == words


def test_the_short_answer_of_a_two_name_question_names_both() -> None:
    sentence = "बातचीत में भारत की ओर से विदेश सचिव विक्रम मिसरी और राजदूत प्रणय वर्मा शामिल हुए।"
    span = short_answer(analyse("बातचीत में भारत की ओर से कौन शामिल हुए?"), sentence)
    assert span is not None and "विक्रम मिसरी और राजदूत प्रणय वर्मा" in span.text


def test_a_readers_copy_of_one_item_is_completed_too() -> None:
    sentence = "राज्य में 2019 और 2024 में चुनाव हुए।"
    assert completed(analyse("किन वर्षों में चुनाव हुए?"), sentence, "2024") == "2019 और 2024"
    # Words not copied from the sentence are left to the reader's checks.
    assert completed(analyse("किन वर्षों में चुनाव हुए?"), sentence, "2020") == "2020"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("किस वर्ष में पुल खोला गया?", "पुल मई 2012 में आम लोगों के लिए खोला गया।", "2012"),
        ("In which year was the bridge opened?", "The bridge was opened on 25 February 2010 after a vote.", "2010"),
    ],
)
def test_a_which_year_question_gets_the_year_alone(question: str, sentence: str, expected: str) -> None:
    span = short_answer(analyse(question), sentence)
    assert span is not None and span.text == expected


def test_a_when_question_keeps_the_date_and_two_years_stay_whole() -> None:
    span = short_answer(analyse("पुल कब खोला गया?"), "पुल मई 2012 में आम लोगों के लिए खोला गया।")
    assert span is not None and span.text == "मई 2012"
    span = short_answer(analyse("किन वर्षों में चुनाव हुए?"), "राज्य में 2019 और 2024 में चुनाव हुए।")
    assert span is not None and span.text == "2019 और 2024"


@pytest.mark.parametrize("question", ["किन वर्षों में चुनाव हुए?", "कौन से महीने में बारिश होती है?",
                                      "In what years did Spain join?", "Which centuries saw the plague?"])
def test_plural_and_which_forms_of_a_unit_of_time_ask_for_a_time(question: str) -> None:
    assert analyse(question).answer_type == "time"


@pytest.mark.parametrize(
    ("question", "sentence", "words", "expected"),
    [
        ("रैली में कितने लोग आए?", "पुलिस के अनुसार रैली में 20,000 से अधिक लोग आए।", "20,000", "20,000 से अधिक"),
        ("How many people attended the rally?", "Police said more than 20,000 people attended.", "20,000",
         "more than 20,000"),
        ("What was the annual fee?", "The annual fee was £30m for the channels.", "30m", "£30m"),
        ("चुनाव कितनी बार होते हैं?", "राज्य में चुनाव हर पाँच साल में होते हैं।", "पाँच", "हर पाँच साल"),
        ("मंदिर कब बना?", "यह मंदिर 12 वीं शताब्दी में बना था।", "शताब्दी", "12 वीं शताब्दी"),
        # An ordinal already whole stays: "20th" answers "which century".
        ("In what century was it built?", "It was built in the 20th century by the state.", "20th", "20th"),
    ],
)
def test_a_number_takes_the_whole_quantity(question: str, sentence: str, words: str, expected: str) -> None:
    assert _complete(question, sentence, words) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rule of vector multiplication called Lorentz's Law", "Lorentz's Law"),
        ("entitled Theory of the Earth", "Theory of the Earth"),
        ("such as HIV/AIDS", "HIV/AIDS"),
        ("लोरेंट्ज़ लॉ नामक वेक्टर गुणन का एक नियम", "लोरेंट्ज़ लॉ"),
        ("जैसे कि हान चीनी और मंगोल", "हान चीनी और मंगोल"),
        # Deep in a long clause a naming word is part of it.
        ("Currently there is no indication as to whether the new deal includes the extra channels",
         "Currently there is no indication as to whether the new deal includes the extra channels"),
    ],
)
def test_a_naming_word_leaves_the_name(text: str, expected: str) -> None:
    out = marker.after_marker(Span(text, 10, 10 + len(text)))
    assert out.text == expected and out.end - out.start == len(expected)


def test_a_clause_and_a_number_word_take_no_list() -> None:
    # A span of a clause: its "और" joins clauses, not items.
    clause = "जब बारिश बहुत ज्यादा होती है और नदियां उफान पर होती हैं"
    sentence = f"बाढ़ तब आती है {clause}।"
    words = "जब बारिश बहुत ज्यादा होती है"
    assert _complete("बाढ़ कब आती है?", sentence, words) == words
    # A number word joins only a number: "स्काई तथा सैकड़ों" is no list.
    sentence = "नई सेवा में स्काई तथा सैकड़ों चैनल थे।"
    assert _complete("नई सेवा में कितने चैनल थे?", sentence, "सैकड़ों") == "सैकड़ों"


def test_a_compound_postposition_is_no_item_and_a_readers_copy_loses_edge_postpositions() -> None:
    sentence = "नीतियों के बजाय, राष्ट्रीय विधायी निकायों और राष्ट्रपतियों ने समर्थन किया।"
    question = "उन नीतियों का समर्थन किसने किया?"
    assert completed(analyse(question), sentence, "राष्ट्रीय विधायी निकायों") == \
        "राष्ट्रीय विधायी निकायों और राष्ट्रपतियों"
    sentence = "प्लेग इस्लामी देशों में 1500 और 1850 के बीच हर साल मौजूद था।"
    assert completed(analyse("किन वर्षों के दौरान प्लेग मौजूद था?"), sentence, "1500 और 1850 के बीच") == "1500 और 1850"


def test_a_genitive_before_the_first_item_governs_the_whole_list() -> None:
    sentence = "उन्होंने युद्ध को रूस के संप्रभु अधिकारों और सुरक्षा हितों की रक्षा के लिए बताया।"
    assert _complete("युद्ध को किसकी रक्षा के लिए बताया?", sentence, "सुरक्षा हितों") == \
        "संप्रभु अधिकारों और सुरक्षा हितों"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("मुख्य निर्वाचन अधिकारी कौन हैं?", "राज्य के मुख्य निर्वाचन अधिकारी एस. चोकलिंगम ने बताया कि मतदान शांतिपूर्ण रहा।",
         "एस. चोकलिंगम"),
        ("भारत के राष्ट्रपति कौन थे?", "उस समय ए. पी. जे. अब्दुल कलाम भारत के राष्ट्रपति थे।", "ए. पी. जे. अब्दुल कलाम"),
    ],
)
def test_a_name_keeps_its_initials(question: str, sentence: str, expected: str) -> None:
    span = short_answer(analyse(question), sentence)
    assert span is not None and span.text == expected


def test_initials_are_spelled_as_letters() -> None:
    from rag.bridge.phonetic import romanise

    assert romanise("एस. चोकलिंगम").startswith("S. ")
    assert romanise("ए. पी. जे. अब्दुल कलाम").startswith("A. P. J. Abdul")
