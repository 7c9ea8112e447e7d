"""A real CalDAV server for the tests: Radicale on a free port of this machine, with
password authentication, its collections in the test's scratch folder.

`radicale` (the fixture) starts one for a test and stops it afterwards; `Radicale.stop`
and `start` let a test take the server away mid-way and bring it back.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

START_SECONDS = 20.0  # at most, for the server to answer on its port


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Radicale:
    """One Radicale server: `url`, and the user and password it lets in."""

    folder: Path
    user: str = "anna"
    password: str = "Tandem-Passwort-2026"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def collections(self) -> Path:
        """Where Radicale keeps what it is sent: what its operators could read."""
        return self.folder / "collections"

    def start(self) -> None:
        users = self.folder / "users"
        users.write_text(f"{self.user}:{self.password}\n")
        config = self.folder / "config"
        config.write_text(
            f"[server]\nhosts = 127.0.0.1:{self.port}\n"
            f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\n"
            "htpasswd_encryption = plain\ndelay = 0\n"
            f"[storage]\nfilesystem_folder = {self.collections}\n"
            "[logging]\nlevel = error\n"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Radicale ended at its start ({self.process.returncode})")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)  # waiting for a real server to listen, not for our own code
        raise RuntimeError(f"Radicale did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[Radicale]:
    folder = tmp_path / "radicale"
    folder.mkdir()
    server = Radicale(folder)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """One Radicale for a test module: each test writes to calendars of its own."""
    running = Radicale(tmp_path_factory.mktemp("radicale"))
    running.start()
    yield running
    running.stop()
