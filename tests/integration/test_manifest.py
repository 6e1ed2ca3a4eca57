"""manifest.json lists exactly what the app registers and calls (the starter template's rule)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from slack_bolt import App
from slack_sdk import WebClient

REPO = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("bot", "handlers", "storage")
REQUEST_URL = "https://YOUR-APP.example.com/slack/events"

# Bot scopes each Web API method the app calls needs (slack_sdk's method name -> scopes).
# A method missing here fails `test_every_web_api_call_has_its_scope`: add it with its scopes
# (docs.slack.dev/reference/methods/<method>) and add the scopes to manifest.json.
METHOD_SCOPES: dict[str, set[str]] = {
    # Posting into triad channels the app created and is a member of needs chat:write only
    # (not chat:write.public); posting with a user id as `channel` writes in the person's DM
    # with the app, for which the manifest asks im:write.
    "chat_postMessage": {"chat:write", "im:write"},
    "chat_update": {"chat:write"},
    "chat_delete": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "conversations_create": {"groups:write"},  # triad channels are private
    "conversations_invite": {"groups:write"},
    "conversations_archive": {"groups:write"},
    "conversations_setTopic": {"groups:write"},
    # The clock reads back triad channels (private) and people's DMs with the app to find
    # reminders a dead clock had already posted.
    "conversations_history": {"groups:history", "im:history"},
    "conversations_info": {"groups:read"},
    "conversations_members": {"groups:read"},
    "conversations_list": {"groups:read"},  # a triad channel left by an earlier try, found by name
    "conversations_open": {"im:write"},
    "pins_add": {"pins:write"},
    "files_upload_v2": {"files:write"},
    "users_info": {"users:read"},
    # Imports: a CSV a coordinator sends in a DM or picks in the import form, people found by e-mail.
    "files_info": {"files:read"},
    "users_lookupByEmail": {"users:read.email"},
    "views_publish": set(),
    "views_open": set(),
    "views_update": set(),
    "auth_test": set(),
    # The triads' channel canvases (issue 20).
    "conversations_canvases_create": {"canvases:write"},
    "canvases_edit": {"canvases:write"},
}
# Scopes the manifest needs whatever the code calls: the slash command itself.
ALWAYS = {"commands"}


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((REPO / "manifest.json").read_text(encoding="utf-8"))


class RecordingApp(App):
    """A real Bolt App that also notes what each listener registers."""

    def __init__(self):
        super().__init__(
            signing_secret="unused", client=WebClient(token="xoxb-unused"), token_verification_enabled=False
        )
        self.registered: dict[str, list] = {
            "command": [],
            "event": [],
            "action": [],
            "view": [],
            "shortcut": [],
            "options": [],
        }

    def command(self, command, *args, **kwargs):
        self.registered["command"].append(command)
        return super().command(command, *args, **kwargs)

    def event(self, event, *args, **kwargs):
        self.registered["event"].append(event)
        return super().event(event, *args, **kwargs)

    def action(self, constraints, *args, **kwargs):
        self.registered["action"].append(constraints)
        return super().action(constraints, *args, **kwargs)

    def view(self, constraints, *args, **kwargs):
        self.registered["view"].append(constraints)
        return super().view(constraints, *args, **kwargs)

    def shortcut(self, constraints, *args, **kwargs):
        self.registered["shortcut"].append(constraints)
        return super().shortcut(constraints, *args, **kwargs)

    def options(self, constraints, *args, **kwargs):
        self.registered["options"].append(constraints)
        return super().options(constraints, *args, **kwargs)


@pytest.fixture(scope="module")
def registered() -> dict[str, list]:
    from handlers.listeners import register_listeners

    app = RecordingApp()
    register_listeners(app)
    return app.registered


def event_type(event) -> str:
    return event["type"] if isinstance(event, dict) else str(event)


def test_the_peer_command_escapes_mentions_and_points_at_bolt(manifest, registered):
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == sorted(set(registered["command"])) == ["/peer"]
    peer = commands[0]
    assert peer["should_escape"] is True  # users arrive as <@U123|name>, which the parser reads
    assert peer["url"] == REQUEST_URL
    assert peer["usage_hint"] and peer["description"]
    assert len(peer["description"]) <= 2000 and len(peer["usage_hint"]) <= 1000


def test_events_are_exactly_those_the_listeners_register(manifest, registered):
    subscriptions = manifest["settings"]["event_subscriptions"]
    events = subscriptions["bot_events"]
    assert subscriptions["request_url"] == REQUEST_URL
    assert len(events) == len(set(events))
    # message.im is the `message` event of a DM with the app (a CSV sent to import)
    assert {e.split(".")[0] for e in events} == {event_type(e) for e in registered["event"]}
    assert "app_home_opened" in events  # the App Home tab is drawn when it opens
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_read_only_enabled"] is False  # people send CSVs there


def test_interactivity_is_on_for_the_buttons(manifest, registered):
    assert registered["action"], "the follow-up buttons register action listeners"
    interactivity = manifest["settings"]["interactivity"]
    assert interactivity == {"is_enabled": True, "request_url": REQUEST_URL}


def test_http_mode_single_workspace(manifest):
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is False
    assert settings["org_deploy_enabled"] is False
    assert manifest["display_information"]["name"] == "Peer Challenge"
    assert manifest["features"]["bot_user"]["display_name"] == "Peer Challenge"
    assert len(manifest["display_information"]["description"]) <= 140


def web_api_calls() -> dict[str, list[str]]:
    """slack_sdk WebClient methods called anywhere in the app's source -> where."""
    methods = {name for name in vars(WebClient) if not name.startswith("_") and "_" in name}
    pattern = re.compile(r"\.(" + "|".join(sorted(methods, key=len, reverse=True)) + r")\(")
    found: dict[str, list[str]] = {}
    for folder in SOURCE_DIRS:
        for path in sorted((REPO / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                for method in pattern.findall(line):
                    found.setdefault(method, []).append(f"{path.relative_to(REPO)}:{number}")
    return found


def test_every_web_api_call_has_its_scope(manifest):
    calls = web_api_calls()
    assert "conversations_create" in calls and "chat_postMessage" in calls  # the scan sees the code
    unknown = {m: where for m, where in calls.items() if m not in METHOD_SCOPES}
    assert not unknown, f"add these Web API methods and their bot scopes to METHOD_SCOPES and manifest.json: {unknown}"
    needed = set(ALWAYS).union(*(METHOD_SCOPES[m] for m in calls))
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert len(scopes) == len(set(scopes))
    assert set(scopes) == needed, (
        f"manifest.json asks for {sorted(set(scopes) - needed)} that nothing uses, "
        f"and lacks {sorted(needed - set(scopes))}"
    )


def test_shortcuts_are_exactly_those_the_listeners_register(manifest, registered):
    shortcuts = manifest["features"]["shortcuts"]
    assert (
        {s["callback_id"] for s in shortcuts}
        == {str(s) for s in registered["shortcut"]}
        == {"record_action", "orientation_material", "attach_to_record"}
    )
    assert all(s["type"] == "message" and len(s["name"]) <= 24 and len(s["description"]) <= 80 for s in shortcuts)


def test_add_to_slack_asks_for_the_manifests_scopes():
    from bot.settings import DEFAULT_SCOPES

    manifest = json.loads((REPO / "manifest.json").read_text())
    assert sorted(DEFAULT_SCOPES) == sorted(manifest["oauth_config"]["scopes"]["bot"])
