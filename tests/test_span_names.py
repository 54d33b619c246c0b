"""A name the span scorer cut short at a syllable that is a Hindi function
word (किम जोंग उन: "उन" is "them"): made whole when the passages always write
it so. Pure cases, and the seed articles end to end (real index, no model)."""

from rag.answer.span.names import could_be_name_part, whole_name
from rag.answer.span.words import Span

KIM = "वार्ता में उत्तर कोरिया के नेता किम जोंग उन और रूसी राष्ट्रपति व्लादिमीर पुतिन के नेतृत्व पर जोर दिया गया।"
OTHER = "उन्होंने पुतिन और उत्तर कोरिया के नेता किम जोंग उन के बीच जून में हुई बैठक की सराहना की."


def _span(sentence: str, words: str) -> Span:
    start = sentence.index(words)
    return Span(words, start, start + len(words))


def test_a_name_always_written_with_its_function_word_syllable_takes_it():
    passages = [("a", 0, KIM), ("b", 0, OTHER)]
    assert whole_name(KIM, _span(KIM, "किम जोंग"), passages).text == "किम जोंग उन"


def test_one_occurrence_or_overlapping_passages_are_not_enough():
    # The same occurrence in two overlapping passages of one document counts once.
    overlapping = [("a", 0, KIM), ("a", 10, KIM[10:])]
    assert whole_name(KIM, _span(KIM, "किम जोंग"), overlapping).text == "किम जोंग"
    assert whole_name(KIM, _span(KIM, "किम जोंग"), [("a", 0, KIM)]).text == "किम जोंग"


def test_a_word_that_does_not_always_follow_or_a_postposition_is_not_taken():
    mixed = "पुतिन उन से मिले। बाद में पुतिन और किम ने बात की।"
    assert whole_name(mixed, _span(mixed, "पुतिन"), [("a", 0, mixed), ("b", 0, mixed)]).text == "पुतिन"
    said = "पुतिन ने कहा। फिर पुतिन ने कहा।"
    assert whole_name(said, _span(said, "पुतिन"), [("a", 0, said)]).text == "पुतिन"
    assert could_be_name_part("उन") and not could_be_name_part("ने") and not could_be_name_part("और")


def test_the_seed_articles_name_kim_jong_un_whole(seeded_extractive):
    assert seeded_extractive.ask("उत्तर कोरिया के नेता कौन हैं?").short == "किम जोंग उन"
    # Spelled in Latin letters as a name, not glossed word by word ("Kim Jong those").
    assert seeded_extractive.ask("Who is the leader of North Korea?").short.startswith("Kim Jong Un")
