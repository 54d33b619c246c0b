"""Question-set loaders of rag/evaluate on small files."""

import json

import pytest

from rag.evaluate.sets import SEEDS_CORPUS, EvalError, Span, detect_format, load_set, sample


def _jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


SQUAD_HI = {"version": "1.1", "data": [
    {"title": "Mars", "paragraphs": [
        {"context": "मंगल लाल ग्रह है।  \nइसके दो चंद्रमा हैं।", "qas": [
            {"id": "q1", "question": "मंगल के कितने चंद्रमा हैं?", "answers": [{"text": "दो", "answer_start": 27}]}]},
        {"context": "मंगल पर ओलंपस मॉन्स है।", "qas": [
            {"id": "q2", "question": "मंगल का सबसे ऊँचा पर्वत कौन सा है?",
             "answers": [{"text": "ओलंपस मॉन्स", "answer_start": 8}]}]}]},
    {"title": "Nile / River", "paragraphs": [
        {"context": "नील नदी अफ्रीका में है।", "qas": [
            {"id": "q3", "question": "नील नदी कहाँ है?", "answers": [{"text": "अफ्रीका", "answer_start": 8}]}]}]},
]}
SQUAD_EN = {"version": "1.1", "data": [
    {"title": "Mars", "paragraphs": [
        {"context": "Mars is red. It has two moons.", "qas": [
            {"id": "q1", "question": "How many moons does Mars have?",
             "answers": [{"text": "two", "answer_start": 20}]}]},
        {"context": "Olympus Mons is on Mars.", "qas": []}]},
]}


def test_jsonl_quotes_spans_and_defaults(tmp_path):
    f = _jsonl(tmp_path / "set.jsonl", [
        {"id": "a", "question": "बेलोसोव कब पहुंचे?", "answers": ["शुक्रवार"], "evidence": ["शुक्रवार को"]},
        {"id": "b", "question": "Who came?", "answers": ["X"],
         "evidence": [{"doc": "x.txt", "start": 3, "end": 9}], "lang": "en"},
        {"id": "c", "question": "क्या?", "answers": [], "evidence": [], "answerable": False},
        {"id": "d", "question": "कौन गए?", "answers": ["बेलोसोव और गोरेम्यकिन", ["बेलोसोव", "गोरेम्यकिन"]],
         "evidence": ["बेलोसोव", "गोरेम्यकिन"], "type": "multi"},
    ])
    s = load_set(f, corpus=tmp_path)
    assert s.format == "jsonl" and s.corpus_dir == tmp_path.resolve()
    a, b, c, d = s.questions
    assert d.answers == ["बेलोसोव और गोरेम्यकिन", ["बेलोसोव", "गोरेम्यकिन"]]  # a list: a combined answer's parts
    assert a.lang == "hi" and a.evidence == ["शुक्रवार को"] and a.type == "single"  # language detected
    assert b.spans == [Span("x.txt", 3, 9)] and b.docs == ["x.txt"] and b.lang == "en"
    assert not c.answerable and c.type == "unanswerable" and not c.has_evidence


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"id": "a", "question": " "}], "line 1: 'question' is missing"),
        ([{"id": "a", "question": "x"}, {"id": "a", "question": "y"}], "id 'a' is used twice"),
        ([{"id": "a", "question": "x", "evidence": [{"doc": "d", "start": 5, "end": 2}]}], "0 <= start < end"),
        ([{"id": "a", "question": "x", "evidence": [3]}], "evidence must be quotes"),
        ([{"id": "a", "question": "x", "answers": [["y", " "]]}], "line 1: a combined answer is a list"),
    ],
)
def test_jsonl_errors_name_the_line(tmp_path, rows, message):
    with pytest.raises(EvalError, match=message):
        load_set(_jsonl(tmp_path / "set.jsonl", rows), corpus=tmp_path)


def test_jsonl_needs_a_corpus_except_the_seeds(tmp_path):
    f = _jsonl(tmp_path / "set.jsonl", [{"id": "a", "question": "x"}])
    with pytest.raises(EvalError, match="--corpus"):
        load_set(f)
    with pytest.raises(EvalError, match="SQuAD files only"):
        load_set(f, corpus=tmp_path, questions_from=f)
    seeds = load_set(__import__("pathlib").Path("seeds"))
    assert seeds.corpus_dir == SEEDS_CORPUS and len(seeds.questions) >= 40


