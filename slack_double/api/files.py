"""files.*: the external upload flow (get an upload URL, post the bytes to it, complete) and files.info."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_double.errors import SlackError
from slack_double.records import Trickle, UploadedFile

if TYPE_CHECKING:
    from slack_double.double import SlackDouble


def getUploadURLExternal(slack: SlackDouble, args: dict, token: str) -> dict:
    upload = UploadedFile(id=slack._new_id("F"), filename=args["filename"], length=int(args["length"]))
    slack._files[upload.id] = upload
    return {"upload_url": f"{slack.root_url}upload/{upload.id}", "file_id": upload.id}


def completeUploadExternal(slack: SlackDouble, args: dict, token: str) -> dict:
    uploads = [slack._files.get(f.get("id")) for f in args["files"]]
    if any(u is None or u.content is None for u in uploads):
        raise SlackError("file_not_found")
    channel_id = None
    if args.get("channel_id"):
        channel_id = slack._writable(slack._channel(args["channel_id"], open_dm=True)).id
    for upload, entry in zip(uploads, args["files"], strict=True):
        assert upload is not None
        upload.title = entry.get("title") or upload.filename
        upload.channel_id = channel_id
        upload.initial_comment = args.get("initial_comment")
        upload.thread_ts = args.get("thread_ts")
        upload.completed = True
        upload.shared_ts = slack._new_ts() if channel_id else None
        slack.uploaded_files.append(upload)
    return {"files": [u.info() for u in uploads if u]}


def info(slack: SlackDouble, args: dict, token: str) -> dict:
    upload = slack._files.get(args.get("file"))
    if upload is None or not upload.completed:
        raise SlackError("file_not_found")
    return {"file": upload.info()}


def receive_upload(slack: SlackDouble, file_id: str, content: bytes) -> tuple[int, str]:
    """The bytes posted to an upload URL (``POST /upload/<file id>``)."""
    with slack._cond:
        upload = slack._files.get(file_id)
        if upload is None:
            return 404, "file not found"
        upload.content = content
        slack._cond.notify_all()
    return 200, f"OK - {len(content)}"


def serve_download(
    slack: SlackDouble, file_id: str, token: str | None
) -> tuple[int, bytes | str | Trickle, dict[str, str]]:
    """``GET /files/<id>/<name>`` (a file's ``url_private``): its bytes, for a valid token only, as Slack;
    or, for a file a test set them on, a redirect or its bytes a trickle."""
    with slack._cond:
        upload = slack._files.get(file_id)
        if not token or (slack.valid_tokens is not None and token not in slack.valid_tokens):
            return 403, "not authorised: send the bot token as Authorization: Bearer", {}
        if upload is None or upload.content is None:
            return 404, "file not found", {}
        if upload.redirect_to:
            return 302, "", {"Location": upload.redirect_to}
        slack.downloads.append(file_id)
        if upload.trickle_seconds:
            return 200, Trickle(upload.content, upload.trickle_seconds), {}
        return 200, upload.content, {}


METHODS = {
    "files.getUploadURLExternal": getUploadURLExternal,
    "files.completeUploadExternal": completeUploadExternal,
    "files.info": info,
}
