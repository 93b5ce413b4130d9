"""Review-tag models in GraphQL (admins): category suggestions for new products, model reports."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from resolvers import tags
from resolvers.errors import DomainError
from resolvers.permissions import Perm
from resolvers.tags import DESCRIPTION_CHARS, NAME_CHARS, TagErrorCode
from schema.base import Info, errors_of
from schema.catalog import CategoryNode
from schema.permissions import requires

strawberry.enum(TagErrorCode, name="TagErrorCode")

FILES_PATH = "/admin/files/"


@strawberry.type(description="Why a review-tag model could not answer (MODEL_NOT_TRAINED, INVALID, ...).")
class TagError:
    field: str | None = strawberry.field(description="The argument at fault, if one is.")
    code: TagErrorCode
    message: str


@strawberry.type(description="A level-3 category the classifier suggests for a product.")
class CategorySuggestion:
    category: CategoryNode = strawberry.field(description="The suggested level-3 category.")
    confidence: float = strawberry.field(description="The classifier's probability, 0 to 1.")


@strawberry.type(description="The three likeliest categories, likeliest first, or why there are none.")
class CategorySuggestionPayload:
    suggestions: list[CategorySuggestion]
    errors: list[TagError]


@strawberry.type(description="A model report admins can download (send the bearer token).")
class ModelReportFile:
    name: str = strawberry.field(description="e.g. tag-clusters.png.")
    description: str
    url: str = strawberry.field(description="GET it with `Authorization: Bearer <token>`.")
    size_bytes: int
    updated_at: datetime = strawberry.field(description="When the job that writes it last did.")


@strawberry.type
class TagQuery:
    @strawberry.field(
        description="Suggest level-3 categories for a new product from its name and description.",
        extensions=requires(Perm.MANAGE_PRODUCTS),
    )
    async def suggest_category(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description=f"1 to {NAME_CHARS} characters.")],
        description: Annotated[
            str | None, strawberry.argument(description=f"At most {DESCRIPTION_CHARS} characters.")
        ] = None,
    ) -> CategorySuggestionPayload:
        try:
            found = await tags.suggest_category(
                await info.context.session(), info.context.services.category_model, name, description
            )
        except DomainError as exc:
            return CategorySuggestionPayload(suggestions=[], errors=errors_of(TagError, exc))
        return CategorySuggestionPayload(
            suggestions=[
                CategorySuggestion(category=CategoryNode.from_row(s.category), confidence=s.confidence)
                for s in found
            ],
            errors=[],
        )

    @strawberry.field(
        description="Model reports produced by the tag jobs (tag cluster map, tagger metrics).",
        extensions=requires(Perm.MANAGE_PRODUCTS),
    )
    async def model_reports(self, info: Info) -> list[ModelReportFile]:
        return [
            ModelReportFile(
                name=found.name,
                description=found.description,
                url=f"{FILES_PATH}{found.name}",
                size_bytes=found.size_bytes,
                updated_at=found.updated_at,
            )
            for found in tags.report_files(info.context.settings.reports_dir)
        ]