def test_squad_articles_become_documents_with_paragraph_spans(tmp_path):
    f = tmp_path / "hi.json"
    f.write_text(json.dumps(SQUAD_HI, ensure_ascii=False), encoding="utf-8")
    assert detect_format(f) == "squad"
    s = load_set(f)
    assert s.format == "squad" and sorted(s.corpus_files) == ["001-Mars.txt", "002-Nile_River.txt"]
    mars = s.corpus_files["001-Mars.txt"]
    # Title as metadata, paragraphs tidied (no trailing spaces) and separated by a blank line.
    assert mars == "Title: Mars\n\nमंगल लाल ग्रह है।\nइसके दो चंद्रमा हैं।\n\nमंगल पर ओलंपस मॉन्स है।\n"
    q1, q2, q3 = s.questions
    assert q1.spans == [Span("001-Mars.txt", text="मंगल लाल ग्रह है।\nइसके दो चंद्रमा हैं।")]
    assert q2.spans[0].text == "मंगल पर ओलंपस मॉन्स है।" and q2.answers == ["ओलंपस मॉन्स"]
    assert q3.docs == ["002-Nile_River.txt"] and q1.lang == "hi"
    assert s.corpus_key() == load_set(f).corpus_key()


def test_squad_questions_from_a_parallel_file(tmp_path):
    hi, en = tmp_path / "hi.json", tmp_path / "en.json"
    hi.write_text(json.dumps(SQUAD_HI, ensure_ascii=False), encoding="utf-8")
    en.write_text(json.dumps(SQUAD_EN), encoding="utf-8")
    s = load_set(hi, questions_from=en)
    assert [q.id for q in s.questions] == ["q1"]  # only ids the parallel file has
    q = s.questions[0]
    assert q.question == "How many moons does Mars have?" and q.lang == "en"
    assert q.answers == ["दो", "two"]  # both languages acceptable
    assert q.spans[0].doc == "001-Mars.txt"  # evidence stays in the Hindi corpus
    assert s.name == "hi+q-en"


def test_nomiracl_both_layouts(tmp_path):
    f = _jsonl(tmp_path / "nm.jsonl", [
        {"query_id": "1", "subset": "relevant", "query": "दुबई का एयरपोर्ट?",
         "passages": [{"docid": "9#0", "title": "दुबई", "text": "दुबई अन्तर्राष्ट्रीय विमानक्षेत्र।"},
                      {"docid": "7#1", "title": "शारजाह", "text": "शारजाह एक अमीरात है।"}]},
        {"query_id": "2", "subset": "non_relevant", "query": "मंगल?",
         "passages": [{"docid": "7#1", "title": "शारजाह", "text": "शारजाह एक अमीरात है।"}]},
        {"query_id": "3", "query": "नील?",
         "positive_passages": [{"docid": "5", "title": "नील", "text": "नील नदी।"}],
         "negative_passages": [{"docid": "6", "title": "", "text": "कुछ और।"}]},
    ])
    assert detect_format(f) == "nomiracl"
    s = load_set(f)
    assert sorted(s.corpus_files) == ["5.txt", "6.txt", "7_1.txt", "9_0.txt"]  # a shared passage once
    assert s.corpus_files["9_0.txt"] == "Title: दुबई\n\nदुबई अन्तर्राष्ट्रीय विमानक्षेत्र।\n"
    assert s.corpus_files["6.txt"] == "कुछ और।\n"
    q1, q2, q3 = s.questions
    assert q1.answerable and q1.scope == ["9_0.txt", "7_1.txt"] and not q1.has_evidence
    assert not q2.answerable and q2.scope == ["7_1.txt"] and q2.type == "non_relevant"
    assert q3.answerable and q3.spans == [Span("5.txt")] and q3.scope == ["5.txt", "6.txt"]
    with pytest.raises(EvalError, match="drop --corpus"):
        load_set(f, corpus=tmp_path)


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(EvalError, match="does not exist"):
        load_set(tmp_path / "nope.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(EvalError, match="not JSON"):
        load_set(bad, corpus=tmp_path)


def test_sample_is_spread_and_deterministic():
    items = list(range(10))
    assert sample(items, 5) == [0, 2, 4, 6, 8]
    assert sample(items, 3) == [0, 3, 6]
    assert sample(items, None) == items and sample(items, 50) == items
