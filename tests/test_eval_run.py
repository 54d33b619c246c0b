"""End to end: `rag eval` on tiny sets with extractive answers (no model needed),
the cache that makes a second run free and an interrupted one resumable,
SQuAD and NoMIRACL corpora, and --compare."""

import json
import shutil

import pytest

from rag.cli import main
from rag.config import Settings
from rag.evaluate.report import write_run
from rag.evaluate.runner import Runner, RunOptions
from rag.evaluate.sets import load_set
from tests.conftest import SEEDS, make_settings

ROWS = [
    {"id": "hi-1", "question": "रूस के रक्षा मंत्री उत्तर कोरिया किस दिन पहुंचे?", "lang": "hi",
     "answers": ["शुक्रवार"], "evidence": ["रूस के रक्षा मंत्री आंद्रेई बेलोसोव शुक्रवार को उत्तर कोरिया पहुंचे"],
     "docs": ["russia-north-korea-defence-minister-visit.txt"]},
    {"id": "en-1", "question": "Who led the Russian military delegation at the talks in Pyongyang?", "lang": "en",
     "answers": ["विक्टर गोरेम्यकिन", "Viktor Goremykin"],
     "evidence": ["रूस की ओर से उप रक्षा मंत्री विक्टर गोरेम्यकिन के नेतृत्व में सैन्य प्रतिनिधिमंडल"],
     "docs": ["north-korea-missile-after-russia-talks.txt"]},
    {"id": "hi-un", "question": "फ्रांस के राष्ट्रपति ने पेरिस में किस संग्रहालय का उद्घाटन किया?", "lang": "hi",
     "answers": [], "evidence": [], "answerable": False, "type": "unanswerable"},
    {"id": "en-span", "question": "Where did North Korea fire the ballistic missile?", "lang": "en",
     "answers": ["पूर्वी समुद्री क्षेत्र"],
     "evidence": [{"doc": "north-korea-missile-after-russia-talks.txt", "start": 0, "end": 400}]},
]


@pytest.fixture
def question_set(tmp_path):
    f = tmp_path / "set.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n", encoding="utf-8")
    return f


@pytest.fixture
def clean_env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key in list(__import__("os").environ):
        if key.startswith("RAG_"):
            monkeypatch.delenv(key)


def _run(tmp_path, embedder, path, **options):
    settings = make_settings(tmp_path / "data")
    evalset = load_set(path, corpus=SEEDS if path.suffix == ".jsonl" and "nm" not in path.name else None)
    return Runner(settings, evalset, RunOptions(progress=False, **options), embedder=embedder).run()


