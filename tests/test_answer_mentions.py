"""Countries a question names that its articles never mention (rag/answer/mentions.py),
and the assistant saying so over the real seeded index."""

import pytest

from rag.answer.mentions import countries_named, unmentioned

ARTICLE = "दक्षिण कोरिया की सेना ने इस घटना की पुष्टि की। अमेरिका और रूस ने बयान दिए। इज़राइली अधिकारियों ने कुछ नहीं कहा।"


@pytest.mark.parametrize(("question", "named"), [
    ("How did Japan react to North Korea's missile launch?", ["Japan", "Korea"]),
    ("भारत ने क्या प्रतिक्रिया दी?", ["भारत"]),
    ("How did the US react?", ["US"]),  # an alias, by its capitals
    ("What did they tell us?", []),  # "us" is no US
    ("How much turkey was eaten?", []),  # a country's English name is capitalised
    ("What did Russian officials say?", []),  # a demonym is no question about the country
])
def test_the_countries_a_question_names(question, named):
    assert [asked for asked, _ in countries_named(question)] == named


@pytest.mark.parametrize(("question", "missing"), [
    ("How did Japan react to the launch?", ["Japan"]),
    ("जापान ने क्या कहा?", ["जापान"]),
    ("What did the United States say?", []),  # अमेरिका is the same country
    ("रूस ने क्या कहा?", []),
    ("What did Israel say?", []),  # its demonym, with a nukta, mentions it
    ("इजराइल ने क्या कहा?", []),  # the nukta aside
    ("What did South Korea confirm, and what did China say?", ["China"]),
])
def test_a_country_no_article_mentions_in_either_script(question, missing):
    assert unmentioned(question, [ARTICLE]) == missing


def test_a_country_is_mentioned_by_its_capital_too():
    # "Beijing said" is China speaking: no refusal for a question about China.
    assert unmentioned("How did China respond?", ["बीजिंग ने कहा कि वह स्थिति पर नज़र रखे हुए है।"]) == []
    assert unmentioned("चीन ने क्या कहा?", ["Beijing urged restraint."]) == []


@pytest.mark.parametrize(("question", "says"), [
    ("How did Japan react to North Korea's missile launch?", "asks about Japan, which these articles do not mention"),
    ("बेलोसोव की उत्तर कोरिया यात्रा पर भारत ने क्या प्रतिक्रिया दी?", "इन लेखों में भारत का उल्लेख नहीं है"),
])
def test_the_assistant_says_which_country_the_articles_do_not_mention(seeded_extractive, question, says):
    # Before, the English question was answered "regional security" at answerability 0.98.
    answer = seeded_extractive.ask(question)
    assert answer.mode == "abstained" and answer.answerability.reason == "not-mentioned"
    assert says in answer.notice and answer.citations == []
    assert answer.answerability.to_dict()["unmentioned"] == answer.answerability.unmentioned


def test_a_question_about_a_country_the_articles_mention_is_answered(seeded_extractive):
    answer = seeded_extractive.ask(
        "Who is North Korea's defence minister?")
    assert answer.mode != "abstained" and "unmentioned" not in answer.answerability.to_dict()
