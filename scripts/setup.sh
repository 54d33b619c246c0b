#!/usr/bin/env bash
# Create .venv with everything the project needs. Idempotent: a second run
# with an unchanged pyproject.toml does nothing. Never pulls a CUDA torch.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
"$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || { echo "setup: Python 3.11 is required (found $("$PY" --version 2>&1))" >&2; exit 1; }

EXTRAS=${1:-}          # "dev" for the test tools
STAMP=.venv/.installed${EXTRAS:+-$EXTRAS}
WANT=$(sha256sum pyproject.toml | cut -c1-16)

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
  exit 0
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# torch first, pinned, so nothing later resolves it to a CUDA build.
.venv/bin/pip install -q torch==2.13.0
.venv/bin/pip install -q -e ".${EXTRAS:+[$EXTRAS]}"
# The browser tests drive Debian's Chromium (Playwright's own download needs the internet).
if [ "$EXTRAS" = dev ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
  else
    echo "setup: the browser tests need Chromium: sudo apt-get install chromium" >&2
  fi
fi
# FreeDict's English-Hindi dictionary (GPL, so read from Debian's package at run
# time, never shipped here) gives English questions Hindi keywords (rag/bridge);
# with Debian's English word list (wamerican) it also glosses Hindi answer words
# into English for them (rag/answer/gloss.py).
if { [ ! -f /usr/share/dictd/freedict-eng-hin.dict.dz ] || [ ! -f /usr/share/dict/american-english ]; } \
    && command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q dict-freedict-eng-hin wamerican >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null \
           && DEBIAN_FRONTEND=noninteractive apt-get install -y -q dict-freedict-eng-hin wamerican >/dev/null; } \
      || echo "setup: could not install dict-freedict-eng-hin wamerican; English questions get sound matching" \
              "only and English answers from Hindi articles are not glossed" >&2
  else
    echo "setup: for English questions over Hindi articles: sudo apt-get install dict-freedict-eng-hin wamerican" >&2
  fi
fi
echo "$WANT" > "$STAMP"
echo "setup: .venv ready"
