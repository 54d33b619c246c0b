"""Questions about several articles at once ("दोनों खबरों के अनुसार …",
"according to both articles …"): the answer is the best sentence of each
article, each with its own short answer and citation, not the one best
sentence overall (which holds only one article's part of the answer).

Only a question that names the articles so (``cues.asks_each_article``) is
answered this way: a list question about one article ("कौन-कौन") stays a
one-sentence answer.
"""

from __future__ import annotations

import re

from rag.answer.context import Evidence
from rag.answer.rank import Candidate

_THREE = re.compile(r"सभी|हर|प्रत्येक|तीनों|\ball\b|\beach\b|\bevery\b|\bthree\b", re.I)


def per_article(evidence: Evidence, question: str) -> list[Candidate]:
    """The best sentence of each article among the evidence, best article
    first: two for "both", up to three for "all" or "each". Fewer than two
    when the passages come from one article only."""
    most = 3 if _THREE.search(question) else 2
    best: dict[str, Candidate] = {}
    for c in evidence.ranked:  # best first, so the first of each article is its best
        doc = evidence.results[c.passage].doc_id
        if doc not in best:
            best[doc] = c
        if len(best) == most:
            break
    return list(best.values())
