"""The bot token goes only to Slack's file host: a CSV sent in a DM (a `message` event, subtype `file_share`,
as Slack sends it) and the import form's `file_input`, tried as an attacker would. files.info (the Slack
double) names a file on a second local HTTP server, which must never see the token; Slack's host redirects
there; a file trickles in a byte a second; a file is too big; a file is kept outside Slack; a member who
is not a coordinator sends one. Beside each, the honest use still imports."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.rules.imports import MAX_BYTES
from handlers.mistakes import Mistake
from handlers.slack_files import fetch
from storage.models import Authority
from tests.e2e.conftest import STRANGER
from tests.e2e.harness import COORDINATOR, InProcessApp
from tests.e2e.test_forms import opened, submission
from tests.e2e.test_imports import file_share, replies

AUTHORITIES = (Path(__file__).resolve().parents[2] / "examples" / "se-authorities.csv").read_bytes()
DEADLINE = 0.5  # SLACK_FILE_DOWNLOAD_SECONDS for these tests; 10 s by default
NOT_SLACK = "isn't Slack's file host, so I didn't fetch it (my Slack token goes only to Slack)"
REDIRECTED = "Slack's file host sent me elsewhere for that file; my Slack token goes only to Slack, so I didn't follow"
TOO_SLOW = "Downloading that file from Slack took more than 0.5 seconds, so I gave up. Please send it again."
TOO_BIG = f"That file is bigger than {MAX_BYTES} bytes: is it the right file? Nothing was imported."
EXTERNAL = "a.csv is a link to a file kept outside Slack, so I can't import it."
NOT_COORDINATOR = "Only a programme coordinator can import authorities or an earlier round from a file."


class OtherHost:
    """A second local HTTP server, not Slack (port 0): it records every request's path and headers, and
    serves the CSV, or trickles its headers, or sends more than the cap with no length, or claims a huge one."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                host.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                self.close_connection = True
                if self.path.startswith("/trickled-headers"):  # a status line, then a header a byte a second
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                    for _ in range(60):
                        if host.stopping.wait(1.0):
                            return
                        self.wfile.write(b"a")
                        self.wfile.flush()
                elif self.path.startswith("/endless"):  # no Content-Length: the body ends when the server closes
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
                    for _ in range(MAX_BYTES // 65536 + 10):
                        self.wfile.write(b"x" * 65536)
                elif self.path.startswith("/claims-huge"):
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5000000000\r\n\r\nname,dcs\n")
                else:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(AUTHORITIES)))
                    self.end_headers()
                    self.wfile.write(AUTHORITIES)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def saw_token(self) -> bool:
        return any("authorization" in headers or "xoxb" in str(headers) for _, headers in self.requests)


@pytest.fixture
def other_host():
    host = OtherHost()
    host.thread.start()
    yield host
    host.stopping.set()
    host.server.shutdown()
    host.server.server_close()


@pytest.fixture
def app(database_url, sessions, clock, double):
    """The app with a short download deadline, so the trickle test stays fast."""
    app = InProcessApp(database_url, double.base_url, sessions, clock, slack_file_download_seconds=DEADLINE).start()
    yield app
    app.stop()


def authorities(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Authority))


def send(user, double, shared: dict) -> str:
    """The file_share event of ``shared`` (a file the double holds) sent by ``user``: the app's one reply."""
    event = file_share(double, user.user, "unused.csv", b"") | {"files": [shared]}
    before = len(replies(double))
    assert user.event(event).status == 200
    got = replies(double)
    assert len(got) == before + 1, got
    return got[-1]


def honest_import_still_works(coordinator, double, sessions) -> None:
    """The positive control: a coordinator's CSV on Slack's file host (the double) imports."""
    said = send(coordinator, double, double.add_file("se-authorities.csv", AUTHORITIES, user=COORDINATOR))
    assert "9 added" in said, said
    assert authorities(sessions) == 9 and double.downloads


# --------------------------------------------------------------------------- a CSV sent in a DM


def test_a_coordinators_csv_on_slacks_file_host_imports(coordinator, double, sessions, other_host):
    honest_import_still_works(coordinator, double, sessions)
    assert double.calls_to("files.info")[-1].token == "xoxb-test-token" and not other_host.requests