def test_extractive_run_writes_metrics_report_and_plots(tmp_path, embedder, question_set, monkeypatch):
    # The cache is under test, not the code hash: an edit to rag/ during the test must not void it.
    monkeypatch.setattr("rag.evaluate.keys.code_hash", lambda: "pinned")
    result = _run(tmp_path, embedder, question_set, limit=2)  # hi-1 and hi-un (spread through the set)
    assert [r["id"] for r in result.records] == ["hi-1", "hi-un"]
    assert result.meta["cached"] == 0

    result = _run(tmp_path, embedder, question_set)  # resumes: the two answered ones come from the cache
    assert result.meta["cached"] == 2
    assert [r["cached"] for r in result.records] == [True, False, True, False]
    by_id = {r["id"]: r for r in result.records}
    assert by_id["hi-1"]["scores"]["hit5"] == 1.0 and by_id["hi-1"]["pair"] == "hi→hi"
    assert by_id["en-1"]["pair"] == "en→hi"
    assert by_id["en-span"]["spans"] and "rank" in by_id["en-span"]["scores"]
    assert by_id["hi-un"]["stage"] in ("ok", "hallucination") and "hit5" not in by_id["hi-un"]["scores"]
    for r in result.records:
        ans = r["output"]["answer"]
        assert ans["mode"] in ("extractive", "abstained")
        assert r["stage"] in ("ok", "retrieval", "abstained", "extractive pick", "hallucination")
        assert 0.0 <= r["scores"]["answerability_score"] <= 1.0
        assert ans["answerability"]["threshold"] == Settings.model_fields["min_answerability"].default
        assert (ans["answerability"]["answerable"]) == (ans["mode"] != "abstained")
        assert ans["candidates"] == 0 and ans["context"] == "" and not ans["reader"]  # no model, no reader
        if r["answerable"]:  # the short answer is scored without a model too, from Answer.short
            assert {"short_em", "short_f1", "quote_contains"} <= set(r["scores"])
            assert "candidates_contain" not in r["scores"]
        if ans["mode"] == "extractive":
            assert ans["short"] and ans["quote"] and ans["quote"] in ans["text"]
            assert ans["timings"]["draft_ms"] > 0

    out = tmp_path / "run"
    metrics = write_run(out, result.records, result.meta, result.warnings)
    on_disk = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert on_disk["groups"].keys() == metrics["groups"].keys()
    assert {"all", "lang:hi", "lang:en", "pair:hi→hi", "pair:en→hi", "type:unanswerable"} <= set(metrics["groups"])
    overall = metrics["groups"]["all"]
    assert overall["questions"] == 4 and overall["answerable"] == 3
    assert overall["modes"]["llm"] == 0 and sum(overall["modes"].values()) == 4
    assert overall["abstention"]["hallucination"]["n"] == 1
    assert overall["retrieval"]["hit@5"]["n"] == 3
    assert overall["answers"]["short_em"]["n"] == 3 and overall["answers"]["quote_contains"]["n"] == 3
    curve = metrics["answerability_curve"]
    assert (curve["answerable"], curve["unanswerable"]) == (3, 1) and len(curve["rows"]) == 21
    at = curve["at_threshold"]  # the curve at the run's threshold is what the run did
    assert at["hallucination"] == overall["abstention"]["hallucination"]["value"]
    assert at["refusal"] == overall["abstention"]["refusal"]["value"]
    report = (out / "report.md").read_text(encoding="utf-8")
    for heading in ("## By language and cross-lingual pair", "## Where answers fail", "## Answerability threshold",
                    "## Plots", "## Failed"):
        assert heading in report
    assert "(this run)" in report and "| short EM |" in report and "| quote contains gold |" in report
    for png in ("metrics.png", "modes.png", "latency.png", "answerability.png"):
        assert (out / png).read_bytes()[:4] == b"\x89PNG"
        assert f"]({png})" in report
    assert len((out / "questions.jsonl").read_text(encoding="utf-8").splitlines()) == 4

    again = _run(tmp_path, embedder, question_set)  # nothing asked again
    assert again.meta["cached"] == 4
    assert [r["output"] for r in again.records] == [r["output"] for r in result.records]


def test_progress_is_a_plain_line_when_stderr_is_not_a_terminal(tmp_path, embedder, question_set, capsys):
    settings = make_settings(tmp_path / "data")
    Runner(settings, load_set(question_set, corpus=SEEDS), RunOptions(limit=2), embedder=embedder).run()
    err = capsys.readouterr().err
    assert "eval set: 2/2 questions," in err and "ok " in err and "\r" not in err


def test_squad_corpus_and_cross_lingual_questions(tmp_path, embedder):
    from tests.test_eval_sets import SQUAD_EN, SQUAD_HI

    hi, en = tmp_path / "hi.json", tmp_path / "en.json"
    hi.write_text(json.dumps(SQUAD_HI, ensure_ascii=False), encoding="utf-8")
    en.write_text(json.dumps(SQUAD_EN), encoding="utf-8")
    settings = make_settings(tmp_path / "data")
    runner = Runner(settings, load_set(hi), RunOptions(progress=False, retrieval_only=True), embedder=embedder)
    result = runner.run()
    assert not result.warnings
    for r in result.records:
        (doc_id, start, end), = r["spans"]
        para = runner.texts[doc_id][start:end]
        assert r["answers"][0] in para  # the span is the question's own paragraph
        assert r["scores"]["rank"] is not None and "answer" not in r["output"]
    assert {r["pair"] for r in result.records} == {"hi→hi"}

    cross = Runner(settings, load_set(hi, questions_from=en), RunOptions(progress=False, retrieval_only=True),
                   embedder=embedder).run()
    assert [r["pair"] for r in cross.records] == ["en→hi"]
    assert cross.meta["corpus"]["documents"] == 2  # the same index, reused
    assert cross.meta["corpus"]["ingest"]["added"] == 0


