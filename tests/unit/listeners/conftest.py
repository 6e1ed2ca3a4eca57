"""What Bolt passes a listener, as mocks in one parent so that the order of the calls shows."""

from __future__ import annotations

import json
from unittest.mock import MagicMock

import pytest
from slack_sdk import WebClient

from bot.services.access import Actor
from storage.unit_of_work import UnitOfWork

WHO = Actor(team_id="T1", user_id="UCOORD", coordinators=frozenset({"UCOORD"}))


@pytest.fixture
def steps():
    """`ack`, `client` (a WebClient's methods), `uow`, `tell`, `now` and what a test stubs, in one mock."""
    found = MagicMock()
    found.client = MagicMock(spec=WebClient)
    found.uow = MagicMock(spec=UnitOfWork)
    found.uow.sessions = MagicMock(name="sessions")  # an attribute set in __init__: not in the spec
    return found


@pytest.fixture
def stub(monkeypatch, steps):
    """The use cases and the Home's publishing, as children of `steps`."""

    def stub(module, *names: str) -> None:
        for name in names:
            target, attribute = (
                (module, name) if "." not in name else (getattr(module, name.split(".")[0]), name.split(".")[1])
            )
            monkeypatch.setattr(target, attribute, getattr(steps, attribute))

    return stub


def order(steps) -> list[str]:
    """The names of the calls made, the session's own left out."""
    return [c[0] for c in steps.mock_calls if not c[0].startswith(("uow.session", "now", "uow.sessions"))]


def text(value: str | None) -> dict:
    return {"type": "plain_text_input", "value": value}


def chosen(value: str) -> dict:
    return {"type": "static_select", "selected_option": {"value": value}}


def user(value: str | None) -> dict:
    return {"type": "users_select", "selected_user": value}


def users(*values: str) -> dict:
    return {"type": "multi_users_select", "selected_users": list(values)}


def checked(*values: str) -> dict:
    return {"type": "checkboxes", "selected_options": [{"value": v} for v in values]}


def view(metadata: dict | str | None = None, **fields: dict) -> dict:
    """A submitted view: each field's block_id is its action_id too, unless given as (action_id, element)."""
    values = {}
    for block_id, element in fields.items():
        action_id, element = element if isinstance(element, tuple) else (block_id, element)
        values[block_id] = {action_id: element}
    meta = metadata if isinstance(metadata, str) else json.dumps(metadata or {})
    return {"private_metadata": meta, "state": {"values": values}}
