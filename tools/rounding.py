"""Arithmetic that rounds differently, on this one machine: run a command with it.

    python -m tools.rounding pytest --nbval book      # nbval in kernels that round otherwise
    python -m tools.rounding --show                   # the environment it sets

Other CPUs round the last bits of a result differently: OpenBLAS picks a matrix kernel for
the CPU it runs on (its sums run in another order), and NumPy picks SIMD paths for exp, log,
tanh and powers by CPU feature. Both choices can be forced at process start, so one machine
can imitate another:

- ``OPENBLAS_CORETYPE``: the oldest kernel of the architecture (x86-64: Prescott, SSE3 only;
  ARM64: ARMV8), which every CPU of it runs and which sums in another order than the kernels
  chosen for a modern CPU;
- ``NPY_DISABLE_CPU_FEATURES``: every SIMD feature NumPy dispatches on and this CPU has, so
  NumPy's ufuncs take their baseline paths.

A kernel started with this environment (nbval starts kernels with the environment of pytest)
reproduces the stored outputs only if no stored digit depends on rounding.
tests/test_rounding.py shows that the environment really changes results on this machine.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys

# The generic OpenBLAS kernel of each architecture (DYNAMIC_ARCH builds accept these names).
GENERIC_BLAS_CORE = {"x86_64": "Prescott", "AMD64": "Prescott", "aarch64": "ARMV8", "arm64": "ARMV8"}


def disabled_simd_features() -> list[str]:
    """The SIMD features NumPy dispatches on that this CPU has (those it can switch off)."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [feature for feature in __cpu_dispatch__ if __cpu_features__.get(feature)]


def perturbed_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with arithmetic that rounds otherwise."""
    env = dict(os.environ if base is None else base)
    core = GENERIC_BLAS_CORE.get(platform.machine())
    if core:
        env["OPENBLAS_CORETYPE"] = core
    features = disabled_simd_features()
    if features:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(features)
    return env


def main(argv: list[str]) -> int:
    if not argv or argv == ["--show"]:
        env = perturbed_environment({})
        print("\n".join(f"{k}={v}" for k, v in sorted(env.items())))
        return 0
    command = [sys.executable, "-m", *argv] if argv[0] == "pytest" else argv
    print("[rounding] " + " ".join(f"{k}={v!r}" for k, v in sorted(perturbed_environment({}).items())),
          flush=True)
    return subprocess.call(command, env=perturbed_environment())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
