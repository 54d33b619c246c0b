"""Acronyms the articles define count as their long forms in the sentence ranker."""

from __future__ import annotations

from rag.answer.defined import definitions, read_with_definitions
from rag.text import keyword_tokens

ARTICLE = ("मुंबई, 7 फरवरी। भारतीय रिज़र्व बैंक (आरबीआई) ने शुक्रवार को रेपो दर घटाई। गवर्नर की अध्यक्षता में "
           "मौद्रिक नीति समिति (एमपीसी) की बैठक तीन दिन चली। The Indian Space Research Organisation (ISRO) "
           "launched a satellite. लेख (देखें) में पर्यावरण (Environment) का उल्लेख है।")


def test_an_acronym_is_defined_by_as_many_words_as_it_has_letters() -> None:
    found = dict(definitions([ARTICLE]))
    assert found[keyword_tokens("आरबीआई")[0]] == tuple(keyword_tokens("भारतीय रिज़र्व बैंक"))
    assert found[keyword_tokens("एमपीसी")[0]] == tuple(keyword_tokens("मौद्रिक नीति समिति"))
    assert found["isro"] == tuple(keyword_tokens("Indian Space Research Organisation"))
    # A word in parentheses that is no acronym defines nothing.
    assert len(found) == 3


def test_a_sentence_with_the_long_form_holds_the_acronym_and_back() -> None:
    defined = definitions([ARTICLE])
    mpc = keyword_tokens("एमपीसी")[0]
    sentence = keyword_tokens("मौद्रिक नीति समिति की अगली बैठक अप्रैल में होगी।")
    assert mpc in read_with_definitions(sentence, {mpc, "बैठक"}, defined)
    # The words alone, not as the name's run, are not the acronym.
    scattered = keyword_tokens("समिति ने नीति पर मौद्रिक चर्चा की।")
    assert mpc not in read_with_definitions(scattered, {mpc}, defined)
    # The question names the long form, the sentence the acronym.
    asked = set(keyword_tokens("मौद्रिक नीति समिति की बैठक"))
    assert set(keyword_tokens("मौद्रिक नीति समिति")) <= set(
        read_with_definitions(keyword_tokens("एमपीसी की बैठक अप्रैल में होगी।"), asked, defined))
