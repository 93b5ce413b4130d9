"""price suggestions carry their reasons (comparable products) and the model's uncapped price

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

import db.types
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("price_suggestions", schema=None) as batch_op:
        money = db.types.Money(precision=12, scale=2, asdecimal=False)
        batch_op.add_column(sa.Column("model_price", money, nullable=True))
        batch_op.add_column(sa.Column("reasons", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("price_suggestions", schema=None) as batch_op:
        batch_op.drop_column("reasons")
        batch_op.drop_column("model_price")
