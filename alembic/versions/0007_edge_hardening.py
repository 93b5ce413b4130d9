"""edge hardening: usernames unique regardless of case, reviews marked as verified purchases

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("verified_purchase", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # MariaDB compares usernames with its case-insensitive collation already (utf8mb4_unicode_ci),
    # so its unique key covers "Ann" and "ann"; SQLite compares bytes and needs an expression index
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE UNIQUE INDEX uq_users_username_nocase ON users (lower(username))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP INDEX uq_users_username_nocase")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_column("verified_purchase")
