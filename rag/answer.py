"""From retrieved passages to a checked answer: context chosen within a token
budget, prompts from ``prompts/``, citation markers verified and aligned to
sentence spans in code, a grounding guard, abstention and the extractive
answer. No I/O with Ollama here (that is ``rag/llm.py``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from rag.embed import Embedder
from rag.llm import estimate_tokens
from rag.retrieve import SearchResult
from rag.text import detect_language, keyword_tokens, normalize, sentence_spans

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
NOT_FOUND = "NOT_IN_ARTICLES"


@cache
def prompt(name: str, lang: str, directory: str = str(PROMPTS_DIR)) -> dict[str, str]:
    """A prompt file (``prompts/NAME.LANG.toml``) with its ``system`` and ``user`` parts."""
    return tomllib.loads((Path(directory) / f"{name}.{lang}.toml").read_text(encoding="utf-8"))


@cache
def messages(lang: str, directory: str = str(PROMPTS_DIR)) -> dict[str, str]:
    return tomllib.loads((Path(directory) / "messages.toml").read_text(encoding="utf-8"))[lang]


_ASKS_EN = re.compile(r"\b(in|into) english\b|अंग्रेज़ी में|अंग्रेजी में|इंग्लिश में", re.I)
_ASKS_HI = re.compile(r"\b(in|into) hindi\b|हिंदी में|हिन्दी में", re.I)


def answer_language(question: str, setting: str) -> str:
    """The answer follows the question's language, unless the settings or the
    question itself ("… in English?", "… हिंदी में बताइए") ask for another."""
    if setting in ("hi", "en"):
        return setting
    question = normalize(question)  # ज़ typed as one code point (U+095B) is ज + nukta in NFC
    if _ASKS_EN.search(question):
        return "en"
    if _ASKS_HI.search(question):
        return "hi"
    return "en" if detect_language(question) == "en" else "hi"


# ------------------------------------------------------------- injection

# Sentences in an article that address the assistant rather than the reader.
# They never reach the prompt: passages are data, not instructions.
_INJECTION = re.compile(
    r"ignore\s+(all\s+|any\s+)?(the\s+)?(previous|prior|above|earlier)\s+(instructions|prompts?|rules)"
    r"|disregard\s+(all\s+|the\s+)?(previous|prior|above)|you\s+are\s+now\s+|new\s+instructions\s*:"
    r"|^\s*(system|assistant)\s*:|<\|im_start\|>|<\|im_end\|>|\[/?INST\]"
    r"|(पिछले|पूर्व|ऊपर\s+के|सभी)\s+(सभी\s+)?निर्देश(ों)?\s+(को\s+)?(अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल)\s*"
    r"(करें|करो|कीजिए|कर\s+दें|कर\s+दो|जाएं|जाओ|जाइए)"
    r"|NOT_IN_ARTICLES",
    re.IGNORECASE | re.MULTILINE,
)


def looks_like_injection(sentence: str) -> bool:
    return bool(_INJECTION.search(sentence))


# --------------------------------------------------------------- context


@dataclass
class ContextSentence:
    start: int  # span in the document
    end: int
    text: str
    score: float
    vector: np.ndarray | None = field(default=None, repr=False)  # its passage embedding, reused by the checks


@dataclass
class ContextPassage:
    marker: int  # the [n] the model cites
    result: SearchResult
    sentences: list[ContextSentence]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass
class Context:
    passages: list[ContextPassage]
    dropped_injections: int = 0
    budget_tokens: int = 0
    used_tokens: int = 0
    sentences_available: int = 0

    def by_marker(self) -> dict[int, ContextPassage]:
        return {p.marker: p for p in self.passages}

    def render(self) -> str:
        return "\n".join(f"[{p.marker}] {p.text}" for p in self.passages)


def select_context(
    question: str,
    results: list[SearchResult],
    embedder: Embedder,
    budget_tokens: int,
    max_sentences: int,
    count_tokens: Callable[[str], int] = estimate_tokens,
) -> Context:
    """The most relevant sentences of the retrieved passages, within the budget.

    Prompt processing on a CPU is the slow step (about 19 tokens/s for a 1.5B
    model, one token per Devanagari character), so the model gets the
    sentences that match the question, not whole passages. Sentences are
    scored by cosine to the question (cross-lingual) plus the share of the
    question's keywords they contain, chosen best first while they fit, and
    shown in document order under their passage's marker.
    """
    candidates: list[tuple[int, ContextSentence]] = []
    dropped = 0
    for i, r in enumerate(results):
        for s, e in sentence_spans(r.text):
            text = r.text[s:e]
            if looks_like_injection(text):
                dropped += 1
                continue
            if len(text) < 3:
                continue
            candidates.append((i, ContextSentence(r.start + s, r.start + e, text, 0.0)))
    ctx = Context([], dropped_injections=dropped, budget_tokens=budget_tokens,
                  sentences_available=len(candidates))
    if not candidates:
        return ctx
    q_vec = embedder.embed_query(question)
    vecs = embedder.embed_passages([c.text for _, c in candidates])
    dense = vecs @ q_vec
    q_tokens = set(keyword_tokens(question))
    for (_, c), d, v in zip(candidates, dense, vecs, strict=True):
        c.vector = v
        lexical = len(q_tokens & set(keyword_tokens(c.text))) / len(q_tokens) if q_tokens else 0.0
        # A headline line (no sentence-final mark) rarely answers a question on
        # its own and costs prompt time: it goes last.
        headline = 0.0 if c.text[-1] in "।॥?!.…\"'”’)" else 1.0
        c.score = float(d) + 0.1 * lexical - headline
    chosen: dict[int, list[ContextSentence]] = {}
    used = 0
    for i, c in sorted(candidates, key=lambda x: -x[1].score):
        if sum(len(v) for v in chosen.values()) >= max_sentences:
            break
        header = 0 if i in chosen else 4  # "[n] " and the line break
        cost = count_tokens(c.text) + 1 + header
        if used + cost > budget_tokens:
            continue
        used += cost
        chosen.setdefault(i, []).append(c)
    marker = 0
    for i in sorted(chosen, key=lambda i: -max(c.score for c in chosen[i])):
        marker += 1
        ctx.passages.append(ContextPassage(marker, results[i], sorted(chosen[i], key=lambda c: c.start)))
    ctx.used_tokens = used
    return ctx


def build_messages(lang: str, question: str, context: Context) -> list[dict]:
    p = prompt("answer", lang)
    return [
        {"role": "system", "content": p["system"]},
        {"role": "user", "content": p["user"].format(passages=context.render(), question=question)},
    ]


def prompt_overhead(lang: str, question: str, count_tokens: Callable[[str], int] = estimate_tokens) -> int:
    """Tokens the prompt costs before any passage is added (16 for the chat template's markers)."""
    p = prompt("answer", lang)
    return count_tokens(p["system"]) + count_tokens(p["user"].format(passages="", question=question)) + 16


# ------------------------------------------------------------- citations


@dataclass
class Citation:
    marker: int
    doc_id: str
    title: str
    path: str
    start: int  # the supporting sentence's span in the document
    end: int
    quote: str  # document_text[start:end]
    passage_start: int
    passage_end: int
    support: float  # how well the quote supports the cited answer sentence (cosine)

    def to_dict(self) -> dict:
        return asdict(self)


_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


def parse_markers(text: str, valid: set[int]) -> tuple[str, int]:
    """Drop markers that point to no given passage; return (text, how many were dropped)."""
    removed = 0

    def fix(m: re.Match) -> str:
        nonlocal removed
        nums = [int(n) for n in re.findall(r"\d+", m.group(1))]
        keep = [n for n in nums if n in valid]
        removed += len(nums) - len(keep)
        return "".join(f"[{n}]" for n in keep)

    cleaned = _MARKER.sub(fix, text)
    return re.sub(r"[ \t]+([।.!?,])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned)).strip(), removed


_LEADING_MARKERS = re.compile(r"(?:\s*\[\d+(?:\s*,\s*\d+)*\])+\s*")


def answer_sentences(text: str) -> list[tuple[str, list[int]]]:
    """Each sentence of the answer (markers removed) with the markers it carries.

    A marker standing after the sentence's full stop ("… दागी। [1]") belongs
    to the sentence before it.
    """
    text = re.sub(r"([।॥?!.…])(?=\[\d)", r"\1 ", text)  # "दागी।[1]" splits like "दागी। [1]"
    out: list[tuple[str, list[int]]] = []
    for s, e in sentence_spans(text):
        piece = text[s:e]
        lead = _LEADING_MARKERS.match(piece)
        if lead and out:
            out[-1][1].extend(int(n) for n in re.findall(r"\d+", lead.group()))
            piece = piece[lead.end() :]
        markers = [int(n) for g in _MARKER.findall(piece) for n in re.findall(r"\d+", g)]
        bare = re.sub(r"\s+([।॥?!.,…])", r"\1", _MARKER.sub("", piece)).strip()
        if not re.search(r"\w", bare):
            if out and markers:
                out[-1][1].extend(markers)
            continue
        out.append((bare, markers))
    return out


@dataclass
class Grounding:
    ok: bool
    reason: str = ""
    unsupported: list[str] = field(default_factory=list)
    repointed: int = 0  # markers moved to the passage that supports the sentence
    text: str = ""  # the answer with its markers as checked and corrected


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


# e5 cosines: a faithful Hindi paraphrase of a Hindi sentence 0.91-0.95, unrelated
# Hindi 0.81-0.86; a faithful English rendering of a Hindi sentence 0.86-0.91,
# unrelated English at most 0.80 (measured in tests/test_answer.py's cases).
SUPPORT_COSINE = {True: 0.9, False: 0.85}  # same script?


def check_and_cite(
    answer: str, context: Context, embedder: Embedder, document_text: dict[str, str], question: str = ""
) -> tuple[list[Citation], Grounding]:
    """Align every answer sentence to its supporting sentence, and check grounding.

    The model's markers say which passage; the code finds the sentence in it
    (best cosine to the answer sentence). A sentence without a marker, or
    whose cited passage does not support it while another does, is aligned to
    the best sentence of any passage, and its marker corrected (counted in
    ``Grounding.repointed``). A sentence is supported when half its keywords
    occur in the passage or its cosine to the sentence is at least
    SUPPORT_COSINE (higher within one script than across scripts). The guard fails when a number in
    the answer is in no cited passage, a sentence has no support, or the
    answer only repeats the question. ``Grounding.text`` is the answer with
    its markers as corrected.
    """
    sentences = answer_sentences(answer)
    if not sentences:
        return [], Grounding(False, "the answer is empty")
    all_ctx = [(p, s) for p in context.passages for s in p.sentences]
    if all_ctx and all(s.vector is not None for _, s in all_ctx):  # embedded once already, by select_context
        ctx_vecs = np.stack([s.vector for _, s in all_ctx])
    else:
        ctx_vecs = embedder.embed_passages([s.text for _, s in all_ctx])
    ans_vecs = embedder.embed_passages([s for s, _ in sentences])
    sims = ans_vecs @ ctx_vecs.T
    ctx_tokens = [set(keyword_tokens(s.text)) for _, s in all_ctx]
    citations: dict[tuple[int, int], Citation] = {}
    unsupported: list[str] = []
    repointed = 0
    cited_text = ""
    parts: list[str] = []
    for row, (sentence, markers) in enumerate(sentences):
        tokens = set(keyword_tokens(sentence))

        def support(j: int, row: int = row, tokens: set[str] = tokens, sentence: str = sentence) -> tuple[bool, float]:
            lexical = len(tokens & ctx_tokens[j]) / len(tokens) if tokens else 1.0
            same = detect_language(sentence) == detect_language(all_ctx[j][1].text)
            return lexical >= 0.5 or sims[row, j] >= SUPPORT_COSINE[same], lexical + float(sims[row, j])

        everywhere = list(range(len(all_ctx)))
        cited = [j for j, (p, _) in enumerate(all_ctx) if p.marker in markers]
        j = max(cited or everywhere, key=lambda k: support(k)[1])
        if not support(j)[0]:
            best = max(everywhere, key=lambda k: support(k)[1])
            if support(best)[0]:
                repointed += bool(cited)
                j = best
            else:
                unsupported.append(sentence)
        p, s = all_ctx[j]
        cited_text += " " + p.text
        # The marker goes before the sentence's final mark, as the prompt's example has it.
        m = re.match(r"(.*?)([।॥?!.…]*)$", sentence, re.S)
        parts.append(f"{m.group(1)} [{p.marker}]{m.group(2)}")
        key = (p.marker, s.start)
        if key not in citations:
            r = p.result
            text = document_text.get(r.doc_id, "")
            citations[key] = Citation(
                marker=p.marker, doc_id=r.doc_id, title=r.title, path=r.path, start=s.start, end=s.end,
                quote=text[s.start : s.end] if text else s.text, passage_start=r.start,
                passage_end=r.end, support=round(float(sims[row, j]), 3),
            )
    cites = list(citations.values())
    fixed = " ".join(parts)
    q_tokens = set(keyword_tokens(question))
    a_tokens = set(keyword_tokens(" ".join(s for s, _ in sentences)))
    if question and a_tokens <= q_tokens:
        return cites, Grounding(False, "the answer only repeats the question", [], repointed, fixed)
    known = set(_NUMBER.findall(cited_text.translate(_DIGITS)))
    invented = [n for n in _NUMBER.findall(_MARKER.sub("", answer).translate(_DIGITS)) if n not in known]
    if invented:
        reason = f"numbers not in the cited passages: {', '.join(sorted(set(invented)))}"
        return cites, Grounding(False, reason, unsupported, repointed, fixed)
    if unsupported:
        reason = f"{len(unsupported)} of {len(sentences)} sentences have no support in the passages"
        return cites, Grounding(False, reason, unsupported, repointed, fixed)
    return cites, Grounding(True, "", [], repointed, fixed)


# ------------------------------------------------------------ extractive


def extractive(context: Context, max_sentences: int = 2) -> tuple[str, list[Citation]]:
    """The best sentence of the context and the next best of the same passage,
    each with its citation.

    The runner-up sentence of another passage is left out: it was usually a
    weaker passage, and citing it halved the citations' precision. Measured by
    simulation at the default budget (`evals/RESULTS.md`): citation precision
    0.609 → 0.897 on the seed set with contains-gold unchanged (0.692), 0.715 →
    0.920 on 100 XQuAD-hi questions for 0.780 → 0.750.
    """
    ranked = sorted(((s.score, p, s) for p in context.passages for s in p.sentences), key=lambda x: -x[0])
    best = [x for x in ranked if x[1] is ranked[0][1]] if ranked else []
    picked = sorted(best[:max_sentences], key=lambda x: x[2].start)
    parts, cites = [], []
    for score, p, s in picked:
        parts.append(f"{s.text} [{p.marker}]")
        r = p.result
        cites.append(Citation(p.marker, r.doc_id, r.title, r.path, s.start, s.end, s.text, r.start, r.end,
                              round(score, 3)))
    return " ".join(parts), cites


def pointed_markers(text: str) -> list[int]:
    """The markers of a reply that is nothing but markers ("[1]", "[1] [3]"):
    small models often answer by pointing at the passage instead of writing
    the answer. Empty when the reply has words of its own."""
    if _MARKER.sub("", text).strip(" \t\n.,;:।॥-"):
        return []
    return sorted({int(n) for m in _MARKER.finditer(text) for n in re.findall(r"\d+", m.group(1))})


def is_refusal(text: str) -> bool:
    """The model said the passages do not hold the answer."""
    t = text.strip()
    return NOT_FOUND.lower() in t.lower().replace(" ", "_") or t.lower().startswith("not_in")


# multilingual-e5 scores a question against a passage in the other language
# lower than against one in its own: on the seed set the answerable questions'
# best cosines had a median of 0.885 in Hindi but 0.841 in English (against the
# Hindi articles), and a right en->hi passage scored 0.776. The threshold is
# lowered by this much for passages in another language than the question.
CROSS_LINGUAL_MARGIN = 0.04


def evidence_is_weak(results: list[SearchResult], min_evidence: float, question_lang: str | None = None) -> bool:
    """No passage is close enough to be worth asking the model about."""
    if any(r.keyword_score for r in results):
        return False

    def threshold(r: SearchResult) -> float:
        cross = question_lang is not None and r.lang in ("hi", "en") and r.lang != question_lang
        return min_evidence - (CROSS_LINGUAL_MARGIN if cross else 0.0)

    return not any((r.dense_score or 0.0) >= threshold(r) for r in results)
