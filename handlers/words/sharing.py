"""The findings, what the host shares and the archive."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.sharing import SharingRefusal
from handlers.words import Wording

FINDINGS_USAGE = '`/peer findings "Early help is well understood by partners; step-down is slow."`'
SEARCH_USAGE = '`/peer archive search "early help front door"`'

FILE_KINDS = {"self_assessment": "self-assessment", "report": "report"}
ITEM_NAMES = {"lines": "agreed lines", "summary": "summary", "files": "files", "action_themes": "action themes"}

REFUSALS: dict[StrEnum, Wording] = {
    SharingRefusal.NOT_HOST_DCS: (
        "Only the host DCS (<@{host_dcs}>, {host}) decides what the triad shares outside it — "
        "coordinators and the rest of the triad can't share on the host's behalf."
    ),
    SharingRefusal.NOT_VISITING_DCS: (
        "The summary of the findings is written by the visiting DCS (<@{visiting_dcs}>, {visitor})."
    ),
    SharingRefusal.SUMMARY_EMPTY: (f"Write the summary in quotes, like {FINDINGS_USAGE}, or give no text for a form."),
    SharingRefusal.SUMMARY_TOO_LONG: (
        "That summary is {length} characters; keep it under {limit} (the report carries the detail)."
    ),
    SharingRefusal.NOT_FILE_OWNER: lambda f: (
        f"Only {f['authority']}'s people (or a coordinator) can attach the {FILE_KINDS.get(f['kind'], f['kind'])} "
        "to the record."
    ),
    SharingRefusal.NO_FILES: "That message has no file to attach; use the shortcut on a message with the file.",
    SharingRefusal.NOTHING_TO_SHARE: lambda f: (
        f"There is nothing to share as the {ITEM_NAMES.get(f['kind'], f['kind'])} yet, so it stays unshared."
    ),
    SharingRefusal.CHANGED_SINCE_SHOWN: lambda f: (
        f"The {ITEM_NAMES.get(f['kind'], f['kind'])} changed since this form opened, so nothing was shared: "
        "close it and open it again to see the current words."
    ),
    SharingRefusal.BAD_CHOICE: "Choose nobody, the region or every region for each item.",
    SharingRefusal.NOT_IN_PROGRAMME: (
        "The archive is for the programme: coordinators and the DCSs and teams of its authorities."
    ),
    SharingRefusal.SEARCH_EMPTY: f"Say what to look for, e.g. {SEARCH_USAGE} (common words like “the” are ignored).",
    SharingRefusal.SEARCH_TOO_LONG: f"Keep the search under {{limit}} characters: a few words, like {SEARCH_USAGE}.",
}
