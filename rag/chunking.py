"""Split a document into passages of whole sentences, sized in the embedding
model's own tokens, with overlap; each passage keeps its exact character span.

llama-index's SentenceSplitter neither splits on the danda nor counts the
embedding model's tokens (it counts tiktoken's, about 4x as many for
Devanagari), so its chunks end mid-sentence or get truncated by the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rag.text import detect_language, sentence_spans, word_spans

TokenCounter = Callable[[list[str]], list[int]]


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    text: str
    lang: str


def _pieces(text: str, count: TokenCounter, budget: int, overhead: int) -> list[tuple[int, int, int]]:
    """Sentences as (start, end, tokens); a sentence over budget is cut at word boundaries."""
    spans = sentence_spans(text)
    costs = [c - overhead for c in count([text[s:e] for s, e in spans])]
    out: list[tuple[int, int, int]] = []
    for (s, e), cost in zip(spans, costs, strict=True):
        if cost <= budget:
            out.append((s, e, cost))
            continue
        ws = word_spans(text, s, e)
        wcosts = [c - overhead for c in count([text[a:b] for a, b in ws])]
        i = 0
        while i < len(ws):
            if wcosts[i] > budget:  # one "word" longer than a passage (a URL, say): cut by characters
                a, b = ws[i]
                step = max(1, (b - a) * budget // (wcosts[i] + 1))
                out.extend((x, min(b, x + step), budget) for x in range(a, b, step))
                i += 1
                continue
            j, total = i, 0
            while j < len(ws) and wcosts[j] <= budget and (j == i or total + wcosts[j] <= budget):
                total += wcosts[j]
                j += 1
            while j - i > 1 and count([text[ws[i][0] : ws[j - 1][1]]])[0] - overhead > budget:
                j -= 1
            out.append((ws[i][0], ws[j - 1][1], total))
            i = j
    return out


def chunk_text(text: str, count: TokenCounter, max_tokens: int, overlap_tokens: int) -> list[Chunk]:
    """Passages of whole sentences, each at most ``max_tokens`` as the model counts them.

    ``count`` returns, per text, the tokens the model feeds for it including
    its prefix and special tokens. Sentence counts are summed to plan a
    passage, and the passage is then counted exactly; if joining changed the
    count past the limit, its last sentence moves to the next passage.
    """
    overhead = count([""])[0]
    budget = max_tokens - overhead
    if budget <= 0:
        raise ValueError("max_tokens leaves no room after the prefix and special tokens")
    pieces = _pieces(text, count, budget, overhead)
    chunks: list[Chunk] = []
    i = 0
    while i < len(pieces):
        j, total = i, 0
        while j < len(pieces) and (j == i or total + pieces[j][2] <= budget):
            total += pieces[j][2]
            j += 1
        while j - i > 1 and count([text[pieces[i][0] : pieces[j - 1][1]]])[0] > max_tokens:
            j -= 1
        start, end = pieces[i][0], pieces[j - 1][1]
        chunks.append(Chunk(start, end, text[start:end], detect_language(text[start:end]) or "und"))
        if j >= len(pieces):
            break
        # Overlap: repeat whole trailing sentences worth at most overlap_tokens.
        k, carried = j, 0
        while k - 1 > i and carried + pieces[k - 1][2] <= overlap_tokens:
            k -= 1
            carried += pieces[k][2]
        i = k
    return chunks
