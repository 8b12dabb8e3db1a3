#!/usr/bin/env bash
# The system tools the browser tests and the PDF need: Chromium (NNH_CHROMIUM or one on PATH)
# and npm (fetches axe-core once). What is missing is installed from Debian with apt-get as
# root (or with password-less sudo, as on CI runners); otherwise stop with the one command to run.
set -euo pipefail
packages=()
have_chromium=0
if [ -n "${NNH_CHROMIUM:-}" ] && [ -x "$NNH_CHROMIUM" ]; then have_chromium=1; fi
for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then have_chromium=1; fi
done
[ "$have_chromium" = 1 ] || packages+=(chromium fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || packages+=(npm)
[ "${#packages[@]}" = 0 ] && exit 0

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
fi
if { [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; } && command -v apt-get >/dev/null 2>&1; then
    echo "[make] the browser tests need ${packages[*]}: installing from Debian with ${SUDO:+sudo }apt-get"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${packages[@]}" >/dev/null
    if [ "$have_chromium" = 0 ] && ! command -v chromium >/dev/null 2>&1; then
        echo "[make] apt-get finished but no chromium is on PATH" >&2
        exit 1
    fi
    exit 0
fi
cat >&2 <<MSG
The browser tests need ${packages[*]}, not found on this machine. Install with:
    sudo apt-get install -y ${packages[*]}
(or point NNH_CHROMIUM at a Chromium or Chrome binary), then run \`make test\` again.
MSG
exit 1
