"""pgvector and the product embedding tables (one per embedding model) with HNSW cosine indexes

Revision ID: v0001
Revises:
Create Date: 2025-01-01 00:00:00
"""

from collections.abc import Sequence

import pgvector.sqlalchemy
import sqlalchemy as sa

from alembic import context, op

revision: str = "v0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# frozen here, not imported: a migration must not change when the application code does
TABLES = {"product_embeddings_minilm": 384, "product_embeddings_openai_3_small": 1536}


def _index_parameters() -> tuple[int, int]:
    attributes = context.config.attributes
    return int(attributes.get("hnsw_m", 16)), int(attributes.get("hnsw_ef_construction", 64))


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    m, ef_construction = _index_parameters()
    for name, dimension in TABLES.items():
        op.create_table(
            name,
            sa.Column("product_id", sa.Integer(), autoincrement=False, nullable=False),
            sa.Column("content_hash", sa.String(length=64), nullable=False),
            sa.Column("embedding", pgvector.sqlalchemy.Vector(dim=dimension), nullable=False),
            sa.Column("on_sale", sa.Boolean(), nullable=False),
            sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=False),
            sa.Column("category_path", sa.Text(), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
            sa.PrimaryKeyConstraint("product_id"),
        )
        op.create_index(
            f"ix_{name}_hnsw",
            name,
            ["embedding"],
            postgresql_using="hnsw",
            postgresql_ops={"embedding": "vector_cosine_ops"},
            postgresql_with={"m": m, "ef_construction": ef_construction},
        )


def downgrade() -> None:
    for name in TABLES:
        op.drop_index(f"ix_{name}_hnsw", table_name=name)
        op.drop_table(name)
