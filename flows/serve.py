"""`timeline serve`: the flow on a schedule, loading what is new in an inbox folder and feeds.

    timeline serve --inbox DIR [--feed FILE_OR_URL ...] (--cron EXPR | --interval SECONDS) [--db FILE]

Scheduling needs a Prefect server (the temporary one a plain `timeline run` starts cannot
schedule). With `PREFECT_API_URL` set, that server is used. Without it, this starts one itself:
`prefect server start` as a child process on a free local port, with its own PREFECT_HOME
(~/.timeline/prefect, or --prefect-home), waits until it answers, serves the flow against it,
and stops it again on Ctrl-C or SIGTERM. The Prefect UI at the printed URL shows every run.

Each scheduled run reads the whole inbox and every feed; documents already stored with the same
text and extractor version are skipped, so a run loads only what is new or changed. At most one
run goes at a time (a run that would overlap waits for the previous one).

Ctrl-C or SIGTERM lets the run in progress finish. After SIGTERM (how services are stopped), a run
still going --stop-grace seconds later (default 60; e.g. waiting for a database another process
holds) is killed (the database stays consistent: the next run completes it), then the server is
stopped and serve exits.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

CRON_SHAPE = re.compile(r"^(@\w+|[\w*/,?#-]+(\s+[\w*/,?#-]+){4,5})$")
DEFAULT_PREFECT_HOME = Path.home() / ".timeline" / "prefect"
DEPLOYMENT_NAME = "timeline-inbox"
SERVER_START_TIMEOUT = 120.0
STOP_GRACE_SECONDS = 60.0  # how long the run in progress may go on after Ctrl-C or SIGTERM


class ServeError(RuntimeError):
    """A problem explained for the person at the terminal."""


def say(message: str) -> None:
    print(f"timeline serve: {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def prefect_env(home: Path) -> dict[str, str]:
    """Settings for our own Prefect server and the runs it starts."""
    return {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false"}


@dataclass
class LocalServer:
    """`prefect server start` as a child process (its own process group), stopped by stop()."""

    home: Path
    port: int = 0
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    _log: object = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def start(self, timeout: float = SERVER_START_TIMEOUT) -> "LocalServer":
        self.home.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        self.log_path = self.home / "server.log"
        self._log = open(self.log_path, "ab")
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(prefect_env(self.home))
        # schedule a new deployment's runs within seconds, not at the next minute's scheduler pass
        env.setdefault("PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS", "5")
        cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
               "--port", str(self.port)]
        self.process = subprocess.Popen(cmd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not healthy(self.api_url):
            if self.process.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-1500:]
                self.stop()
                raise ServeError(f"the Prefect server exited (code {self.process.returncode}) before it "
                                 f"answered; its log ({self.log_path}) ends with:\n{tail}")
            if time.monotonic() > deadline:
                self.stop()
                raise ServeError(f"the Prefect server did not answer within {timeout:.0f} s "
                                 f"(log: {self.log_path})")
            time.sleep(0.5)
        return self

    def stop(self, timeout: float = 15.0) -> None:
        p = self.process
        if p is not None and p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)  # the server and the workers it started
                p.wait(timeout)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None


class StopWatch:
    """After SIGTERM: if serve has not stopped `grace` seconds later, kill the runs in
    progress (our child processes other than the server); if that does not do it within `then`
    seconds more, stop the server and leave at once."""

    def __init__(self, grace: float, server: "LocalServer | None", then: float = 15.0):
        self.grace, self.server, self.then = grace, server, then
        self.stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="timeline-stop-grace", daemon=True)
            self._thread.start()

    def _runs(self) -> list:
        import psutil
        server_pid = self.server.process.pid if self.server and self.server.process else None
        runs = []
        for child in psutil.Process().children():
            if child.pid != server_pid:
                runs += [child, *child.children(recursive=True)]
        return runs

    def _watch(self) -> None:
        if self.stopped.wait(self.grace):
            return
        import psutil
        runs = self._runs()
        say(f"the run in progress did not finish within {self.grace:g} s of the stop request: killing it "
            f"({len(runs)} process(es); the next run completes what it left)")
        for p in runs:
            try:
                p.kill()
            except psutil.Error:
                pass
        if self.stopped.wait(self.then):
            return
        say("still not stopped: stopping the local Prefect server and leaving" if self.server else
            "still not stopped: leaving")
        if self.server is not None:
            self.server.stop()
        os._exit(1)


def serve(inbox: str, feeds: list[str], db: str, cron: str | None = None, interval: float | None = None,
          prefect_home: str | None = None, batch_size: int | None = None, max_bytes: int | None = None,
          name: str = DEPLOYMENT_NAME, stop_grace: float | None = None) -> int:
    """Serve the flow on the schedule until Ctrl-C or SIGTERM; returns an exit code."""
    from extractors.documents import is_url

    if (cron is None) == (interval is None):
        raise ServeError("give exactly one of --cron EXPR or --interval SECONDS")
    stop_grace = STOP_GRACE_SECONDS if stop_grace is None else stop_grace
    if stop_grace < 0:
        raise ServeError("--stop-grace must be zero or more seconds")
    if interval is not None and interval <= 0:
        raise ServeError("--interval must be a positive number of seconds")
    if cron is not None and not CRON_SHAPE.match(cron.strip()):  # Prefect checks the rest
        raise ServeError(f"not a cron expression: {cron!r} (five fields, e.g. '*/15 * * * *')")
    inbox_path = Path(inbox).expanduser().resolve()
    if inbox_path.exists() and not inbox_path.is_dir():
        raise ServeError(f"--inbox must be a folder: {inbox_path}")
    if not inbox_path.exists():
        inbox_path.mkdir(parents=True)
        say(f"created the inbox folder {inbox_path}")
    for f in feeds:
        if not is_url(f) and not Path(f).is_file():
            raise ServeError(f"feed not found: {f} (a feed file or an http(s) URL)")
    paths = [str(inbox_path)] + [f if is_url(f) else str(Path(f).resolve()) for f in feeds]
    parameters = {"paths": paths, "db": str(Path(db).expanduser().resolve()), "quiet": True}
    if batch_size:
        parameters["batch_size"] = batch_size
    if max_bytes:
        parameters["max_bytes"] = max_bytes

    server = None
    if not os.environ.get("PREFECT_API_URL"):
        home = Path(prefect_home).expanduser().resolve() if prefect_home else DEFAULT_PREFECT_HOME
        say(f"no PREFECT_API_URL set: starting a local Prefect server (PREFECT_HOME={home}) ...")
        server = LocalServer(home).start()
        os.environ.update(prefect_env(home))
        os.environ["PREFECT_API_URL"] = server.api_url
        say(f"Prefect server up; its UI, with every run: {server.url}")
    else:
        say(f"using the Prefect server at PREFECT_API_URL={os.environ['PREFECT_API_URL']}")
    # runs are picked up within a few seconds of being due
    os.environ.setdefault("PREFECT_RUNNER_POLL_FREQUENCY", str(int(min(10, max(1, (interval or 60) / 2)))))

    watch = StopWatch(stop_grace, server)

    def on_sigterm(*_):  # SIGTERM stops serve as Ctrl-C does
        watch.start()
        os.kill(os.getpid(), signal.SIGINT)

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        from prefect.runner.runner import Runner
        from prefect.types.entrypoint import EntrypointType

        # Prefect's runner puts its own SIGTERM handler in place (sys.exit inside the event loop,
        # which logs tracebacks); ours shuts down as Ctrl-C does, quietly
        Runner.handle_sigterm = lambda self, *args, **kwargs: on_sigterm()

        from flows.pipeline import run_pipeline

        when = f"cron '{cron}'" if cron else f"every {interval:g} s"
        say(f"serving '{run_pipeline.name}/{name}' {when}: inbox {inbox_path}"
            + (f", {len(feeds)} feed(s)" if feeds else "") + f" -> {parameters['db']}; Ctrl-C stops")
        kwargs = {"cron": cron} if cron else {"interval": interval}
        try:
            run_pipeline.serve(name=name, parameters=parameters, limit=1, print_starting_message=False,
                               entrypoint_type=EntrypointType.MODULE_PATH, **kwargs)
        except ValueError as e:  # e.g. a cron expression Prefect does not accept
            raise ServeError(str(e)) from None
    except (KeyboardInterrupt, SystemExit):  # Ctrl-C, or SIGTERM (Prefect's runner exits on it)
        pass
    finally:
        watch.stopped.set()
        signal.signal(signal.SIGTERM, previous)
        if server is not None:
            say("stopping the local Prefect server ...")
            server.stop()
    say("stopped")
    return 0
