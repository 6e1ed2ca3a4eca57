"""How fast the web process acknowledges `/peer status`, a click or a modal, beside a bare Bolt app.

    python benchmarks/ack_latency.py [--surface status|click|modal] [--requests 300] [--concurrency 8]
                                     [--database-url postgresql://...]

What it does, all with real processes and real HTTP:

1. starts the standalone Slack double (``python -m slack_double --port 0``);
2. migrates a fresh SQLite file (or the database given by ``--database-url``) with
   ``peerbot db upgrade``;
3. starts the web process as ``peerbot serve`` (gunicorn, bot/cli/main.py's worker/thread settings)
   on a free port, and beside it a bare Bolt app whose ``/peer`` command acks "ok" (and whose
   ``focus_agree`` action and ``dates_form`` view just ack), served by the same gunicorn settings
   (``bot.cli.serve.run_gunicorn``) with the same signing secret and token;
4. creates the data by sending the real commands, signed as Slack signs them: a round, three
   authorities, a triad (its channel is created on the double), dates and three focus lines;
5. after a warm-up, sends the surface (``--surface``, below) to both apps from 8 client threads
   (each with its own keep-alive connection), alternating batches between the two apps, and prints
   p50 / p99 / mean / max of the time to the acknowledgement for each, with the server's CPU time
   per request (its gunicorn process tree, from /proc): on a shared or small machine the
   latencies move with the load, the CPU per request much less.

The surfaces (``--surface``, default ``status``), each signed as Slack signs it:

- ``status``: ``/peer status`` typed by the coordinator in the triad's channel;
- ``click``: a ``block_actions`` payload (``payload=<url-quoted JSON>``) for the *Agree* button
  (``focus_agree``, value ``"<triad id>:1"``, read from the proposal message the app posted on the
  double) clicked by the observer DCS, who may not agree: every click is authorised in full and
  refused (through its response URL) without changing anything; the script checks the refusals
  arrived and that no message was updated;
- ``modal``: a ``view_submission`` of the dates form (``dates_form``, the view the app opened on
  the double for the host DCS's ``/peer dates``) with the same dates each time, so each one runs
  the real use case (sets the dates again and re-plans) and must ack with no field errors.

Aim: p99 < 100 ms and < 2x the bare app. ``--profile`` also runs the peer app's WSGI callable
in this process under pyinstrument (``pip install pyinstrument``) and prints where the time goes.
The exit code is 1 when the aim is missed.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from wsgiref.util import setup_testing_defaults

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from slack_double import payloads  # noqa: E402  (what Slack sends, as the tests and the demo build it)

SIGNING_SECRET = "bench-signing-secret"
BOT_TOKEN = "xoxb-bench-token"
COORDINATOR = "UBENCHCOORD"
PEOPLE = {"Oxfordshire": "UOXFDCS", "Milton Keynes": "UMKDCS", "Portsmouth": "UPORDCS"}
# A realistic round: nine authorities (a DCS and a team of two each), three triads.
OTHERS = {
    "Reading": "URDGDCS", "Slough": "USLODCS", "Surrey": "USURDCS",
    "Kent": "UKENDCS", "Medway": "UMEDDCS", "Brighton and Hove": "UBRIDCS",
}  # fmt: skip
TRIADS = (("Oxfordshire", "Milton Keynes", "Portsmouth"), ("Reading", "Slough", "Surrey"),
          ("Kent", "Medway", "Brighton and Hove"))  # fmt: skip
FOCUS = (
    "How well do we hear the voice of the child in plans?",
    "How effective is step-down to early help?",
    "How stable are placements for older children?",
)


# ---------------------------------------------------------------------------------------------
# The bare app (this file, run with --serve-bare, is its server)


def bare_wsgi_app():
    """A Bolt `App` with one `/peer` command that acks "ok", behind Bolt's WSGI adapter."""
    from slack_bolt import App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    app = App(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
    )

    @app.command("/peer")
    def peer(ack):
        ack(text="ok", response_type="ephemeral")

    @app.action("focus_agree")
    def agree(ack):
        ack()

    @app.view("dates_form")
    def dates(ack):
        ack()

    return SlackRequestHandler(app, path="/slack/events")


def bare_application():
    """What gunicorn loads for the bare app, shaped as `bot.wsgi.create_application` is: the same
    logging set-up, the same wrapper in front of Bolt's adapter (GET /healthz answered beside it)."""
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    bolt = bare_wsgi_app()

    def application(environ, start_response):
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            payload = b'{"ok": true}'
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
            return [payload]
        return bolt(environ, start_response)

    return application


