"""The system programs a make target needs, installed from Debian when run as root.

    python -m tools.system chromium   # Chromium: the PDFs (`make build`) and the browser tests
    python -m tools.system node       # Node.js: typesets the formulas (MathJax) in every build
    python -m tools.system npm        # npm: the in-page editor's bundle and axe-core
    python -m tools.system java       # Java: runs vnu.jar, the HTML validator (browser tests only)

Chromium is looked up exactly as the tools and tests launch it (tools/browser.py:
NNH_CHROMIUM, else a chromium, chromium-browser or google-chrome). As root, apt-get installs
what is missing. Otherwise nothing is installed (make never runs sudo): the command stops,
names what is missing and prints the one command to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tools.browser import BrowserSetupError, chromium_path

# need: (Debian packages, what it is for)
NEEDS = {
    "chromium": (("chromium", "fonts-dejavu-core"), "Chromium (prints the PDFs, runs the browser tests)"),
    "node": (("nodejs",), "Node.js (typesets the book's formulas with MathJax at build time)"),
    "npm": (("npm",), "npm (bundles the in-page editor; fetches axe-core once for the "
                      "accessibility tests)"),
    "java": (("default-jre-headless",), "Java (runs vnu.jar, the HTML validator of the browser tests)"),
}


def is_missing(need: str) -> bool:
    if need == "chromium":
        try:
            chromium_path()
        except BrowserSetupError:
            return True
        return False
    return shutil.which(need) is None


def missing_message(needs: list[str]) -> str:
    """What is missing and the one command that installs it (for a user who is not root)."""
    packages = [p for need in needs for p in NEEDS[need][0]]
    what = "; ".join(NEEDS[need][1] for need in needs)
    alternative = (" (or set NNH_CHROMIUM=/path/to/chrome instead of installing chromium)"
                   if "chromium" in needs else "")
    return (f"Missing: {what}.\nInstall it with this command, then run make again{alternative}:\n"
            f"    sudo apt-get install -y {' '.join(packages)}")


def ensure(needs: list[str]) -> int:
    unknown = [n for n in needs if n not in NEEDS]
    if unknown:
        print(f"tools.system: unknown requirement(s) {unknown}; expected some of {sorted(NEEDS)}",
              file=sys.stderr)
        return 2
    chromium_set = os.environ.get("NNH_CHROMIUM")
    if "chromium" in needs and chromium_set and not os.access(chromium_set, os.X_OK):
        print(f"NNH_CHROMIUM={chromium_set} is not an executable file: point it at a Chromium or "
              f"Chrome binary, or unset it.", file=sys.stderr)
        return 1
    missing = [n for n in needs if is_missing(n)]
    if not missing:
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        packages = [p for need in missing for p in NEEDS[need][0]]
        print(f"[make] missing: {'; '.join(NEEDS[n][1] for n in missing)}: installing "
              f"{' '.join(packages)} from Debian with apt-get", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        still = [n for n in missing if is_missing(n)]
        if still:
            print(f"[make] apt-get finished, but still missing: {still}", file=sys.stderr)
            return 1
        return 0
    print(missing_message(missing), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(ensure(sys.argv[1:]))
