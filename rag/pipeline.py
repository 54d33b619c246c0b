"""One ``Assistant`` for everyone (CLI, Python API, browser): question ->
standalone question -> retrieval -> ranked sentences -> answerability ->
the best sentence's answer at once (the draft) -> the model as a reader,
verified -> the answer. Never silent about which mode answered, or why.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from rag import answer as A
from rag.answer.answerability import Verdict, judge
from rag.answer.profile import reader_settings
from rag.answer.rank import Idf
from rag.config import Settings
from rag.index import Filters, Index
from rag.llm import LLMTokenizer, LLMUnavailable, OllamaLLM, Usage, estimate_tokens
from rag.retrieve import Retriever, SearchResult

Mode = Literal["llm", "extractive", "abstained"]
# Prompt tokens/s assumed before the server's speed is measured: Qwen2.5-1.5B
# on a 2-core CPU reads about 35; one answer later the measurement decides.
DEFAULT_PROMPT_SPEED = 35.0


@dataclass
class Turn:
    question: str
    answer: str


@dataclass
class Answer:
    question: str
    standalone_question: str
    text: str  # what the user reads: the short answer, then the quoted sentence with its [1]
    language: str
    mode: Mode  # 'llm': the model read and its copy was verified; 'extractive': rules only
    citations: list[A.Citation]
    passages: list[SearchResult]  # the passages retrieved and shown
    model: str | None
    short: str = ""  # the few words that answer (in the answer's language when the model rendered them)
    short_source: str = ""  # those words as the article has them
    quote: str = ""  # the sentence(s) they come from, exactly as in the article
    answerability: Verdict | None = None
    notice: str = ""  # why the mode is what it is, shown to the user
    llm_error: str = ""  # set when Ollama failed (down, stuck, model missing) and the rules stood in
    llm_text: str = ""  # the model's raw reply
    reader: str = ""  # why the model's reading was not used ('' when it was, or no model was asked)
    translation: dict | None = None  # the model's translation of the words, checked (render.Rendering)
    gloss: dict | None = None  # their word-by-word gloss, checked (gloss.Glosser.render), when tried
    candidates: int = 0  # sentences the model was given
    dropped_injections: int = 0
    context: str = ""  # the candidate sentences exactly as the model was given them
    timings: dict[str, float] = field(default_factory=dict)  # ms: retrieval, draft, llm, render, total
    tokens: dict[str, int] = field(default_factory=dict)  # prompt, completion, budget

    def to_dict(self) -> dict:
        return {
            "question": self.question, "standalone_question": self.standalone_question, "text": self.text,
            "short": self.short, "short_source": self.short_source, "quote": self.quote,
            "language": self.language, "mode": self.mode, "model": self.model, "notice": self.notice,
            "answerability": None if self.answerability is None else self.answerability.to_dict(),
            "llm_text": self.llm_text, "llm_error": self.llm_error, "reader": self.reader,
            "translation": self.translation, "gloss": self.gloss,
            "citations": [c.to_dict() for c in self.citations],
            "passages": [p.to_dict() for p in self.passages],
            "candidates": self.candidates, "dropped_injections": self.dropped_injections,
            "context": self.context, "timings": self.timings, "tokens": self.tokens,
        }


@dataclass
class Event:
    """A step of a streamed answer: 'question' (the standalone question),
    'passages' (retrieval done), 'draft' (the rule-based Answer, shown at once
    while the model reads), 'done' (the final Answer)."""

    kind: Literal["question", "passages", "draft", "done"]
    data: object


class Assistant:
    def __init__(self, settings: Settings, index: Index | None = None) -> None:
        self.settings = settings
        self.index = index or Index(settings)
        self.retriever = Retriever(self.index)
        self._tokenizers: dict[str, LLMTokenizer] = {}
        self._idf_cache: tuple[int, Idf] | None = None
        self._speed: dict[str, float] = {}  # measured prompt tokens/s per model
        self._glosser: A.Glosser | None = None  # built on the first English answer from Hindi words
        self._hindi_glosser: A.HindiGlosser | None = None  # and the other way

    @classmethod
    def from_config(cls, **overrides: object) -> Assistant:
        return cls(Settings.load(overrides=dict(overrides)))

    # ------------------------------------------------------------ public
    def ask(self, question: str, history: list[Turn] | None = None, llm: str | None = None,
            filters: Filters | None = None) -> Answer:
        for event in self.stream(question, history, llm, filters):
            if event.kind == "done":
                return event.data  # type: ignore[return-value]
        raise RuntimeError("the pipeline ended without an answer")  # pragma: no cover

    def chat(self, question: str, history: list[Turn], llm: str | None = None) -> Answer:
        """Answer ``question`` in the conversation ``history`` and append the turn to it."""
        result = self.ask(question, history, llm)
        history.append(Turn(question, result.text))
        return result

    def stream(self, question: str, history: list[Turn] | None = None, llm: str | None = None,
               filters: Filters | None = None) -> Iterator[Event]:
        t0 = time.perf_counter()
        model = llm if llm is not None else self.settings.llm
        use_llm = model.lower() != "none"
        client = OllamaLLM(self.settings, model) if use_llm else None
        lang = A.answer_language(question, self.settings.answer_language)
        msgs = A.messages(lang)
        notices: list[str] = []

        standalone = question
        if history:
            standalone, note = self._standalone(question, history, client, lang)
            if note:
                notices.append(note)
        yield Event("question", standalone)

        _ = self.index.embedder.model  # loaded once, outside the retrieval timing
        t = time.perf_counter()
        # "According to both articles, …": searched and ranked by what it asks, not where.
        each_article = A.asks_each_article(standalone)
        focus = A.without_articles_phrase(standalone) if each_article else standalone
        results = self.retriever.search(focus, top_k=self.settings.context_passages, filters=filters)
        retrieval_ms = (time.perf_counter() - t) * 1000
        yield Event("passages", results)

        def finish(ans: Answer) -> Event:
            ans.timings.setdefault("retrieval_ms", round(retrieval_ms, 1))
            ans.timings["total_ms"] = round((time.perf_counter() - t0) * 1000, 1)
            ans.notice = " ".join([*notices, ans.notice]).strip()
            return Event("done", ans)

        # A romanised Hindi question is ranked against the sentences as the
        # retriever's Devanagari rendering of it (its words, cues and embedding).
        terms = self.index.keyword.expand(focus, bridge=self.settings.bridge)
        evidence = A.gather(self.retriever.dense_query(focus, results), results, self.index.embedder,
                            self._idf(), terms)
        top = A.quoted_sentences(evidence, evidence.ranked[0]) if evidence.ranked else []
        best_text = " ".join(c.text for c in top)
        unmentioned = None
        if results and A.countries_named(focus):  # whole articles read only for a question naming a country
            docs = dict.fromkeys(r.doc_id for r in results)
            unmentioned = A.unmentioned(focus, [self.index.store.document_text(d) for d in docs])
        verdict = judge([(c.features, c.score) for c in evidence.scored], self.settings.min_answerability,
                        evidence.question, best_text, unmentioned)
        base = dict(question=question, standalone_question=standalone, language=lang, passages=results,
                    model=model if use_llm else None, answerability=verdict,
                    dropped_injections=evidence.dropped_injections)
        if not verdict.answerable:
            if verdict.reason == "unknown":  # the article says it is not known: quoted, cited
                said = A.cite(1, results[top[-1].passage], top, self.index.store.document_text(
                    results[top[-1].passage].doc_id))
                other = A.source_language(said.quote, lang) != lang
                yield finish(Answer(**base, text=f"{msgs['abstain']} {msgs['unknown']}\n\n“{said.quote}” [1]",
                                    mode="abstained", citations=[said], quote=said.quote,
                                    notice=msgs["quote_language"] if other else ""))
                return
            why = msgs[verdict.reason].format(names=", ".join(verdict.unmentioned)) + " " if verdict.reason else ""
            yield finish(Answer(**base, text=msgs["abstain"], mode="abstained", citations=[],
                                notice=why + msgs["closest"] if results else ""))
            return

        parts = A.per_article(evidence, standalone) if each_article else []
        if len(parts) > 1:  # "according to both articles": each article's own best sentence
            yield finish(self._each_article(base, evidence, parts, lang, client is None))
            return

        doc_text = self.index.store.document_text
        best = evidence.ranked[0]
        quoted = A.quoted_sentences(evidence, best)
        short = A.rule_span(evidence.question, best, evidence.results, quoted[0].text if len(quoted) > 1 else "")
        glossed = self._gloss(evidence, best, short, lang)
        drafted = A.compose(evidence, best, short, lang, doc_text(results[best.passage].doc_id),
                            *_shown(glossed))
        draft = Answer(**base, text=drafted.text, mode="extractive", citations=drafted.citations,
                       short=drafted.short, short_source=drafted.short_source, quote=drafted.quote,
                       notice=drafted.notice, gloss=None if glossed is None else glossed.to_dict())
        draft.timings["draft_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        if client is None:
            draft.notice = f"{draft.notice} {msgs['extractive_notice']}".strip()
            yield finish(draft)
            return
        yield Event("draft", draft)

        count = self._tokenizer(client)
        sentences, policy = reader_settings(self.settings, client.model)
        cands, budget = self._candidates(evidence, lang, count, client.model, sentences)
        usage = Usage()
        draft.candidates, draft.context = len(cands), A.listing(cands)
        try:
            reading = A.read(client, standalone, cands, lang, usage)
        except LLMUnavailable as e:
            draft.llm_error = str(e)
            draft.notice = f"{e}. {draft.notice}".strip()
            yield finish(draft)
            return
        self._learn_speed(client.model, usage)
        timings = {"draft_ms": draft.timings["draft_ms"], "llm_ms": round(usage.total_ms, 1)}
        tokens = {"prompt": usage.prompt_tokens, "completion": usage.completion_tokens, "budget": budget}
        # Words a grammar rule found (or the doer a pronoun stands for) are refined, never replaced:
        # the model's other words of the sentence were wrong where a rule had read it (seeds, 18th session).
        ruled = short not in best.text or bool(A.rule_of(evidence.question, best.text))
        if reading.ok and policy == "agree" and not A.agrees(reading, cands, best, short,
                                                              None if ruled else evidence.question):
            reading = replace(reading, ok=False, reason="the model's words are not the ranked answer's")
        cut = reading.ok and cands[reading.sentence - 1] is best and A.cuts_a_name(evidence.question,
                                                                                    reading.answer, short)
        if cut:
            reading = replace(reading, ok=False, reason="the model's words cut the ranked answer's name short")
        # The model's verified copy, else the ranked words; either is then put
        # into the question's language when the sentence is in another one.
        chosen, short = (cands[reading.sentence - 1], reading.answer) if reading.ok else (best, short)
        if reading.ok:  # one item of a list or end of a range copied: the whole of it, as the rule's span
            short = A.completed(evidence.question, chosen.text, short)
        if chosen is not best or short != draft.short_source:
            glossed = self._gloss(evidence, chosen, short, lang)
        # The gloss, shown or not, guides the model's translation (held-out right 0.33 -> 0.40).
        rendering = self._render(client, evidence, chosen, short, lang, timings, glossed.raw if glossed else "")
        # Of the model's translation and the gloss, the checked one closest to the article's words.
        shown = max((r for r in (rendering, glossed) if r is not None and r.ok), key=lambda r: r.similarity,
                    default=None)
        reader_notice = "" if reading.ok else msgs["reader_notice"].format(reason=reading.reason)
        if reading.ok and keeps_draft(draft, chosen, best, shown, A.needs_rendering(evidence, chosen, short, lang)):
            draft.reader, draft.llm_text, draft.timings, draft.tokens = msgs["reader_language"], reading.raw, \
                timings, tokens
            draft.translation = None if rendering is None else rendering.to_dict()
            draft.notice = f"{msgs['reader_language']} {draft.notice}".strip()
            yield finish(draft)
            return
        if not reading.ok and rendering is None:
            draft.reader, draft.llm_text, draft.timings, draft.tokens = reading.reason, reading.raw, timings, tokens
            draft.notice = f"{reader_notice} {draft.notice}".strip()
            yield finish(draft)
            return
        done = A.compose(evidence, chosen, short, lang, doc_text(results[chosen.passage].doc_id), *_shown(shown))
        yield finish(Answer(**base, text=done.text, mode="llm" if reading.ok else "extractive",
                            citations=done.citations, short=done.short, short_source=done.short_source,
                            quote=done.quote, notice=f"{reader_notice} {done.notice}".strip(), llm_text=reading.raw,
                            reader="" if reading.ok else reading.reason,
                            translation=None if rendering is None else rendering.to_dict(),
                            gloss=None if glossed is None else glossed.to_dict(),
                            candidates=len(cands), context=A.listing(cands), timings=timings, tokens=tokens))

    def _each_article(self, base: dict, evidence: A.Evidence, parts: list[A.Candidate], lang: str,
                      no_model: bool) -> Answer:
        """The answer to a question about several articles: each article's best
        sentence with its short answer (glossed for an English reader as a
        single answer is), each under its own citation. The code answers it
        with or without a model: the reader reads one sentence, not one per article."""
        msgs = A.messages(lang)
        composed = []
        for marker, c in enumerate(parts, start=1):
            short = A.rule_span(evidence.question, c, evidence.results)
            document = self.index.store.document_text(evidence.results[c.passage].doc_id)
            composed.append(A.compose(evidence, c, short, lang, document,
                                      *_shown(self._gloss(evidence, c, short, lang)), marker=marker))
        done = A.join(composed, lang)
        notice = " ".join(x for x in (msgs["each_article"], done.notice, msgs["extractive_notice"] if no_model else "")
                          if x)
        return Answer(**base, text=done.text, mode="extractive", citations=done.citations, short=done.short,
                      short_source=done.short_source, quote=done.quote, notice=notice)

    def _gloss(self, evidence: A.Evidence, c: A.Candidate, short: str, lang: str) -> A.Rendering | None:
        """The checked word-by-word gloss of ``short`` in the answer's language:
        Hindi words for an English answer, English words for a Hindi one (None
        when none is needed: same language, a number or date the glossary
        writes, a name spelled by rule)."""
        source = A.source_language(c.text, lang)
        if source == lang or not A.needs_rendering(evidence, c, short, lang):
            return None
        e, s = self.index.embedder, self.settings
        if lang == "hi":
            if self._hindi_glosser is None:
                self._hindi_glosser = A.HindiGlosser(e.embed_queries)
            return self._hindi_glosser.render(short, s.min_hindi_gloss_similarity)
        if self._glosser is None:
            self._glosser = A.Glosser(e.embed_queries, e.embed_words, s.gloss_dir, s.embed_model)
        return self._glosser.render(short, s.min_gloss_similarity)

    def _render(self, client: OllamaLLM, evidence: A.Evidence, c: A.Candidate, short: str, lang: str,
                timings: dict[str, float], gloss: str = "") -> A.Rendering | None:
        """The model's checked translation of ``short`` into the answer's
        language, when it is in another one (None when none was needed or the
        server failed: the words then stay the article's, and say so)."""
        if not A.needs_rendering(evidence, c, short, lang):
            return None
        usage = Usage()
        try:
            rendering = A.render(client, short, lang, self.index.embedder.embed_query,
                                 self.settings.min_render_similarity, usage, gloss)
        except LLMUnavailable:
            return None
        timings["render_ms"] = round(usage.total_ms, 1)
        return rendering

    # ------------------------------------------------------- evidence
    def _idf(self) -> Idf:
        """The index's IDF table, rebuilt when the index changed."""
        gen = self.index.store.generation
        if self._idf_cache is None or self._idf_cache[0] != gen:
            self._idf_cache = (gen, Idf.from_store(self.index.store))
        return self._idf_cache[1]

    def _candidates(self, evidence: A.Evidence, lang: str, count: Callable[[str], int],
                    model: str, sentences: int) -> tuple[list[A.Candidate], int]:
        """Up to ``sentences`` of the best-ranked sentences, as many as the model
        can read within ``answer_seconds`` at the server's measured prompt speed
        (and within ``context_tokens`` and ``num_ctx``): a fast server reads
        them all, this CPU the best two or three."""
        s = self.settings
        speed = self._speed.get(model, DEFAULT_PROMPT_SPEED)
        overhead = A.reader_overhead(evidence.question.text, lang, count)
        budget = int(min(s.context_tokens, s.num_ctx - 128 - overhead, speed * s.answer_seconds - overhead))
        # In rank order while they fit; the best one always, however slow the server
        # (a prompt-budget cut, unlike select_context, must never skip the best sentence).
        chosen: list[A.Candidate] = []
        used = 0
        for c in evidence.ranked[:sentences]:
            cost = count(c.text) + 4
            if chosen and used + cost > budget:
                break
            chosen.append(c)
            used += cost
        return chosen, budget

    def _learn_speed(self, model: str, usage: Usage) -> None:
        """Remember the server's prompt speed (tokens/s) for the next budget."""
        if usage.prompt_speed:
            old = self._speed.get(model)
            self._speed[model] = usage.prompt_speed if old is None else 0.5 * old + 0.5 * usage.prompt_speed

    # ----------------------------------------------------------- helpers
    def _tokenizer(self, client: OllamaLLM | None) -> Callable[[str], int]:
        """The served model's tokenizer (cached per model), or the estimate."""
        if client is None:
            return estimate_tokens
        if client.model in self._tokenizers:
            return self._tokenizers[client.model]
        tok = LLMTokenizer.for_model(client, self.settings.models_dir / "llm-tokenizers")
        if tok.exact:  # an estimate is retried next time: the server may be back
            self._tokenizers[client.model] = tok
        return tok

    def _standalone(self, question: str, history: list[Turn], client: OllamaLLM | None,
                    lang: str) -> tuple[str, str]:
        """Rewrite a follow-up into a standalone question with the LLM; without
        one (or when it fails) retrieval gets the last question prepended,
        which carries the names a follow-up leaves out."""
        fallback = f"{history[-1].question} {question}"
        if client is None:
            return fallback, ""
        p = A.prompt("rewrite", lang)
        lines = []
        for turn in history[-3:]:
            lines += [f"Q: {turn.question}", f"A: {turn.answer[:300]}"]
        msgs = [{"role": "system", "content": p["system"]},
                {"role": "user", "content": p["user"].format(history="\n".join(lines), question=question)}]
        try:
            text, _ = client.complete(msgs, num_predict=64)
        except LLMUnavailable as e:
            return fallback, f"{e}."
        text = text.strip().splitlines()[0].strip().strip('"') if text.strip() else ""
        if not text or estimate_tokens(text) > 4 * estimate_tokens(fallback):
            return fallback, ""
        # Keep the original question in the search too: a weak rewrite must not lose it.
        return f"{text} {question}" if text != question else text, ""


def keeps_draft(draft: Answer, chosen: A.Candidate, best: A.Candidate, shown: A.Rendering | None,
                needs_rendering: bool) -> bool:
    """Whether the draft stands instead of the model's reading: the model took
    other words of the draft's own sentence, neither its translation nor the
    gloss of them passed the checks, and the draft's words were shown in the
    question's language. A reader cannot use words in a script they do not
    read; the model must not make the answer worse than the code's."""
    return needs_rendering and shown is None and chosen is best and draft.short != draft.short_source


def _shown(r: A.Rendering | None) -> tuple[str, str]:
    """``compose``'s ``rendered`` and ``rendered_by`` for a checked rendering (none when it failed)."""
    return (r.text, r.by) if r is not None and r.ok else ("", "model")
