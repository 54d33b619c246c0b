#!/usr/bin/env bash
# Stop a server started by `serve.sh --background` (found by its pid file).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/common.sh
. "$HERE/common.sh"

if [ ! -f "$OLLAMA_PID_FILE" ]; then
    echo "not running (no $OLLAMA_PID_FILE)"
    exit 0
fi
pid="$(cat "$OLLAMA_PID_FILE")"
# Only stop the process if it still is our ollama-lib: a stale pid file may
# name a pid that was reused since.
if ollama_alive "$pid" && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(readlink -f "$OLLAMA_BIN")" ]; then
    ollama_stop_pid "$pid"
    echo "stopped (pid $pid)"
else
    echo "not running (stale pid file removed)"
fi
rm -f "$OLLAMA_PID_FILE"
