"""Questions about both seed articles at once: each article's own best
sentence, each under its own citation (the real index of the seed articles,
the real e5 embedder, no model)."""

import pytest

from rag.answer import analyse, asks_each_article, without_articles_phrase
from rag.text import keyword_tokens


@pytest.mark.parametrize(("question", "each"), [
    ("दोनों खबरों के अनुसार रूस के कौन-कौन से अधिकारी उत्तर कोरिया गए?", True),
    ("दोनों लेखों में रूसी पक्ष से मिलने वाले उत्तर कोरियाई अधिकारी कौन थे?", True),
    ("सभी खबरों में किस शहर का ज़िक्र है?", True),
    ("Which Russian officials visited North Korea according to the two articles?", True),
    ("What do both reports say about the missile?", True),
    ("रूस के रक्षा मंत्री कौन हैं?", False),
    ("रूस के कौन-कौन से अधिकारी उत्तर कोरिया गए?", False),  # a list, but from whatever article holds it
    ("Which elements are found in both water and air?", False),
])
def test_a_question_about_several_articles_is_told_by_its_words(question, each):
    assert asks_each_article(question) is each


def test_the_articles_phrase_is_where_to_look_not_what_to_find():
    q = "दोनों खबरों के अनुसार रूस के कौन-कौन से अधिकारी उत्तर कोरिया गए?"
    assert without_articles_phrase(q) == "रूस के कौन-कौन से अधिकारी उत्तर कोरिया गए?"
    assert not set(keyword_tokens("दोनों खबरों अनुसार कौन-कौन")) & set(analyse(q).tokens)
    assert without_articles_phrase("According to both articles, who visited?") == ", who visited?"


@pytest.fixture(scope="module")
def assistant(seeded_extractive):
    return seeded_extractive


@pytest.mark.parametrize("question", [
    "दोनों खबरों में रूस और उत्तर कोरिया के रिश्तों को आगे बढ़ाने का श्रेय किन दो नेताओं को दिया गया है?",
    "What help do both articles say North Korea is sending or may send to Russia for the war in Ukraine?",
])
def test_each_article_answers_with_its_own_cited_sentence(assistant, question):
    answer = assistant.ask(question)
    assert answer.mode == "extractive" and len(answer.citations) == 2
    assert [c.marker for c in answer.citations] == [1, 2]
    assert len({c.doc_id for c in answer.citations}) == 2  # one sentence from each article
    assert "[1]" in answer.text and "[2]" in answer.text
    for c in answer.citations:
        text = assistant.index.store.document_text(c.doc_id)
        assert text[c.start:c.end] == c.quote and c.quote in answer.quote
    notice = "हर लेख" if question[0] == "द" else "Each article"
    assert notice in answer.notice


def test_a_question_about_one_article_keeps_one_sentence(assistant):
    answer = assistant.ask("रूस के रक्षा मंत्री उत्तर कोरिया किस दिन पहुंचे?")
    assert len(answer.citations) == 1 and "शुक्रवार" in answer.short
