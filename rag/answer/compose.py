"""The answer a user reads: the short answer first, the sentence it comes from
quoted under it with its citation, and a plain word about the language when
the words are quoted from an article in another language."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rag.answer import glossary
from rag.answer.cite import Citation, cite
from rag.answer.context import Evidence
from rag.answer.cues import QuestionInfo
from rag.answer.rank import Candidate
from rag.answer.span import rule_of, short_answer
from rag.answer.span.coordination import COORDINATORS
from rag.answer.span.names import INITIAL, could_be_name_part, whole_name
from rag.answer.span.slot import antecedent_answer
from rag.bridge import dictionary
from rag.bridge.phonetic import romanise
from rag.retrieve import SearchResult
from rag.text import detect_language, fold, has_devanagari, stopwords, words

# A sentence that opens with a pronoun leans on the one before it ("उन्होंने कहा…",
# "He said…"): that one is quoted too, so the quote names who.
_PRONOUN_START = re.compile(
    r"^(उन्होंने|उसने|उन्हें|उसे|उनके|उसके|उनकी|उसकी|उनका|उसका|वह|वे|यह|ये|इसके|इसकी|इसका|इसमें|इन्होंने|"
    r"he|she|it|they|his|her|its|their|this|these)(?=[\s,])", re.I)  # not \b: a matra is no \w
LANGUAGE_NAMES = {"hi": {"hi": "हिंदी", "en": "अंग्रेज़ी"}, "en": {"hi": "Hindi", "en": "English"}}


@dataclass
class Composed:
    text: str  # what the user reads
    short: str  # the few words that answer, in the answer's language when rendered
    short_source: str  # those words as the article has them
    quote: str  # the supporting sentence(s)
    citations: list[Citation] = field(default_factory=list)
    notice: str = ""  # said when the words are quoted from another language


def quoted_sentences(evidence: Evidence, c: Candidate) -> list[Candidate]:
    """``c``, preceded by the sentence before it when ``c`` opens with a pronoun
    (not by a headline: "क्षेत्रीय तनाव" above "यह यात्रा …" names nothing)."""
    before, _ = evidence.neighbours(c)
    if before is None or not (c.follows or _PRONOUN_START.match(c.text)) or before.features.get("headline"):
        return [c]
    return [before, c]


_INITIALS = re.compile(rf"(?:{INITIAL}\s*)+")


def _looks_like_a_name(span: str, answer_type: str) -> bool:
    """A person's name: two words or more (one after a title), no postposition
    or other function word in it ("कोरिया की तरफ" is not a name), at most half
    of them in the dictionary. Places are left alone:
    the rules' spans for them are too often a phrase, not a place."""
    title, name = glossary.title_and_name(span)
    # Initials count as a title does ("एस. चोकलिंगम"): a letter's name may be a stopword (एस).
    initials = _INITIALS.match(name)
    name = name[initials.end():] if initials else name
    ws = words(name)  # the name after its titles (उप रक्षा मंत्री …): titles are glossed, not spelled
    if answer_type != "person" or len(ws) < (1 if title or initials else 2):
        return False
    stop = stopwords()
    # Most of its words in the dictionary: common words ("बीच सैन्य सहयोग"), glossed, not spelled.
    known = sum(bool(dictionary.english_for(w)) for w in ws)
    # A function word after the name's first word may be a syllable of it (किम जोंग उन: ``span.names``).
    return (all(fold(w) not in stop or (i and could_be_name_part(w)) for i, w in enumerate(ws))
            and 2 * known <= len(ws))


