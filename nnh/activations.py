"""Activation functions and their derivatives, computed carefully in NumPy.

Every element-wise activation is an :class:`Activation`: call it on a value, ask it for
``.derivative(x)``, and read what the book shows about it (``formula``,
``derivative_formula``, ``output_range``, ``range_latex``, ``use``).

Conventions shared by all of them, in the manner of ``scipy.special``:

* float16/32/64 inputs keep their dtype (float16/32 are computed in float64 and rounded
  once); booleans and integers become float64;
* Python scalars and 0-d arrays give a NumPy scalar, N-d and empty arrays keep their shape;
* the whole real line works, ±inf included, with no overflow, underflow or invalid-value
  warning and no NaN from a non-NaN input; NaN in gives NaN out;
* at a kink the derivative takes the value of the left-hand branch:
  ``relu.derivative(0) == 0`` and ``leaky_relu.derivative(0, alpha) == alpha``
  (the convention PyTorch uses).

Importing this module loads NumPy only; GELU's first call loads ``scipy.special`` (erfc and
erfcx), or, where SciPy is missing (the site's in-page Python), builds them from ``math``.
It never imports matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from nnh._validate import as_real_array, real_scalar, scalar_or_array

__all__ = [
    "ACTIVATIONS",
    "CLASSIC_ACTIVATIONS",
    "GELU_ARGMIN",
    "GELU_MIN",
    "SILU_ARGMIN",
    "SILU_MIN",
    "Activation",
    "Softmax",
    "elu",
    "gelu",
    "identity",
    "leaky_relu",
    "log_softmax",
    "relu",
    "sigmoid",
    "silu",
    "softmax",
    "softplus",
    "tanh",
]

ArrayLike = Any
Kernel = Callable[..., np.ndarray]
RangeRule = Callable[..., tuple[float, float]]
_IGNORE_FP_ERRORS: dict[str, Any] = {"over": "ignore", "under": "ignore", "invalid": "ignore",
                                     "divide": "ignore"}

#: GELU and SiLU dip below 0 once, at the root of their derivative. The 17-digit roots and
#: minima below come from a 50-digit root of the derivative (mpmath); the tests recompute them.
GELU_ARGMIN = -0.7517915246935645
GELU_MIN = -0.16997120747990366
SILU_ARGMIN = -1.2784645427610737
SILU_MIN = -0.2784645427610738


class Activation:
    """An element-wise activation function ``f``, its derivative ``f'`` and their documentation.

    Parameters of the function (such as ``alpha`` for leaky ReLU) are keyword arguments of
    both the call and :meth:`derivative`; ``params`` holds their defaults. ``output_range``
    is the range with the default parameters; :meth:`output_range_for` gives it for others
    (``elu.output_range_for(alpha=3) == (-3.0, inf)``).
    """

    def __init__(
        self,
        name: str,
        kernel: Kernel,
        derivative_kernel: Kernel,
        *,
        formula: str,
        derivative_formula: str,
        output_range: tuple[float, float] | RangeRule,
        range_latex: str,
        use: str,
        params: Mapping[str, float] | None = None,
        param_minimum: float = 0.0,
        label: str | None = None,
    ) -> None:
        self.name = name
        #: How the book writes the function's name in prose, titles and legends ("ReLU" for
        #: ``nnh.relu``); ``name`` stays the code identifier.
        self.label = name if label is None else label
        self._kernel = kernel
        self._derivative_kernel = derivative_kernel
        self.formula = formula
        self.derivative_formula = derivative_formula
        self._range_rule = output_range if callable(output_range) else lambda **_: output_range
        self.range_latex = range_latex
        self.use = use
        self.params: Mapping[str, float] = MappingProxyType(dict(params or {}))
        self._param_minimum = param_minimum
        self.__doc__ = (
            f"{name}: element-wise activation.\n\n"
            f"Formula: ${formula}$\n\nRange: ${range_latex}$\n\n"
            f"Derivative: ${derivative_formula}$\n\nTypical use: {use}\n"
        )

    def _parameter_values(self, where: str, given: dict[str, Any]) -> dict[str, float]:
        """The defaults in ``params`` updated with the checked keyword arguments ``given``."""
        unknown = set(given) - set(self.params)
        if unknown:
            allowed = ", ".join(repr(p) for p in self.params) or "none"
            raise TypeError(
                f"{where}: unexpected keyword argument {sorted(unknown)[0]!r} "
                f"(allowed: {allowed})"
            )
        values = dict(self.params)
        for key, value in given.items():
            values[key] = real_scalar(value, where, key, minimum=self._param_minimum)
        return values

    def _apply(self, kernel: Kernel, where: str, x: ArrayLike, given: dict[str, Any]):
        params = self._parameter_values(where, given)
        arr = as_real_array(x, where)
        # float16/32 are computed in float64 and rounded once: within an ulp of the exact value
        work = np.atleast_1d(arr).astype(np.promote_types(arr.dtype, np.float64), copy=False)
        with np.errstate(**_IGNORE_FP_ERRORS):  # kernels are written so that nothing here is a real fault
            out = np.asarray(kernel(work, **params)).astype(arr.dtype, copy=False)
        return scalar_or_array(out.reshape(arr.shape))

    def _float64(self, x: np.ndarray, derivative: bool = False) -> np.ndarray:
        """The function (or its derivative) with the default parameters on a float64 array that
        nnh has already checked: what ``self(x)`` returns, without the checks (hot loops)."""
        if x.dtype != np.float64:
            return np.asarray(self.derivative(x) if derivative else self(x))
        kernel = self._derivative_kernel if derivative else self._kernel
        with np.errstate(**_IGNORE_FP_ERRORS):
            return np.asarray(kernel(np.atleast_1d(x), **self.params)).reshape(x.shape)

    @property
    def output_range(self) -> tuple[float, float]:
        """``(lowest, highest)`` value of the function with its default parameters."""
        return self.output_range_for()

    def output_range_for(self, **params: float) -> tuple[float, float]:
        """``(lowest, highest)`` value of the function with these parameters (the rest default)."""
        values = self._parameter_values(f"nnh.{self.name}.output_range_for", params)
        return self._range_rule(**values)

    def __call__(self, x: ArrayLike, **params: float) -> np.ndarray | np.floating:
        """Apply the activation element-wise."""
        return self._apply(self._kernel, f"nnh.{self.name}", x, params)

    def derivative(self, x: ArrayLike, **params: float) -> np.ndarray | np.floating:
        """The derivative ``f'(x)``, element-wise (NaN where ``x`` is NaN)."""
        return self._apply(self._derivative_kernel, f"nnh.{self.name}.derivative", x, params)

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"<activation {self.name}{extra}>"


