"""The JSON Schemas of Slack's Web API arguments (``../shared/slack-schemas``), compiled once per folder."""

from __future__ import annotations

import json
import os
import threading
import urllib.parse
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCHEMAS_DIR = REPO_ROOT.parent / "shared" / "slack-schemas"

# Web API method -> the schema (TypeScript argument type) its arguments must match.
METHOD_SCHEMAS = {
    "apps.connections.open": "AppsConnectionsOpenArguments",
    "chat.postMessage": "ChatPostMessageArguments",
    "chat.postEphemeral": "ChatPostEphemeralArguments",
    "chat.update": "ChatUpdateArguments",
    "chat.delete": "ChatDeleteArguments",
    "chat.scheduleMessage": "ChatScheduleMessageArguments",
    "chat.deleteScheduledMessage": "ChatDeleteScheduledMessageArguments",
    "conversations.create": "ConversationsCreateArguments",
    "conversations.invite": "ConversationsInviteArguments",
    "conversations.archive": "ConversationsArchiveArguments",
    "conversations.members": "ConversationsMembersArguments",
    "conversations.open": "ConversationsOpenArguments",
    "conversations.history": "ConversationsHistoryArguments",
    "conversations.setTopic": "ConversationsSetTopicArguments",
    "files.getUploadURLExternal": "FilesGetUploadURLExternalArguments",
    "files.completeUploadExternal": "FilesCompleteUploadExternalArguments",
    "oauth.v2.access": "OAuthV2AccessArguments",
    "pins.add": "PinsAddArguments",
    "users.info": "UsersInfoArguments",
    "users.lookupByEmail": "UsersLookupByEmailArguments",
    "files.info": "FilesInfoArguments",
    "views.open": "ViewsOpenArguments",
    "views.publish": "ViewsPublishArguments",
    "views.update": "ViewsUpdateArguments",
}
# Methods called with the app's client id and secret (HTTP Basic or in the body), not a token.
METHODS_WITHOUT_TOKEN = {"oauth.v2.access"}
# Methods answered without a schema (their arguments are checked by hand).
# The canvas methods too, until the schemas folder has ConversationsCanvasesCreateArguments,
# CanvasesEditArguments, CanvasesDeleteArguments and CanvasesSectionsLookupArguments
# (slack_double.api.canvases checks their arguments).
METHODS_WITHOUT_SCHEMA = {
    "auth.test",
    "conversations.info",
    "conversations.canvases.create",
    "canvases.edit",
    "canvases.delete",
    "canvases.sections.lookup",
}

# Arguments slack_sdk sends as JSON strings inside form-encoded bodies.
JSON_STRING_FIELDS = ("blocks", "view", "files", "metadata", "attachments")

# --------------------------------------------------------------------------------------
# Schemas compiled once per folder, shared by every double in the process


class Schemas:
    """Compiled validators for one schema folder; thread-safe, loaded on first use."""

    def __init__(self, folder: Path):
        if not (folder / "ChatPostMessageArguments.json").is_file():
            raise FileNotFoundError(f"Slack schemas not found in {folder} (set SLACK_SCHEMAS_DIR)")
        self.folder = folder
        self._lock = threading.Lock()
        self._validators: dict[str, Draft7Validator] = {}
        self._coercions: dict[str, dict[str, set[str]]] = {}
        known = self._load("KnownBlock")
        # One validator per block type (KnownBlock is a union over `type`): far faster than
        # trying every branch, and its errors name the real problem.
        self.block_types: dict[str, Draft7Validator] = {}
        for ref in known["definitions"]["KnownBlock"]["anyOf"]:
            name = ref["$ref"].rsplit("/", 1)[1]
            definition = known["definitions"][name]
            shape = definition["anyOf"][0] if "anyOf" in definition else definition  # image: url or file
            block_type = shape["properties"]["type"]["const"]
            schema = {"$ref": f"#/definitions/{name}", "definitions": known["definitions"]}
            self.block_types[block_type] = Draft7Validator(schema)

    def _load(self, type_name: str) -> dict:
        return json.loads((self.folder / f"{type_name}.json").read_text(encoding="utf-8"))

    def validator(self, type_name: str) -> Draft7Validator:
        with self._lock:
            if type_name not in self._validators:
                schema = self._load(type_name)
                self._validators[type_name] = Draft7Validator(schema)
                self._coercions[type_name] = _top_level_types(schema, type_name)
            return self._validators[type_name]

    def property_types(self, type_name: str) -> dict[str, set[str]]:
        """``{argument: {"boolean", ...}}`` of a method's top-level arguments."""
        self.validator(type_name)
        return self._coercions[type_name]


def load_schemas(folder: str | Path | None = None) -> Schemas:
    """The schemas in ``folder``, else ``$SLACK_SCHEMAS_DIR``, else ``../shared/slack-schemas``."""
    return _schemas_in(Path(folder or os.environ.get("SLACK_SCHEMAS_DIR") or DEFAULT_SCHEMAS_DIR).resolve())


@cache
def _schemas_in(folder: Path) -> Schemas:
    return Schemas(folder)


def _top_level_types(schema: dict, type_name: str) -> dict[str, set[str]]:
    definitions = schema["definitions"]
    top = definitions[type_name]
    types: dict[str, set[str]] = {}
    for branch in top.get("anyOf", [top]):
        if "$ref" in branch:
            branch = definitions[urllib.parse.unquote(branch["$ref"].rsplit("/", 1)[1])]  # `OptionalArgument%3C…`
        for name, prop in branch.get("properties", {}).items():
            declared = prop.get("type", [])
            types.setdefault(name, set()).update([declared] if isinstance(declared, str) else declared)
    return types


def coerce(args: dict[str, Any], types: dict[str, set[str]]) -> None:
    """Form bodies carry strings only; give booleans and numbers their JSON types back."""
    for name, value in args.items():
        declared = types.get(name)
        if not isinstance(value, str) or not declared or "string" in declared:
            continue
        if "boolean" in declared and value.lower() in ("1", "true", "0", "false"):
            args[name] = value.lower() in ("1", "true")
        elif declared & {"number", "integer"}:
            try:
                args[name] = int(value)
            except ValueError:
                try:
                    args[name] = float(value)
                except ValueError:
                    pass
