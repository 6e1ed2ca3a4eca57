"""Who plays which part in a triad, and what each part may do. Plain Python."""
from __future__ import annotations

from dataclasses import dataclass, field

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

    def by_role(self) -> dict[str, AuthorityPeople]:
        return {"host": self.host, "visitor": self.visitor, "observer": self.observer}

    def members(self) -> list[str]:
        """The three DCSs and their teams, without repeats, in role order."""
        seen: dict[str, None] = {}
        for people in self.by_role().values():
            for user in people.everyone:
                seen.setdefault(user, None)
        return list(seen)

    def roles_of(self, user: str) -> list[str]:
        """E.g. ["host DCS"], ["visitor team"], ["coordinator"]."""
        roles = []
        for role, people in self.by_role().items():
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


def check_distinct_authorities(host: str, visitor: str, observer: str) -> str | None:
    """A triad needs three different authorities; returns a problem or None."""
    names = {"host": host, "visitor": visitor, "observer": observer}
    folded = [n.casefold() for n in names.values()]
    for role, name in names.items():
        if folded.count(name.casefold()) > 1:
            others = [r for r, n in names.items() if n.casefold() == name.casefold() and r != role]
            return f"{name} can't be both {role} and {others[0]}: a triad needs three different authorities."
    return None


# Who records a programme step done: the authority whose work it is, or a coordinator.
STEP_OWNERS = {"self_assessment": "host", "report": "visitor", "data_profile": None}


def may_mark_step(people: TriadPeople, user: str, step: str) -> str | None:
    """None if `user` may mark `step` done, else why not (a step done stops the reminders that chase it)."""
    if user in people.coordinators:
        return None
    role = STEP_OWNERS[step]
    if role is None:
        return "The data profile is the coordinators' step: a programme coordinator marks it done."
    authority = people.by_role()[role]
    if user in authority.everyone:
        return None
    whose = "host's self-assessment" if role == "host" else "visiting DCS's report"
    return f"Only {authority.name} (the {role}) or a coordinator can mark the {whose} done."
