"""Start and stop a private JupyterLab server for the real-browser test.

The server runs ``python -m jupyterlab`` from the interpreter that runs the tests, listens on
127.0.0.1 on a free port with a random token, and is configured so that it never touches the
network or shows pop-ups:

* no news feed and no update check (``news_url=None``, ``NeverCheckForUpdate``);
* a read-only extension manager (no PyPI listing);
* its own user-settings directory, where the notification settings say "never fetch news"
  (otherwise JupyterLab 4 asks "Would you like to get notified about official Jupyter news?");
* ``window.jupyterapp`` exposed to the page (``expose_app_in_browser``), so a test can read
  the notebook model;
* its own workspaces, config, runtime and notebook-signature directories, so nothing from
  the user's ``~/.jupyter`` leaks in and nothing is written there.

Everything the server writes (settings, workspaces, the log) goes into a work directory the
caller supplies, normally a pytest temporary directory.

Example::

    server = start_lab(root_dir=tmp / "notebooks", work_dir=tmp, extra_env={})
    try:
        print(server.notebook_url("00_start_here.ipynb"))
    finally:
        server.stop()
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

#: JupyterLab user settings that keep the page quiet and offline.
QUIET_SETTINGS: dict[str, dict[str, object]] = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


class LabServerError(RuntimeError):
    """The server did not start; the message includes the tail of its log."""


@dataclass
class LabServer:
    """A running JupyterLab server and how to reach it."""

    process: subprocess.Popen[bytes]
    port: int
    token: str
    root_dir: Path
    log_path: Path
    _log_file: IO[bytes]

    @property
    def base_url(self) -> str:
        """The server's address, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, name: str, workspace: str | None = None) -> str:
        """The JupyterLab address that opens notebook ``name`` (relative to ``root_dir``).

        With ``workspace``, the notebook opens in that (new, empty) workspace, so tabs left
        open by an earlier page in the default workspace are not restored.
        """
        path = urllib.parse.quote(name)
        prefix = f"/lab/workspaces/{urllib.parse.quote(workspace)}" if workspace else "/lab"
        return f"{self.base_url}{prefix}/tree/{path}?token={self.token}"

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API (``path`` like ``/api/kernels``); the decoded JSON."""
        request = urllib.request.Request(
            f"{self.base_url}{path}", method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Shut down every running kernel (between notebooks, to free memory)."""
        kernels = self.api("GET", "/api/kernels")
        for kernel in kernels if isinstance(kernels, list) else []:
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            except urllib.error.HTTPError as error:
                if error.code != 404:  # already gone
                    raise

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the server's log, for failure messages."""
        try:
            if not self._log_file.closed:
                self._log_file.flush()
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            return f"(could not read {self.log_path}: {error})"
        return "\n".join(text.splitlines()[-lines:])

    def is_up(self) -> bool:
        """True when the REST API answers with the right token."""
        url = f"{self.base_url}/api/status?token={self.token}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self, timeout: float = 10) -> None:
        """Shut the server down (its kernels go with it) and close the log."""
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: jupyter_server shuts its kernels down
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        self._log_file.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_quiet_settings(settings_dir: Path) -> None:
    """Write :data:`QUIET_SETTINGS` as JupyterLab user-settings files under ``settings_dir``."""
    for plugin, values in QUIET_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), encoding="utf-8")


def lab_command(root_dir: Path, work_dir: Path, port: int, token: str) -> list[str]:
    """The command line that starts JupyterLab quietly on ``port``."""
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--ServerApp.terminals_enabled=False",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, for reading cell outputs
        f"--NotebookNotary.data_dir={work_dir / 'notary'}",
        f"--LabApp.user_settings_dir={work_dir / 'lab-user-settings'}",
        f"--LabApp.workspaces_dir={work_dir / 'lab-workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def lab_environment(work_dir: Path, extra_env: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``os.environ`` with private Jupyter dirs and ``extra_env`` on top."""
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(work_dir / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(work_dir / "jupyter-runtime"),
        JUPYTER_PLATFORM_DIRS="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra_env)
    return env


def start_lab(
    root_dir: Path, work_dir: Path, extra_env: Mapping[str, str], timeout: float = 60
) -> LabServer:
    """Start JupyterLab serving ``root_dir`` and wait (at most ``timeout`` s) until it answers.

    Raises :class:`LabServerError` with the log's tail if it exits or does not answer in time.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    write_quiet_settings(work_dir / "lab-user-settings")
    (work_dir / "notary").mkdir(exist_ok=True)  # the notary fails if its folder is missing
    port, token = free_port(), secrets.token_hex(24)
    log_path = work_dir / "jupyterlab.log"
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        lab_command(root_dir, work_dir, port, token),
        cwd=work_dir,
        env=lab_environment(work_dir, extra_env),
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    server = LabServer(process, port, token, root_dir, log_path, log_file)
    try:
        _wait_until_up(server, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_up(server: LabServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise LabServerError(
                f"JupyterLab exited with code {server.process.returncode} while starting.\n"
                f"--- log ({server.log_path}) ---\n{server.log_tail()}"
            )
        if server.is_up():
            return
        time.sleep(0.2)
    raise LabServerError(
        f"JupyterLab did not answer on {server.base_url} within {timeout:.0f} s.\n"
        f"--- log ({server.log_path}) ---\n{server.log_tail()}"
    )
