"""Checking a call: its arguments against the method's schema, each Block Kit block against its own
block type, and blocks and views built with ``slack_sdk.models`` so Slack's length limits apply."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from jsonschema.exceptions import ValidationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from slack_double.schemas import METHOD_SCHEMAS, Schemas


def _most_telling(error: ValidationError) -> ValidationError:
    """Inside an anyOf, follow the branch the instance was evidently meant to match.

    A branch whose own ``type`` constant failed (a button tried as a checkbox) is
    skipped; of the rest, the one with the fewest errors wins.
    """
    while error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        plausible = [
            errs
            for errs in branches.values()
            if not any(e.validator in ("const", "enum") and list(e.relative_path) == ["type"] for e in errs)
        ] or list(branches.values())
        error = min(min(plausible, key=len), key=lambda e: -len(e.relative_path))
    return error


def _describe(error: ValidationError) -> str:
    """``.path.inside[0]: message`` for the most telling error, the path relative to the instance."""
    error = _most_telling(error)
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    message = error.message if len(error.message) <= 300 else error.message[:300] + "..."
    return f"{path}: {message}"


def _stub_blocks(blocks: Any) -> Any:
    """Blocks reduced to their type, for the argument schemas (blocks are checked on their own)."""
    if isinstance(blocks, list):
        return [{"type": b["type"]} if isinstance(b, dict) and isinstance(b.get("type"), str) else b for b in blocks]
    return blocks


class Validator:
    """Checks a method's arguments; returns a list of problems (empty when valid)."""

    schemas_found = True  # arguments are checked against Slack's JSON Schemas

    def __init__(self, schemas: Schemas):
        self.schemas = schemas
        # Problems of each block seen, by its JSON: apps send the same blocks again and again,
        # and checking one costs ~0.2 ms (the benchmark sends 10,000 messages).
        self._block_cache: dict[str, list[str]] = {}

    def arguments(self, method: str, args: dict[str, Any]) -> list[str]:
        type_name = METHOD_SCHEMAS[method]
        instance = dict(args)
        # slack_sdk adds team_id to every call of a client bound to a workspace (Bolt's context
        # client does); Slack accepts it on every method, though the TS types do not list it.
        instance.pop("team_id", None)
        if "blocks" in instance:
            instance["blocks"] = _stub_blocks(instance["blocks"])
        if isinstance(instance.get("view"), dict) and "blocks" in instance["view"]:
            instance["view"] = {**instance["view"], "blocks": _stub_blocks(instance["view"]["blocks"])}
        if isinstance(instance.get("attachments"), list):
            instance["attachments"] = [
                {**a, "blocks": _stub_blocks(a["blocks"])} if isinstance(a, dict) and "blocks" in a else a
                for a in instance["attachments"]
            ]
        problems = ["arguments" + _describe(e) for e in self.schemas.validator(type_name).iter_errors(instance)]
        if isinstance(args.get("blocks"), list):
            problems += self.blocks(args["blocks"], "blocks")
        for i, attachment in enumerate(args.get("attachments") or []):
            if isinstance(attachment, dict) and isinstance(attachment.get("blocks"), list):
                problems += self.blocks(attachment["blocks"], f"attachments[{i}].blocks")
        if isinstance(args.get("view"), dict):
            problems += self.view(args["view"])
        return problems

    def blocks(self, blocks: list, where: str = "blocks") -> list[str]:
        problems = []
        for i, block in enumerate(blocks):
            key = json.dumps(block, sort_keys=True)
            if key not in self._block_cache:
                if len(self._block_cache) > 10_000:
                    self._block_cache.clear()
                self._block_cache[key] = self._block_problems(block)
            problems += [f"{where}[{i}]{problem}" for problem in self._block_cache[key]]
        return problems

    def _block_problems(self, block: Any) -> list[str]:
        """Problems of one block, each starting with its path inside the block."""
        block_type = block.get("type") if isinstance(block, dict) else None
        validator = self.schemas.block_types.get(block_type)  # type: ignore[arg-type]
        if validator is None:
            return [f": unknown block type {block_type!r}"]
        problems = [_describe(e) for e in validator.iter_errors(block)]
        parsed = None if problems else Block.parse(block)
        if parsed is not None:  # None: a block type slack_sdk.models does not model
            problems += self._sdk_check(parsed.to_dict, "")
        return problems

    def view(self, view: dict) -> list[str]:
        problems = []
        if isinstance(view.get("blocks"), list):
            problems += self.blocks(view["blocks"], "view.blocks")
        if not problems:
            problems += self._sdk_check(lambda: View(**view).to_dict(), "view")
        return problems

    @staticmethod
    def _sdk_check(build: Callable[[], Any], where: str) -> list[str]:
        try:
            build()
        except Exception as exc:  # SlackObjectFormationError, TypeError, ...
            return [f"{where}: slack_sdk.models: {exc}"]
        return []


class ModelsOnlyValidator(Validator):
    """For a schema folder that is not there (``SLACK_SCHEMAS_DIR`` naming an empty folder): every
    block and view is still built with ``slack_sdk.models`` (types, required fields, Slack's length
    limits), but the method arguments are not checked against Slack's JSON Schemas."""

    schemas_found = False

    def __init__(self) -> None:
        self._block_cache = {}

    def arguments(self, method: str, args: dict[str, Any]) -> list[str]:
        problems = []
        if isinstance(args.get("blocks"), list):
            problems += self.blocks(args["blocks"], "blocks")
        if isinstance(args.get("view"), dict):
            problems += self.view(args["view"])
        return problems

    def _block_problems(self, block: Any) -> list[str]:
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            return [": a block needs a type"]
        parsed = Block.parse(block)
        if parsed is None:
            return [f": unknown block type {block['type']!r}"]
        return self._sdk_check(parsed.to_dict, "")