def rule_span(info: QuestionInfo, c: Candidate, passages: Sequence[SearchResult] = (), before: str = "") -> str:
    """The rule-based short answer from ``c`` (the whole sentence when no rule
    finds words); with the retrieved ``passages``, a name it cut short at a
    function-word syllable made whole (``span.names``); with the sentence
    quoted ``before`` it, who its opening pronoun stands for when the
    question asks who did it (``span.slot.antecedent_answer``)."""
    if before and (doer := antecedent_answer(info, c.text, before)) is not None:
        return doer.text
    span = short_answer(info, c.text)
    if span is None:
        return c.text
    if passages and info.answer_type in ("person", "other") and has_devanagari(c.text):
        span = whole_name(c.text, span, ((r.doc_id, r.start, r.text) for r in passages))
    return span.text


def _spelled_name(evidence: Evidence, c: Candidate, short: str, lang: str) -> bool:
    """A person's name (or a list of names) from a Hindi sentence for an English
    answer: spelled in Latin letters by rule (the model turns names into other names)."""
    if source_language(c.text, lang) != "hi" or lang != "en" or short == c.text:
        return False
    kind = evidence.question.answer_type
    return ((len(short.split()) <= 5 and _looks_like_a_name(short, kind)) or bool(_listed_names(short, kind))
            or bool(_which_names(evidence.question, c.text, short)))


def _which_names(info: QuestionInfo, sentence: str, short: str) -> list[str]:
    """The names a "which X?" answer gives ("सुपौल और सहरसा" for "which districts?",
    ``span.which``), when it is the rule's span of one-word items none of them
    in the dictionary: places then, spelled, not glossed by sound ("supple and
    sirs"); [] for anything else."""
    if rule_of(info, sentence) != "which" or (span := short_answer(info, sentence)) is None or span.text != short:
        return []
    items = [x for x in _LIST.split(short) if x]
    # One word an item: a place or river (सुपौल, कोसी) is spelled; longer names are mostly
    # English words in Devanagari ("कोरियन सेंट्रल न्यूज एजेंसी"), which the gloss reads by sound.
    if not 1 <= len(items) <= 6 or any(len(x.split()) > 1 or dictionary.english_for(x) or fold(x) in stopwords()
                                        for x in items):
        return []
    return items


# The separators of a list's items: "A, B और C", "A या B".
_LIST = re.compile(rf"\s*,\s*(?:{COORDINATORS}\s+)?|\s+{COORDINATORS}\s+")


def _listed_names(short: str, answer_type: str) -> list[str]:
    """The names of a list of names ("लियू बिंगज़ॉन्ग और याओ शू", ``span.coordination``
    makes it whole), each a name by ``_looks_like_a_name``; [] for anything else."""
    items = [x for x in _LIST.split(short) if x]
    if not 2 <= len(items) <= 6 or not all(len(x.split()) <= 5 and _looks_like_a_name(x, answer_type) for x in items):
        return []
    return items


def _spell(name: str) -> str:
    """A name in Latin letters, its title in English ("President Yun Suk-Yol")."""
    title, rest = glossary.title_and_name(name)
    return f"{title} {romanise(rest)}".strip()


def needs_rendering(evidence: Evidence, c: Candidate, short: str, lang: str) -> bool:
    """Whether ``short`` (words of ``c``) asks the model for a translation into
    ``lang``: words of another language, not only a number, not a date or
    number the glossary writes, not a name spelled by rule."""
    if source_language(c.text, lang) == lang or detect_language(short) == "":
        return False
    return not (glossary.translate(short, lang) or (lang == "en" and glossary.place_name(short))
                or _spelled_name(evidence, c, short, lang))


def source_language(sentence: str, fallback: str) -> str:
    """The sentence's language ('hi' or 'en'), or ``fallback`` when mixed or unknown."""
    lang = detect_language(sentence)
    return lang if lang in ("hi", "en") else fallback


