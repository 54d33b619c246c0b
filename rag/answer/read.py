"""The model as a reader: a narrow task we can verify.

The model sees a few numbered candidate sentences and replies, through
Ollama's JSON-schema ``format``, with the number of the sentence that answers
and the answer's words copied from it. The copy is checked in code: an
answer that is not in the sentence it names (after normalisation) is
rejected, and the caller falls back to the rule-based span. Putting the
words into the question's language is a separate step (``render``): asked in
the same reply, the model wrote English where it was to copy Hindi.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from rag.answer.cues import CUES, QuestionInfo, gives_number
from rag.answer.glossary import TITLES
from rag.answer.prompts import prompt
from rag.answer.rank import Candidate
from rag.answer.span.words import TRIM
from rag.llm import OllamaLLM, Usage
from rag.text import keyword_tokens, stopwords

_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_PUNCT_EDGE = " \t\n.,;:!?।॥\"'“”‘’()[]"


SCHEMA = {"type": "object", "properties": {"sentence": {"type": "integer"}, "answer": {"type": "string"}},
          "required": ["sentence", "answer"]}


@dataclass
class Reading:
    ok: bool
    sentence: int = 0  # 1-based index into the candidates given; 0 = none answers
    answer: str = ""  # the verified words, exactly as in the sentence
    start: int = 0  # offsets of ``answer`` in the sentence
    end: int = 0
    reason: str = ""  # why it was rejected
    raw: str = ""


def fold(text: str) -> str:
    """For comparing a copy with its source: NFC, case, nukta, chandrabindu,
    Devanagari digits, zero-width joiners and edge punctuation ignored."""
    t = unicodedata.normalize("NFD", text.casefold().translate(_DIGITS)).replace("\u093c", "")
    t = unicodedata.normalize("NFC", t).replace("\u0901", "\u0902").replace("\u200c", "").replace("\u200d", "")
    return re.sub(r"\s+", " ", t).strip(_PUNCT_EDGE)


def locate(answer: str, sentence: str) -> tuple[int, int] | None:
    """Where ``answer`` occurs in ``sentence`` as a copy (see ``fold``), as
    offsets in the original sentence; None when it is not a copy."""
    a = fold(answer)
    if not a:
        return None
    pos = sentence.find(answer.strip(_PUNCT_EDGE))
    if pos >= 0:
        return pos, pos + len(answer.strip(_PUNCT_EDGE))
    # Fold the sentence character by character, keeping a map back to its offsets.
    folded, where = [], []
    for i, ch in enumerate(sentence):
        f = fold(ch) if not ch.isspace() else " "
        for c in f:
            folded.append(c)
            where.append(i)
    text = "".join(folded)
    m = re.search(r"\s+".join(re.escape(w) for w in a.split()), text)
    if not m:
        return None
    return where[m.start()], where[m.end() - 1] + 1


def numbers(text: str) -> list[str]:
    return sorted(re.findall(r"\d+(?:[.,]\d+)*", text.translate(_DIGITS)))


# Codes in Latin letters: letters and digits in one word ("Astra 2A", "MPEG-2", "X.25",
# "COVID-19") or letters joined by "&" ("V&A"). Not ordinals and decades ("19th", "1970s"),
# which a translation writes in its own language, nor abbreviations ("U.S."), which it may translate.
CODE = re.compile(r"(?<![\w.&-])(?:[A-Za-z\d]+(?:[.&/-][A-Za-z\d]+)+|[A-Za-z]+\d[A-Za-z\d]*|\d+[A-Za-z]+)(?![\w&-])")
_NOT_A_CODE = re.compile(r"^(?:(?:[A-Za-z]+-)?\d+(?:st|nd|rd|th)(?:-[A-Za-z]+)?|\d+0['’]?s|[A-Za-z]+(?:-[A-Za-z]+)*"
                         r"|\d+(?:[.,/-]\d+)*)$", re.I)


def _is_code(candidate: str) -> bool:
    return bool(re.search(r"[\d&]", candidate)) and not _NOT_A_CODE.match(candidate)


def codes(text: str) -> list[str]:
    """The Latin-letter codes of ``text`` (see ``CODE``), casefolded, sorted: a
    translation or gloss must keep each as printed ("Astra 2A" is not "ऐस्ट्रा 2")."""
    return sorted(m.group(0).casefold() for m in CODE.finditer(text) if _is_code(m.group(0)))


def split_codes(text: str, tokenise: Callable[[str], list[str]],
                whole: Callable[[str], list[str] | None] | None = None) -> list[str]:
    """``text`` as ``tokenise`` splits it, but each code kept one token as
    printed ("X.25", not "X" and "25"); ``whole`` may claim other ``CODE``
    matches too (returning their tokens, or None to leave them to ``tokenise``)."""
    out: list[str] = []
    pos = 0
    for m in CODE.finditer(text):
        c = m.group(0)
        kept = [c] if _is_code(c) else (whole(c) if whole else None)
        if kept:
            out += [*tokenise(text[pos:m.start()]), *kept]
            pos = m.end()
    return out + tokenise(text[pos:])


def without_codes(text: str) -> str:
    """``text`` with its codes blanked: they are words of no language ("MPEG-2 मानक" is Hindi)."""
    return CODE.sub(lambda m: " " if _is_code(m.group(0)) else m.group(0), text)


def listing(cands: list[Candidate]) -> str:
    """The candidates as the model sees them: one numbered sentence a line."""
    return "\n".join(f"[{i}] {c.text}" for i, c in enumerate(cands, start=1))


def build_messages(question: str, cands: list[Candidate], lang: str) -> list[dict]:
    p = prompt("read", lang)
    user = p["user"].format(sentences=listing(cands), question=question)
    return [{"role": "system", "content": p["system"]}, {"role": "user", "content": user}]


def reader_overhead(question: str, lang: str, count: Callable[[str], int]) -> int:
    """Tokens the reader's prompt costs before any sentence (16 for the chat template)."""
    return sum(count(m["content"]) for m in build_messages(question, [], lang)) + 16


