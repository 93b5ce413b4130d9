"""All settings in one pydantic-settings class, read from MALL_* (and OPENAI_*) variables."""

from __future__ import annotations

import secrets
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from db.vector_tables import EmbeddingModel

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_REQUEST_EXAMPLES = PROJECT_ROOT.parent / "shared" / "data" / "request_split_examples.jsonl"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Every setting has a default that runs the embedded mall with no services at all."""

    model_config = SettingsConfigDict(env_prefix="MALL_", extra="ignore")

    env: Environment = Environment.DEVELOPMENT
    data_dir: Path = Field(
        default=Path("var"),
        description="Where the embedded stores, models, uploads and the dev secret live.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the relational store; default: SQLite in data_dir.",
    )
    vector_database_url: str | None = Field(
        default=None,
        description="PostgreSQL+pgvector URL; default: embedded PostgreSQL in data_dir.",
    )
    redis_url: str | None = Field(default=None, description="arq job queue; default: jobs run in-process.")
    secret_key: SecretStr | None = Field(default=None, description="JWT signing key; required in production.")
    access_token_minutes: int = Field(default=24 * 60, ge=5, le=30 * 24 * 60)
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "MALL_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "MALL_OPENAI_BASE_URL")
    )
    openai_model: str = "gpt-4o-mini"
    max_query_depth: int = Field(default=12, ge=2)
    max_query_cost: int = Field(default=20_000, ge=10)
    max_page_size: int = Field(default=100, ge=1, le=100)
    avatar_max_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    max_body_bytes: int = Field(default=256 * 1024, ge=1024, description="Largest JSON request body.")
    max_aliases: int = Field(default=30, ge=1, description="Most aliases in one operation.")
    max_query_tokens: int = Field(
        default=2_000,
        ge=100,
        le=100_000,
        description="Most lexical tokens in one GraphQL document; the storefront's largest uses ~200.",
    )
    trusted_proxies: list[str] = Field(
        default=[],
        description="Addresses (or CIDR networks) of the reverse proxies whose X-Forwarded-For "
        "names the client; unset: the header is ignored and the peer's address counts.",
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token a Prometheus scraper sends to /metrics; unset: /metrics is open in "
        "development and off (404) in production.",
    )
    allowed_origins: list[str] = Field(
        default=[],
        description="Origins (https://shop.example) whose pages may open a WebSocket besides the "
        "server's own host.",
    )
    persisted_queries_enforce: bool | None = Field(
        default=None,
        description="Run only the operations in the persisted-query list (unset: in production only).",
    )
    persisted_queries_path: Path | None = Field(
        default=None,
        description="The persisted-query list ({sha256: query}); default: the one the frontend "
        "build writes, frontend/dist/persisted-queries.json.",
    )
    login_attempts_per_minute: int = Field(
        default=10, ge=1, description="Per account and, times 3, per client address."
    )
    registrations_per_hour: int = Field(default=20, ge=1, description="Per client address.")
    log_level: str = "info"
    log_format: str | None = Field(
        default=None, description="json or text; default: json in production, text in development."
    )
    unpaid_order_minutes: int = Field(
        default=30,
        ge=1,
        le=7 * 24 * 60,
        description="An order left unpaid this long is closed and its stock and coupon returned.",
    )
    openai_timeout_s: float = Field(default=60.0, gt=0, description="One LLM request's time limit.")
    openai_max_retries: int = Field(default=3, ge=0, le=10, description="Retries of one LLM request.")
    job_concurrency: int = Field(
        default=2, ge=1, le=64, description="Jobs one worker (or the in-process runner) runs at once."
    )
    job_max_tries: int = Field(
        default=3,
        ge=1,
        le=20,
        description="Tries of a job failing on transient errors, the first included.",
    )
    job_retry_delay_s: float = Field(
        default=5.0, ge=0, description="Backoff before the 2nd try; it doubles with each further try."
    )
    job_timeout_s: int = Field(
        default=3600,
        ge=1,
        description="A job's time limit; a killed worker's job is picked up again this + 10 s later.",
    )
    job_poll_delay_s: float = Field(
        default=0.1, gt=0, le=10, description="How often an idle worker asks Redis for new jobs."
    )
    job_queue_name: str = Field(default="mall:jobs", description="The arq queue (Redis sorted set) name.")
    cron_enabled: bool = Field(default=True, description="Run the schedules of workers/schedules.py at all.")
    cron_close_unpaid_orders: bool = Field(
        default=True, description="Close orders left unpaid past their deadline, every minute."
    )
    cron_mark_overdue_installments: bool = Field(
        default=True, description="Mark loan instalments past due as overdue, every hour."
    )
    cron_embed_products: bool = Field(
        default=True, description="Embed new and changed products for search, every night."
    )
    cron_reprice_products: bool = Field(
        default=False, description="Suggest prices for the whole catalog, weekly (costs LLM tokens)."
    )
    pricing_max_change: Decimal = Field(
        default=Decimal("0.15"),
        gt=0,
        le=10,
        description="Largest share a price suggestion may change a price by (0.15: ±15%) unless an "
        "admin confirms a larger change when accepting it.",
    )

    embedding_model: EmbeddingModel = Field(
        default=EmbeddingModel.MINILM,
        description="Product embeddings: the bundled local model (384-d) or OpenAI's (1536-d, "
        "needs OPENAI_API_KEY); each has its own vector table.",
    )
    # read by ml.embeddings.EmbedderConfig.from_environment (default_embedder() has no settings);
    # declared here so that they are validated at start and documented with the rest
    embedding_backend: Literal["onnx", "torch"] = Field(
        default="onnx",
        description="How the local model runs: ONNX Runtime on an int8 export made on first use "
        "(falls back to torch if that fails), or sentence-transformers on torch.",
    )
    embedding_cache_dir: Path | None = Field(
        default=None,
        description="Where the ONNX export is kept; default: $XDG_CACHE_HOME/mall/embeddings "
        "(~/.cache/mall/embeddings).",
    )
    embedding_threads: int = Field(
        default=0, ge=0, le=256, description="ONNX Runtime threads for embeddings; 0: the usable cores."
    )
    hnsw_m: int = Field(default=16, ge=4, le=100, description="HNSW links per node (index build).")
    hnsw_ef_construction: int = Field(
        default=64, ge=8, le=1000, description="HNSW candidate list while building the index."
    )
    hnsw_ef_search: int = Field(
        default=100, ge=1, le=1000, description="HNSW candidate list per query: recall against latency."
    )
    request_examples_path: Path | None = Field(
        default=None,
        description="Few-shot examples (chat JSONL) for splitting shopping requests with an LLM; "
        "default: ../shared/data/request_split_examples.jsonl when it exists, else built-in ones.",
    )

    loan_model_dir: Path | None = Field(
        default=None,
        description="The loan model `mall loan train` saved; default: data_dir/models/loan.",
    )
    loan_min_amount: Decimal = Field(default=Decimal("500.00"), gt=0, description="Smallest loan quoted.")
    loan_max_amount: Decimal = Field(
        default=Decimal("50000.00"), gt=0, le=Decimal("9999999.99"), description="Largest loan quoted."
    )
    loan_terms_months: list[int] = Field(
        default=[3, 6, 12, 24], min_length=1, max_length=12, description="Terms offered, in months."
    )
    loan_quote_minutes: int = Field(
        default=30, ge=1, le=7 * 24 * 60, description="How long a quote's offers can be accepted."
    )
    loan_approval_threshold: float = Field(
        default=0.5, gt=0, lt=1, description="Approve when the calibrated approval probability reaches this."
    )
    loan_max_active: int = Field(default=1, ge=1, le=10, description="Active loans a user may hold at once.")
    loan_coupon_template_id: int | None = Field(
        default=None, description="Coupon template granted to a borrower on acceptance; unset: none."
    )
    loan_starting_limit: Decimal = Field(
        default=Decimal("500.00"), ge=0, description="Credit limit of a shopper with no delivered orders."
    )
    loan_limit_per_delivered_dollar: Decimal = Field(
        default=Decimal(3), ge=0, le=100, description="Limit earned by each dollar of delivered orders."
    )
    loan_new_account_cap: Decimal = Field(
        default=Decimal("1000.00"), ge=0, description="Most lent to an account younger than 90 days."
    )

    @model_validator(mode="after")
    def _loan_amounts_in_order(self) -> Settings:
        if self.loan_min_amount > self.loan_max_amount:
            raise ValueError("MALL_LOAN_MIN_AMOUNT is above MALL_LOAN_MAX_AMOUNT")
        if any(term < 1 or term > 120 for term in self.loan_terms_months):
            raise ValueError("MALL_LOAN_TERMS_MONTHS: terms of 1 to 120 months")
        return self

    @model_validator(mode="after")
    def _production_needs_a_real_secret(self) -> Settings:
        if self.env == Environment.PRODUCTION and (
            self.secret_key is None or len(self.secret_key.get_secret_value()) < 32
        ):
            raise ValueError("MALL_SECRET_KEY (32+ characters) is required in production")
        return self

    @property
    def is_production(self) -> bool:
        return self.env == Environment.PRODUCTION

    @property
    def enforces_persisted_queries(self) -> bool:
        if self.persisted_queries_enforce is None:
            return self.is_production
        return self.persisted_queries_enforce

    @property
    def json_logs(self) -> bool:
        return self.log_format == "json" if self.log_format else self.is_production

    @property
    def relational_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'mall.db').resolve()}"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def tagger_dir(self) -> Path:
        """Seq2Label checkpoints (v0001/, v0002/...) and the SERVING pointer."""
        return self.models_dir / "tagger"

    @property
    def category_model_dir(self) -> Path:
        """The category classifier's versions; the latest is the one served."""
        return self.models_dir / "category_classifier"

    @property
    def reports_dir(self) -> Path:
        """Model reports (metrics JSON, plots) that admins download from /admin/files/{name}."""
        return self.data_dir / "reports"

    @property
    def request_examples_file(self) -> Path | None:
        if self.request_examples_path is not None:
            return self.request_examples_path
        return SHARED_REQUEST_EXAMPLES if SHARED_REQUEST_EXAMPLES.is_file() else None

    @property
    def recommender_path(self) -> Path:
        """Where the train_recommender job saves the personal recommender."""
        return self.models_dir / "recommender"

    @property
    def loan_model_path(self) -> Path:
        return self.loan_model_dir or self.models_dir / "loan"

    def signing_key(self) -> str:
        """The JWT key; in development a random one is kept in data_dir so logins survive restarts."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        path = self.data_dir / "dev-secret-key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once (tests build their own Settings instead)."""
    return Settings()
