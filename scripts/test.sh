#!/usr/bin/env bash
# Set up (with the test tools) and run the whole test suite and the linter.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k retrieval`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