# --- kernels: each takes a float ndarray and returns a new one of the same dtype ----------

def _exp_neg_abs_into(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """exp(-|x|) written into ``out``, in (0, 1] for every non-NaN x: the one exponential that
    cannot overflow."""
    np.abs(x, out=out)
    np.negative(out, out=out)
    return np.exp(out, out=out)


def _exp_neg_abs(x: np.ndarray) -> np.ndarray:
    """exp(-|x|) as a new array (:func:`_exp_neg_abs_into`)."""
    return _exp_neg_abs_into(x, np.empty_like(x))


_SIGMOID_BLOCK = 1 << 14  # elements per block: the temporaries stay in the CPU cache


def _sigmoid_block(x: np.ndarray, out: np.ndarray, z: np.ndarray, d: np.ndarray) -> None:
    # x >= 0: 1 / (1 + e^-x);  x < 0: e^x / (1 + e^x).  Both from z = e^-|x|.
    _exp_neg_abs_into(x, z)
    np.add(z, 1, out=d)
    np.divide(z, d, out=out)
    np.reciprocal(d, out=d)
    np.copyto(out, d, where=x >= 0)


def _blockwise(block: Callable[..., None], x: np.ndarray) -> np.ndarray:
    """``block(x_part, out_part, z, d)`` over ``x`` in blocks of _SIGMOID_BLOCK elements, with
    two scratch arrays ``z`` and ``d`` that stay in the CPU cache: on a large array several
    times faster than whole-array temporaries, and element for element the same numbers."""
    flat = x.reshape(-1)
    out = np.empty_like(flat)
    z = np.empty(min(flat.size, _SIGMOID_BLOCK), dtype=x.dtype)
    d = np.empty_like(z)
    for start in range(0, flat.size, _SIGMOID_BLOCK):
        stop = min(start + _SIGMOID_BLOCK, flat.size)
        n = stop - start
        block(flat[start:stop], out[start:stop], z[:n], d[:n])
    return out.reshape(x.shape)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return _blockwise(_sigmoid_block, x)


def _sigmoid_derivative_block(x: np.ndarray, out: np.ndarray, z: np.ndarray,
                              d: np.ndarray) -> None:
    # sigma(x) * sigma(-x) = z / (1 + z)^2 with z = e^-|x|, symmetric and exact in the tails.
    _exp_neg_abs_into(x, z)
    np.add(z, 1, out=d)
    np.multiply(d, d, out=d)
    np.divide(z, d, out=out)


def _sigmoid_derivative(x: np.ndarray) -> np.ndarray:
    return _blockwise(_sigmoid_derivative_block, x)


def _tanh_derivative_block(x: np.ndarray, out: np.ndarray, z: np.ndarray,
                           d: np.ndarray) -> None:
    # sech^2(x) = 4 e^{-2|x|} / (1 + e^{-2|x|})^2; avoids 1 - tanh^2 cancelling in the tails.
    _exp_neg_abs_into(x, z)
    np.multiply(z, z, out=z)
    np.add(z, 1, out=d)
    np.multiply(d, d, out=d)
    np.divide(z, d, out=z)
    np.multiply(z, 4, out=out)


def _tanh_derivative(x: np.ndarray) -> np.ndarray:
    return _blockwise(_tanh_derivative_block, x)


def _nan_where_nan(out: np.ndarray, x: np.ndarray) -> np.ndarray:
    np.copyto(out, x, where=np.isnan(x))
    return out


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0)