def parse(raw: str, cands: list[Candidate]) -> Reading:
    """Check a reply: valid JSON, a sentence that exists, an answer copied from it."""
    try:
        data = json.loads(raw)
        n, answer = int(data.get("sentence", 0)), str(data.get("answer", "")).strip()
    except (ValueError, TypeError, AttributeError):
        return Reading(False, reason="the reply is not the JSON asked for", raw=raw)
    if n == 0 or not answer:
        return Reading(False, 0, reason="the model found no answer in the sentences", raw=raw)
    order = ([n - 1] if 1 <= n <= len(cands) else []) + [i for i in range(len(cands)) if i != n - 1]
    for i in order:  # the sentence it named first; a copy from another given sentence counts too
        span = locate(answer, cands[i].text)
        if span is not None:
            return Reading(True, i + 1, cands[i].text[span[0]:span[1]], span[0], span[1], raw=raw)
    return Reading(False, n, reason="the model's answer is not copied from the sentences", raw=raw)


def agrees(reading: Reading, cands: list[Candidate], best: Candidate, words: str,
           asked: QuestionInfo | None = None) -> bool:
    """The model's copy stays with the ranked sentence ``best`` and either
    refines its ranked answer ``words`` (a content word in common: it may trim
    or extend them) or, given the question ``asked``, is other words of that
    sentence that pass ``plausible``: the span scorer's words are no better a
    guess than a verified reading of the same sentence (an English question's
    words in a Hindi sentence, above all)."""
    if cands[reading.sentence - 1] is not best:
        return False
    # A content word in common: "और", "की" in both make no refinement ("सस्ते सामूहिक विवाह
    # समारोहों की …" is not "बेहद महँगी दहेज की माँगों …").
    common = set(fold(reading.answer).split()) & set(fold(words).split())
    if any(w not in TRIM and w not in stopwords() for w in common):
        return True
    return asked is not None and plausible(asked, reading.answer)


def cuts_a_name(asked: QuestionInfo, answer: str, words: str) -> bool:
    """For a "who" question, whether the model's ``answer`` is the ranked
    ``words`` with part of a name cut off: "क्वांग चोल" for "नो क्वांग चोल",
    "बेलोसोव" for "आंद्रेई बेलोसोव", "किम जोंग" for "किम जोंग उन". A title or a
    function word left out is no cut ("नो क्वांग चोल" for "रक्षा मंत्री नो
    क्वांग चोल"). Qwen2.5-Coder-1.5B's copies lost seed questions this way
    (evals/RESULTS.md, sixteenth session)."""
    a, w = answer.split(), words.split()
    if asked.answer_type != "person" or not a or len(a) >= len(w):
        return False
    folded, want = [fold(x) for x in w], [fold(x) for x in a]
    for i in range(len(w) - len(a) + 1):
        if folded[i:i + len(a)] == want:
            before = w[i - 1] if i else ""
            after = w[i + len(a)] if i + len(a) < len(w) else ""
            return bool(before and not _leaves_out(before)) or bool(after and after.lower() not in TRIM)
    return False


def _leaves_out(word: str) -> bool:
    """A word a name's reader may drop before it: a title or a function word."""
    return word in TITLES or word.rstrip(".") in _TITLES_EN or word.lower() in TRIM


_TITLES_EN = frozenset(t.rstrip(".") for title in TITLES.values() for t in title.split())


def plausible(asked: QuestionInfo, answer: str) -> bool:
    """Whether ``answer`` can answer ``asked`` at all: not only the question's
    own words (a weak reader answers "What is DECnet?" with "DECnet"), and of
    the kind asked for: a number for "how many", a date or number for "when",
    for "who" and "where" words that are not only a number or a date."""
    tokens = keyword_tokens(answer)
    own = set(asked.tokens) | set(asked.matches) | {a for pair in asked.alternatives for a in pair}
    if not tokens or all(t in own for t in tokens):
        return False
    kind = asked.answer_type
    if kind == "number":
        return bool(gives_number(kind, asked.text, answer))
    dated = bool(CUES["time"].search(answer) or CUES["number"].search(answer))
    if kind == "time":
        return dated
    if kind in ("person", "place"):  # "शुक्रवार" is no name, "25" no place
        rest = CUES["number"].sub("", CUES["time"].sub("", answer))
        return len(re.sub(r"[\W\d_]", "", rest)) >= 2
    return True


def read(llm: OllamaLLM, question: str, cands: list[Candidate], lang: str, usage: Usage) -> Reading:
    """Ask the model which candidate answers and with which words; verified.
    Raises ``LLMUnavailable`` when the server cannot answer."""
    raw, _ = llm.complete(build_messages(question, cands, lang), num_predict=64, format=SCHEMA, usage=usage)
    return parse(raw.strip(), cands)
