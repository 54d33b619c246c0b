#!/usr/bin/env bash
# Start the Ollama server installed by provision.sh, on the CPU.
#
#   serve.sh                 run in the foreground (Ctrl-C stops it)
#   serve.sh --background    start it detached, write a pid file and a log
#                            file under $RAG_OLLAMA_DIR/run/, wait until
#                            GET http://$OLLAMA_HOST/api/version answers
#                            (at most $RAG_OLLAMA_WAIT seconds, default 60)
#
# To start the server from another program instead, run
# $RAG_OLLAMA_DIR/bin/ollama-lib serve with OLLAMA_NUM_GPU=0, OLLAMA_HOST,
# OLLAMA_MODELS and LD_LIBRARY_PATH=$RAG_OLLAMA_DIR/bin (see common.sh;
# `provision.sh --print-env` prints the values).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/common.sh
. "$HERE/common.sh"

PROG="serve.sh"
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

background=0
case "${1:-}" in
    "") ;;
    --background|-b) background=1 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (use --background or nothing)" ;;
esac

[ -x "$OLLAMA_BIN" ] || die "not provisioned: $OLLAMA_BIN is missing (run $HERE/provision.sh)"
mkdir -p "$OLLAMA_MODELS"

if [ "$background" = 0 ]; then
    ollama_up && die "a server already answers at $(ollama_url)"
    exec env OLLAMA_NUM_GPU=0 OLLAMA_HOST="$OLLAMA_HOST" OLLAMA_MODELS="$OLLAMA_MODELS" \
        LD_LIBRARY_PATH="$OLLAMA_BIN_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
        "$OLLAMA_BIN" serve
fi

if [ -f "$OLLAMA_PID_FILE" ] && ollama_alive "$(cat "$OLLAMA_PID_FILE")"; then
    if ollama_up; then
        echo "already running (pid $(cat "$OLLAMA_PID_FILE")) at $(ollama_url)"
        exit 0
    fi
    die "pid $(cat "$OLLAMA_PID_FILE") from $OLLAMA_PID_FILE runs but $(ollama_url) does not answer (see $OLLAMA_LOG_FILE)"
fi
ollama_up && die "another server already answers at $(ollama_url) (not started by serve.sh)"

mkdir -p "$OLLAMA_RUN_DIR"
ollama_start_background "$OLLAMA_LOG_FILE"
pid="$OLLAMA_STARTED_PID"
printf '%s\n' "$pid" >"$OLLAMA_PID_FILE"
wait_s="${RAG_OLLAMA_WAIT:-60}"
status=0
ollama_wait_up "$pid" "$wait_s" || status=$?
if [ "$status" != 0 ]; then
    last="$(tail -n 1 "$OLLAMA_LOG_FILE" 2>/dev/null || true)"
    ollama_stop_pid "$pid"
    rm -f "$OLLAMA_PID_FILE"
    if [ "$status" = 2 ]; then
        die "server exited at once: $last (log: $OLLAMA_LOG_FILE)"
    fi
    die "server did not answer at $(ollama_url) within $wait_s s (log: $OLLAMA_LOG_FILE)"
fi
echo "serving at $(ollama_url) (pid $pid, log $OLLAMA_LOG_FILE)"