def _relu_derivative(x: np.ndarray) -> np.ndarray:
    return _nan_where_nan((x > 0).astype(x.dtype), x)


def _leaky_relu(x: np.ndarray, alpha: float) -> np.ndarray:
    negative_part = x * x.dtype.type(alpha) if alpha else np.zeros_like(x)  # alpha = 0: no -inf * 0
    return np.where(x > 0, x, negative_part)


def _leaky_relu_derivative(x: np.ndarray, alpha: float) -> np.ndarray:
    one, a = x.dtype.type(1), x.dtype.type(alpha)
    return _nan_where_nan(np.where(x > 0, one, a), x)


def _identity(x: np.ndarray) -> np.ndarray:
    return x.copy()


def _identity_derivative(x: np.ndarray) -> np.ndarray:
    return _nan_where_nan(np.ones_like(x), x)


def _elu(x: np.ndarray, alpha: float) -> np.ndarray:
    negative_part = np.expm1(np.minimum(x, 0)) * x.dtype.type(alpha)
    return np.where(x > 0, x, negative_part)


def _elu_derivative(x: np.ndarray, alpha: float) -> np.ndarray:
    negative_part = np.exp(np.minimum(x, 0)) * x.dtype.type(alpha)
    return np.where(x > 0, x.dtype.type(1), negative_part)


def _softplus(x: np.ndarray) -> np.ndarray:
    # log(1 + e^x) = max(x, 0) + log1p(e^-|x|)
    z = np.log1p(_exp_neg_abs(x))
    return np.add(z, np.maximum(x, 0), out=z)


