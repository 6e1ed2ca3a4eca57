"""The schema. Every row belongs to one Slack workspace (``team_id``)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from bot.rules import limits
from bot.rules.times import utcnow


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both SQLite (which drops tzinfo) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Coordinator(Base):
    __tablename__ = "coordinators"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    added_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class GivenDate:
    """A programme date as given ("February 2018", "23 & 24 July 2018") and its parsed range."""

    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(limits.DATE))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(20))
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    set_by: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("team_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(limits.ROUND_NAME))
    name_key: Mapped[str] = mapped_column(String(limits.ROUND_NAME))  # casefolded, for lookups
    year: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    plan_config: Mapped[dict | None] = mapped_column(JSON)
    # A link to the orientation material ("orientation and preparation" slides), set by a coordinator.
    orientation_material: Mapped[str | None] = mapped_column(String(limits.MATERIAL_LINK))
    created_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    triads: Mapped[list[Triad]] = relationship(back_populates="round")
    dates: Mapped[list[RoundDate]] = relationship(back_populates="round", cascade="all, delete-orphan")


class RoundDate(GivenDate, Base):
    """A date of the whole round (orientation, summit) as given, and its parsed range."""

    __tablename__ = "round_dates"
    __table_args__ = (UniqueConstraint("round_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))  # kind: "orientation" | "summit"

    round: Mapped[Round] = relationship(back_populates="dates")


class Authority(Base):
    __tablename__ = "authorities"
    __table_args__ = (UniqueConstraint("team_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(limits.AUTHORITY_NAME))
    name_key: Mapped[str] = mapped_column(String(limits.AUTHORITY_NAME))
    dcs_user_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    members: Mapped[list[AuthorityMember]] = relationship(
        back_populates="authority", cascade="all, delete-orphan", order_by="AuthorityMember.id"
    )

    @property
    def team_user_ids(self) -> list[str]:
        return [m.user_id for m in self.members]


class DcsChange(Base):
    """A change of an authority's DCS: who it was, who it is now, who changed it, when and by which route."""

    __tablename__ = "dcs_changes"
    __table_args__ = (Index("ix_dcs_changes_team_authority", "team_id", "authority_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id", ondelete="CASCADE"))
    former_dcs: Mapped[str] = mapped_column(String(32))
    new_dcs: Mapped[str] = mapped_column(String(32))
    changed_by: Mapped[str] = mapped_column(String(32))
    via: Mapped[str] = mapped_column(String(20))  # command | import
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuthorityMember(Base):
    __tablename__ = "authority_members"
    __table_args__ = (UniqueConstraint("authority_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))

    authority: Mapped[Authority] = relationship(back_populates="members")


class Triad(Base):
    __tablename__ = "triads"
    __table_args__ = (
        UniqueConstraint("team_id", "number"),
        UniqueConstraint("round_id", "host_id"),  # one host per round, even for two requests at once
        Index("ix_triads_team_channel", "team_id", "channel_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    number: Mapped[int] = mapped_column(Integer)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    host_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))
    visitor_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))
    observer_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))
    # A group of four (a suggested round whose count is not divisible by three) has a second observer.
    second_observer_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    channel_name: Mapped[str | None] = mapped_column(String(80))
    feedback_format: Mapped[str | None] = mapped_column(String(20))
    feedback_agreed_by: Mapped[str | None] = mapped_column(String(32))
    # None: not asked yet; "asked", "requested" or "declined" after the four-month follow-up.
    follow_up_status: Mapped[str | None] = mapped_column(String(20))
    follow_up_answered_by: Mapped[str | None] = mapped_column(String(32))
    # Highest interview number ever given, so a removed interview's number is not reused.
    interview_numbers_used: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    round: Mapped[Round] = relationship(back_populates="triads")
    host: Mapped[Authority] = relationship(foreign_keys=[host_id])
    visitor: Mapped[Authority] = relationship(foreign_keys=[visitor_id])
    observer: Mapped[Authority] = relationship(foreign_keys=[observer_id])
    second_observer: Mapped[Authority | None] = relationship(foreign_keys=[second_observer_id])
    dates: Mapped[list[TriadDate]] = relationship(back_populates="triad", cascade="all, delete-orphan")
    steps: Mapped[list[StepDone]] = relationship(cascade="all, delete-orphan")


