"""A btree index on category_path, so a narrow category filter is answered exactly, not by HNSW

Revision ID: v0002
Revises: v0001
Create Date: 2026-11-23 00:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "v0002"
down_revision: str | None = "v0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# frozen here, not imported: a migration must not change when the application code does
TABLES = ("product_embeddings_minilm", "product_embeddings_openai_3_small")


def upgrade() -> None:
    for name in TABLES:
        # text_pattern_ops: LIKE 'prefix%' uses the index whatever the database's collation
        op.create_index(
            f"ix_{name}_category_path",
            name,
            ["category_path"],
            postgresql_ops={"category_path": "text_pattern_ops"},
        )


def downgrade() -> None:
    for name in TABLES:
        op.drop_index(f"ix_{name}_category_path", table_name=name)
