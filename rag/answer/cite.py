"""Citations: the exact sentence of an article an answer rests on."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from rag.answer.rank import Candidate
from rag.retrieve import SearchResult


@dataclass
class Citation:
    marker: int  # the [n] shown in the answer: the passage's number among the sources
    doc_id: str
    title: str
    path: str
    start: int  # the supporting sentence's span in the document
    end: int
    quote: str  # document_text[start:end]
    passage_start: int
    passage_end: int
    support: float  # the ranker's probability that the sentence holds the answer

    def to_dict(self) -> dict:
        return asdict(self)


def cite(marker: int, result: SearchResult, sentences: list[Candidate], document_text: str = "") -> Citation:
    """A citation of ``sentences`` (consecutive, of ``result``'s passage), quoted
    from the document itself so that ``document_text[start:end] == quote``."""
    start, end = sentences[0].start, sentences[-1].end
    quote = document_text[start:end] if document_text else " ".join(s.text for s in sentences)
    return Citation(marker, result.doc_id, result.title, result.path, start, end, quote, result.start,
                    result.end, round(max(s.score for s in sentences), 3))
