"""What a question asks for, and where a sentence shows that kind of answer.

Answer types by the question word, Hindi and English: कौन/who → a person,
कब/when → a time, कहाँ/where → a place, कितना/how many → a number,
क्यों/why → a reason; "कौन सी नदी"/"which river" asks for a thing
("other"). The cues are surface patterns (digits, month and day names,
years, postpositions, honorifics), deliberately general: they are features
for a fitted ranker, not rules for particular questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.text import ascii_digits, bridging_stopwords, detect_language, fold, keyword_tokens, normalize, words

# Order matters: "कितने साल" asks for a number, "किस साल" for a time.
_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(
        r"कितन[ाीे]|कितनों|\bhow\s+(many|much|long|far|old|big|large|tall|high)\b|\bwhat\s+(percentage|percent|"
        r"number|amount)\b|कुल\s+संख्या|संख्या\s+क्या", re.I)),
    ("time", re.compile(
        r"\bकब\b|कब\s|किस\s+(साल|वर्ष|दिन|तारीख|तारीख़|महीने|सदी|शताब्दी|समय|दशक|वक्त|वक़्त)|"
        # The plural and "कौन सा" forms: "किन वर्षों में", "कौन से महीने", "which years".
        r"(किन|कौन\s*-?\s*(सा|सी|से))\s+(साल|सालों|वर्ष|वर्षों|तारीख|तारीखों|महीना|महीने|महीनों|सदी|सदियों|शताब्दी|शताब्दियों|दशक|दशकों)"
        r"(?=[\s?।,]|$)|"
        r"\bwhen\b|\bwhat\s+(year|day|date|month|time|century|decade)s?\b|\bwhich\s+(year|day|date|month|century|"
        r"decade)s?\b|\bwhich\s+centuries\b|\bin\s+what\s+year\b", re.I)),
    ("person", re.compile(
        r"नाम\s+क्या|क्या\s+नाम|\bwhat\s+(is|was|are|were)\s+(the|his|her|their)\s+names?\b|\bnamed?\b|"
        r"\bकौन\b|कौन\s|किसने|किसको|किसे|किसका|किसकी|किसके|\bwho\b|\bwhom\b|\bwhose\b", re.I)),
    ("place", re.compile(
        r"कहा[ँं]|किस\s+(जगह|स्थान|शहर|देश|राज्य|ज़िले|जिले|क्षेत्र|द्वीप|नगर|इलाके|दिशा|ओर|तरफ़?)|\bwhere\b|"
        r"\bwhich\s+(city|country|state|place|region|island|town|direction|way)\b|"
        r"\bin\s+what\s+(city|country|place|direction)\b", re.I)),
    ("reason", re.compile(r"क्यों|किस\s+(कारण|वजह|मकसद|उद्देश्य)|\bwhy\b|\bfor\s+what\s+(reason|purpose)\b", re.I)),
)

_MONTHS = (
    "जनवरी फ़रवरी फरवरी मार्च अप्रैल अप्रेल मई जून जुलाई अगस्त सितंबर सितम्बर अक्टूबर अक्तूबर नवंबर नवम्बर "
    "दिसंबर दिसम्बर january february march april may june july august september october november december"
).split()
_DAYS = "सोमवार मंगलवार बुधवार गुरुवार बृहस्पतिवार शुक्रवार शनिवार रविवार monday tuesday wednesday thursday " \
        "friday saturday sunday".split()
_TIME_WORDS = "सदी शताब्दी दशक ईस्वी ई॰ ईसा century decade bc ad bce ce".split()
# English words whole ("ad" is not in "already", nor "may" in "mayor"); Hindi ones as before
# (a Devanagari word may carry an ending: "दशकों").
_TIME = re.compile(
    r"(?<!\d)(1[0-9]{3}|20[0-9]{2}|[१][०-९]{3}|२०[०-९]{2})(?!\d)|"
    + "|".join(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" if w.isascii() else re.escape(w)
               for w in _MONTHS + _DAYS + _TIME_WORDS),
    re.I,
)
_NUMBER_WORDS = (
    "एक दो तीन चार पांच पाँच छह छः सात आठ नौ दस ग्यारह बारह बीस तीस चालीस पचास सौ हज़ार हजार लाख करोड़ करोड "
    "अरब दर्जन आधा दोगुना प्रतिशत फीसदी one two three four five six seven eight nine ten eleven twelve twenty "
    "hundred thousand million billion dozen half percent"
    # Plural magnitudes answer "how many" too ("हजारों सैनिक", "thousands of troops").
    " सैकड़ों हज़ारों हजारों लाखों करोड़ों अरबों दर्जनों hundreds thousands millions billions dozens"
).split()
_NUMBER = re.compile(r"[0-9०-९]|" + "|".join(rf"(?<![\w\u0900-\u097F]){re.escape(w)}(?![\w\u0900-\u097F])"
                                             for w in _NUMBER_WORDS), re.I)
_REASON = re.compile(r"क्योंकि|कारण|इसलिए|वजह|चलते|ताकि|के लिए|जिससे|because|due to|since|so that|owing to|as a result",
                     re.I)
_PLACE = re.compile(r"(?<=\S)\s+(में|पर|से|के पास|स्थित)(?=[\s,।]|$)|\b(in|at|near|from)\s+[A-Z]|"
                    r"नगर|शहर|देश|राज्य|ज़िले|जिले|प्रांत|द्वीप|राजधानी|city|country|capital|state|island", re.I)
_PERSON = re.compile(r"(?<=\S)\s+ने(?=\s)|श्री|श्रीमती|डॉ|राष्ट्रपति|प्रधानमंत्री|मंत्री|नेता|अध्यक्ष|सचिव|प्रवक्ता|"
                     r"निदेशक|राजा|रानी|सम्राट|\b(Mr|Mrs|Ms|Dr|President|Minister|King|Queen)\b|\b[A-Z][a-z]+\s+[A-Z]",
                     )
CUES: dict[str, re.Pattern[str]] = {"number": _NUMBER, "time": _TIME, "reason": _REASON, "place": _PLACE,
                                    "person": _PERSON}
ANSWER_TYPES = ("number", "time", "person", "place", "reason", "other")


# What a number answer is made of, for telling whether a sentence gives one at
# all: digits, quantity words with their plural and oblique forms (हजारों, आधे),
# vague ones that still answer "how many" (कई, several) and none (कोई भी … नहीं).
# Not Hindi "एक": it is mostly the article "a".
_QUANTITY = re.compile(
    r"[0-9०-९]+(?:[.,][0-9०-९]+)*|(?<![\w\u0900-\u097F])(दो|तीन|चार|पांच|पाँच|छह|छः|सात|आठ|नौ|दस|ग्यारह|"
    r"बारह|बीस|तीस|चालीस|पचास|सौ|सैकड़ों|सैकड़ो|हज़ार|हजार|हज़ारों|हजारों|लाख|लाखों|करोड़|करोड़ों|करोड|अरब|अरबों|"
    r"दर्जन|दर्जनों|आधा|आधे|आधी|दोगुना|दोगुने|प्रतिशत|फीसदी|कई|अनेक|कोई\s+भी|शून्य|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|twenty|hundreds?|thousands?|millions?|billions?|dozens?|half|percent|"
    r"several|many|few|none|zero)(?![\w\u0900-\u097F])",
    re.I)


# A year is a time, not a count: "1835 में खोला गया" does not answer "कितने
# मेहमान". Four digits from 1000 to 2099 read as a year when a postposition,
# a conjunction or punctuation follows them ("1835 में", "1835,", "1964 और
# 1968") or a date word comes before ("in 1835", "मार्च 1835", "सन 1835"); before
# a noun they count ("2000 मेहमान", "2000 guests", "attended by 2000 guests").
_YEAR_LIKE = re.compile(r"(?<!\d)(?<!\d[.,])(?:1[0-9]{3}|20[0-9]{2})(?![\d]|[.,]\d)")
_AFTER_YEAR = re.compile(r"\s*(?:$|[,.;:!?।)\]\"'”’–-]|(?:में|को|से|तक|के|की|का|ई|ईस्वी|ईसा|और|तथा|या|and|or|to|"
                         r"bc|ad|ce|bce)(?![\w\u0900-\u097F]))", re.I)
_BEFORE_YEAR = re.compile(r"(?:(?<![\w\u0900-\u097F])(?:in|since|by|until|till|from|of|during|before|after|around|"
                          r"circa|year|early|late|mid|सन्?|" + "|".join(_MONTHS) + r"))[\s,]*$", re.I)
# "attended by 2000 guests": a plain English word after the number makes it a
# count even after a date word ("in 1835 the market …" stays a year).
_NOUN_AFTER = re.compile(r"\s+(?!(?:the|a|an|it|he|she|they|we|there|this|that|these|those|his|her|its|their|when|"
                         r"as|with|at|on|in|by|for|was|were|is|are|had|has)\b)[a-z]+\b")
_DURATION = re.compile(r"\bhow\s+(long|old)\b|कितन[ाीे]\s+(साल|वर्ष|वर्षों|सालों|समय|दिन|दिनों|महीने|महीनों|देर|"
                       r"सदियों|दशक)", re.I)
# "कितनी बार", "how many times": a frequency, which a word answers as well as a
# number ("शायद ही कभी", "rarely", "every year").
_FREQUENCY_ASKED = re.compile(r"कितनी\s+बार|कितने\s+बार|\bhow\s+(often|frequently|many\s+times)\b", re.I)
_FREQUENCY = re.compile(r"(?<![\w\u0900-\u097F])(शायद\s+ही|कभी|अक्सर|हमेशा|रोज़|रोज|रोज़ाना|रोजाना|प्रतिदिन|हर|"
                        r"प्रत्येक|सालाना|वार्षिक|साप्ताहिक|मासिक|बार-बार|rarely|seldom|often|always|never|"
                        r"sometimes|usually|daily|weekly|monthly|annually|yearly|once|twice|every|each|frequently|"
                        r"occasionally|regularly)(?![\w\u0900-\u097F])", re.I)


def without_years(text: str) -> str:
    """``text`` with the numbers that read as years blanked out (see ``_YEAR_LIKE``);
    the rest as it was (Devanagari digits too: they are read, not rewritten)."""
    t = ascii_digits(text)  # one character for one: offsets in t are offsets in text
    out = list(text)
    for m in _YEAR_LIKE.finditer(t):
        if _AFTER_YEAR.match(t, m.end()) or (_BEFORE_YEAR.search(t[max(0, m.start() - 20):m.start()])
                                             and not _NOUN_AFTER.match(t, m.end())):
            out[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(out)


def gives_number(answer_type: str, question: str, sentence: str) -> bool | None:
    """Whether ``sentence`` gives a number other than the question's own, for
    a question asking for one ("कितने", "how many"); None for other questions.
    A sentence that gives none cannot answer it, however close its words are:
    such questions about a detail the article leaves out are the likeliest
    confident wrong answers. (Not for "when": its answers are as often a
    clause, "जब …", "after the talks", as a date; and for "how often" a word
    of frequency gives one: "शायद ही कभी", "every year".)"""
    if answer_type != "number":
        return None
    if _FREQUENCY_ASKED.search(normalize(question)) and _FREQUENCY.search(normalize(sentence)):
        return True
    asked = {m.group(0).lower() for m in _QUANTITY.finditer(normalize(question))}
    # A year gives no count, except to a question about a span of time ("how long").
    text = normalize(sentence) if _DURATION.search(question) else without_years(normalize(sentence))
    return any(m.group(0).lower() not in asked for m in _QUANTITY.finditer(text))


# A question naming the unit of time it asks for ("किस वर्ष", "किन महीनों में",
# "कौन सी सदी", "in what year", "which month"): unlike a bare "कब"/"when", whose
# answer may be a clause ("बैठक के तुरंत बाद"), only a date answers it.
_DATE_ASKED = re.compile(
    r"(?:किस|किन|कौन\s*-?\s*(?:सा|सी|से))\s+(?:वर्ष|वर्षों|साल|सालों|सन|तारीख|तारीखों|तिथि|तिथियों|महीने|महीनों|"
    r"महीना|माह|सदी|सदियों|शताब्दी|शताब्दियों|दशक|दशकों)(?=[\s?।,]|$)|"
    r"\b(?:what|which)\s+(?:year|years|date|dates|month|months|century|centuries|decade|decades)\b",
    re.I)


def gives_date(question: str, sentence: str) -> bool | None:
    """Whether ``sentence`` gives a date (a year, month, day, century …) other than
    the question's own, for a question naming the unit it asks for; None for
    other questions. "चावल वर्ष के किन महीनों में बीजा जाता है?" is not answered
    by a sentence that names no month, however close its words."""
    q = normalize(question)
    if not _DATE_ASKED.search(q):
        return None
    # The question's own dates, not the unit it asks for ("which century" → "20th century").
    asked = {m.group(0).lower() for m in _TIME.finditer(_DATE_ASKED.sub(" ", q))}
    return any(m.group(0).lower() not in asked for m in _TIME.finditer(normalize(sentence)))


# "यह स्पष्ट नहीं हो पाया है कि मिसाइल किस प्रकार की थी", "it is not clear what
# type of missile …": the article says that what is asked is not known. The
# marker, then at once the embedded question: a कि clause with a question word
# of its own, or an English question word within two words ("unclear exactly
# how"). Not a relative clause: "previously unknown clades … which" is no
# embedded question (English relatives are its question words; Hindi's are जो/जिस).
_UNKNOWN = re.compile(
    r"(स्पष्ट|साफ़|साफ|ज्ञात|पता|तय|निश्चित)\s+नहीं|जानकारी\s+नहीं|अज्ञात|अस्पष्ट|अनिश्चित|"
    r"\b(not|never)\s+(yet\s+)?(been\s+)?(clear|known|certain|confirmed|disclosed|specified|revealed)\b|"
    r"\bunclear\b|\bunknown\b|\b(did|does|has|have)\s+not\s+(yet\s+)?(say|said|disclose[d]?|specif(y|ied)|reveal(ed)?)\b",
    re.I)
_HI_EMBEDDED = re.compile(r"^\s*(?:\S+\s+){0,4}?कि\s+(?P<clause>.*)", re.S)
_HI_WH = re.compile(r"(?<![\w\u0900-\u097F])(किस\S*|कितन\S*|कौन\S*|कब|कहा[ँं]|क्या|क्यों|कैसे|किन\S*)"
                    r"(?![\w\u0900-\u097F])")
_EN_WH = re.compile(r"\b(what|which|how|when|where|who|whom|why)\b", re.I)
_EN_EMBEDDED = re.compile(r"^\s*(?:[\w'-]+\s+){0,2}?(?P<clause>(what|which|how|when|where|who|whom|why|whether)\b.*)",
                          re.I | re.S)


def states_unknown(info: QuestionInfo, sentence: str) -> bool:
    """Whether ``sentence`` says that what ``info`` asks is not known: an
    uncertainty marker followed by an embedded question that shares a word
    with the question and asks the same kind of thing. Such a sentence ranks
    first for a question about a detail the article leaves open, and its words
    are no answer. Not when the question itself asks about what was not said
    ("which body has not shared details?")."""
    return uncertain_about(info, sentence) is True


def uncertain_about(info: QuestionInfo, sentence: str) -> bool | None:
    """For a ``sentence`` that says something about the question's topic is
    not known ("… स्पष्ट नहीं है कि मिसाइल किस प्रकार की थी"): True when that
    is what ``info`` asks, False when it is another thing ("when was it
    fired?": the sentence answers neither). None for any other sentence."""
    if _UNKNOWN.search(info.text):
        return None
    asked = set(info.tokens) | set(info.matches)
    text = normalize(sentence)
    found = None
    for marker in _UNKNOWN.finditer(text):
        rest = text[marker.end():]
        hi = _HI_EMBEDDED.match(rest)
        clause = hi.group("clause") if hi and _HI_WH.search(hi.group("clause")) else None
        if clause is None and (en := _EN_EMBEDDED.match(rest)):
            clause = en.group("clause")
        if clause is not None and asked & set(keyword_tokens(clause)):
            if _asks_alike(info, clause):
                return True
            found = False
    return found


# The embedded question's parts: "मिसाइल किस प्रकार की थी और उसने कितनी दूरी तय की" asks two things.
_CLAUSE_PARTS = re.compile(r"\s+(?:और|तथा|या|एवं|and|or)\s+|[,;]", re.I)


def _asks_alike(info: QuestionInfo, clause: str) -> bool:
    """Whether the embedded question asks what ``info`` asks: a part of it of
    the same answer type. "It is unclear what type of missile it was and how
    far it flew" leaves "how far?" and "which missile?" open, not "when?".
    A question for a thing or a name ("what was the range?", "मिसाइल का नाम
    क्या था?") may be any part: its type does not say which it is."""
    if info.answer_type == "other" or _NAME_ASK.search(info.text):
        return True
    parts = [p for p in _CLAUSE_PARTS.split(clause) if _HI_WH.search(p) or _EN_WH.search(p)] or [clause]
    return info.answer_type in {typed(p) for p in parts}


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    lang: str  # 'hi', 'en' or 'mixed'
    answer_type: str  # one of ANSWER_TYPES
    tokens: tuple[str, ...]  # keyword tokens (folded, stemmed, stopwords out), in order
    numbers: tuple[str, ...]  # digits in the question (ASCII)
    phrase: tuple[str, ...] = ()  # its words as written (folded, not stemmed), question words out
    matches: tuple[str, ...] = ()  # every index word the bridge matched to its Latin-letter words
    # (index word, the token it stands for): a Latin-letter word's other readings as
    # sure as the one in ``tokens`` ("led" → नेतृत्व as well as दिख), read as that token.
    alternatives: tuple[tuple[str, str], ...] = ()
    # (an acronym's token, its long form's tokens) for the acronyms the evidence defines
    # that the question uses in either form ("आरबीआई" for "भारतीय रिज़र्व बैंक": ``defined``).
    defined: tuple[tuple[str, tuple[str, ...]], ...] = ()


_QWORDS = re.compile(r"^(क्या|कौन|कौन-कौन|किन|किन-किन|कौनसा|कौनसी|कौनसे|कब|कहा[ँं]|कितन\S*|क्यों|कैसे|किस\S*|"
                     r"who|whom|whose|what|when|where|why|how|which)$", re.I)
# "किस कारण / वजह / मकसद से" ask why, "किस दिशा / ओर / तरफ" where: the noun is the
# question's frame, not words the answer repeats.
_FRAME_ASK = re.compile(r"(?<=किस)\s+(?:कारण|वजह|मकसद|उद्देश्य|दिशा|ओर|तरफ़?)(?:\s+(?:से|में))?(?=\s|\?|$)")
# "का नाम क्या है" / "what is the name of" ask for a name: "नाम" is the question's, not its topic.
_NAME_ASK = re.compile(r"नाम\s+क्या|क्या\s+नाम|\b(the\s+)?names?\s+of\b|\bnamed\b", re.I)


# "दोनों खबरों/लेखों में", "सभी लेखों", "हर खबर", "both articles", "the two reports", "each article":
# where to look (``rag.answer.multi``), not what, so not words the answer must have.
_ARTICLES_HI = r"(खबर|ख़बर|लेख|रिपोर्ट|आलेख|समाचार|स्टोरी)\S*"
_ARTICLES_EN = r"(articles?|reports?|stories|story|news\s+items?|pieces?)"
_EACH_ARTICLE = re.compile(
    rf"(दोनों|सभी|हर|प्रत्येक|तीनों)\s+{_ARTICLES_HI}(\s+(के\s+अनुसार|में))?|"
    rf"\b((according\s+to|in)\s+)?(both|all|each|every|the\s+two|the\s+three|these\s+two)(\s+of\s+the)?\s+"
    rf"{_ARTICLES_EN}\b", re.I)


def asks_each_article(question: str) -> bool:
    """Whether the question asks what several articles say together."""
    return bool(_EACH_ARTICLE.search(question))


def without_articles_phrase(question: str) -> str:
    """The question without its "दोनों खबरों के अनुसार" words, for searching and
    ranking: left in, they draw sentences that cite a news agency."""
    return " ".join(_EACH_ARTICLE.sub(" ", question).split())


# "कौन सी नदी", "कौन-से यौगिक", "which group", "what episode": which thing, not who.
WHICH = re.compile(r"कौन\s*-?\s*(सा|सी|से)(?=[\s?]|$)|\bwhich\b|\bwhat\s+(?!is\b|was\b|are\b|were\b)", re.I)
# "Who" capitalised inside a question is a name's ("Doctor Who"), not the question word.
_NAMED_WHO = re.compile(r"(?<=[A-Za-z] )Who\b")


# "कौन-कौन से अधिकारी", "which Russian officials", "what scientist": which of some people, so a person.
_PERSON_NOUN = re.compile(
    r"^(अधिकारी|अधिकारियों|मंत्री|मंत्रियों|नेता|नेताओं|राष्ट्रपति|प्रधानमंत्री|व्यक्ति|व्यक्तियों|लोग|लोगों|"
    r"वैज्ञानिक|वैज्ञानिकों|राजा|रानी|सम्राट|लेखक|कलाकार|खिलाड़ी|खिलाड़ियों|सदस्य|सदस्यों|जनरल|कमांडर|प्रवक्ता|"
    r"अध्यक्ष|सचिव|निदेशक|officials?|ministers?|leaders?|presidents?|person|people|scientists?|kings?|queens?|"
    r"emperors?|writers?|authors?|players?|members?|generals?|commanders?|spokes(man|woman|person)|chairman|"
    r"secretary|director|man|woman|men|women)$", re.I)
_AUX_WORD = re.compile(r"^(do|does|did|is|was|are|were|has|have|had|can|could|will|would|है|हैं|था|थी|थे)$", re.I)


def _asks_which_person(q: str, which: re.Match[str]) -> bool:
    """Whether the noun of a "which X" question names people (an adjective may come first)."""
    for w in re.findall(r"[^\s?,।-]+", q[which.end():])[:2]:
        if _AUX_WORD.match(w):
            return False
        if _PERSON_NOUN.match(w):
            return True
    return False


_CLAUSE_WHEN = re.compile(r"(\b(?:what|who|whom|whose|which|where|why|how)\b.*?)\bwhen\b", re.I)


def typed(question: str) -> str:
    """The answer type a question asks for (one of ANSWER_TYPES), from its question words."""
    q = _NAMED_WHO.sub(" ", normalize(question))
    # "What does he do when his body is damaged?": a "when" after another question word opens a clause.
    q = _CLAUSE_WHEN.sub(r"\1", q)
    kind = next((name for name, pattern in _TYPES if pattern.search(q)), "other")
    which = WHICH.search(q)
    if which and kind in ("person", "other") and _asks_which_person(q, which):
        return "person"
    if kind == "person" and which and not re.search(r"\bwho", q, re.I):
        return "other"
    return kind


# "Did Belousov meet Kim?", "क्या बेलोसोव किम से मिले?": a yes/no question asks
# for no words of the sentence. English opens with an auxiliary, Hindi with क्या;
# neither has another question word ("क्या" inside "नाम क्या है" asks "what").
_YES_NO_EN = re.compile(r"^\s*(do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|shall|may|"
                        r"might|must)\b", re.I)
# Not "क्या होता है जब …", "क्या हुआ": क्या before its verb asks "what".
_YES_NO_HI = re.compile(r"^\s*क्या(?=[\s,])(?!\s+(हो|हु|है|हैं|था|थी|थे|कर|कि|कह)\S*(\s|\?|$))")
# "Can you tell me …", "क्या आप बता सकते हैं …": a request for words, not a yes/no.
_REQUEST = re.compile(r"^\s*(you|u)\b.*\b(tell|say|give|name|list|explain|describe)\b|^\s*(आप|तुम)\s.*(बता|समझा)",
                      re.I)
_OTHER_WH = re.compile(r"(?<![\w\u0900-\u097F])(किस\S*|कितन\S*|कौन\S*|कब|कहा[ँं]|क्यों|कैसे|किन\S*)"
                       r"(?![\w\u0900-\u097F])|\b(who|whom|whose|what|when|where|why|how|which)\b", re.I)


# A phrase before the question proper, set off by a comma: "In 1972, did Norway join?",
# "रिपोर्ट के अनुसार, क्या …".
_LEADING_PHRASE = re.compile(r"^\s*[^,?।]{1,60},\s*")


def asks_yes_no(question: str) -> bool:
    """Whether ``question`` asks yes or no: no span of a sentence answers it,
    so the answer is the sentence itself, quoted."""
    q = normalize(question)
    lead = _LEADING_PHRASE.match(q)
    if lead and not (_YES_NO_EN.match(q) or _YES_NO_HI.match(q)) and not _OTHER_WH.search(lead.group(0)):
        q = q[lead.end():]
    opens = _YES_NO_EN.match(q) or _YES_NO_HI.match(q)
    rest = q[opens.end():] if opens else ""
    return bool(opens) and not _OTHER_WH.search(rest) and not _REQUEST.search(rest)


@lru_cache(maxsize=256)
def analyse(question: str) -> QuestionInfo:
    """The question's answer type, keyword tokens and numbers."""
    q = normalize(question)
    kind = typed(q)
    asked = _FRAME_ASK.sub(" ", _NAME_ASK.sub(" ", _EACH_ARTICLE.sub(" ", q)))
    content = " ".join(w for w in words(asked) if not _QWORDS.match(w))
    # The question's words as the bridge reads them: stopwords-iso's English function
    # words ("provide", "according") left out, as the ranker was fitted with; its
    # English content words ("year", "members") kept, which the bridge carries over.
    stop = bridging_stopwords()
    toks = tuple(t for w in words(content) if fold(w) not in stop for t in keyword_tokens(w))
    nums = tuple(re.findall(r"\d+", ascii_digits(q)))
    phrase = tuple(fold(w) for w in words(asked) if not _QWORDS.match(w))
    return QuestionInfo(q, detect_language(q) or "hi", kind, toks, nums, phrase)


def type_cue(answer_type: str, sentence: str) -> float:
    """1.0 when ``sentence`` shows the kind of answer asked for, 0.0 when not,
    0.5 for 'other' (nothing to look for)."""
    pattern = CUES.get(answer_type)
    if pattern is None:
        return 0.5
    if answer_type == "number":  # a year is no count (``without_years``)
        sentence = without_years(sentence)
    return 1.0 if pattern.search(sentence) else 0.0

