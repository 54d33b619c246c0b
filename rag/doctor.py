"""`rag doctor`: is everything the assistant needs there? One line per check;
each failure is one sentence with the fix."""

from __future__ import annotations

import sys
from collections.abc import Callable

from rag.builtin_model import ModelUnavailable
from rag.config import Settings
from rag.llm import LLMUnavailable, OllamaLLM


def run_checks(settings: Settings, pull: bool = False, out: Callable[[str], None] = print) -> int:
    """Run every check; 0 when all pass, 1 otherwise."""
    failures = 0

    def ok(what: str, detail: str) -> None:
        out(f"ok    {what}: {detail}")

    def fail(what: str, sentence: str) -> None:
        nonlocal failures
        failures += 1
        out(f"FAIL  {what}: {sentence}")

    if settings.llm.lower() == "none":
        ok("llm", "none (extractive answers only)")
    else:
        llm = OllamaLLM(settings)
        try:
            ok("ollama", f"version {llm.version()} at {llm.url}")
            if llm.has_model():
                ok("model", f"{llm.model} is on the server (num_ctx {settings.num_ctx})")
                out(f"note  reader: {_reader_note(settings, llm)}")
            elif _pull(llm, pull, out):
                ok("model", f"{llm.model} pulled")
            else:
                fail("model", f"'{llm.model}' is not on the server: run 'ollama pull {llm.model}' where the "
                              "internet is reachable, or 'scripts/ollama/provision.sh --models all' offline, "
                              f"or pick one of: {', '.join(llm.models()) or 'none installed'}")
        except LLMUnavailable as e:
            fail("ollama", f"{e} (answers fall back to extractive mode meanwhile)")

    from rag.embed import Embedder

    try:
        embedder = Embedder(settings)
        ok("embedding model", f"{settings.embed_model} on {embedder.backend} ({embedder.dimension} dimensions, "
                              f"max {embedder.max_tokens} tokens)")
    except ModelUnavailable as e:
        fail("embedding model", str(e))
        embedder = None

    if embedder is not None:
        from rag.index import Index, IndexUnavailable

        try:
            stats = Index(settings, embedder=embedder).stats()
            if stats["passages"]:
                ok("index", f"{stats['documents']} articles, {stats['passages']} passages in {stats['data_dir']}"
                            f" ({stats['chroma']})")
            else:
                fail("index", f"the index in {stats['data_dir']} is empty: run 'rag ingest PATH'")
        except IndexUnavailable as e:
            fail("index", str(e))
    if settings.bridge:
        from rag.bridge import dictionary

        entries = dictionary.load()
        if entries:
            ok("bridge", f"English→Hindi dictionary {dictionary.DEFAULT_PATH} ({len(entries)} stems)")
        else:  # not a failure: English questions still get sound matching
            out(f"note  bridge: no English→Hindi dictionary at {dictionary.DEFAULT_PATH}; English words are matched "
                "by sound only (sudo apt-get install dict-freedict-eng-hin)")
        english = dictionary.english_words()
        if english:
            ok("gloss", f"English word list {dictionary.WORDS_PATH} ({len(english)} words) for English answers "
                        "from Hindi articles")
        else:  # not a failure: the answer then quotes the Hindi words and says so
            out(f"note  gloss: no English word list at {dictionary.WORDS_PATH}; English answers from Hindi "
                "articles quote the Hindi words (sudo apt-get install wamerican)")
        from rag.bridge import pronounce

        if pronounce.available():
            ok("pronunciations", f"CMU Pronouncing Dictionary ({len(pronounce.table())} words): names spelled in "
                                 "Devanagari, loanwords found by sound")
        else:  # not a failure: names then stay in Latin letters
            out("note  pronunciations: no CMU Pronouncing Dictionary (bash scripts/setup.sh fetches it); names stay "
                "in Latin letters for Hindi readers")
    out("all good" if not failures else f"{failures} problem(s)")
    return 0 if not failures else 1


def _reader_note(settings: Settings, llm: OllamaLLM) -> str:
    """What the model reads and whether its choice is trusted, and where that comes from."""
    from rag.answer import profile

    sentences, policy = profile.reader_settings(settings, llm.model)
    what = f"{sentences} sentence(s), policy '{policy}'"
    kept = profile.load(settings.models_dir, llm.model)
    if kept is None:
        return f"{what} (defaults; 'rag calibrate' measures whether this model chooses better among more)"
    stale = " — the model changed since: run 'rag calibrate' again" if kept.digest and kept.digest != llm.digest() \
        else ""
    return f"{what} (measured by 'rag calibrate' on {kept.question_set}, {kept.created[:10]}){stale}"


def _pull(llm: OllamaLLM, pull: bool, out: Callable[[str], None]) -> bool:
    """Offer to pull a missing model (only where a pull can work)."""
    if not pull:
        if not sys.stdin.isatty():
            return False
        answer = input(f"the model {llm.model} is missing; pull it now? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            return False
    from tqdm import tqdm

    bar = tqdm(total=0, unit="B", unit_scale=True, desc=f"pull {llm.model}", file=sys.stderr)
    try:
        for status, done, total in llm.pull():
            if total:
                bar.total = total
                bar.n = done
            bar.set_postfix_str(status[:30])
            bar.refresh()
    except LLMUnavailable as e:
        out(f"      pull failed: {e}")
        return False
    finally:
        bar.close()
    return llm.has_model()