@pytest.mark.parametrize(
    "where",
    [
        {"url_private_download": "{other}/a.csv?download=1", "url_private": "{other}/a.csv"},
        {"url_private_download": None, "url_private": "{other}/a.csv"},  # no download url: the private one
        {"url_private_download": "{other}/a.csv?download=1"},  # Slack's url_private, another download url
        {"url_private_download": "https://files.slack.com@{other_netloc}/a.csv"},
    ],
    ids=["both", "private-only", "download-only", "userinfo"],
)
def test_a_file_on_another_host_is_never_fetched_with_the_token(coordinator, double, sessions, other_host, where):
    netloc = other_host.url.removeprefix("http://")
    described = {k: v.format(other=other_host.url, other_netloc=netloc) if v else v for k, v in where.items()}
    said = send(coordinator, double, double.add_file("a.csv", AUTHORITIES, user=COORDINATOR, **described))
    assert NOT_SLACK in said and said.startswith(":x:"), said
    assert other_host.requests == [] and not other_host.saw_token()
    assert authorities(sessions) == 0 and not double.downloads
    honest_import_still_works(coordinator, double, sessions)
    assert other_host.requests == []


def test_a_redirect_off_slacks_file_host_is_not_followed(coordinator, double, sessions, other_host):
    shared = double.add_file("a.csv", AUTHORITIES, user=COORDINATOR, redirect_to=f"{other_host.url}/a.csv")
    said = send(coordinator, double, shared)
    assert REDIRECTED in said, said
    assert other_host.requests == [] and not other_host.saw_token() and authorities(sessions) == 0
    # a redirect within Slack's file host is followed, with the token
    there = double.add_file("se-authorities.csv", AUTHORITIES, user=COORDINATOR)
    said = send(coordinator, double, double.add_file("b.csv", b"", user=COORDINATOR, redirect_to=there["url_private"]))
    assert "9 added" in said, said
    assert double.downloads == [there["id"]] and other_host.requests == []


def test_a_file_trickled_a_byte_a_second_is_given_up_at_the_deadline(coordinator, double, sessions):
    shared = double.add_file("a.csv", AUTHORITIES, user=COORDINATOR, trickle_seconds=1.0)
    started = time.monotonic()
    said = send(coordinator, double, shared)
    took = time.monotonic() - started
    assert said == f":x: {TOO_SLOW}", said
    assert took < DEADLINE + 2.5, f"the download held the worker {took:.1f} s"
    assert authorities(sessions) == 0
    honest_import_still_works(coordinator, double, sessions)


