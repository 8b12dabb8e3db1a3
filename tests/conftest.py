"""Shared test set-up: a non-interactive matplotlib backend, deterministic hypothesis, and
``--cpu-durations=N``: the N test phases that used the most CPU time."""

import os
from collections import defaultdict

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")

settings.register_profile("course", derandomize=True, deadline=None, max_examples=150,
                          print_blob=True)
settings.load_profile("course")


def pytest_configure(config):
    if config.getoption("cpu_durations", None) is not None:
        _CPU_REPORTS["list"] = []
    config.addinivalue_line(
        "markers", "precision: stored outputs carry no digits beyond the agreed precision "
                   "(tests/test_stored_precision.py)")
    config.addinivalue_line(
        "markers", "package_index: installs packages from the package index (PyPI or its mirror); "
                   "deselect offline with -m 'not package_index'")


# --- CPU time per test ------------------------------------------------------------------------
# pytest's --durations reports wall time, which other processes inflate on a shared machine. CPU
# time (user + system, of the test's process and of the subprocesses it waited for: builds,
# kernels, fresh interpreters) is what a change to a test moves; `make test-unit` prints the top.

CPU_AT_START = pytest.StashKey[float]()
_CPU_REPORTS: dict = {}  # "list": (seconds, phase, test id) of every phase, once the option is given


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def pytest_addoption(parser):
    parser.addoption("--cpu-durations", type=int, default=None, metavar="N",
                     help="show the N test phases (setup, call, teardown) that used the most CPU "
                          "time, with the subprocesses they waited for (0: all), and the total per file")


def _start_phase(item):
    item.stash[CPU_AT_START] = cpu_seconds()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    _start_phase(item)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    _start_phase(item)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    _start_phase(item)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    start = item.stash.get(CPU_AT_START, None)
    if start is not None:  # a plain float travels with the report from an xdist worker
        outcome.get_result().cpu_seconds = cpu_seconds() - start


def pytest_runtest_logreport(report):
    seconds = getattr(report, "cpu_seconds", None)
    reports = _CPU_REPORTS.get("list")
    if seconds is not None and reports is not None:
        reports.append((seconds, report.when, report.nodeid))


def pytest_terminal_summary(terminalreporter, config):
    count = config.getoption("cpu_durations", None)
    reports = _CPU_REPORTS.get("list")
    if count is None or reports is None:
        return
    write = terminalreporter.write_line
    reports.sort(reverse=True)
    total = sum(seconds for seconds, _, _ in reports)
    terminalreporter.section(f"CPU time of the tests: {total:.1f} s in all, most first")
    for seconds, when, nodeid in reports[:count or len(reports)]:
        write(f"{seconds:8.2f}s cpu {when:<8} {nodeid}")
    per_file: dict[str, float] = defaultdict(float)
    for seconds, _, nodeid in reports:
        per_file[nodeid.split("::")[0]] += seconds
    write("per file:")
    for name, seconds in sorted(per_file.items(), key=lambda kv: -kv[1])[:count or len(per_file)]:
        write(f"{seconds:8.2f}s cpu          {name}")
