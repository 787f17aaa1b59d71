#!/bin/sh
# Make sure Debian's Chromium, its driver and a CJK font are installed (Playwright browser tests
# drive /usr/bin/chromium through `executable_path`; without a CJK font Chinese renders as boxes
# in screenshots). Idempotent: installs only what is missing, with apt-get as root or via sudo.
# Prints the browser path on success.
#
# Usage: scripts/ensure-chromium.sh     (CHROMIUM=/path/to/chromium overrides the lookup;
#                                        ENSURE_CJK_FONT=0 skips the font)
set -eu

find_chromium() {
    if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then echo "$CHROMIUM"; return 0; fi
    for name in chromium chromium-browser; do
        if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    done
    return 1
}

have_cjk_font() {
    [ "${ENSURE_CJK_FONT:-1}" = "0" ] && return 0
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]
}

missing=""
find_chromium >/dev/null || missing="chromium chromium-driver"
command -v chromedriver >/dev/null 2>&1 || case "$missing" in *chromium-driver*) ;; *) missing="$missing chromium-driver" ;; esac
have_cjk_font || missing="$missing fonts-noto-cjk"

if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure-chromium: missing$missing; install these Debian packages as root:" \
             "apt-get install -y$missing" >&2
        exit 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "ensure-chromium: no apt-get here; install$missing with your package manager" \
             "(and set CHROMIUM=/path/to/chromium)" >&2
        exit 1
    fi
    echo "ensure-chromium: installing$missing with apt-get ..." >&2
    # shellcheck disable=SC2086  # $missing is a word list on purpose
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
fi

if path=$(find_chromium); then
    echo "$path"
else
    echo "ensure-chromium: apt-get finished but chromium is still not on PATH" >&2
    exit 1
fi
