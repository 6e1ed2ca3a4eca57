"""The summary of the findings announced in the triad's channel: by `/peer findings "…"` and by the
findings form, alike."""

from __future__ import annotations

from slack_sdk import WebClient

from handlers.effects import Tell, post


def findings_posted(user: str, replaced: bool) -> str:
    verb = "updated" if replaced else "recorded"
    return (
        f":memo: <@{user}> {verb} the summary of the findings. "
        "It stays within the triad unless the host DCS shares it with `/peer share`."
    )


def announce_findings(client: WebClient, channel: str | None, user: str, replaced: bool, tell: Tell) -> None:
    """Tell the triad's channel the summary was written; a failure to post is told to the writer."""
    post(client, channel, findings_posted(user, replaced), tell)
