#!/usr/bin/env bash
# Make sure the browser tests have a Chromium: use NNH_CHROMIUM or one on PATH; as root (or
# with password-less sudo, as on CI runners), install Debian's package with apt-get;
# otherwise stop with the one command to run.
set -euo pipefail
if [ -n "${NNH_CHROMIUM:-}" ] && [ -x "$NNH_CHROMIUM" ]; then exit 0; fi
for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then exit 0; fi
done
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
fi
if { [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; } && command -v apt-get >/dev/null 2>&1; then
    echo "[make] the browser tests need Chromium: installing Debian's chromium with ${SUDO:+sudo }apt-get"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium fonts-dejavu-core >/dev/null
    command -v chromium >/dev/null 2>&1 && exit 0
    echo "[make] apt-get finished but no chromium is on PATH" >&2
    exit 1
fi
cat >&2 <<'MSG'
The browser tests need Chromium, and none was found. Install it with:
    sudo apt-get install -y chromium fonts-dejavu-core
(or point NNH_CHROMIUM at a Chromium or Chrome binary), then run `make test` again.
MSG
exit 1
