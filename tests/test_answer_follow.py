"""The answer in the sentence that goes on about the best one (``rag.answer.follow``)."""

from __future__ import annotations

import pytest

from rag.answer import compose, gather
from rag.answer.cues import analyse
from rag.answer.follow import follow, refers_back
from rag.answer.rank import Candidate, Idf
from rag.answer.span import short_answer
from rag.text import keyword_tokens
from tests.test_answer import CONFIRMED, MISSILE_TEXT, missile_passage, visit_passages


@pytest.mark.parametrize(("sentence", "refers"), [
    ("दक्षिण कोरिया की सेना ने इस घटना की पुष्टि की।", True),
    ("उसी दिन सियोल में बैठक हुई।", True),
    ("उन्होंने कहा कि बातचीत सफल रही।", True),
    ("South Korea's military confirmed the incident, calling this launch a provocation.", True),
    ("He said the talks went well.", True),
    ("दक्षिण कोरिया की सेना ने मिसाइल परीक्षण की पुष्टि की।", False),
    ("इसराइल ने हमले की पुष्टि की।", False),  # इस- inside a name is no demonstrative
    ("South Korea's military confirmed the launch.", False),
    # "इस बात … कि" points ahead to its clause, not back.
    ("रिपोर्ट में कहा गया है कि वार्ता में इस बात पर जोर दिया गया कि संबंध मजबूत होंगे।", False),
    ("किम जोंग उन और पुतिन के बीच संबंधों में प्रगति हुई।", False),  # "उन" ends a name here
    ("उन्होंने कहा कि यह समझौता शक्ति संतुलन के लिए बनाया गया था।", True),
])
def test_refers_back(sentence, refers):
    assert refers_back(sentence) is refers


def test_who_confirmed_it_is_answered_from_the_sentence_that_says_this_incident(embedder):
    # The launch sentence holds "मिसाइल" and "दागी" and ranks first by the question's words;
    # the next one, "… ने इस घटना की पुष्टि की", holds "पुष्टि" and the answer.
    ev = gather("मिसाइल दागे जाने की पुष्टि किसने की?", [missile_passage(), *visit_passages()], embedder)
    best = ev.ranked[0]
    assert best.text == CONFIRMED and best.follows
    span = short_answer(ev.question, best.text)
    assert span is not None and span.text == "दक्षिण कोरिया की सेना"
    done = compose(ev, best, span.text, "hi", MISSILE_TEXT)
    # Quoted with the sentence "इस घटना" stands for, cited as one stretch of the article.
    assert done.quote.startswith("वार्ता समाप्त होने") and done.quote.endswith(CONFIRMED)
    assert MISSILE_TEXT[done.citations[0].start:done.citations[0].end] == done.quote


def test_a_best_sentence_holding_every_asked_word_stays_first(embedder):
    # "Where was the missile fired?": the launch sentence answers; the next one adds no asked word.
    ev = gather("उत्तर कोरिया ने मिसाइल किस ओर दागी?", [missile_passage(), *visit_passages()], embedder)
    assert "पूर्वी समुद्री क्षेत्र" in ev.ranked[0].text and not ev.ranked[0].follows


ARRIVED = "रक्षा मंत्री बेलोसोव शुक्रवार को प्योंगयांग पहुंचे।"
SIGNED = "इस यात्रा में सैन्य समझौते पर हस्ताक्षर हुए।"
OTHER = "सियोल ने चिंता जताई।"


def _follow(question: str, texts: list[str], heading: bool = False) -> list[str]:
    info = analyse(question)
    cands = [Candidate(0, i, i + 1, t, tokens=keyword_tokens(t), heading=heading and i == 1)
             for i, t in enumerate(texts)]
    idf = Idf.from_token_lists([c.tokens for c in cands])
    order = follow(info, cands, idf, lambda c: cands[cands.index(c) + 1] if c is not cands[-1] else None)
    return [c.text for c in order]


