"""The rounding perturbation (tools/rounding.py) really makes this machine round otherwise.

`make test-notebooks` runs nbval in kernels started with tools.rounding's environment: a
stored output that depends on the last bits of a matrix product or of exp/tanh/log then
differs from the re-executed one. That check is only as good as the perturbation, so here a
fresh interpreter computes the same products and functions with and without it, and the bits
must differ (while the values agree to 12 digits: it is rounding, not a bug).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

from tools.rounding import perturbed_environment

PROBE = """
import json, numpy as np
rng = np.random.default_rng(0)
a, b, x = rng.standard_normal((64, 257)), rng.standard_normal((257, 33)), rng.standard_normal(4096)
print(json.dumps({"matmul": (a @ b).ravel().tolist(), "vecdot": (a @ b[:, 0]).tolist(),
                  "exp": np.exp(x).tolist(), "tanh": np.tanh(x).tolist(),
                  "log": np.log(np.abs(x)).tolist()}))
"""


def probe(env: dict[str, str]) -> dict[str, np.ndarray]:
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                         check=True, timeout=120)
    return {name: np.array(values) for name, values in json.loads(out.stdout).items()}


def test_the_perturbation_changes_last_bits_of_blas_and_simd_results():
    plain = {k: v for k, v in os.environ.items()
             if k not in ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES")}
    usual, perturbed = probe(plain), probe(perturbed_environment(plain))
    changed = {name for name in usual if not np.array_equal(usual[name], perturbed[name])}
    assert {"matmul", "vecdot"} & changed, "OPENBLAS_CORETYPE did not change any matrix product"
    assert {"exp", "tanh", "log"} & changed, "NPY_DISABLE_CPU_FEATURES changed no ufunc result"
    for name in usual:
        np.testing.assert_allclose(perturbed[name], usual[name], rtol=1e-12, atol=1e-300)
