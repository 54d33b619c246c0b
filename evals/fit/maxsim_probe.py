"""Probe: token-level late interaction (ColBERT-style MaxSim) from the e5
model's token states, as a sentence-ranker feature (issue #10).

Written before the product computed MaxSim itself (``rag/answer/rank.py``,
feature ``maxsim``, from the ONNX build's ``token_embeddings`` output): it
copies an int8 graph that outputs only the pooled vector with the last
layer's token states as a second output, encodes every collected question
and candidate sentence, and writes per row MaxSim plain (as shipped),
IDF-weighted (word pieces' IDF over all collected sentences) and with the
IDF of the question's own candidates. Prefixes and special tokens are left
out. ``ranker_trials.py`` reads them as ``maxsim_probe``, ``maxsim_idf`` and
``maxsim_local``: the weightings did no better than plain MaxSim.

    .venv/bin/python evals/fit/maxsim_probe.py     # after collect.py; writes data/maxsim.json
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from rag.config import Settings  # noqa: E402
from rag.embed import resolve_model_path  # noqa: E402
from rag.onnx_export import INT8_FILE, onnx_dir_for  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
STATES = "/model/model.0/encoder/layer.11/output/LayerNorm/LayerNormalization_output_0"
SETS = ("xquad-hi", "xquad-en-hi")


def token_model(folder: Path, out: Path) -> Path:
    """A copy of the int8 graph with the token states as a second output."""
    import onnx

    if out.is_file():
        return out
    m = onnx.load(str(folder / INT8_FILE))
    m.graph.output.append(onnx.helper.make_tensor_value_info(STATES, onnx.TensorProto.FLOAT, None))
    onnx.save(m, str(out))
    return out


class TokenEncoder:
    def __init__(self, settings: Settings) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = onnx_dir_for(Path(resolve_model_path(settings)), settings.models_dir)
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.no_padding()
        self.tok.no_truncation()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = settings.embed_threads
        opts.log_severity_level = 3
        path = token_model(folder, Path("/tmp/e5-int8-tokens.onnx"))
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.skip = len(self.tok.encode("passage: ", add_special_tokens=False).ids)

    def encode(self, texts: list[str], prefix: str) -> list[tuple[list[int], np.ndarray]]:
        """Per text: its word-piece ids and L2-normalised token states, prefix and specials dropped."""
        out: list[tuple[list[int], np.ndarray]] = [([], np.zeros((0, 384)))] * len(texts)
        encs = [e.ids[:512] for e in self.tok.encode_batch([prefix + t for t in texts], add_special_tokens=True)]
        order = sorted(range(len(texts)), key=lambda i: -len(encs[i]))
        skip = len(self.tok.encode(prefix, add_special_tokens=False).ids)
        for s in range(0, len(order), 16):
            chunk = order[s:s + 16]
            width = len(encs[chunk[0]])
            ids = np.ones((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for r, i in enumerate(chunk):
                ids[r, :len(encs[i])] = encs[i]
                mask[r, :len(encs[i])] = 1
            _, states = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            for r, i in enumerate(chunk):
                h = states[r, 1 + skip:len(encs[i]) - 1]
                h = h / np.maximum(np.linalg.norm(h, axis=1, keepdims=True), 1e-12)
                out[i] = (encs[i][1 + skip:len(encs[i]) - 1], h)
        return out


def main() -> None:
    settings = Settings.load()
    enc = TokenEncoder(settings)
    rows = [json.loads(line) for name in SETS
            for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["kind"] == "own"]
    sents = sorted({r["text"] for r in rows})
    questions = sorted({r["question"] for r in rows})
    t = time.perf_counter()
    s_enc = dict(zip(sents, enc.encode(sents, settings.passage_prefix), strict=True))
    print(f"{len(sents)} sentences encoded in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    q_enc = dict(zip(questions, enc.encode(questions, settings.query_prefix), strict=True))
    df: Counter[int] = Counter()
    for ids, _ in s_enc.values():
        df.update(set(ids))
    n = len(s_enc)

    def idf(i: int) -> float:
        return math.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5))

    local: dict[tuple[str, str], Counter[int]] = {}
    for r in rows:  # each question's own candidates as the corpus: what the assistant has at hand
        local.setdefault((r["set"], r["qid"]), Counter()).update(set(s_enc[r["text"]][0]))
    sizes = Counter((r["set"], r["qid"]) for r in rows)
    out = {}
    t = time.perf_counter()
    for r in rows:
        q_ids, q = q_enc[r["question"]]
        _, s = s_enc[r["text"]]
        if not len(q) or not len(s):
            ms = msi = msl = 0.0
        else:
            best = (q @ s.T).max(1)
            w = np.array([idf(i) for i in q_ids])
            ms, msi = float(best.mean()), float((best * w).sum() / w.sum())
            d, m = local[(r["set"], r["qid"])], sizes[(r["set"], r["qid"])]
            wl = np.array([math.log(1 + (m - d[i] + 0.5) / (d[i] + 0.5)) for i in q_ids])
            msl = float((best * wl).sum() / wl.sum())
        out[f"{r['set']}|{r['qid']}|{r['text']}"] = [ms, msi, msl]
    print(f"MaxSim for {len(rows)} rows in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    (DATA / "maxsim.json").write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