def test_an_oversized_file_is_refused(coordinator, double, sessions):
    big = b"name,dcs\n" + b"Oxfordshire,U0A\n" * (MAX_BYTES // 16 + 1)
    # files.info gives its size: refused before any download
    assert send(coordinator, double, double.add_file("big.csv", big, user=COORDINATOR)) == f":x: {TOO_BIG}"
    assert not double.downloads
    # files.info understates it: the download's Content-Length is too big
    lying = double.add_file("big.csv", big, user=COORDINATOR, size=100)
    assert send(coordinator, double, lying) == f":x: {TOO_BIG}"
    assert authorities(sessions) == 0
    honest_import_still_works(coordinator, double, sessions)


@pytest.mark.parametrize(
    "described",
    [
        {"is_external": True, "external_type": "gdrive", "mode": "external",
         "url_private": "https://docs.google.com/spreadsheets/d/1abc/edit"},
        {"is_external": True, "external_type": "app", "mode": "external"},
        {"mode": "remote"},
    ],
    ids=["google-drive", "remote-app-file", "remote"],
)  # fmt: skip
def test_a_file_kept_outside_slack_is_refused(coordinator, double, sessions, described):
    said = send(coordinator, double, double.add_file("a.csv", AUTHORITIES, user=COORDINATOR, **described))
    assert said.startswith(f":x: {EXTERNAL}"), said
    assert not double.calls_to("files.info") and not double.downloads  # the event said so: nothing asked
    # the event's file object as a plain upload, but files.info (the truth) says external
    plain = {k: v for k, v in double.add_file("a.csv", AUTHORITIES, user=COORDINATOR, **described).items()
             if k not in described}  # fmt: skip
    assert send(coordinator, double, plain).startswith(f":x: {EXTERNAL}")
    assert not double.downloads and authorities(sessions) == 0
    honest_import_still_works(coordinator, double, sessions)


def test_a_member_who_is_not_a_coordinator_gets_nothing_fetched(as_user, coordinator, double, sessions, other_host):
    stranger = as_user(STRANGER)
    elsewhere = {"url_private_download": f"{other_host.url}/a.csv", "url_private": f"{other_host.url}/a.csv"}
    for shared in (
        double.add_file("a.csv", AUTHORITIES, user=STRANGER, **elsewhere),
        double.add_file("a.csv", AUTHORITIES, user=STRANGER),
    ):
        said = send(stranger, double, shared)
        assert said.startswith(f":x: {NOT_COORDINATOR}"), said
    assert other_host.requests == [] and not double.calls_to("files.info") and not double.downloads
    assert authorities(sessions) == 0
    honest_import_still_works(coordinator, double, sessions)


# --------------------------------------------------------------------------- the import form's file_input


def form_values(shared: dict) -> dict:
    return {
        "what": {"what": {"type": "radio_buttons", "selected_option": {
            "text": {"type": "plain_text", "text": "authorities"}, "value": "authorities"}}},
        "round": {"round": {"type": "plain_text_input", "value": None}},
        "file": {"file": {"type": "file_input", "files": [shared]}},
    }  # fmt: skip


def shown(double) -> str:
    """What the form shows once it has taken the file (its last views.update)."""
    view = double.calls_to("views.update")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    return "\n".join(b["text"]["text"] for b in view["blocks"])


def test_the_form_fetches_with_the_same_safe_download(coordinator, double, sessions, other_host):
    coordinator.peer("import")
    view = opened(double)
    elsewhere = double.add_file("a.csv", AUTHORITIES, user=COORDINATOR, url_private_download=f"{other_host.url}/a.csv")
    coordinator.click(submission(COORDINATOR, view, form_values(elsewhere)))
    assert NOT_SLACK in shown(double)
    redirected = double.add_file("a.csv", AUTHORITIES, user=COORDINATOR, redirect_to=f"{other_host.url}/a.csv")
    coordinator.click(submission(COORDINATOR, view, form_values(redirected)))
    assert REDIRECTED in shown(double)
    trickled = double.add_file("a.csv", AUTHORITIES, user=COORDINATOR, trickle_seconds=1.0)
    started = time.monotonic()
    coordinator.click(submission(COORDINATOR, view, form_values(trickled)))
    assert TOO_SLOW in shown(double) and time.monotonic() - started < DEADLINE + 2.5
    assert other_host.requests == [] and authorities(sessions) == 0

    external = double.add_file("a.csv", AUTHORITIES, user=COORDINATOR, is_external=True, mode="external")
    answer = coordinator.click(submission(COORDINATOR, view, form_values(external)))
    assert answer.json["response_action"] == "errors" and answer.json["errors"]["file"].startswith(EXTERNAL)

    honest = double.add_file("se-authorities.csv", AUTHORITIES, user=COORDINATOR)
    coordinator.click(submission(COORDINATOR, view, form_values(honest)))
    assert "9 added" in shown(double) and authorities(sessions) == 9


def test_the_form_decides_who_may_import_before_asking_slack_about_the_file(as_user, coordinator, double, other_host):
    coordinator.peer("import")
    view = opened(double)
    shared = double.add_file("a.csv", AUTHORITIES, user=STRANGER, url_private_download=f"{other_host.url}/a.csv")
    answer = as_user(STRANGER).click(submission(STRANGER, view, form_values(shared)))
    assert answer.json["response_action"] == "errors"
    assert "Only a programme coordinator can import authorities" in answer.json["errors"]["file"]
    assert not double.calls_to("files.info") and not double.downloads and other_host.requests == []


# --------------------------------------------------------------------------- the download itself


def test_the_deadline_covers_headers_trickled_a_byte_a_second(other_host):
    """What Slack's host could do only if it misbehaved; the other host stands in, allowed as SLACK_API_URL."""
    started = time.monotonic()
    with pytest.raises(Mistake, match="took more than 0.5 seconds"):
        fetch(
            f"{other_host.url}/trickled-headers", "xoxb-t", api_url=f"{other_host.url}/api/", deadline_seconds=DEADLINE
        )
    assert time.monotonic() - started < DEADLINE + 2.5


@pytest.mark.parametrize("path", ["/endless", "/claims-huge"])
def test_the_size_cap_holds_while_streaming_and_on_a_huge_content_length(other_host, path):
    with pytest.raises(Mistake, match=f"bigger than {MAX_BYTES} bytes"):
        fetch(f"{other_host.url}{path}", "xoxb-t", api_url=f"{other_host.url}/api/", deadline_seconds=5)
    assert (
        fetch(f"{other_host.url}/a.csv", "xoxb-t", api_url=f"{other_host.url}/api/", deadline_seconds=5) == AUTHORITIES
    )
