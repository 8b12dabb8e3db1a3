"""tools/system.py: what `make` says when a system program is missing and it is not root."""

from __future__ import annotations

import pytest

from tools import system


def test_the_message_names_what_is_missing_and_one_command():
    message = system.missing_message(["npm"])
    assert message.startswith("Missing: npm (bundles the in-page editor")
    assert "Chromium" not in message and "NNH_CHROMIUM" not in message
    assert message.splitlines()[-1] == "    sudo apt-get install -y npm"


def test_a_missing_node_names_the_debian_package_and_why():
    message = system.missing_message(["node"])
    assert message.startswith("Missing: Node.js (typesets the book's formulas")
    assert message.splitlines()[-1] == "    sudo apt-get install -y nodejs"


def test_a_missing_chromium_mentions_nnh_chromium():
    message = system.missing_message(["chromium"])
    assert "NNH_CHROMIUM" in message
    assert message.splitlines()[-1] == "    sudo apt-get install -y chromium fonts-dejavu-core"


def test_without_root_nothing_is_installed(monkeypatch, capsys):
    monkeypatch.setattr(system.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(system, "is_missing", lambda need: need == "npm")
    monkeypatch.setattr(system.subprocess, "run", lambda *a, **k: pytest.fail("ran a command"))
    assert system.ensure(["chromium", "npm"]) == 1
    assert "sudo apt-get install -y npm" in capsys.readouterr().err


def test_a_wrong_nnh_chromium_is_named(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("NNH_CHROMIUM", str(tmp_path / "no-such-chrome"))
    assert system.ensure(["chromium"]) == 1
    assert "NNH_CHROMIUM=" in capsys.readouterr().err
