"""A workspace's local authorities, with their DCS and team members."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.rules.roles import AuthorityPeople
from storage.models import Authority, name_key


def authority_by_name(session: Session, team_id: str, name: str) -> Authority | None:
    return session.scalar(
        select(Authority)
        .where(Authority.team_id == team_id, Authority.name_key == name_key(name))
        .options(selectinload(Authority.members))
    )


def authorities(session: Session, team_id: str) -> list[Authority]:
    return list(
        session.scalars(
            select(Authority)
            .where(Authority.team_id == team_id)
            .order_by(Authority.name_key)
            .options(selectinload(Authority.members))
        )
    )


def authority_people(authority: Authority) -> AuthorityPeople:
    return AuthorityPeople(authority.name, authority.dcs_user_id, tuple(authority.team_user_ids))
