#!/usr/bin/env bash
# The main job on the demo articles: set up, index seeds/, answer a search.
# Idempotent: a second run finds the articles unchanged and embeds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/rag ingest seeds/
.venv/bin/rag search "उत्तर कोरिया ने मिसाइल कब और कहाँ दागी?" --top-k 3
.venv/bin/rag search "Who led the Russian military delegation in Pyongyang?" --top-k 2
