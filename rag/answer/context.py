"""From retrieved passages to ranked evidence: every sentence of the passages
(instruction-like ones dropped), embedded once, ranked by how likely it holds
the answer; and the slice of it a model reads, within a budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from rag.answer import rank as R
from rag.answer.cues import QuestionInfo, analyse, uncertain_about
from rag.answer.defined import definitions
from rag.answer.follow import follow
from rag.answer.injection import looks_like_injection
from rag.answer.rank import Candidate, Idf
from rag.answer.roles import another_owner, asked_office
from rag.bridge.lexicon import Term
from rag.embed import Embedder
from rag.llm import estimate_tokens
from rag.retrieve import SearchResult
from rag.text import keyword_tokens, sentence_spans

# -------------------------------------------------------------- evidence


@dataclass
class Evidence:
    """Every usable sentence of the retrieved passages, best first."""

    question: QuestionInfo
    results: list[SearchResult]
    ranked: list[Candidate]
    dropped_injections: int = 0
    # Best first by the ranker's score alone, before ``follow`` moved a sentence up: the
    # answerability verdict weighs these (the moved sentence scores lower by design).
    scored: list[Candidate] = field(default_factory=list)

    def best(self, n: int = 1) -> list[Candidate]:
        return self.ranked[:n]

    def neighbours(self, c: Candidate) -> tuple[Candidate | None, Candidate | None]:
        """The sentences before and after ``c`` in its passage."""
        same = sorted((x for x in self.ranked if x.passage == c.passage), key=lambda x: x.start)
        i = next(k for k, x in enumerate(same) if x is c)
        return (same[i - 1] if i else None), (same[i + 1] if i + 1 < len(same) else None)


def bridged(info: QuestionInfo, terms: list[Term]) -> QuestionInfo:
    """The question with each word the index lacks replaced by the index word
    the bridge matched best (defence → रक्ष, रक्षा → defenc over English
    articles), so the ranker's word features see a question's words in
    sentences of the other script. A word the index has keeps its own token:
    its bridged matches are then mostly chance (शुरू ~ "sir")."""
    best: dict[str, str] = {}
    alternatives: list[tuple[str, str]] = []
    for t in terms:
        if len(t.matches) < 2 or t.known:
            continue
        top = max(m.weight for m in t.matches[1:])
        sure = list(dict.fromkeys(m.token for m in t.matches[1:] if m.weight == top))
        best[t.matches[0].token] = sure[0]
        # The other readings the bridge is as sure of count as that word: which of
        # "led" → दिख, मिल, प्रभावित, नेतृत्व a sentence uses is not known in advance.
        alternatives += [(alt, sure[0]) for alt in sure[1:]]
    if not best:
        return info
    # All matches too: the short answer marks a sentence's words as the question's by any of them.
    matches = tuple(dict.fromkeys(m.token for t in terms for m in t.matches[1:]))
    return replace(info, tokens=tuple(best.get(tok, tok) for tok in info.tokens), matches=matches,
                   alternatives=tuple(alternatives))


def gather(question: str, results: list[SearchResult], embedder: Embedder, idf: Idf | None = None,
           terms: list[Term] | None = None, every_feature: bool = False) -> Evidence:
    """Split the passages into sentences, embed them and rank them.

    ``idf`` should come from the whole index (``Assistant`` keeps one); without
    it the retrieved passages themselves are the corpus. ``terms`` are the
    question's bridged keyword terms (``KeywordIndex.expand``), if any.
    ``every_feature`` computes the ranker features its weights do not use too (for fitting).
    """
    info = analyse(question)
    if terms:
        info = bridged(info, terms)
    asked = set(info.tokens)
    if defined := tuple((a, long) for a, long in definitions(r.text for r in results)
                        if a in asked or set(long) <= asked):
        info = replace(info, defined=defined)
    cands: list[Candidate] = []
    dropped = 0
    for i, r in enumerate(results):
        for s, e in sentence_spans(r.text):
            text = r.text[s:e]
            if looks_like_injection(text):
                dropped += 1
                continue
            if len(text) >= 3:
                cands.append(Candidate(i, r.start + s, r.start + e, text, heading=_heading(r.text, s, e)))
    if not cands:
        return Evidence(info, results, [], dropped)
    q_vec = embedder.embed_query(question)
    vectors, states = embedder.embed_passages_with_tokens([c.text for c in cands])
    for k, (c, v) in enumerate(zip(cands, vectors, strict=True)):
        c.vector = v
        c.states = states[k] if states else None
    idf = idf or Idf.from_token_lists([keyword_tokens(r.text) for r in results])
    ranks = list(range(len(results)))
    q_states = embedder.query_tokens(question) if states else None
    ranked = R.rank(info, cands, q_vec, idf, ranks, q_states, every_feature)
    # A sentence saying another detail of the topic is not known ("… स्पष्ट नहीं है कि
    # मिसाइल किस प्रकार की थी" for "मिसाइल कब दागी गई?") matches the question's words
    # but answers nothing it asks; a heading ("दक्षिण कोरिया की खुफिया एजेंसी का दावा")
    # names a topic and states nothing. Both go after the sentences that may answer.
    # So does a sentence giving the office asked about to another holder ("रूस के रक्षा
    # मंत्री …" for "यूक्रेन के रक्षा मंत्री कौन हैं?"; the deputy for the minister: ``roles``).
    office = asked_office(question)
    last = [c for c in ranked
            if c.heading or uncertain_about(info, c.text) is False or another_owner(office, c.text)]
    if last and len(last) < len(ranked):
        ranked = [c for c in ranked if c not in last] + last
    evidence = Evidence(info, results, ranked, dropped, scored=ranked)
    evidence.ranked = follow(info, ranked, idf, lambda c: evidence.neighbours(c)[1])
    return evidence


_MAX_HEADING_WORDS = 12


def _heading(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a heading: a short line of its own with no
    closing punctuation (a sentence cut at a passage's end is no heading)."""
    line_before = start == 0 or text[:start].rstrip(" \t").endswith("\n")
    line_after = text[end:].lstrip(" \t").startswith("\n")
    closed = text[end - 1] in "।॥?!.…\"'”’)"
    return line_before and line_after and not closed and len(text[start:end].split()) <= _MAX_HEADING_WORDS