def serve_bare(port: int, workers: int, threads: int) -> None:
    """Served as `peerbot serve` serves the app: its logging, `bot.cli.serve.run_gunicorn` with the same settings."""
    from bot.cli.serve import run_gunicorn
    from bot.logs import configure_logging as _logging

    _logging()
    run_gunicorn(bare_application, bind=f"127.0.0.1:{port}", workers=workers, threads=threads)


# ---------------------------------------------------------------------------------------------
# Processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peerbot_command() -> list[str]:
    """The `peerbot` console script installed beside this interpreter (else `python -m bot.cli`)."""
    script = Path(sys.executable).with_name("peerbot")
    if script.exists():
        return [str(script)]
    found = shutil.which("peerbot")
    return [found] if found else [sys.executable, "-m", "bot.cli"]


def serve_settings() -> tuple[int, int]:
    """`peerbot serve`'s default workers and threads, as bot/cli/main.py defines them."""
    from bot.cli.main import build_parser

    args = build_parser().parse_args(["serve"])
    return args.workers, args.threads


class Process:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], log_dir: Path):
        self.name = name
        self.log = open(log_dir / f"{name}.log", "w+b")
        self.popen = subprocess.Popen(argv, env=env, cwd=log_dir, stdout=self.log, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.log.close()

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")


def process_tree_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by a process and its children (Linux /proc), else None."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        total, pending, seen = 0.0, [pid], set()
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        return total
    except (OSError, ValueError, IndexError):
        return None


def wait_healthy(url: str, process: Process, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise SystemExit(f"{process.name} exited with {process.popen.returncode}:\n{process.output()}")
        try:
            with urllib.request.urlopen(url + path, timeout=2) as response:
                if response.status in (200, 404, 405):
                    return
        except urllib.error.HTTPError as exc:
            if exc.code in (404, 405):  # the bare app has no /healthz, but it answers
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{process.name} did not answer within {timeout}s:\n{process.output()}")


# ---------------------------------------------------------------------------------------------
# Talking as Slack does


def command_body(text: str, *, team: str, user: str, channel: str, response_root: str) -> str:
    trigger = f"bench-{uuid.uuid4().hex}"
    return payloads.slash_command_body(
        text,
        team=team,
        user=user,
        channel=channel,
        response_url=f"{response_root}response/{trigger}",
        trigger_id=trigger,
    )


def signed_headers(body: str) -> dict[str, str]:
    return {"Content-Type": "application/x-www-form-urlencoded", **payloads.sign(body, SIGNING_SECRET)}


def post_once(url: str, body: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        url + "/slack/events", data=body.encode(), headers=signed_headers(body), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else {}
    except ValueError:
        return status, {"_raw": raw.decode("utf-8", "replace")}


class Target:
    """One app under test, with one keep-alive connection per client thread."""

    def __init__(self, name: str, url: str, expect: str, pid: int | None = None, unwanted: str | None = None):
        self.name, self.url, self.expect, self.pid, self.unwanted = name, url, expect, pid, unwanted
        self.cpu_seconds: float | None = 0.0  # server CPU used while this target was measured
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.local = threading.local()
        self.latencies: list[float] = []

    def connection(self) -> http.client.HTTPConnection:
        if getattr(self.local, "conn", None) is None:
            self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        return self.local.conn

    def request(self, body: str) -> float:
        """Send one signed command; return seconds until the whole acknowledgement was read."""
        headers = signed_headers(body)
        for attempt in (1, 2):  # a keep-alive connection the server closed is reopened once
            conn = self.connection()
            started = time.perf_counter()
            try:
                conn.request("POST", "/slack/events", body=body.encode(), headers=headers)
                response = conn.getresponse()
                raw = response.read()
            except (
                http.client.RemoteDisconnected,
                ConnectionResetError,
                BrokenPipeError,
                http.client.CannotSendRequest,
            ):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - started
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                self.local.conn = None
            text = raw.decode("utf-8", "replace")
            if response.status != 200 or self.expect not in text or (self.unwanted and self.unwanted in text):
                raise RuntimeError(f"{self.name}: unexpected answer {response.status}: {raw[:300]!r}")
            return elapsed
        raise AssertionError("unreachable")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


# ---------------------------------------------------------------------------------------------
# The run


def wait_for_welcome(double, channel: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not any(m.get("channel") == channel for m in double.messages()):
        if time.monotonic() > deadline:
            raise SystemExit(f"no welcome message in {channel}")
        time.sleep(0.05)


def set_up_triad(peer_url: str, double, team: str) -> str:
    """A round of nine authorities (each a DCS and a team of two) and three triads, each with its
    channel on the double, dates and three focus lines; returns triad 1's channel."""
    root = double.root_url

    def send(text: str, channel: str = "D0BENCH", user: str = COORDINATOR) -> dict:
        status, reply = post_once(
            peer_url, command_body(text, team=team, user=user, channel=channel, response_root=root)
        )
        if status != 200 or str(reply.get("text", "")).startswith(":x:"):
            raise SystemExit(f"setting up failed at `/peer {text}`: {status} {reply}")
        return reply

    send('round new "SE 2018"')
    for name, dcs in {**PEOPLE, **OTHERS}.items():
        team_people = " ".join(f"<@{dcs}T{k}|{dcs.lower()}t{k}>" for k in (1, 2))
        send(f'authority add "{name}" dcs:<@{dcs}|{dcs.lower()}> team:{team_people}')
    channels = []
    for number, (host, visitor, observer) in enumerate(TRIADS, start=1):
        send(f'triad new host:"{host}" visitor:"{visitor}" observer:"{observer}"')
        created = double.wait_for("conversations.create", count=number, timeout=30)
        channels.append(created[-1].response["channel"]["id"])
        wait_for_welcome(double, channels[-1])  # the triad row has its channel by then
    for (_, visitor, _), triad_channel in zip(TRIADS, channels, strict=True):
        send('dates challenge:"February 2018" fieldwork:"23 & 24 July 2018"', triad_channel)
        for line in FOCUS:
            send(f'focus propose "{line}"', triad_channel, {**PEOPLE, **OTHERS}[visitor])
    channel = channels[0]
    reply = send("status", channel)
    if "Triad 1" not in json.dumps(reply) or FOCUS[2] not in json.dumps(reply):
        raise SystemExit(f"`/peer status` does not show the triad: {reply}")
    return channel


def control(double, what: str):
    """A snapshot from the double's control API (``/_double/<what>``, see slack_double/server.py)."""
    with urllib.request.urlopen(double.root_url + "_double/" + what, timeout=30) as response:
        return json.loads(response.read())


def payload_body(payload: dict) -> str:
    """An interaction's form body as Slack posts it."""
    return payloads.interaction_body(payload)


def proposal_message(double, channel: str) -> tuple[dict, dict, dict]:
    """The proposal message for line 1 the app posted in the triad's channel: (message, block, Agree button)."""
    for message in control(double, "messages"):
        if message["channel"] != channel:
            continue
        for block in message.get("blocks") or []:
            for element in block.get("elements", []) if block.get("type") == "actions" else []:
                if element.get("action_id") == "focus_agree" and str(element.get("value", "")).endswith(":1"):
                    return message, block, element
    raise SystemExit("no proposal message with an Agree button for line 1 on the double")


def click_payload(double, message: dict, block: dict, button: dict, *, team: str, user: str) -> dict:
    """A block_actions payload as Slack sends it when `user` clicks `button` (slack_double.payloads)."""
    return payloads.block_actions(
        user=user, team=team, message=message, action_id=button["action_id"],
        response_url=f"{double.root_url}response/bench-click-{uuid.uuid4().hex}", channel_name="pc-2018-oxfordshire",
    )  # fmt: skip


def dates_view(peer_url: str, double, team: str, channel: str) -> dict:
    """The dates form the app opens on the double for the host DCS's `/peer dates` typed bare."""
    body = command_body("dates", team=team, user=PEOPLE["Oxfordshire"], channel=channel, response_root=double.root_url)
    status, reply = post_once(peer_url, body)
    if status != 200 or reply:
        raise SystemExit(f"`/peer dates` did not open the form: {status} {reply}")
    double.wait_for("views.open", timeout=30)
    views = [v for v in control(double, "views").values() if v.get("callback_id") == "dates_form"]
    if not views or "triad_id" not in json.loads(views[-1].get("private_metadata") or "{}"):
        raise SystemExit(f"no dates form with a triad_id on the double: {views}")
    return views[-1]


def submission_payload(view: dict, values: dict, *, team: str, user: str) -> dict:
    """A view_submission payload as Slack sends it (slack_double.payloads)."""
    return payloads.view_submission(user=user, team=team, view=view, values=values)


SURFACES = {
    "status": "/peer status",
    "click": "Agree click (refused)",
    "modal": "dates form submission",
}
REFUSAL = ":x: Only the host DCS and the visiting DCS can agree a line of enquiry."


def surface_bodies(surface: str, peer_url: str, double, team: str, channel: str):
    """(a maker of one fresh signed body, what the peer app's ack must contain, what it must not)."""
    if surface == "click":
        message, block, button = proposal_message(double, channel)
        observer = PEOPLE["Portsmouth"]
        return (lambda: payload_body(click_payload(double, message, block, button, team=team, user=observer))), "", None
    if surface == "modal":
        view = dates_view(peer_url, double, team, channel)
        host = PEOPLE["Oxfordshire"]
        values = {
            "challenge": {"date": {"type": "plain_text_input", "value": "February 2018"}},
            "fieldwork": {"date": {"type": "plain_text_input", "value": "23 & 24 July 2018"}},
            "provisional": {"provisional": {"type": "checkboxes", "selected_options": []}},
        }
        return (lambda: payload_body(submission_payload(view, values, team=team, user=host))), "", '"errors"'
    return (
        (lambda: command_body("status", team=team, user=COORDINATOR, channel=channel, response_root=double.root_url)),
        "Triad 1 status",
        None,
    )


def check_clicks_refused(double, clicks: int, since: int, timeout: float = 60.0) -> None:
    """Every click was told the refusal through its response URL, and no proposal message was updated."""
    deadline = time.monotonic() + timeout
    while True:
        told = [r.get("text", "") for r in control(double, "responses")[since:]]
        refused = sum(t == REFUSAL for t in told)
        if refused >= clicks or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    others = sorted({t for t in told if t != REFUSAL})
    if refused < clicks or others:
        raise SystemExit(f"clicks: {refused} of {clicks} refused as expected; other replies: {others[:5]}")
    if double.calls("chat.update"):
        raise SystemExit("a refused click updated a message")


def run_load(targets: list[Target], bodies, requests: int, concurrency: int, batch: int) -> None:
    """`requests` per target, in alternating batches, `concurrency` clients at a time."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        done = 0
        while done < requests:
            size = min(batch, requests - done)
            for target in targets:
                before = process_tree_cpu(target.pid) if target.pid else None
                target.latencies += list(pool.map(lambda _, t=target: t.request(bodies(t)), range(size)))
                after = process_tree_cpu(target.pid) if target.pid else None
                if before is None or after is None or target.cpu_seconds is None:
                    target.cpu_seconds = None
                else:
                    target.cpu_seconds += after - before
            done += size


def profile_in_process(database_url: str, double_url: str, make_body, count: int) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("--profile needs pyinstrument: pip install pyinstrument", file=sys.stderr)
        return
    from bot.app import make_deps
    from bot.settings import load_settings
    from bot.wsgi import make_wsgi_app

    settings = load_settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=double_url,
        database_url=database_url,
        peer_coordinators=COORDINATOR,
    )

    class Inline(Executor):  # run the listener in this thread, so the profiler sees it
        def submit(self, fn, /, *args, **kwargs):
            future = Future()
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:
                future.set_exception(exc)
            return future

    wsgi = make_wsgi_app(make_deps(settings), Inline())

    def call() -> None:
        body = make_body().encode()
        environ = {}
        setup_testing_defaults(environ)
        environ.update(
            {
                "REQUEST_METHOD": "POST",
                "PATH_INFO": "/slack/events",
                "CONTENT_TYPE": "application/x-www-form-urlencoded",
                "CONTENT_LENGTH": str(len(body)),
                "wsgi.input": io.BytesIO(body),
            }
        )
        for name, value in signed_headers(body.decode()).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        b"".join(wsgi(environ, lambda status, headers: None))

    for _ in range(20):
        call()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(count):
        call()
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv: list[str] | None = None) -> int:
    workers, threads = serve_settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--surface", choices=list(SURFACES), default="status", help="what is acknowledged (default status)"
    )
    parser.add_argument("--requests", type=int, default=300, help="measured requests per app (default 300)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--warmup", type=int, default=40, help="unmeasured requests per app first (default 40)")
    parser.add_argument(
        "--batch", type=int, default=50, help="requests per app before switching to the other (default 50)"
    )
    parser.add_argument("--database-url", help="a PostgreSQL (or other) URL instead of a fresh SQLite file")
    parser.add_argument(
        "--workers", type=int, default=workers, help=f"gunicorn workers (default: peerbot serve's, {workers})"
    )
    parser.add_argument(
        "--threads", type=int, default=threads, help=f"threads per worker (default: peerbot serve's, {threads})"
    )
    parser.add_argument("--profile", action="store_true", help="also profile the peer app in-process with pyinstrument")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_bare:
        serve_bare(args.serve_bare, args.workers, args.threads)
        return 0

    from slack_double import RemoteSlackDouble

    work = Path(tempfile.mkdtemp(prefix="peerbot-bench-"))
    database_url = args.database_url or f"sqlite:///{work / 'peerbot.db'}"
    team = "TB" + uuid.uuid4().hex[:8].upper()  # a workspace of its own: a shared database may hold others
    processes: list[Process] = []
    try:
        with RemoteSlackDouble.spawn() as double:
            env = {
                **os.environ,
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": double.base_url,
                "DATABASE_URL": database_url,
                "PEER_COORDINATORS": COORDINATOR,
                "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
            }
            env.pop("SLACK_APP_TOKEN", None)  # HTTP, not Socket Mode
            upgrade = subprocess.run(
                [*peerbot_command(), "db", "upgrade"], env=env, cwd=work, capture_output=True, text=True
            )
            if upgrade.returncode != 0:
                raise SystemExit(f"peerbot db upgrade failed:\n{upgrade.stderr}")

            peer_port, bare_port = free_port(), free_port()
            serve = [
                *peerbot_command(),
                "serve",
                "--host",
                "127.0.0.1",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
            ]
            peer = Process("peer", serve, {**env, "PORT": str(peer_port)}, work)
            processes.append(peer)
            bare = Process(
                "bare",
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--serve-bare",
                    str(bare_port),
                    "--workers",
                    str(args.workers),
                    "--threads",
                    str(args.threads),
                ],
                env,
                work,
            )
            processes.append(bare)
            peer_url, bare_url = f"http://127.0.0.1:{peer_port}", f"http://127.0.0.1:{bare_port}"
            wait_healthy(peer_url, peer, "/healthz")
            wait_healthy(bare_url, bare, "/healthz")

            channel = set_up_triad(peer_url, double, team)
            make_body, expect, unwanted = surface_bodies(args.surface, peer_url, double, team, channel)

            targets = [
                Target("peer", peer_url, expect, peer.popen.pid, unwanted),
                Target("bare", bare_url, '"ok"' if args.surface == "status" else "", bare.popen.pid),
            ]
            body = lambda target: make_body()  # noqa: E731
            responses_before = len(control(double, "responses"))
            run_load(targets, body, args.warmup, args.concurrency, args.warmup)
            for target in targets:
                target.latencies.clear()
                target.cpu_seconds = 0.0
            run_load(targets, body, args.requests, args.concurrency, args.batch)
            double.assert_no_errors()
            if args.surface == "click":
                check_clicks_refused(double, args.warmup + args.requests, responses_before)

            if args.profile:
                profile_in_process(database_url, double.base_url, make_body, 300)
    finally:
        for process in processes:
            process.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")

    peer_t, bare_t = targets
    ms = lambda values: [v * 1000 for v in values]  # noqa: E731
    rows = []
    for target in targets:
        values = ms(target.latencies)
        rows.append(
            (target.name, percentile(values, 50), percentile(values, 99), statistics.fmean(values), max(values))
        )
    cpu = [t.cpu_seconds * 1000 / len(t.latencies) if t.cpu_seconds is not None else None for t in targets]
    db = "PostgreSQL" if database_url.startswith(("postgres", "postgresql")) else "SQLite"
    print(
        f"{SURFACES[args.surface]} ack latency: {args.requests} requests per app, {args.concurrency} clients, "
        f"gunicorn gthread {args.workers} workers x {args.threads} threads, {db}, {os.cpu_count()} CPUs"
    )
    show = lambda value, spec: format(value, spec) if value is not None else format("n/a", ">" + spec.split(".")[0])  # noqa: E731
    print(f"{'app':<8}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}{'max ms':>9}{'server CPU ms/req':>19}")
    for (name, p50, p99, mean, top), cpu_ms in zip(rows, cpu, strict=True):
        print(f"{name:<8}{p50:>9.1f}{p99:>9.1f}{mean:>9.1f}{top:>9.1f}{show(cpu_ms, '19.2f')}")
    (_, p50a, p99a, meana, maxa), (_, p50b, p99b, meanb, maxb) = rows
    cpu_ratio = cpu[0] / cpu[1] if None not in cpu and cpu[1] else None
    ratios = f"{p50a / p50b:>9.2f}{p99a / p99b:>9.2f}{meana / meanb:>9.2f}{maxa / maxb:>9.2f}"
    print(f"{'ratio':<8}{ratios}{show(cpu_ratio, '19.2f')}")
    ok = p99a < 100 and p99a < 2 * p99b
    print(f"aim (peer p99 < 100 ms and < 2x bare p99): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
