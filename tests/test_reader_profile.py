"""A model's reader profile: what ``rag calibrate`` measured it to do best, and
how it meets the user's own settings (rag.answer.profile)."""

import json

import pytest

from rag.answer import profile as P
from rag.config import Settings
from rag.evaluate.cli import _apply_sets

QWEN = "qwen2.5-coder:1.5b"


def figures(sentences, policy, quote, f1):
    return {"sentences": sentences, "policy": policy, "questions": 40, "quote_contains": quote, "short_f1": f1}


@pytest.mark.parametrize(("wider", "kept"), [
    (figures(3, "trust", 0.80, 0.45), (3, "trust")),  # right more often, words no worse
    (figures(3, "trust", 0.76, 0.45), (1, "agree")),  # within the margin: one question in 40 is noise
    (figures(3, "trust", 0.85, 0.30), (1, "agree")),  # better sentences, worse words
    (figures(3, "trust", 0.60, 0.20), (1, "agree")),  # worse: Qwen2.5-Coder-1.5B's case
])
def test_a_wider_choice_is_kept_only_when_it_is_clearly_better(wider, kept):
    chosen = P.choose([figures(1, "agree", 0.75, 0.40), wider])
    assert (chosen["sentences"], chosen["policy"]) == kept


def settings(tmp_path, **overrides) -> Settings:
    return Settings.load(env={}, overrides={"data_dir": tmp_path / "d", "models_dir": tmp_path / "m", **overrides})


def test_the_profile_gives_the_reader_settings_the_user_did_not_set(tmp_path):
    assert P.reader_settings(settings(tmp_path), QWEN) == (1, "agree")  # no profile: the defaults
    P.save(tmp_path / "m", P.ReaderProfile(QWEN, 3, "trust", measured=[figures(3, "trust", 0.8, 0.5)]))
    assert P.reader_settings(settings(tmp_path), QWEN) == (3, "trust")
    assert P.reader_settings(settings(tmp_path), "llama3.2:3b") == (1, "agree")  # another model's
    # What the user set wins, field by field (rag.toml, RAG_*, flags alike).
    assert P.reader_settings(settings(tmp_path, context_sentences=2), QWEN) == (2, "trust")
    assert P.reader_settings(settings(tmp_path, reader_policy="agree"), QWEN) == (3, "agree")
    env = {"RAG_MODELS_DIR": str(tmp_path / "m"), "RAG_CONTEXT_SENTENCES": "1"}
    assert P.reader_settings(Settings.load(env=env), QWEN) == (1, "trust")
    # `rag eval --set …` and the page's per-session settings keep unset fields unset.
    assert P.reader_settings(_apply_sets(settings(tmp_path), ["min_answerability=0.6"]), QWEN) == (3, "trust")


def test_a_damaged_or_foreign_profile_is_ignored(tmp_path):
    path = P.path_for(tmp_path / "m", QWEN)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert P.load(tmp_path / "m", QWEN) is None and P.reader_settings(settings(tmp_path), QWEN) == (1, "agree")
    path.write_text(json.dumps({"model": QWEN, "sentences": 40, "policy": "trust"}), encoding="utf-8")
    assert P.load(tmp_path / "m", QWEN) is None  # not a setting calibrate measures
    path.write_text(json.dumps({"model": "other", "sentences": 3, "policy": "trust"}), encoding="utf-8")
    assert P.load(tmp_path / "m", QWEN) is None


def test_every_model_name_has_its_own_file(tmp_path):
    names = ["hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M", "llama3.2:3b", "llama3.2:1b", QWEN]
    paths = {P.path_for(tmp_path, n) for n in names}
    assert len(paths) == len(names) and all(p.parent == tmp_path / "reader-profiles" for p in paths)