def test_nomiracl_searches_each_query_among_its_own_passages(tmp_path, embedder):
    rows = [
        {"query_id": "1", "subset": "relevant", "query": "दुबई के एयरपोर्ट का नाम क्या है?",
         "passages": [{"docid": "a", "title": "दुबई", "text": "दुबई अन्तर्राष्ट्रीय विमानक्षेत्र दुबई का हवाई अड्डा है।"},
                      {"docid": "b", "title": "नील", "text": "नील नदी अफ्रीका की सबसे लंबी नदी है।"}]},
        {"query_id": "2", "subset": "non_relevant", "query": "मंगल ग्रह के कितने चंद्रमा हैं?",
         "passages": [{"docid": "b", "title": "नील", "text": "नील नदी अफ्रीका की सबसे लंबी नदी है।"},
                      {"docid": "c", "title": "गंगा", "text": "गंगा भारत की नदी है।"}]},
    ]
    f = tmp_path / "nm.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = _run(tmp_path, embedder, f, llm="none")
    q1, q2 = result.records
    assert result.meta["corpus"]["documents"] == 3
    for rec in (q1, q2):
        assert {h["doc_id"] for h in rec["output"]["search"]} <= set(rec["scope"])
        assert {p["doc_id"] for p in rec["output"]["answer"]["passages"]} <= set(rec["scope"])
    assert q1["answerable"] and not q2["answerable"]
    assert q2["stage"] == ("ok" if q2["output"]["answer"]["mode"] == "abstained" else "hallucination")