def _gated(x: np.ndarray, gate: np.ndarray) -> np.ndarray:
    """x * gate(x) for a gate that tends to 0 as x -> -inf, with the limit 0 at x = -inf."""
    out = np.multiply(x, gate)
    np.copyto(out, 0, where=np.isneginf(x))
    return out


def _erfcx_without_scipy(t: float) -> float:
    """erfcx(t) = e^{t^2} erfc(t) for t >= 0 from the math module (t^2 split exactly)."""
    if t < 26.0:  # erfc(t) is still a normal double
        hi, lo = _exact_square(np.asarray(t, dtype=np.float64))
        return math.erfc(t) * math.exp(float(hi)) * (1 + float(lo))
    # Asymptotic series 1/(t sqrt(pi)) * sum (-1)^k (2k-1)!! / (2t^2)^k; its terms fall
    # below 1e-17 within 8 terms for t >= 26.
    total, term, k, inv = 1.0, 1.0, 1, 1.0 / (2.0 * t * t)
    while abs(term) > 1e-17:
        term *= -(2 * k - 1) * inv
        total += term
        k += 1
    return total / (t * math.sqrt(math.pi))


def erfc_functions(use_scipy: bool = True) -> tuple[Callable, Callable]:
    """(erfc, erfcx) as array functions: scipy.special's, or, where SciPy is missing (the
    in-page Python of the site, Pyodide without SciPy), built from the math module."""
    if use_scipy:
        try:
            from scipy.special import erfc, erfcx  # lazy: keeps `import nnh` light

            return erfc, erfcx
        except ModuleNotFoundError:
            pass
    return (np.vectorize(math.erfc, otypes=[np.float64]),
            np.vectorize(_erfcx_without_scipy, otypes=[np.float64]))


def _normal_cdf(x: np.ndarray, use_scipy: bool = True) -> np.ndarray:
    # Phi(x) = erfc(-x / sqrt 2) / 2, accurate in the right tail. In the left tail erfc
    # amplifies the rounding of -x/sqrt 2 by ~x^2 ulps, so there we use the well-conditioned
    # Phi(x) = erfcx(t) e^{-x^2/2} / 2 (t = -x/sqrt 2) with x^2 split exactly into hi + lo.
    erfc, erfcx = erfc_functions(use_scipy)
    xd = x.astype(np.float64)
    out = np.asarray(0.5 * erfc(-xd / math.sqrt(2.0)), dtype=np.float64)
    left = xd < -1
    if left.any():
        xl = np.maximum(xd[left], -40.0)  # Phi(-40) is already 0 in float64
        hi, lo = _exact_square(xl)
        tail = 0.5 * erfcx(-xl / math.sqrt(2.0)) * np.exp(-0.5 * hi) * (1 - 0.5 * lo)
        out[left] = np.where(xd[left] < -40.0, 0.0, tail)
    return out.astype(x.dtype, copy=False)


