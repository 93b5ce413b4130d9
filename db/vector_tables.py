"""Tables of the vector store (PostgreSQL + pgvector), on their own MetaData.

One table per embedding model: vectors of different models (and dimensions) never mix, and
switching models means re-embedding into an empty table while the old one keeps serving.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    func,
)

vector_metadata = MetaData()


class EmbeddingModel(StrEnum):
    MINILM = "all-minilm-l6-v2"
    OPENAI_SMALL = "text-embedding-3-small"


@dataclass(frozen=True)
class EmbeddingSpec:
    model: EmbeddingModel
    dimension: int
    table_name: str


EMBEDDING_SPECS: dict[EmbeddingModel, EmbeddingSpec] = {
    EmbeddingModel.MINILM: EmbeddingSpec(EmbeddingModel.MINILM, 384, "product_embeddings_minilm"),
    EmbeddingModel.OPENAI_SMALL: EmbeddingSpec(
        EmbeddingModel.OPENAI_SMALL, 1536, "product_embeddings_openai_3_small"
    ),
}


def _product_embeddings(spec: EmbeddingSpec) -> Table:
    return Table(
        spec.table_name,
        vector_metadata,
        Column("product_id", Integer, primary_key=True, autoincrement=False),
        # sha256 of the embedded text: the embedding job skips products whose text is unchanged
        Column("content_hash", String(64), nullable=False),
        Column("embedding", Vector(spec.dimension), nullable=False),
        # copies of the relational row, so that filters run inside the index scan
        Column("on_sale", Boolean, nullable=False),
        Column("price", Numeric(12, 2), nullable=False),
        Column("category_path", Text, nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Index(
            f"ix_{spec.table_name}_hnsw",
            "embedding",
            postgresql_using="hnsw",
            postgresql_ops={"embedding": "vector_cosine_ops"},
            # m and ef_construction are set by the migration from settings (see upgrade_vectors)
        ),
        # lets the planner answer a narrow category filter exactly instead of through HNSW
        Index(
            f"ix_{spec.table_name}_category_path",
            "category_path",
            postgresql_ops={"category_path": "text_pattern_ops"},
        ),
    )


PRODUCT_EMBEDDING_TABLES: dict[EmbeddingModel, Table] = {
    model: _product_embeddings(spec) for model, spec in EMBEDDING_SPECS.items()
}
