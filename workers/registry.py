"""Every job kind, by name, and the validation of a job's arguments.

To add a job: write `async def my_job(ctx: JobContext, args: MyArgs) -> dict` and its pydantic
`MyArgs` in workers/jobs/<domain>.py, wrap them in a `JobKind`, and list it in `KINDS` below.
The arq worker, the in-process runner, GraphQL `startJob` and `mall jobs run` all pick it up.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from resolvers.errors import Collector, DomainError
from resolvers.jobs import JobErrorCode
from workers.context import JobKind
from workers.jobs import embedding, maintenance, pricing, recommend, tags

KINDS: dict[str, JobKind[Any]] = {
    kind.name: kind
    for kind in (
        maintenance.NOOP,
        maintenance.SLEEP,
        maintenance.WALK_ITEMS,
        maintenance.FLAKY,
        maintenance.CLOSE_UNPAID_ORDERS,
        maintenance.MARK_OVERDUE_INSTALLMENTS,
        embedding.EMBED_PRODUCTS,
        pricing.PRICE_PRODUCTS,
        tags.TEACH_TAGS,
        tags.TRAIN_TAGGER,
        tags.TAG_PRODUCTS,
        tags.CLUSTER_TAGS,
        tags.TRAIN_CATEGORY_CLASSIFIER,
        recommend.TRAIN_RECOMMENDER,
    )
}


def get_kind(name: str) -> JobKind[Any]:
    kind = KINDS.get(name)
    if kind is None:
        raise DomainError.of(JobErrorCode.UNKNOWN_KIND, f"no job kind {name!r}", "kind")
    return kind


def parse_args(kind: JobKind[Any], raw: object) -> BaseModel:
    """The kind's typed arguments, or every problem with them at once as a DomainError."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise DomainError.of(JobErrorCode.INVALID_ARGUMENT, "arguments must be an object", "args")
    try:
        parsed: BaseModel = kind.args.model_validate(raw)
    except ValidationError as exc:
        errors = Collector()
        for problem in exc.errors(include_url=False, include_input=False):
            where = ".".join(str(part) for part in problem["loc"])
            errors.add(JobErrorCode.INVALID_ARGUMENT, f"{where}: {problem['msg']}", f"args.{where}")
        errors.raise_if_any()
        raise  # unreachable: pydantic reports at least one problem
    return parsed


def validate(name: str, raw: object) -> tuple[JobKind[Any], dict[str, Any]]:
    """The kind and its arguments normalised to JSON (defaults filled), as a job row keeps them."""
    kind = get_kind(name)
    return kind, parse_args(kind, raw).model_dump(mode="json")