def test_the_next_sentence_goes_first_when_it_adds_the_asked_words():
    assert _follow("बेलोसोव की यात्रा में किस पर हस्ताक्षर हुए?", [ARRIVED, SIGNED, OTHER])[0] == SIGNED


def test_a_lower_ranked_sentence_and_the_one_going_on_from_it_may_cover_more():
    # "किस बात पर सहमति बनी?": the best sentence has the meeting's words; another tells of the
    # meeting and the next one, "इस दौरान … पर सहमति जताई गई", of what was agreed.
    met = "प्योंगयांग में दोनों पक्षों की बैठक हुई।"
    held = "रूस और उत्तर कोरिया के बीच प्योंगयांग में बैठक हुई।"
    agreed = "इस दौरान रणनीतिक संबंध बढ़ाने पर सहमति जताई गई।"
    order = _follow("प्योंगयांग की बैठक में किस बात पर सहमति बनी?", [met, OTHER, held, agreed])
    assert order[0] == agreed


def test_a_date_asked_for_stays_with_the_sentence_that_has_it():
    # The next sentence adds "हस्ताक्षर", but "when?" needs the sentence with the day.
    assert _follow("बेलोसोव प्योंगयांग कब पहुंचे, जहां हस्ताक्षर हुए?", [ARRIVED, SIGNED, OTHER])[0] == ARRIVED


def test_where_goes_on_to_the_next_sentence_when_only_it_names_the_city():
    met = "दक्षिण कोरिया के राष्ट्रपति यून सुक-योल ने हाल ही में यूक्रेनी प्रतिनिधिमंडल से मुलाकात की।"
    seoul = "सियोल में हुए इस सम्मेलन में रक्षा मंत्री उमेरोव ने जोर दिया।"
    question = "यून सुक-योल ने यूक्रेनी प्रतिनिधिमंडल से किस शहर में मुलाकात की?"
    assert _follow(question, [met, seoul, OTHER])[0] == seoul
    # Not when the best sentence names a city already, nor for a question that is no "where?".
    in_kyiv = met.replace("हाल ही में", "कीव में")
    assert _follow(question, [in_kyiv, seoul, OTHER])[0] == in_kyiv
    assert _follow("यून सुक-योल ने किससे मुलाकात की?", [met, seoul, OTHER])[0] == met


def test_a_next_sentence_that_does_not_refer_back_or_adds_nothing_stays_behind():
    plain = SIGNED.replace("इस यात्रा", "यात्रा")
    assert _follow("बेलोसोव की यात्रा में किस पर हस्ताक्षर हुए?", [ARRIVED, plain, OTHER])[0] == ARRIVED
    assert _follow("बेलोसोव प्योंगयांग कब पहुंचे?", [ARRIVED, SIGNED, OTHER])[0] == ARRIVED
    assert _follow("बेलोसोव की यात्रा में किस पर हस्ताक्षर हुए?", [ARRIVED, SIGNED, OTHER], heading=True)[0] == ARRIVED


@pytest.mark.parametrize(("question", "short", "quoted"), [
    # The answer in the sentence after the ranked one, quoted with it.
    ("मिसाइल दागे जाने की पुष्टि किसने की?", "दक्षिण कोरिया की सेना", "इस घटना की पुष्टि"),
    ("प्योंगयांग की बैठक में दोनों देशों के बीच किस बात पर सहमति बनी?", "रणनीतिक संबंध बढ़ाने", "इस दौरान"),
    # "उन्होंने … की सराहना की": the doer is the subject of the sentence before.
    ("रणनीतिक साझेदारी समझौते की सराहना किसने की?", "बेलोसोव", "उन्होंने पुतिन"),
])
def test_the_assistant_answers_from_the_sentence_that_goes_on(seeded_extractive, question, short, quoted):
    answer = seeded_extractive.ask(question)
    assert answer.short == short and quoted in answer.quote
    cited = answer.citations[0]
    assert answer.quote == cited.quote
