#!/usr/bin/env bash
# The two commands of this project, for a fresh Debian machine with Python 3.11 (and apt as root):
#
#   bash dev.sh play    # set up, then play the default scenario
#   bash dev.sh test    # set up, then run every check and test (ruff, mypy, lint-imports, pytest)
#
# Both create .venv if it is missing and install the package into it, editable, with the `test`
# and `ui` extras. The install is skipped when pyproject.toml has not changed since the last one
# (a stamp file in .venv records its hash), so reruns are fast. Nothing here asks a question:
# CI runs it with no standard input. Extra arguments after `test` go to pytest.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

VENV=.venv
STAMP="$VENV/.wargame-install-stamp"
PYTHON="${PYTHON:-python3}"
LINT_PATHS=(src tests policies benchmarks run.py)

say() { printf '== %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@"
    else
        echo "dev.sh: need root to run: $*" >&2
        return 1
    fi
}

make_venv() {
    [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1 && return 0
    say "creating $VENV"
    rm -rf "$VENV"
    if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
        # Debian's own python3 ships venv and ensurepip separately (package python3-venv).
        say "installing python3-venv (apt)"
        rm -rf "$VENV"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        "$PYTHON" -m venv "$VENV"
    fi
}

install() {
    make_venv
    local want have=""
    want="$(sha256sum pyproject.toml | cut -d' ' -f1) $("$VENV/bin/python" -V 2>&1)"
    [ -f "$STAMP" ] && have="$(cat "$STAMP")"
    if [ "$want" = "$have" ] && [ -x "$VENV/bin/wargame" ] \
        && "$VENV/bin/python" -c "import wargame" >/dev/null 2>&1; then
        say "installing: up to date (pyproject.toml unchanged)"
        return 0
    fi
    say "installing"
    export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[test,ui]"
    printf '%s\n' "$want" >"$STAMP"
}

play() {
    install
    say "wargame serve (the browser game; Ctrl-C stops it)"
    exec "$VENV/bin/wargame" serve "$@"
}

run_tests() {
    install

    # Browser tests drive Debian's Chromium with Playwright (`playwright install` cannot
    # download a browser here). Installed once; skipped when it is there.
    if [ ! -x /usr/bin/chromium ]; then
        say "installing chromium (apt, for the browser tests)"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
    # tests/test_proxy.py runs two servers behind nginx (as this user, from a temporary folder).
    if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
        say "installing nginx (apt, for the reverse-proxy test)"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        # nginx-light on Debian 12; later releases ship only `nginx`.
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null \
            || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
    fi

    local paths=() p
    for p in "${LINT_PATHS[@]}"; do
        [ -e "$p" ] && paths+=("$p")
    done
    say "ruff"
    "$VENV/bin/ruff" check "${paths[@]}"
    "$VENV/bin/ruff" format --check "${paths[@]}"
    say "mypy"
    "$VENV/bin/mypy"
    say "import layers (lint-imports: layers, a pure engine, no circles)"
    "$VENV/bin/lint-imports" --no-cache
    say "pytest"
    "$VENV/bin/python" -m pytest -q "$@" </dev/null
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
    play) play "$@" ;;
    test) run_tests "$@" ;;
    *)
        echo "usage: bash dev.sh play|test [args...]" >&2
        exit 2
        ;;
esac
