"""Who plays which part in a triad, and what each part may do. Plain Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.rules.refusals import Refused

ROLES = ("host", "visitor", "observer")


@dataclass(frozen=True)
class AuthorityPeople:
    name: str
    dcs: str
    team: tuple[str, ...] = ()

    @property
    def everyone(self) -> tuple[str, ...]:
        return (self.dcs, *[u for u in self.team if u != self.dcs])


@dataclass(frozen=True)
class TriadPeople:
    host: AuthorityPeople
    visitor: AuthorityPeople
    observer: AuthorityPeople
    coordinators: frozenset[str] = field(default_factory=frozenset)
    second_observer: AuthorityPeople | None = None  # a group of four

    def by_role(self) -> dict[str, AuthorityPeople]:
        return {"host": self.host, "visitor": self.visitor, "observer": self.observer}

    def authorities(self) -> list[tuple[str, AuthorityPeople]]:
        """(role, people) of every authority of the triad: a group of four has two observers."""
        out = list(self.by_role().items())
        if self.second_observer is not None:
            out.append(("observer", self.second_observer))
        return out

    def members(self) -> list[str]:
        """The DCSs and their teams, without repeats, in role order."""
        seen: dict[str, None] = {}
        for _, people in self.authorities():
            for user in people.everyone:
                seen.setdefault(user, None)
        return list(seen)

    def roles_of(self, user: str) -> list[str]:
        """E.g. ["host DCS"], ["visitor team"], ["coordinator"]."""
        roles = []
        for role, people in self.authorities():
            if user == people.dcs:
                roles.append(f"{role} DCS")
            elif user in people.team:
                roles.append(f"{role} team")
        if user in self.coordinators:
            roles.append("coordinator")
        return roles

    def is_member(self, user: str) -> bool:
        return user in self.members()

    def can_access(self, user: str) -> bool:
        """Only the triad's members and the coordinators can read or change a triad."""
        return self.is_member(user) or user in self.coordinators

    def channel_invitees(self) -> list[str]:
        return list(dict.fromkeys([*self.members(), *sorted(self.coordinators)]))


class RoleRefusal(StrEnum):
    SAME_AUTHORITY_TWICE = "same_authority_twice"  # facts: name, role, other_role
    DATA_PROFILE_IS_COORDINATORS = "data_profile_is_coordinators"
    NOT_STEP_OWNER = "not_step_owner"  # facts: authority, role ("host" | "visitor")
    FEEDBACK_NOT_HOST_OR_VISITING_DCS = "feedback_not_host_or_visiting_dcs"
    WITHDRAW_NOT_ALLOWED = "withdraw_not_allowed"
    FOLLOW_UP_NOT_HOST = "follow_up_not_host"  # facts: host_dcs, host


def check_distinct_authorities(host: str, visitor: str, observer: str) -> None:
    """A triad needs three different authorities."""
    names = {"host": host, "visitor": visitor, "observer": observer}
    folded = [n.casefold() for n in names.values()]
    for role, name in names.items():
        if folded.count(name.casefold()) > 1:
            others = [r for r, n in names.items() if n.casefold() == name.casefold() and r != role]
            raise Refused(RoleRefusal.SAME_AUTHORITY_TWICE, name=name, role=role, other_role=others[0])


# Who records a programme step done: the authority whose work it is, or a coordinator.
STEP_OWNERS = {"self_assessment": "host", "report": "visitor", "data_profile": None}


def check_may_mark_step(people: TriadPeople, user: str, step: str) -> None:
    """Only the step's owner or a coordinator marks it done (a step done stops the reminders that chase it)."""
    if user in people.coordinators:
        return
    role = STEP_OWNERS[step]
    if role is None:
        raise Refused(RoleRefusal.DATA_PROFILE_IS_COORDINATORS)
    authority = people.by_role()[role]
    if user not in authority.everyone:
        raise Refused(RoleRefusal.NOT_STEP_OWNER, authority=authority.name, role=role)


def check_may_agree_feedback(people: TriadPeople, user: str) -> None:
    """The feedback format is agreed between the host DCS and the visiting DCS (or recorded by a coordinator)."""
    if user not in (people.host.dcs, people.visitor.dcs) and user not in people.coordinators:
        raise Refused(RoleRefusal.FEEDBACK_NOT_HOST_OR_VISITING_DCS)


def check_may_withdraw_line(people: TriadPeople, user: str, proposed_by: str) -> None:
    """Whoever proposed a line, the host DCS or the visiting DCS may withdraw it; the host keeps ownership."""
    if user not in (proposed_by, people.host.dcs, people.visitor.dcs) and user not in people.coordinators:
        raise Refused(RoleRefusal.WITHDRAW_NOT_ALLOWED)


def check_may_answer_follow_up(people: TriadPeople, user: str) -> None:
    """The host DCS decides whether a follow-up visit is wanted (or a coordinator on their behalf)."""
    if user != people.host.dcs and user not in people.coordinators:
        raise Refused(RoleRefusal.FOLLOW_UP_NOT_HOST, host_dcs=people.host.dcs, host=people.host.name)