def test_cli_eval_compare_and_errors(tmp_path, clean_env, question_set, capsys):
    corpus = tmp_path / "articles"
    shutil.copytree(SEEDS, corpus)
    data = str(tmp_path / "data")
    base = ["eval", str(question_set), "--corpus", str(corpus), "--llm", "none", "--data-dir", data, "--quiet"]
    assert main([*base, "--out", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    assert "| hit@5 |" in out and "report: " in out and "(0 of 4 answers from the cache)" in out
    assert "answerability: AUC " in out and "at min_answerability" in out

    assert main([*base, "--set", "context_sentences=3", "--out", str(tmp_path / "b"),
                 "--compare", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    assert "## Comparison" in out and "| metric | A | B | B − A |" in out
    assert f"`context_sentences` {Settings.model_fields['context_sentences'].default} → 3" in out
    assert "(0 of 4 answers from the cache)" in out  # other settings, other cache entries
    assert "## Comparison" in (tmp_path / "b" / "report.md").read_text(encoding="utf-8")

    # two finished runs, nothing re-run
    assert main(["eval", str(tmp_path / "b"), "--compare", str(tmp_path / "a")]) == 0
    assert "| metric | A | B | B − A |" in capsys.readouterr().out
    # a finished run re-scored with the current code and its own gold data
    metrics_before = json.loads((tmp_path / "a" / "metrics.json").read_text(encoding="utf-8"))["groups"]
    assert main(["eval", str(tmp_path / "a")]) == 0
    assert "re-scored, nothing asked again" in capsys.readouterr().out
    assert json.loads((tmp_path / "a" / "metrics.json").read_text(encoding="utf-8"))["groups"] == metrics_before

    for args, message in (
        (["eval", str(tmp_path / "missing.jsonl"), "--data-dir", data], "does not exist"),
        (["eval", str(question_set), "--data-dir", data], "--corpus DIR"),
        ([*base, "--compare", str(tmp_path / "nowhere")], "no metrics.json"),
        ([*base, "--set", "nonsense=1"], "--set wants KEY=VALUE"),
        ([*base, "--set", "top_k=0"], "invalid --set"),
        # a model run with no Ollama fails at once, before any indexing
        ([*base, "--llm", "qwen2.5-coder:1.5b", "--set", "ollama_host=127.0.0.1:9"], "Ollama is not reachable"),
    ):
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_eval_index_is_apart_from_the_users(tmp_path, question_set):
    settings = make_settings(tmp_path / "data", chroma_mode="server")
    runner = Runner(settings, load_set(question_set, corpus=SEEDS), RunOptions(), embedder=object())
    assert runner.eval_settings.chroma_mode == "embedded"  # never the user's collection on a shared server
    assert runner.index_dir.is_relative_to(tmp_path / "data" / "evals" / "index")
    assert runner.eval_settings.store_path != settings.store_path
    other = Runner(settings.model_copy(update={"min_answerability": 0.9}), load_set(question_set, corpus=SEEDS),
                   RunOptions(), embedder=object())
    assert other.index_dir == runner.index_dir and other.cache_path != runner.cache_path
    retrieval = Runner(settings.model_copy(update={"min_answerability": 0.9}), load_set(question_set, corpus=SEEDS),
                       RunOptions(retrieval_only=True), embedder=object())
    same = Runner(settings, load_set(question_set, corpus=SEEDS), RunOptions(retrieval_only=True), embedder=object())
    assert retrieval.cache_path == same.cache_path  # answer settings do not touch a ranking


def test_a_copy_of_the_corpus_elsewhere_gets_its_own_eval_index(tmp_path, question_set):
    """Documents are keyed by path: two copies of the repository (a worktree, a
    clone) sharing one eval index would delete and re-add each other's articles
    when run at once. The same folder reuses its index; a copy gets another."""
    import shutil

    settings = make_settings(tmp_path / "data")
    copy = tmp_path / "clone" / "seeds"
    shutil.copytree(SEEDS, copy)
    here = Runner(settings, load_set(question_set, corpus=SEEDS), RunOptions(), embedder=object())
    again = Runner(settings, load_set(question_set, corpus=SEEDS), RunOptions(), embedder=object())
    there = Runner(settings, load_set(question_set, corpus=copy), RunOptions(), embedder=object())
    assert load_set(question_set, corpus=copy).corpus_key() == load_set(question_set, corpus=SEEDS).corpus_key()
    assert again.index_dir == here.index_dir
    assert there.index_dir != here.index_dir and there.cache_path != here.cache_path


def test_cache_key_follows_the_library_code(tmp_path, question_set, monkeypatch):
    import rag.evaluate.keys as keys_module

    def path():
        return Runner(make_settings(tmp_path / "data"), load_set(question_set, corpus=SEEDS), RunOptions(),
                      embedder=object()).cache_path

    before = path()
    assert path() == before  # same code, same key: a run resumes
    monkeypatch.setattr(keys_module, "code_hash", lambda: "edited")
    assert path() != before  # edited pipeline: nothing stale is reused


def test_code_hash_covers_the_answer_package_and_its_weights(tmp_path, monkeypatch):
    import rag.evaluate.keys as keys_module

    rag = tmp_path / "rag"
    for name in ("pipeline.py", "cli.py", "cli/output.py", "doctor.py", "answer/rank.py", "answer/ranker.json",
                 "evaluate/report.py", "__pycache__/x.py"):
        (rag / name).parent.mkdir(parents=True, exist_ok=True)
        (rag / name).write_text("v1", encoding="utf-8")
    monkeypatch.setattr(keys_module, "REPO", tmp_path)
    before = keys_module.code_hash()
    for name, counts in (("answer/rank.py", True), ("answer/ranker.json", True), ("pipeline.py", True),
                         ("cli.py", False), ("cli/output.py", False), ("doctor.py", False),
                         ("evaluate/report.py", False),
                         ("__pycache__/x.py", False)):
        (rag / name).write_text("v2", encoding="utf-8")
        assert (keys_module.code_hash() != before) is counts, name
        (rag / name).write_text("v1", encoding="utf-8")


def test_model_run_records_the_reader(tmp_path, embedder, question_set, ollama_server):
    """A real (tiny) model reads: every answered question has the candidates it
    was given, and each reading is either verified (llm) or rejected with a reason."""
    settings = make_settings(tmp_path / "data", ollama_host=ollama_server)
    result = Runner(settings, load_set(question_set, corpus=SEEDS),
                    RunOptions(llm="smollm2:135m", progress=False), embedder=embedder).run()
    assert result.meta["llm"] == "smollm2:135m" and result.meta["llm_version"]
    for r in result.records:
        ans = r["output"]["answer"]
        assert ans["model"] == "smollm2:135m" and not ans["llm_error"]
        if ans["mode"] == "abstained":
            assert ans["candidates"] == 0 and r["stage"] in ("ok", "abstained", "retrieval")
            continue
        assert ans["candidates"] >= 1 and ans["context"].startswith("[1] ") and ans["llm_text"]
        assert ans["timings"]["llm_ms"] > 0 and ans["tokens"]["prompt"] > 0
        assert bool(ans["reader"]) == (ans["mode"] == "extractive")  # rejected readings say why
        if r["answerable"]:
            assert "candidates_contain" in r["scores"] and ans["short"]
        assert r["stage"] in ("ok", "retrieval", "candidates", "reader rejected", "reader pick", "hallucination")
    out = tmp_path / "run"
    metrics = write_run(out, result.records, result.meta, result.warnings)
    overall = metrics["groups"]["all"]
    extractive = overall["modes"]["extractive"]
    assert sum(overall["reader_rejections"].values()) == extractive
    assert overall["latency_ms"]["llm"]["n"] == overall["modes"]["llm"] + extractive
