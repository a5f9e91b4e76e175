"""deploy/nginx.conf run by Debian's nginx as a real process on loopback, in front of a server of
the tests (the live server, or gunicorn in benchmarks/load/viral.py, which imports it: nothing of the
test suite's here)."""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "nginx.conf"
PLACEHOLDER = re.compile(r"\$\{(NGINX_PORT|CAMERAMAP_WEB|NGINX_CACHE_DIR)\}")
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def render(values: dict) -> str:
    """deploy/nginx.conf with its ${…} filled in, as envsubst does in nginx's image."""
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), CONFIG.read_text())


class Proxy:
    """nginx with the repository's config, its own prefix, cache and logs in ``folder``."""

    def __init__(self, folder: Path, upstream: str, workers: int = 1):
        self.folder, self.upstream, self.workers = folder, upstream, workers
        with socket.socket() as sock:  # a free port on loopback
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.folder / "access.log"

    def write(self) -> Path:
        for name in ("cache", "temp"):
            (self.folder / name).mkdir(parents=True, exist_ok=True)
        (self.folder / "cameramap.conf").write_text(render(
            {"NGINX_PORT": f"127.0.0.1:{self.port}", "CAMERAMAP_WEB": self.upstream, "NGINX_CACHE_DIR": self.folder / "cache"}))
        temp = self.folder / "temp"
        main = self.folder / "nginx.conf"
        main.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes {self.workers};
worker_rlimit_nofile 16384;
pid {self.folder}/nginx.pid;
error_log {self.folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    include {self.folder}/cameramap.conf;
}}
""")
        return main

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run([NGINX, "-t", "-p", str(self.folder), "-e", str(self.folder / "error.log"), "-c",
                               str(self.write())], capture_output=True, text=True)

    def start(self) -> None:
        main = self.write()
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.folder), "-e", str(self.folder / "error.log"), "-c", str(main), "-g", "daemon off;"],
            stdout=self.access_log.open("wb"), stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while not self._answers():
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not answer: {(self.folder / 'error.log').read_text()}")
            time.sleep(0.1)

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError((self.folder / "error.log").read_text())
        try:
            urllib.request.urlopen(f"{self.url}/static/does-not-exist", timeout=1)
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # nginx's fast shutdown
            self.process.wait(timeout=20)