def _exact_square(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x*x = hi + lo exactly (Dekker's product; |x| <= 40 so nothing overflows)."""
    hi = x * x
    c = x * 134217729.0  # 2^27 + 1 splits x into two 26-bit halves
    xh = c - (c - x)
    xt = x - xh
    lo = ((xh * xh - hi) + 2 * xh * xt) + xt * xt
    return hi, lo


def _gelu(x: np.ndarray) -> np.ndarray:
    return _gated(x, _normal_cdf(x))


def _gelu_derivative(x: np.ndarray) -> np.ndarray:
    # Phi(x) + x phi(x); beyond |x| = 40 the second term is below the smallest double.
    # x^2 split exactly so that e^{-x^2/2} keeps full relative accuracy in the tails.
    xc = np.clip(x.astype(np.float64), -40, 40)
    hi, lo = _exact_square(xc)
    density = np.exp(-0.5 * hi) * (1 - 0.5 * lo) / math.sqrt(2.0 * math.pi)
    return (_normal_cdf(x).astype(np.float64) + xc * density).astype(x.dtype, copy=False)


def _silu(x: np.ndarray) -> np.ndarray:
    return _gated(x, _sigmoid(x))


def _silu_derivative(x: np.ndarray) -> np.ndarray:
    # sigma(x) (1 + x sigma(-x)); x clipped where sigma(-x) is already 0 or 1 to avoid inf * 0.
    xc = np.clip(x, -800, 800)
    return _sigmoid(x) * (1 + xc * _sigmoid(-xc))


# --- the activations -------------------------------------------------------------------

_KINK_CASES_LATEX = r"\begin{{cases}} {pos} & z > 0 \\ {neg} & z \le 0 \end{{cases}}"

sigmoid = Activation(
    "sigmoid", _sigmoid, _sigmoid_derivative,
    formula=r"\sigma(z) = \frac{1}{1 + e^{-z}}",
    derivative_formula=r"\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)",
    output_range=(0.0, 1.0), range_latex=r"(0, 1)",
    use="binary classifiers and gates: an output read as a probability or an on/off switch",
)

tanh = Activation(
    "tanh", np.tanh, _tanh_derivative,
    formula=r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
    derivative_formula=r"\tanh'(z) = 1 - \tanh^2(z)",
    output_range=(-1.0, 1.0), range_latex=r"(-1, 1)",
    use="zero-centred outputs and recurrent cells",
)

relu = Activation(
    "relu", _relu, _relu_derivative,
    label="ReLU",
    formula=r"\mathrm{ReLU}(z) = \max(0, z)",
    derivative_formula=r"\mathrm{ReLU}'(z) = " + _KINK_CASES_LATEX.format(pos="1", neg="0"),
    output_range=(0.0, math.inf), range_latex=r"[0, \infty)",
    use="the default for hidden layers",
)

leaky_relu = Activation(
    "leaky_relu", _leaky_relu, _leaky_relu_derivative,
    label="leaky ReLU",
    formula=r"\mathrm{LeakyReLU}_\alpha(z) = " + _KINK_CASES_LATEX.format(pos="z", neg=r"\alpha z"),
    derivative_formula=r"\mathrm{LeakyReLU}_\alpha'(z) = "
    + _KINK_CASES_LATEX.format(pos="1", neg=r"\alpha"),
    output_range=lambda alpha: (-math.inf if alpha > 0 else 0.0, math.inf),
    range_latex=r"(-\infty, \infty)",
    use="hidden layers where ReLU units die (stop learning)",
    params={"alpha": 0.01},
)

identity = Activation(
    "identity", _identity, _identity_derivative,
    formula=r"f(z) = z",
    derivative_formula=r"f'(z) = 1",
    output_range=(-math.inf, math.inf), range_latex=r"(-\infty, \infty)",
    use="the output layer of a regression (unbounded targets)",
)

elu = Activation(
    "elu", _elu, _elu_derivative,
    label="ELU",
    formula=r"\mathrm{ELU}_\alpha(z) = " + _KINK_CASES_LATEX.format(pos="z", neg=r"\alpha(e^{z} - 1)"),
    derivative_formula=r"\mathrm{ELU}_\alpha'(z) = " + _KINK_CASES_LATEX.format(pos="1", neg=r"\alpha e^{z}"),
    output_range=lambda alpha: (-alpha + 0.0, math.inf), range_latex=r"(-\alpha, \infty)",
    use="hidden layers wanting ReLU's slope with mean activations nearer zero",
    params={"alpha": 1.0},
)

softplus = Activation(
    "softplus", _softplus, _sigmoid,
    formula=r"\mathrm{softplus}(z) = \log(1 + e^{z})",
    derivative_formula=r"\mathrm{softplus}'(z) = \sigma(z)",
    output_range=(0.0, math.inf), range_latex=r"(0, \infty)",
    use="a smooth ReLU; positive outputs such as scales and variances",
)

gelu = Activation(
    "gelu", _gelu, _gelu_derivative,
    label="GELU",
    formula=r"\mathrm{GELU}(z) = z\,\Phi(z)"
    r" = \frac{z}{2}\Bigl(1 + \operatorname{erf}\frac{z}{\sqrt{2}}\Bigr)",
    derivative_formula=r"\mathrm{GELU}'(z) = \Phi(z) + z\,\varphi(z)",
    output_range=(GELU_MIN, math.inf),
    range_latex=r"[\min\mathrm{GELU}, \infty)",
    use="transformers (BERT, GPT)",
)

silu = Activation(
    "silu", _silu, _silu_derivative,
    label="SiLU",
    formula=r"\mathrm{SiLU}(z) = z\,\sigma(z)",
    derivative_formula=r"\mathrm{SiLU}'(z) = \sigma(z)\,\bigl(1 + z\,(1 - \sigma(z))\bigr)",
    output_range=(SILU_MIN, math.inf),
    range_latex=r"[\min\mathrm{SiLU}, \infty)",
    use="convolutional nets and recent language models (also called swish)",
)

#: Every element-wise activation, by name, in the order the book introduces them.
ACTIVATIONS: Mapping[str, Activation] = MappingProxyType(
    {a.name: a for a in (sigmoid, tanh, relu, leaky_relu, identity, elu, softplus, gelu, silu)}
)

#: The activations of the lecture and the course's first chapters, by name: what
#: ``nnh.plot_activations`` draws by default. ELU, softplus, GELU and SiLU come later (the
#: chapter Other activations draws them the same way).
CLASSIC_ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")


# --- softmax: a layer, not an element-wise function ---------------------------------------

def _shifted_logits(x: ArrayLike, axis: Any, temperature: Any, where: str):
    arr = as_real_array(x, where)
    scalar_input = arr.ndim == 0
    arr = np.atleast_1d(arr)
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{where}: argument 'axis' must be an integer, got {type(axis).__name__}")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(
            f"{where}: argument 'axis' is {axis} but the input has {arr.ndim} dimension(s); "
            f"expected -{arr.ndim} <= axis < {arr.ndim}"
        )
    t = real_scalar(temperature, where, "temperature", strictly_positive=True)
    if arr.size == 0:
        return arr.copy(), axis, scalar_input, arr.dtype
    # float16/32 work in float64 (rounded once at the end, and T never rounds to 0 or inf).
    work = arr.astype(np.promote_types(arr.dtype, np.float64), copy=False)
    with np.errstate(**_IGNORE_FP_ERRORS):  # overflow here means a -inf or +inf logit, handled below
        m = np.max(work, axis=axis, keepdims=True)
        finite = np.isfinite(m)
        m = np.where(finite, m, 0).astype(work.dtype)
        # Shift first, then divide: (x - max) / T is <= 0 for any T, where x / T overflows.
        shifted = work - m
        if t != 1.0:
            far = np.isinf(shifted) & np.isfinite(work)  # |x - max| beyond the largest float
            shifted /= t
            if t > 1.0 and far.any():  # T > 1 can bring it back in range: x / T - max / T
                shifted = np.where(far, work / t - m / t, shifted)
    if not finite.all():
        # Rows holding +inf share the mass among their +inf entries; rows with a NaN are NaN.
        m_raw = np.max(work, axis=axis, keepdims=True)
        inf_rows = np.where(work == np.inf, 0, -np.inf).astype(work.dtype)
        shifted = np.where(m_raw == np.inf, inf_rows, shifted)
        shifted = np.where(np.isnan(m_raw), np.nan, shifted).astype(work.dtype)
    return shifted, axis, scalar_input, arr.dtype


class Softmax:
    r"""The softmax layer: turns a vector of scores into a probability vector.

    .. math:: \mathrm{softmax}(x)_i = \frac{e^{x_i / T}}{\sum_k e^{x_k / T}}

    Unlike the element-wise activations, each output depends on every input along ``axis``.
    Outputs lie in (0, 1) and sum to 1 along ``axis``; adding a constant to every input changes
    nothing. ``T`` is the temperature (default 1): large T flattens, small T sharpens.
    Its Jacobian is :math:`J = \mathrm{diag}(s) - s s^\top` (see :meth:`jacobian`).
    Entries of +inf share all the mass; a slice holding NaN, or only -inf, gives NaN.
    """

    name = "softmax"
    label = "softmax"
    formula = r"\mathrm{softmax}(\mathbf{z})_i = \frac{e^{z_i}}{\sum_k e^{z_k}}"
    derivative_formula = (
        r"\frac{\partial\,\mathrm{softmax}(\mathbf{z})_i}{\partial z_j} = s_i\,(\delta_{ij} - s_j)"
    )
    output_range = (0.0, 1.0)
    range_latex = r"(0, 1),\ \textstyle\sum_i s_i = 1"
    use = "the output layer of a multi-class classifier"

    def __call__(self, x: ArrayLike, axis: int = -1, temperature: float = 1.0):
        """Softmax of ``x`` along ``axis``, same shape and float dtype as ``x``."""
        shifted, axis, scalar_input, dtype = _shifted_logits(x, axis, temperature, "nnh.softmax")
        if shifted.size == 0:
            return shifted
        with np.errstate(**_IGNORE_FP_ERRORS):
            e = np.exp(shifted, out=shifted)
            total = np.sum(e, axis=axis, keepdims=True)
            out = np.divide(e, total, out=e).astype(dtype, copy=False)
        return scalar_or_array(out.reshape(())) if scalar_input else out

    def jacobian(self, v: ArrayLike) -> np.ndarray:
        """The matrix ``J[i, j] = d softmax(v)_i / d v_j`` for a 1-D vector ``v``."""
        arr = as_real_array(v, "nnh.softmax.jacobian", "v")
        if arr.ndim != 1:
            raise ValueError(
                f"nnh.softmax.jacobian: argument 'v' must be a 1-D vector, got shape {arr.shape}"
            )
        s = self(arr)
        return np.diag(s) - np.outer(s, s)

    def __repr__(self) -> str:
        return "<layer softmax>"


softmax = Softmax()


def log_softmax(x: ArrayLike, axis: int = -1, temperature: float = 1.0):
    """``log(softmax(x))`` along ``axis``, computed without forming the softmax (no log(0))."""
    shifted, axis, scalar_input, dtype = _shifted_logits(x, axis, temperature, "nnh.log_softmax")
    if shifted.size == 0:
        return shifted
    with np.errstate(**_IGNORE_FP_ERRORS):
        # log(sum e^z) = log1p(the sum without the top entry, whose e^z is exactly 1): log of
        # a sum near 1 would lose the small log-probability of the top class to rounding.
        e = np.exp(shifted)
        top = np.argmax(shifted, axis=axis, keepdims=True)
        top_value = np.take_along_axis(shifted, top, axis=axis)
        np.put_along_axis(e, top, 0.0, axis=axis)
        lse = np.log1p(np.sum(e, axis=axis, keepdims=True))
        lse = np.where(top_value == -np.inf, np.nan, lse)  # a slice of only -inf: NaN, as softmax
        out = (shifted - lse).astype(dtype, copy=False)
    return scalar_or_array(out.reshape(())) if scalar_input else out


def resolve_activation(activation: Any, where: str) -> Activation:
    """The :class:`Activation` named by ``activation`` (or ``activation`` itself if it is one);
    anything else raises a ValueError naming ``where`` and the accepted names."""
    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, str) and activation in ACTIVATIONS:
        return ACTIVATIONS[activation]
    raise ValueError(
        f"{where}: argument 'activation' must be an nnh activation or one of "
        f"{', '.join(map(repr, ACTIVATIONS))}; got {activation!r}"
    )

