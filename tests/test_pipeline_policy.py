"""The pipeline's rule for when the model's reading gives way to the draft:
never show the reader words of another script when the code could show
checked words of the same sentence in theirs."""

from types import SimpleNamespace

from rag.answer import Candidate, Rendering
from rag.pipeline import keeps_draft

SENTENCE = Candidate(0, 0, 40, "हालांकि दोनों देश इस बात से इनकार करते रहे हैं")
OTHER = Candidate(0, 41, 80, "अमेरिका और दक्षिण कोरिया आरोप लगाते रहे हैं")
GLOSSED_DRAFT = SimpleNamespace(short="deny", short_source="इनकार")  # shown in English
HINDI_DRAFT = SimpleNamespace(short="इनकार", short_source="इनकार")  # shown in the article's words


def test_the_draft_stands_when_only_it_could_be_shown_in_the_questions_language():
    assert keeps_draft(GLOSSED_DRAFT, SENTENCE, SENTENCE, None, needs_rendering=True)


def test_the_models_words_stand_otherwise():
    passed = Rendering(True, "have been denying", 0.93)
    assert not keeps_draft(GLOSSED_DRAFT, SENTENCE, SENTENCE, passed, needs_rendering=True)  # rendered
    assert not keeps_draft(GLOSSED_DRAFT, OTHER, SENTENCE, None, needs_rendering=True)  # another sentence
    assert not keeps_draft(HINDI_DRAFT, SENTENCE, SENTENCE, None, needs_rendering=True)  # the draft no better
    assert not keeps_draft(GLOSSED_DRAFT, SENTENCE, SENTENCE, None, needs_rendering=False)  # a name or date
