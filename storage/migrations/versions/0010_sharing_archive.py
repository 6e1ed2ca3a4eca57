"""Findings, record files and what each host shared, with the archive's full-text index

Revision ID: 0010
Revises: 0009

The index (on archive_documents) is the database's own: an external-content FTS5 table kept in step
by triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL.
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE archive_documents_fts USING fts5("
    "body, content='archive_documents', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER archive_documents_fts_insert AFTER INSERT ON archive_documents BEGIN "
    "INSERT INTO archive_documents_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER archive_documents_fts_delete AFTER DELETE ON archive_documents BEGIN "
    "INSERT INTO archive_documents_fts(archive_documents_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER archive_documents_fts_update AFTER UPDATE ON archive_documents BEGIN "
    "INSERT INTO archive_documents_fts(archive_documents_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO archive_documents_fts(rowid, body) VALUES (new.id, new.body); END",
]
POSTGRES_FTS = [
    "ALTER TABLE archive_documents ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', body)) STORED",
    "CREATE INDEX ix_archive_documents_search_vector ON archive_documents USING gin (search_vector)",
]


def upgrade() -> None:
    op.create_table(
        "triad_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("triad_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["triad_id"], ["triads.id"], name=op.f("fk_triad_findings_triad_id_triads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triad_findings")),
        sa.UniqueConstraint("triad_id", name=op.f("uq_triad_findings_triad_id")),
    )
    op.create_table(
        "record_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("triad_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("file_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("permalink", sa.String(length=500), nullable=True),
        sa.Column("attached_by", sa.String(length=32), nullable=False),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["triad_id"], ["triads.id"], name=op.f("fk_record_files_triad_id_triads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_files")),
        sa.UniqueConstraint("triad_id", "kind", "file_id", name=op.f("uq_record_files_triad_id_kind_file_id")),
    )
    op.create_table(
        "shared_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("triad_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("audience", sa.String(length=10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.Column("shared_by", sa.String(length=32), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["triad_id"], ["triads.id"], name=op.f("fk_shared_items_triad_id_triads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_items")),
        sa.UniqueConstraint("triad_id", "kind", name=op.f("uq_shared_items_triad_id_kind")),
    )
    op.create_index("ix_shared_items_audience_team", "shared_items", ["audience", "team_id"])
    op.create_table(
        "archive_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("triad_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["triad_id"], ["triads.id"], name=op.f("fk_archive_documents_triad_id_triads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_documents")),
        sa.UniqueConstraint("triad_id", "scope", name=op.f("uq_archive_documents_triad_id_scope")),
    )
    op.create_index("ix_archive_documents_scope_team", "archive_documents", ["scope", "team_id"])
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else POSTGRES_FTS if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS archive_documents_fts_{name}")
        op.execute("DROP TABLE IF EXISTS archive_documents_fts")
    op.drop_index("ix_archive_documents_scope_team", table_name="archive_documents")
    op.drop_table("archive_documents")
    op.drop_index("ix_shared_items_audience_team", table_name="shared_items")
    op.drop_table("shared_items")
    op.drop_table("record_files")
    op.drop_table("triad_findings")
