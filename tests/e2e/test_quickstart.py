"""The README's first command really serves the demo."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_policycycle_demo_loads_the_data_and_serves(tmp_path):
    command = shutil.which("policycycle")
    if command is None:
        pytest.skip("the package is not installed (python -m pip install -e .)")
    port = _free_port()
    env = dict(os.environ, POLICYCYCLE_INSTANCE_PATH=str(tmp_path),
               POLICYCYCLE_DATABASE_URL=f"sqlite:///{tmp_path / 'demo.db'}")
    env.pop("POLICYCYCLE_TEST_DATABASE_URL", None)
    log = (tmp_path / "demo.log").open("w")
    server = subprocess.Popen([command, "demo", "--port", str(port)], env=env, stdout=log,
                              stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        page = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as answer:
                    page = answer.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        output = (tmp_path / "demo.log").read_text()
        assert page is not None, f"nothing served on port {port}:\n{output}"
        assert 'name="email"' in page and 'name="password"' in page
        assert "lead@demo.policycycle.org" in output
    finally:
        server.terminate()
        server.wait(20)
        log.close()
