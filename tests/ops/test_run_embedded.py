"""`make run` stops everything it started. The embedded runner is started the way `make run`
starts it — `make` running `manage.py run_embedded`, in a process group of its own, with a free
port and a var folder of its own — and, once it serves and its worker is ready, stopped the two
ways people stop it: SIGTERM to the process group (a service manager, `timeout`, `kill -- -PGID`;
`make` passes a second SIGTERM on to its child), and Ctrl-C twice in a row. Afterwards no process
of the tree it had — make, the runner, the web server, the Celery worker, its pool and its beat —
may be left."""

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, wait_for

STARTED_S = 300  # migrating and loading the demo the first time, on a busy machine
STOPPED_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the process tree, from /proc --------------------------------------------------------------

def _stat(pid: int) -> tuple[int, str, int] | None:
    """(parent pid, state, start time) of a process, or None when there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (command name)"
    return int(fields[1]), fields[0], int(fields[19])


def process_tree(root: int) -> dict[int, int]:
    """pid → start time of ``root`` and of all its descendants (whatever session they are in)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = stat
    tree, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in parents:
            tree[pid] = parents[pid][2]
            todo += [child for child, (parent, _state, _start) in parents.items() if parent == pid]
    return tree


def survivors(tree: dict[int, int]) -> list[str]:
    """The processes of ``tree`` still running (the same process: same pid and start time; a
    zombie has ended)."""
    left = []
    for pid, started in tree.items():
        stat = _stat(pid)
        if stat is not None and stat[2] == started and stat[1] != "Z":
            left.append(f"{pid}: {command(pid)}")
    return left


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except (FileNotFoundError, ProcessLookupError):
        return "(ended)"


# --- the runner --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def var_dir(tmp_path_factory) -> Path:
    """One var folder for the module: the first run migrates and loads the demo, the next reuses them."""
    return tmp_path_factory.mktemp("run-embedded-var")


@pytest.fixture(scope="module")
def makefile(tmp_path_factory) -> Path:
    """The Makefile's `run` target without its first line (.ci/bootstrap.sh, which installs the
    Debian packages and builds .venv): the same `make` running the same command."""
    path = tmp_path_factory.mktemp("make") / "Makefile"
    path.write_text(f"run:\n\t{sys.executable} manage.py run_embedded\n")
    return path


class Runner:
    def __init__(self, makefile: Path, var_dir: Path):
        self.port = free_port()
        keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "LD_LIBRARY_PATH")
        env = {key: value for key, value in os.environ.items() if key in keep or key.endswith("_LIBRARY_PATH")}
        env.update(DJANGO_SETTINGS_MODULE="cameramap.settings.base", VAR_DIR=str(var_dir), HOST="127.0.0.1",
                   PORT=str(self.port), DEMO_PASSWORD="demo-password-for-the-test", PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "-f", str(makefile), "run"], cwd=ROOT, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.worker_log = var_dir / "worker.log"
        self.log_start = self.worker_log.stat().st_size if self.worker_log.exists() else 0  # this run's lines only
        self.tree: dict[int, int] = {}

    def worker_ready(self) -> bool:
        with self.worker_log.open("rb") as log:
            log.seek(self.log_start)
            return b" ready." in log.read()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for_line(self, text: str, timeout: float) -> None:
        """Until the runner writes a line holding ``text`` (each line is an event, no polling)."""
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"no line with {text!r} within {timeout} s:\n{''.join(self.output)[-3000:]}")
            self.output.append(line)
            if text in line:
                return

    def signal_group(self, signum: int) -> None:
        os.killpg(self.process.pid, signum)

    def end(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def runner(makefile, var_dir):
    started = []

    def start() -> Runner:
        started.append(Runner(makefile, var_dir))
        return started[-1]

    yield start
    for run in started:  # a failed test leaves nothing behind either
        tree = {**run.tree, **process_tree(run.process.pid)}
        run.end()
        for left in survivors(tree):
            os.kill(int(left.split(":")[0]), signal.SIGKILL)


def serving(run: Runner) -> dict[int, int]:
    """Wait until the runner serves the map and its worker is ready; the tree as it is then."""
    run.wait_for_line("cameramap is at", STARTED_S)
    with urllib.request.urlopen(f"http://127.0.0.1:{run.port}/", timeout=30) as response:
        assert response.status == 200
    wait_for(run.worker_ready, timeout=120)
    run.tree = process_tree(run.process.pid)
    commands = [command(pid) for pid in run.tree]
    assert any("run_embedded" in c for c in commands) and any("runserver" in c for c in commands), commands
    # make, the runner, the server, the worker, its pool of two and its beat
    assert sum("celery" in c for c in commands) >= 3 and len(commands) >= 6, commands
    return run.tree


@pytest.mark.parametrize("signals", [
    pytest.param([signal.SIGTERM], id="SIGTERM to the process group"),
    pytest.param([signal.SIGINT, signal.SIGINT], id="Ctrl-C twice"),
])
def test_make_run_stopped_leaves_no_process_behind(runner, signals):
    run = runner()
    tree = serving(run)

    run.signal_group(signals[0])
    run.wait_for_line("Stopping the server and the worker", STOPPED_S)
    for signum in signals[1:]:  # while the worker is in its warm shutdown
        run.signal_group(signum)
    run.process.wait(timeout=STOPPED_S)
    run.wait_for_line("Stopped.", 10)

    assert survivors(tree) == []
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", run.port), timeout=2).close()
