"""The embedding backends (issue #12): torch, onnx and onnx-int8 agree, an
index never mixes their vectors, and the CLI works with each. Real model, no mocks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag.builtin_model import builtin_model_dir
from rag.embed import Embedder
from rag.index import Index, IndexUnavailable
from rag.ingest import Ingestor
from tests.conftest import ROOT, SEEDS, make_settings

pytestmark = pytest.mark.slow

HINDI = [
    "वार्ता समाप्त होने के कुछ समय बाद ही उत्तर कोरिया ने पूर्वी समुद्री क्षेत्र की ओर एक बैलिस्टिक मिसाइल दागी।",
    "रूस के रक्षा मंत्री आंद्रेई बेलोसोव शुक्रवार को प्योंगयांग पहुंचे।",
    "भारतीय रिज़र्व बैंक ने शुक्रवार को रेपो दर 6.5 प्रतिशत पर स्थिर रखी, महंगाई 5.1% रही।",
    "क्या 2024 में दिल्ली में 45°C से ज़्यादा तापमान दर्ज हुआ?",
]
ENGLISH = [
    "Shortly after the talks ended, North Korea fired a ballistic missile towards the East Sea.",
    "The Reserve Bank of India kept the repo rate unchanged at 6.5 per cent on Friday.",
    "Who is Russia's defence minister?",
    "IPL 2024: Chennai Super Kings beat Mumbai Indians by 20 runs at Wankhede.",
]
# Both seed articles: beyond 512 tokens, so every backend must truncate alike.
LONG = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


@pytest.fixture(scope="module")
def backends(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Embedder]:
    data = tmp_path_factory.mktemp("unused")
    out = {}
    for name in ("torch", "onnx", "onnx-int8"):
        e = Embedder(make_settings(data, embed_backend=name))
        _ = e.model
        assert e.backend == name  # a build failure would have fallen back to torch
        out[name] = e
    return out


def test_backends_agree_on_hindi_and_english(backends):
    texts = [*HINDI, *ENGLISH, LONG]
    ref = backends["torch"].embed_passages(texts)
    for name, floor in (("onnx", 0.9999), ("onnx-int8", 0.99)):
        vectors = backends[name].embed_passages(texts)
        assert vectors.shape == ref.shape and vectors.dtype == np.float32
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
        cosines = (ref * vectors).sum(axis=1)
        assert cosines.min() >= floor, (name, cosines.round(4).tolist())
    for question in (HINDI[3], ENGLISH[2]):
        q = {name: e.embed_query(question) for name, e in backends.items()}
        assert float(q["torch"] @ q["onnx-int8"]) >= 0.99


def test_backends_rank_alike_across_languages(backends):
    """The same passage wins for a Hindi and an English question on every backend."""
    for e in backends.values():
        p = e.embed_passages(HINDI[:3])
        for question in ("उत्तर कोरिया ने मिसाइल कहाँ दागी?", "Where did North Korea fire the missile?"):
            assert int(np.argmax(p @ e.embed_query(question))) == 0
        assert int(np.argmax(p @ e.embed_query("What did the RBI do with the repo rate?"))) == 2


def test_backends_count_tokens_alike(backends):
    """Passages are sized in tokens: every backend must count them the same."""
    texts = ["", *HINDI, *ENGLISH, LONG]
    counts = {name: e.count_tokens(texts) for name, e in backends.items()}
    assert counts["onnx"] == counts["torch"] == counts["onnx-int8"]
    assert counts["torch"][0] == 4  # <s> ▁passage : </s>
    assert {e.max_tokens for e in backends.values()} == {512} and counts["torch"][-1] > 512


def test_index_refuses_another_backend(tmp_path, backends):
    settings = make_settings(tmp_path / "data", embed_backend="onnx-int8")
    index = Index(settings, embedder=backends["onnx-int8"])
    Ingestor(index).run([SEEDS])
    assert index.stats()["embed_backend"] == "onnx-int8"
    index.store.close()

    with pytest.raises(IndexUnavailable) as e:
        Index(make_settings(tmp_path / "data", embed_backend="torch"))
    message = str(e.value)
    assert "built with the 'onnx-int8' embedding backend, not 'torch'" in message
    assert "RAG_EMBED_BACKEND=onnx-int8" in message and "rag reset" in message

    # An embedder that ended up on another runtime (an ONNX build that failed and
    # fell back to torch) cannot add its vectors either.
    index = Index(settings, embedder=backends["torch"])
    doc = (tmp_path / "extra.txt")
    doc.write_text("दिल्ली में आज बारिश हुई और तापमान गिर गया।\n", encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="'onnx-int8' embedding backend, not 'torch'"):
        Ingestor(index).run([doc])
    assert index.store.counts()["documents"] == 2


def test_index_from_before_backends_counts_as_torch(tmp_path, backends):
    settings = make_settings(tmp_path / "data", embed_backend="torch")
    index = Index(settings, embedder=backends["torch"])
    Ingestor(index).run([SEEDS])
    index.store.db.execute("DELETE FROM meta WHERE key = 'embed_backend'")
    index.store.db.commit()
    index.store.close()
    with pytest.raises(IndexUnavailable, match="'torch' embedding backend, not 'onnx-int8'"):
        Index(make_settings(tmp_path / "data", embed_backend="onnx-int8"))
    assert Index(settings, embedder=backends["torch"]).stats()["embed_backend"] == "torch"


def test_failed_onnx_build_falls_back_to_torch(tmp_path, capsys):
    """models_dir is a file, so no ONNX build can be written: torch embeds, and says so."""
    blocker = tmp_path / "models"
    blocker.write_text("not a folder")
    source = builtin_model_dir(make_settings(tmp_path).models_dir)
    e = Embedder(make_settings(tmp_path / "data", embed_model=str(source), models_dir=blocker,
                               embed_backend="onnx-int8"))
    assert e.embed_passages(["नमस्ते"]).shape == (1, 384)
    assert e.backend == "torch"
    assert "embedding with torch instead" in capsys.readouterr().err


@pytest.mark.parametrize("backend", ["torch", "onnx", "onnx-int8"])
def test_cli_with_each_backend(tmp_path, backend):
    env = {**os.environ, "RAG_DATA_DIR": str(tmp_path / "data"), "RAG_EMBED_BACKEND": backend,
           "RAG_EMBED_THREADS": os.environ.get("RAG_EMBED_THREADS", "1")}
    env.pop("RAG_CONFIG", None)

    def rag(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "rag.cli", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)

    ingest = rag("ingest", str(SEEDS))
    assert ingest.returncode == 0, ingest.stderr
    assert "10 passages embedded" in ingest.stdout
    search = rag("search", "Who fired the missile?", "--mode", "dense", "--top-k", "1")
    assert search.returncode == 0, search.stderr
    assert "north-korea-missile-after-russia-talks.txt" in search.stdout
    ask = rag("ask", "रूस के रक्षा मंत्री का नाम क्या है?", "--llm", "none")
    assert ask.returncode == 0, ask.stderr
    assert "बेलोसोव" in ask.stdout
    assert f"({backend})" in rag("stats").stdout
    other = "torch" if backend != "torch" else "onnx-int8"
    refused = subprocess.run([sys.executable, "-m", "rag.cli", "search", "मिसाइल"], cwd=ROOT, capture_output=True,
                             text=True, env={**env, "RAG_EMBED_BACKEND": other}, timeout=300)
    assert refused.returncode == 2
    assert f"built with the '{backend}' embedding backend" in refused.stderr


def test_query_path_imports_no_torch(tmp_path):
    """A question on the ONNX backends never imports torch or transformers (8 s cold, issue #12)."""
    code = (
        "import sys\n"
        "from rag.config import Settings\n"
        "from rag.embed import Embedder\n"
        f"e = Embedder(Settings.load(env={{}}, overrides={{'data_dir': {str(tmp_path)!r}}}))\n"
        "e.embed_query('रूस के रक्षा मंत्री कौन हैं?')\n"
        "assert e.backend == 'onnx-int8', e.backend\n"
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "RAG_EMBED_THREADS": "1"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_rag_reset_rebuilds_an_index_of_another_backend(tmp_path, backends):
    index = Index(make_settings(tmp_path / "data", embed_backend="onnx-int8"), embedder=backends["onnx-int8"])
    Ingestor(index).run([SEEDS])
    index.store.close()
    env = {**os.environ, "RAG_DATA_DIR": str(tmp_path / "data"), "RAG_EMBED_BACKEND": "torch"}
    reset = subprocess.run([sys.executable, "-m", "rag.cli", "reset", "--yes"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)
    assert reset.returncode == 0, reset.stderr
    assert Index(make_settings(tmp_path / "data", embed_backend="torch"),
                 embedder=backends["torch"]).store.counts()["documents"] == 0


def test_onnx_build_is_cached(backends):
    model_file = backends["onnx-int8"].model.model_file
    assert model_file.name == "model-int8.onnx" and (model_file.parent / "onnx.json").is_file()
    assert model_file.stat().st_size < 200_000_000  # the embedding table is int8 too
    assert model_file.parent.parent == backends["torch"].settings.models_dir / "onnx"


def test_concurrent_first_uses_build_once(tmp_path):
    """Cold commands started together on a fresh machine: one builds, the others wait for it."""
    source = builtin_model_dir(make_settings(tmp_path).models_dir)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from rag.onnx_export import ensure_onnx_model\n"
        f"print(ensure_onnx_model(Path({str(source)!r}), Path(sys.argv[1]), int8=sys.argv[2] == 'int8'))\n"
    )
    models = tmp_path / "models"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(models), kind], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, "OMP_NUM_THREADS": "1"})
             for kind in ("int8", "fp32")]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in outs]
    folders = {out.strip() for out, _ in outs}
    assert len(folders) == 1
    folder = Path(folders.pop())
    assert {p.name for p in folder.iterdir()} == {"model.onnx", "model-int8.onnx", "onnx.json", "tokenizer.json"}
    assert [p.name for p in (models / "onnx").iterdir() if p.name.startswith(".build-")] == []
