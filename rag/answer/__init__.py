"""From retrieved passages to a checked answer, one step a module, data
flowing one way:

- ``context``: the passages' sentences (instruction-like ones dropped), embedded and ranked
- ``rank`` (with ``cues``): how likely each sentence holds the answer
- ``answerability`` (with ``mentions``): whether the passages answer the question at all
- ``span``: the few answering words of a sentence, by rules (no model)
- ``read``: the model as a reader, its copy verified (``profile``: how many sentences a model reads and
  whether its choice is trusted, as ``rag calibrate`` measured it)
- ``render``: the model's translation of those words into the question's language, checked
- ``gloss`` (with ``glossary``): Hindi words glossed into English word by word with no model, checked alike
- ``compose`` (with ``cite``): the short answer, the quoted sentence and its citation
- ``prompts``: prompt files, fixed messages, the answer's language

No I/O with Ollama here except through ``rag.llm`` (in ``read``).
"""

from rag.answer.answerability import Verdict, judge
from rag.answer.cite import Citation, cite
from rag.answer.compose import Composed, compose, join, needs_rendering, quoted_sentences, rule_span, source_language
from rag.answer.context import Context, Evidence, gather, select_context
from rag.answer.cues import QuestionInfo, analyse, asks_each_article, without_articles_phrase
from rag.answer.gloss import Glosser
from rag.answer.hindi_gloss import HindiGlosser
from rag.answer.injection import looks_like_injection
from rag.answer.mentions import countries_named, unmentioned
from rag.answer.multi import per_article
from rag.answer.prompts import NOT_FOUND, PROMPTS_DIR, answer_language, messages, prompt
from rag.answer.rank import Candidate, Idf
from rag.answer.read import Reading, agrees, cuts_a_name, listing, read, reader_overhead
from rag.answer.render import Rendering, render
from rag.answer.span import Span, completed, rule_of, short_answer

__all__ = [
    "NOT_FOUND",
    "PROMPTS_DIR",
    "Candidate",
    "Citation",
    "Composed",
    "Context",
    "Evidence",
    "Glosser",
    "HindiGlosser",
    "Idf",
    "QuestionInfo",
    "Reading",
    "Rendering",
    "Span",
    "Verdict",
    "agrees",
    "analyse",
    "answer_language",
    "asks_each_article",
    "cite",
    "completed",
    "compose",
    "countries_named",
    "cuts_a_name",
    "gather",
    "join",
    "judge",
    "listing",
    "looks_like_injection",
    "messages",
    "needs_rendering",
    "per_article",
    "prompt",
    "quoted_sentences",
    "read",
    "reader_overhead",
    "render",
    "rule_of",
    "rule_span",
    "select_context",
    "short_answer",
    "source_language",
    "unmentioned",
    "without_articles_phrase",
]
