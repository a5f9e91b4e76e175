"""Real processes for fault and load tests: a private Redis, gunicorn, Celery workers. Each
binds to loopback only and is stopped by the fixture that started it."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, wait_for


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A Redis of the test's own (never the machine's shared one), that the test may stop."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: self._answers(), timeout=20)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


class AppServer:
    """gunicorn serving cameramap, as in production."""

    def __init__(self, env: dict, log_path: Path, workers: int = 2, threads: int = 4):
        self.env = env
        self.port = free_port()
        self.log_path = log_path
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cameramap.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--threads", str(self.threads), "--timeout", "60",
             "--access-logfile", str(self.log_path), "--access-logformat", '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s',
             "--error-logfile", str(self.log_path)],
            env=self.env, cwd=ROOT, start_new_session=True,
        )
        wait_for(self._answers, timeout=60)

    def _answers(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


