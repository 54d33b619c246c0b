"""The answer's words in the question's language: the model translates the
verified span (a narrow task), and the code checks the translation.

A 1.5B model translates names into other names ("आंद्रेई बेलोसोव" → "Andhra
Pradesh") and technical words into near-misses, so a rendering is shown only
when it keeps every number, is written in the question's script, and lies
close to the span in the multilingual embedding space (the index's own e5
model; translations of each other sit close there, unrelated phrases do not).
The threshold ``min_render_similarity`` is fitted by ``evals/fit/fit_render.py``.
Otherwise the answer stays in the article's words and says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rag.answer.prompts import prompt
from rag.answer.read import codes, fold, numbers, without_codes
from rag.llm import OllamaLLM, Usage
from rag.text import detect_language, words

SCHEMA = {"type": "object", "properties": {"translation": {"type": "string"}}, "required": ["translation"]}


@dataclass
class Rendering:
    ok: bool
    text: str = ""  # the words in the target language, when ``ok``
    similarity: float = 0.0  # cosine of span and rendering in the embedding space
    reason: str = ""  # why it was not used
    raw: str = ""
    by: str = "model"  # 'model' (its translation) or 'gloss' (word by word, rag/answer/gloss.py)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "text": self.text, "similarity": round(self.similarity, 4), "reason": self.reason,
                "raw": self.raw, "by": self.by}


def build_messages(span: str, target: str, gloss: str = "") -> list[dict]:
    """The render request; with ``gloss`` (the code's word-by-word English) when the prompt has a place for it."""
    p = prompt("render", target)
    user = (p["user_with_gloss"].format(words=span, gloss=gloss) if gloss and "user_with_gloss" in p
            else p["user"].format(words=span))
    return [{"role": "system", "content": p["system"]}, {"role": "user", "content": user}]


def check(span: str, rendered: str, target: str, similarity: float, min_similarity: float) -> Rendering:
    """Whether ``rendered`` may stand for ``span`` in ``target`` ('hi' or 'en')."""
    rendered = " ".join(rendered.split()).strip(" \"'“”")
    if not rendered or fold(rendered) == fold(span):
        return Rendering(False, reason="no translation was given")
    if detect_language(without_codes(rendered)) not in (target, ""):  # "MPEG-2 मानक" is Hindi
        return Rendering(False, reason="the translation is not in the question's language")
    if numbers(rendered) != numbers(span):
        return Rendering(False, reason="the translation changes a number")
    if not set(codes(span)) <= set(codes(rendered)):
        return Rendering(False, reason="the translation changes a code (letters and digits as printed)")
    if len(words(rendered)) > 2 * len(words(span)) + 4:
        return Rendering(False, reason="the translation adds words")
    if similarity < min_similarity:
        return Rendering(False, similarity=similarity, reason="the translation does not match the article's words")
    return Rendering(True, rendered, similarity)


def similarity(embed: Callable[[str], np.ndarray], a: str, b: str) -> float:
    """Cosine of two phrases as the embedding model's queries (vectors are normalised)."""
    return float(np.dot(embed(a), embed(b)))


def render(llm: OllamaLLM, span: str, target: str, embed: Callable[[str], np.ndarray], min_similarity: float,
           usage: Usage, gloss: str = "") -> Rendering:
    """``span`` in ``target``, checked (``gloss``: the code's word-by-word
    rendering, given to the model as a guide). Raises ``LLMUnavailable`` when
    the server cannot answer."""
    raw, _ = llm.complete(build_messages(span, target, gloss), num_predict=min(160, 16 + 4 * len(span.split())),
                          format=SCHEMA, usage=usage)
    try:
        text = str(json.loads(raw).get("translation", ""))
    except (ValueError, TypeError, AttributeError):
        return Rendering(False, reason="the reply is not the JSON asked for", raw=raw)
    sim = similarity(embed, span, text) if text.strip() else 0.0
    result = check(span, text, target, sim, min_similarity)
    result.raw = raw
    return result
