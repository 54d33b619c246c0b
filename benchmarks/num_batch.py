"""Prompt processing speed of the CPU Ollama at two `num_batch` values, paired.

Two servers, each with the model loaded at one batch size, get alternating
requests with the same ~430-token Hindi prompt (a random number in front, so
nothing comes from the prompt cache); the medians are comparable even when
other jobs load the machine, because both sides see the same load.

    OLLAMA_HOST=127.0.0.1:11501 bash scripts/ollama/serve.sh --background
    OLLAMA_HOST=127.0.0.1:11502 bash scripts/ollama/serve.sh --background
    .venv/bin/python benchmarks/num_batch.py --hosts 127.0.0.1:11501,127.0.0.1:11502 --batches 64,512
"""

from __future__ import annotations

import argparse
import random

import ollama
from common import REPO, median


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hosts", required=True, help="two Ollama servers, comma-separated")
    ap.add_argument("--batches", default="64,512", help="the two num_batch values")
    ap.add_argument("--model", default="qwen2.5-coder:1.5b")
    ap.add_argument("--rounds", type=int, default=6)
    args = ap.parse_args()
    text = (REPO / "seeds" / "north-korea-missile-after-russia-talks.txt").read_text(encoding="utf-8")[:430]
    pairs = list(zip([int(b) for b in args.batches.split(",")],
                     [ollama.Client(host=f"http://{h}") for h in args.hosts.split(",")], strict=True))

    def speed(batch: int, client: ollama.Client) -> float:
        r = client.generate(model=args.model, prompt=f"{random.randint(0, 10**9)} {text}", keep_alive="30m",
                            options={"num_ctx": 2048, "num_predict": 1, "num_batch": batch})
        return r.prompt_eval_count / (r.prompt_eval_duration / 1e9)

    for batch, client in pairs:  # load each model once, outside the measurement
        speed(batch, client)
    results: dict[int, list[float]] = {b: [] for b, _ in pairs}
    for i in range(args.rounds):
        for batch, client in pairs if i % 2 == 0 else pairs[::-1]:
            results[batch].append(speed(batch, client))
    for batch, v in results.items():
        print(f"num_batch {batch:4}: prompt tokens/s median {median(v):.1f}, best {max(v):.1f}, "
              f"all {[round(x, 1) for x in sorted(v)]}")


if __name__ == "__main__":
    main()
