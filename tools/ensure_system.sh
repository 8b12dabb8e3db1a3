#!/usr/bin/env bash
# The system programs a make target needs, installed from Debian when run as root:
#   tools/ensure_system.sh chromium   Chromium, for the PDFs (`make build`) and the browser tests
#   tools/ensure_system.sh npm        npm, which fetches axe-core once for the browser tests
# As root, apt-get installs what is missing. Otherwise nothing is installed (no sudo inside
# make): the script stops and prints the one command to run.
set -euo pipefail
packages=()
missing=()
for need in "$@"; do
    case "$need" in
        chromium)
            if [ -n "${NNH_CHROMIUM:-}" ]; then
                if [ ! -x "$NNH_CHROMIUM" ]; then
                    echo "NNH_CHROMIUM=$NNH_CHROMIUM is not an executable file: point it at a Chromium or Chrome binary." >&2
                    exit 1
                fi
                continue
            fi
            found=0
            for name in chromium chromium-browser google-chrome; do
                command -v "$name" >/dev/null 2>&1 && found=1
            done
            [ "$found" = 1 ] || { packages+=(chromium fonts-dejavu-core); missing+=("Chromium (for the PDFs and the browser tests)"); }
            ;;
        npm)
            command -v npm >/dev/null 2>&1 || { packages+=(npm); missing+=("npm (fetches axe-core once for the accessibility tests)"); }
            ;;
        *) echo "ensure_system.sh: unknown requirement '$need' (expected chromium or npm)" >&2; exit 2 ;;
    esac
done
[ "${#packages[@]}" = 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[make] missing: ${missing[*]}; installing ${packages[*]} from Debian with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    exit 0
fi
hint=""
case " ${packages[*]} " in *" chromium "*) hint=" (or set NNH_CHROMIUM=/path/to/chrome instead of installing chromium)";; esac
{
    printf 'Missing: %s.\n' "$(IFS=';'; echo "${missing[*]}")"
    echo "Install it with this command, then run make again${hint}:"
    echo "    sudo apt-get install -y ${packages[*]}"
} >&2
exit 1