# --------------------------------------------------------------- context


@dataclass
class ContextPassage:
    marker: int  # the [n] a citation shows
    result: SearchResult
    sentences: list[Candidate]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass
class Context:
    """The best-ranked sentences that fit a budget, under passage markers
    numbered by relevance."""

    passages: list[ContextPassage]
    dropped_injections: int = 0
    budget_tokens: int = 0
    used_tokens: int = 0
    sentences_available: int = 0

    def render(self) -> str:
        return "\n".join(f"[{p.marker}] {p.text}" for p in self.passages)


def select_context(evidence: Evidence, budget_tokens: int, max_sentences: int,
                   count_tokens: Callable[[str], int] = estimate_tokens) -> Context:
    """The best-ranked sentences that fit ``budget_tokens`` (at most
    ``max_sentences``), shown in document order under their passage's marker."""
    ctx = Context([], dropped_injections=evidence.dropped_injections, budget_tokens=budget_tokens,
                  sentences_available=len(evidence.ranked))
    chosen: dict[int, list[Candidate]] = {}
    used = 0
    for c in evidence.ranked:
        if sum(len(v) for v in chosen.values()) >= max_sentences:
            break
        header = 0 if c.passage in chosen else 4  # "[n] " and the line break
        cost = count_tokens(c.text) + 1 + header
        if used + cost > budget_tokens:
            continue
        used += cost
        chosen.setdefault(c.passage, []).append(c)
    for marker, i in enumerate(sorted(chosen, key=lambda i: -max(c.score for c in chosen[i])), start=1):
        ctx.passages.append(ContextPassage(marker, evidence.results[i], sorted(chosen[i], key=lambda c: c.start)))
    ctx.used_tokens = used
    return ctx