class TriadDate(GivenDate, Base):
    """A date of the triad's own (challenge session, fieldwork)."""

    __tablename__ = "triad_dates"
    __table_args__ = (UniqueConstraint("triad_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    triad_id: Mapped[int] = mapped_column(
        ForeignKey("triads.id", ondelete="CASCADE")
    )  # kind: "challenge" | "fieldwork"

    triad: Mapped[Triad] = relationship(back_populates="dates")


class StepDone(Base):
    __tablename__ = "steps_done"
    __table_args__ = (UniqueConstraint("triad_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    triad_id: Mapped[int] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(32))  # self_assessment | data_profile | report
    done_by: Mapped[str | None] = mapped_column(String(32))
    done_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FocusLine(Base):
    __tablename__ = "focus_lines"
    __table_args__ = (UniqueConstraint("triad_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    triad_id: Mapped[int] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    proposed_by: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20), default="proposed")  # proposed|agreed|withdrawn
    host_agreed_by: Mapped[str | None] = mapped_column(String(32))
    visitor_agreed_by: Mapped[str | None] = mapped_column(String(32))
    pinned_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Interview(Base):
    __tablename__ = "interviews"
    __table_args__ = (UniqueConstraint("triad_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    triad_id: Mapped[int] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    slot_text: Mapped[str] = mapped_column(String(limits.SLOT))
    day: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    stakeholder: Mapped[str] = mapped_column(String(limits.STAKEHOLDER))
    role: Mapped[str | None] = mapped_column(String(limits.STAKEHOLDER))
    place: Mapped[str | None] = mapped_column(String(limits.STAKEHOLDER))
    interviewers: Mapped[list] = mapped_column(JSON, default=list)
    created_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Action(Base):
    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("triad_id", "number"),
        # national scale (migration 0011): a triad's actions in order, its open ones, a person's open ones
        Index("ix_actions_team_triad_number", "team_id", "triad_id", "number"),
        Index("ix_actions_triad_status", "triad_id", "status"),
        Index("ix_actions_team_owner_status", "team_id", "owner_user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    triad_id: Mapped[int] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    owner_user_id: Mapped[str] = mapped_column(String(32), index=True)
    due_text: Mapped[str | None] = mapped_column(String(limits.DATE))
    due_date: Mapped[date | None] = mapped_column(Date)
    focus_number: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | done
    created_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    notes: Mapped[list[ActionNote]] = relationship(cascade="all, delete-orphan", order_by="ActionNote.id")


class ActionNote(Base):
    __tablename__ = "action_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Reminder(Base):
    """One planned message. The clock claims pending rows that are due and sends them."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("team_id", "triad_id", "key"),
        Index("ix_reminders_status_due", "status", "due_at"),
        # a person's (or a channel's) pending reminders, soonest first: the App Home (migration 0011)
        Index("ix_reminders_team_recipient_status_due", "team_id", "recipient", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    triad_id: Mapped[int | None] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(32))
    # A custom reminder's words; empty for a planned one, which is worded from its `facts` when
    # shown or sent (rows planned before facts existed keep their words here).
    text: Mapped[str] = mapped_column(Text)
    # A planned reminder's facts (bot.rules.reminder_plan.ReminderFacts.to_json); None for a custom one.
    facts: Mapped[dict | None] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # pending | sending | sent | late | cancelled | skipped | failed | held (its workspace uninstalled)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(200))
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ChannelFailure(Base):
    """A channel the app can no longer post to; coordinators are told once per channel."""

    __tablename__ = "channel_failures"
    __table_args__ = (UniqueConstraint("team_id", "channel_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    error: Mapped[str] = mapped_column(String(64))
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProcessedRequest(Base):
    """Idempotency: a Slack request applied once, keyed by its trigger/action id."""

    __tablename__ = "processed_requests"
    __table_args__ = (UniqueConstraint("team_id", "request_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    request_key: Mapped[str] = mapped_column(String(200))
    reply: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# --- Many workspaces (Add to Slack): each workspace that installed the app, and whether it still has it.
# The installations, their tokens and the OAuth states are slack_sdk's tables, as its SQLAlchemy stores
# define them (SLACK_SDK_TABLES below, in this metadata so the migration test compares them); migration
# 0005 creates them and autogenerate leaves them alone (storage/migrations/env.py).


class Workspace(Base):
    """A workspace that installed the app; its data stays when it uninstalls (status says so)."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    installed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # None: never through Add to Slack
    status: Mapped[str] = mapped_column(String(20))  # installed | uninstalled | revoked
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def _slack_sdk_table(name: str, *columns: Column, index: tuple[str, ...] = ()) -> Table:
    table = Table(name, Base.metadata, Column("id", Integer, primary_key=True, autoincrement=True), *columns)
    if index:
        Index(f"{name}_idx", *(table.c[c] for c in index))
    return table


def _bot_columns() -> list[Column]:
    return [
        Column("bot_token", String(200)),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", String(200)),
        Column("bot_token_expires_at", DateTime),
    ]


# As slack_sdk's SQLAlchemyInstallationStore.build_installations_table / build_bots_table and
# SQLAlchemyOAuthStateStore.build_oauth_states_table define them (tests/integration/test_installation_tables.py
# checks they stay equal); written out because the layers below the services must not import slack_sdk.
SLACK_SDK_TABLES = (
    _slack_sdk_table(
        "slack_installations",
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
        Column("enterprise_url", String(200)),
        Column("team_id", String(32)),
        Column("team_name", String(200)),
        *_bot_columns(),
        Column("user_id", String(32), nullable=False),
        Column("user_token", String(200)),
        Column("user_scopes", String(1000)),
        Column("user_refresh_token", String(200)),
        Column("user_token_expires_at", DateTime),
        Column("incoming_webhook_url", String(200)),
        Column("incoming_webhook_channel", String(200)),
        Column("incoming_webhook_channel_id", String(200)),
        Column("incoming_webhook_configuration_url", String(200)),
        Column("is_enterprise_install", Boolean, default=False, nullable=False),
        Column("token_type", String(32)),
        Column("installed_at", DateTime, nullable=False, default=func.now()),
        index=("client_id", "enterprise_id", "team_id", "user_id", "installed_at"),
    ),
    _slack_sdk_table(
        "slack_bots",
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
        Column("team_id", String(32)),
        Column("team_name", String(200)),
        *_bot_columns(),
        Column("is_enterprise_install", Boolean, default=False, nullable=False),
        Column("installed_at", DateTime, nullable=False, default=func.now()),
        index=("client_id", "enterprise_id", "team_id", "installed_at"),
    ),
    _slack_sdk_table(
        "slack_oauth_states",
        Column("state", String(200), nullable=False),
        Column("expire_at", DateTime, nullable=False),
    ),
)
# --- Operations: the clock's passes (peerbot doctor, GET /metrics) ---


class ClockPass(Base):
    """The last pass of each clock process, so that any process can tell whether the clock runs.

    One row per clock (its worker id), updated after every pass; not a workspace's row: a clock
    serves every workspace.
    """

    __tablename__ = "clock_passes"

    worker_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed: Mapped[int] = mapped_column(Integer, default=0)
    delivered: Mapped[int] = mapped_column(Integer, default=0)


# Visiting team suggestion (issue 9): the reviewer pool and the proposed teams.


class Reviewer(Base):
    """Someone the coordinators may put on a visiting team, from one authority."""

    __tablename__ = "reviewers"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id", ondelete="CASCADE"))
    seniority: Mapped[str] = mapped_column(String(20))  # director | head of service | manager | practitioner
    expertise: Mapped[list] = mapped_column(JSON, default=list)  # terms as written: ["early help", "SEND"]
    added_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    authority: Mapped[Authority] = relationship()


class TeamProposal(Base):
    """A suggested visiting team for a triad, accepted by the host DCS and the visiting DCS."""

    __tablename__ = "team_proposals"
    __table_args__ = (Index("ix_team_proposals_triad_status", "triad_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    triad_id: Mapped[int] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="proposed")  # proposed | accepted | superseded
    # [{"user_id", "authority", "seniority", "expertise": [...], "score"}], as chosen
    members: Mapped[list] = mapped_column(JSON, default=list)
    optimal: Mapped[bool] = mapped_column(Boolean, default=False)
    objective: Mapped[int] = mapped_column(Integer, default=0)
    host_accepted_by: Mapped[str | None] = mapped_column(String(32))
    visitor_accepted_by: Mapped[str | None] = mapped_column(String(32))
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def member_ids(self) -> list[str]:
        return [m["user_id"] for m in self.members]


# Suggest triads (issue 9): a proposal of a whole round's triads, acted on by Accept / Reshuffle / Edit.
class TriadSuggestion(Base):
    """A proposal for a round, as posted. ``status`` moves by compare-and-set: proposed -> accepted | superseded."""

    __tablename__ = "triad_suggestions"
    __table_args__ = (Index("ix_triad_suggestions_team_round", "team_id", "round_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="proposed")  # proposed | accepting | accepted | superseded
    # bot.rules.triad_suggestion.Proposal.to_json: triads, sitting_out, violations, objective, optimal, best_bound
    proposal: Mapped[dict] = mapped_column(JSON)
    # What was asked: keep_apart pairs, sit_out names, remainder, seed; and the proposals shown before (Reshuffle).
    options: Mapped[dict] = mapped_column(JSON)
    shown_before: Mapped[list] = mapped_column(JSON, default=list)
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round: Mapped[Round] = relationship()


# --- Themes: the workspace's vocabulary of topics, and a triad's corrections of a line's topics


class Topic(Base):
    """A topic of the workspace's vocabulary, once it has been edited (until then the defaults apply)."""

    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("team_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(80))
    label: Mapped[str] = mapped_column(String(80))
    words: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class LineTopics(Base):
    """The topics a triad chose for a line of enquiry, replacing the ones suggested from its words."""

    __tablename__ = "line_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("focus_lines.id", ondelete="CASCADE"), unique=True)
    topics: Mapped[list] = mapped_column(JSON, default=list)
    set_by: Mapped[str | None] = mapped_column(String(32))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


# --- Sharing and the archive (issue 13): findings, record files, what the host shared ---


class Findings(Base):
    """The visiting DCS's short summary of the findings; one per triad, private to it until shared."""

    __tablename__ = "triad_findings"
    __table_args__ = (UniqueConstraint("triad_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    triad_id: Mapped[int] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    summary: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class RecordFile(Base):
    """A file posted in the triad channel and attached to the record as its self-assessment or report."""

    __tablename__ = "record_files"
    __table_args__ = (UniqueConstraint("triad_id", "kind", "file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    triad_id: Mapped[int] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # self_assessment | report
    file_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    permalink: Mapped[str | None] = mapped_column(String(500))
    attached_by: Mapped[str] = mapped_column(String(32))
    attached_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SharedItem(Base):
    """One item the host DCS shared, with the exact text shown in the share form; no row = shared with nobody."""

    __tablename__ = "shared_items"
    __table_args__ = (
        UniqueConstraint("triad_id", "kind"),
        Index("ix_shared_items_audience_team", "audience", "team_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    triad_id: Mapped[int] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # lines | summary | files | action_themes
    audience: Mapped[str] = mapped_column(String(10))  # region | all
    body: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict | None] = mapped_column(JSON)
    shared_by: Mapped[str] = mapped_column(String(32))
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ArchiveDocument(Base):
    """What one audience may search of a triad: the words of every item it may see, one document.

    ``scope`` "region": the items shared with the region or wider (searched from the triad's own
    workspace); "all": the items shared with every region (searched from the others). Rewritten from
    ``shared_items`` in the same transaction as every change to them. The full-text index follows this
    table: an FTS5 table kept by triggers on SQLite, a generated ``search_vector`` tsvector column with
    a GIN index on PostgreSQL (both made by migration 0010, not modelled: neither exists on the other).
    """

    __tablename__ = "archive_documents"
    __table_args__ = (
        UniqueConstraint("triad_id", "scope"),
        Index("ix_archive_documents_scope_team", "scope", "team_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    triad_id: Mapped[int] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(10))  # region | all
    body: Mapped[str] = mapped_column(Text)


# The triads' channel canvases (issue 20) live in their own modules; imported here so that the metadata has
# their tables and every session marks a changed triad's canvas dirty (storage.canvases.mark_changes).
from storage import canvases  # noqa: E402, F401
