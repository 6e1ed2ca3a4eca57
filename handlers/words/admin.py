"""Coordinator commands: rounds, authorities, coordinators, an authority's DCS."""

from __future__ import annotations

from enum import StrEnum

from bot.rules.authorities import DcsRefusal
from bot.rules.coordinators import CoordinatorRefusal
from bot.services.admin import AdminRefusal
from handlers.words import Wording, did_you_mean

REFUSALS: dict[StrEnum, Wording] = {
    AdminRefusal.UNKNOWN_TIME_ZONE: "`{tz}` isn't a time zone I know. Use a name like tz:Europe/London.",
    AdminRefusal.ROUND_EXISTS: 'There is already a round called "{name}" — pick another name.',
    AdminRefusal.AUTHORITY_EXISTS: "{name} is already registered, with <@{dcs}> as DCS; nothing was added.",
    AdminRefusal.NO_SUCH_AUTHORITY: lambda f: (
        f'No authority called "{f["name"]}" is registered{did_you_mean(f["near"])}'
    ),
    AdminRefusal.ALREADY_COORDINATOR: "<@{user}> is already a coordinator of this workspace.",
    CoordinatorRefusal.NOT_A_COORDINATOR: (
        "<@{user}> isn't a coordinator of this workspace, so there is nothing to remove."
    ),
    CoordinatorRefusal.NAMED_BY_ENVIRONMENT: (
        "<@{user}> is named in the app's settings (PEER_COORDINATORS), so they stay a coordinator: "
        "only the operator can remove them there."
    ),
    CoordinatorRefusal.LAST_COORDINATOR: (
        "<@{user}> is this workspace's last coordinator, so they stay: add another coordinator first."
    ),
    DcsRefusal.SELF_APPOINTED: (
        "You can't make yourself {authority}'s DCS: the DCS decides what its triads share, so another "
        "coordinator must record that change. <@{former}> stays DCS."
    ),
}