def compose(evidence: Evidence, c: Candidate, short: str, lang: str, document_text: str = "",
            rendered: str = "", rendered_by: str = "model", marker: int = 1) -> Composed:
    """The answer from sentence ``c`` and its answering words ``short`` (a copy
    from ``c``), ``rendered`` being those words in the answer's language as
    the model translated them or ``gloss`` glossed them (``rendered_by``;
    either checked by ``render.check``), cited as ``[marker]``."""
    sentences = quoted_sentences(evidence, c)
    citation = cite(marker, evidence.results[c.passage], sentences, document_text)
    source_lang = source_language(c.text, lang)
    spelled = tabled = ""
    if not rendered and source_lang != lang and short != c.text:
        # Dates, numbers and units by table: "15 अगस्त 1947 को" → "on 15 August 1947"; a country or
        # capital by name: "उत्तर कोरिया" → "North Korea".
        rendered = tabled = glossary.translate(short, lang) or (lang == "en" and glossary.place_name(short)) or ""
    if not rendered and _spelled_name(evidence, c, short, lang):
        # A name needs no translation, only Latin letters: "Andrei Belosov (आंद्रेई बेलोसोव)";
        # its title is a word like any other ("President Yun Suk-Yol"); a list's names each.
        names = (_listed_names(short, evidence.question.answer_type)
                 or _which_names(evidence.question, c.text, short))
        if len(names) > 1:
            # "लियू बिंगज़ॉन्ग और याओ शू": each name spelled, joined in English ("Liu Bingzhong and Yao Shu").
            spelled_names = [_spell(n) for n in names]
            last = " or " if re.search(r"\sया\s", short) else " and "
            rendered = spelled = ", ".join(spelled_names[:-1]) + last + spelled_names[-1]
        else:
            rendered = spelled = _spell(short)
    shown = rendered or short
    notice = ""
    names = LANGUAGE_NAMES[lang]
    if spelled:
        notice = "The name is spelled in Latin letters from the Hindi article; the quoted sentence is not translated."
    elif tabled:
        notice = (f"Dates, numbers and places are written in English from the {names[source_lang]} article; "
                  "the quote is the article's own." if lang == "en" else
                  f"तारीख़ें और संख्याएँ {names[source_lang]} लेख से हिंदी में लिखी गई हैं; उद्धरण लेख का अपना है।")
    elif rendered and rendered_by == "gloss":
        notice = (f"The answer is a word-by-word English gloss of the {names[source_lang]} article's words (by "
                  "sound and dictionary, in the article's word order); the quote is the article's own."
                  if lang == "en" else
                  f"उत्तर {names[source_lang]} लेख के शब्दों का शब्द-दर-शब्द हिंदी अनुवाद है (शब्दकोश से; नाम "
                  "लेख की लिपि में); उद्धरण लेख का अपना है।")
    elif rendered:
        notice = (f"The answer is the model's translation of the {names[source_lang]} article's words; "
                  "the quote is the article's own." if lang == "en" else
                  f"उत्तर {names[source_lang]} लेख के शब्दों का मॉडल द्वारा किया गया अनुवाद है; उद्धरण लेख का अपना है।")
    elif source_lang != lang:
        notice = (f"The quoted words are from the {names[source_lang]} article, not translated."
                  if lang == "en" else f"उद्धृत शब्द {names[source_lang]} लेख से हैं, अनुवाद नहीं किया गया।")
    head = shown if shown != c.text else ""
    if rendered and rendered != short:
        head = rendered if short == c.text else f"{rendered} ({short})"
    quote = citation.quote
    text = f"{head}\n\n“{quote}” [{marker}]" if head else f"“{quote}” [{marker}]"
    return Composed(text, shown, short, quote, [citation], notice)


def join(parts: list[Composed], lang: str) -> Composed:
    """One answer from the answers of several articles (``rag.answer.multi``):
    the short answers joined with "and", each quote under its own citation."""
    if len(parts) == 1:
        return parts[0]
    sep = " and " if lang == "en" else " और "
    notices = list(dict.fromkeys(p.notice for p in parts if p.notice))
    return Composed("\n\n".join(p.text for p in parts), sep.join(p.short for p in parts),
                    sep.join(p.short_source for p in parts), "\n".join(p.quote for p in parts),
                    [c for p in parts for c in p.citations], " ".join(notices))
