"""The one per-request context: sessions, current user, loaders, stores and services."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlmodel.ext.asyncio.session import AsyncSession

from api.loaders import Loaders
from api.rate_limit import RateLimiter
from config.settings import Settings
from db.relational import RelationalStore
from db.tables import User
from db.vector import VectorStore
from llm.client import LLMClient
from llm.local_client import LocalLLMClient
from llm.request_split import SplitExample
from ml.embeddings import default_embedder
from resolvers.accounts import PasswordAttempts
from resolvers.loans import LoanModelProvider, LoanPolicy
from resolvers.payments import CardGateway, MockCardGateway
from resolvers.personal import RecommenderProvider
from resolvers.tags import CategoryModelProvider
from resolvers.tokens import InvalidToken, TokenIssuer
from resolvers.vectors import Embedder, LocalEmbedder
from workers.context import Resources
from workers.runner import JobQueue

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.websockets import WebSocket


# sessions still closing after their request was cancelled (kept referenced until they finish)
_CLOSING: set[asyncio.Future[None]] = set()


@dataclass
class Services:
    """What the app opens once in its lifespan and every request shares."""

    settings: Settings
    store: RelationalStore
    vectors: VectorStore
    tokens: TokenIssuer
    rate_limiter: RateLimiter
    # loaded once per process, on the first quote; never a subprocess per request
    loan_model: LoanModelProvider
    loan_policy: LoanPolicy
    # the personal recommender: reloaded when the train_recommender job saves a new one
    recommender: RecommenderProvider
    llm: LLMClient = field(default_factory=LocalLLMClient)
    payments: CardGateway = field(default_factory=MockCardGateway)
    # the model that embeds search queries; the same one as the configured vector table's
    embedder: Embedder = field(default_factory=lambda: LocalEmbedder(default_embedder()))
    request_examples: list[SplitExample] = field(default_factory=list)
    # set right after construction: the in-process queue reads these services when a job runs
    jobs: JobQueue = field(init=False)
    # the category classifier for suggestCategory: the latest version train_category_classifier saved
    category_model: CategoryModelProvider = field(init=False)

    def __post_init__(self) -> None:
        self.category_model = CategoryModelProvider(self.settings.category_model_dir)

    def job_resources(self) -> Resources:
        """What in-process jobs use: the server's own engines and clients."""
        return Resources(
            settings=self.settings,
            store=self.store,
            vectors=self.vectors,
            llm=self.llm,
            embedder=default_embedder(),
            vector_embedder=self.embedder,
        )


@dataclass
class Context:
    services: Services
    request: Request | WebSocket | None = None
    response: Response | None = None
    token: str | None = None
    _session: AsyncSession | None = None
    _user: User | None = None
    _user_loaded: bool = False
    _user_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    token_error: str | None = None
    # graphql-transport-ws: strawberry puts connection_init's payload here
    connection_params: dict[str, object] | None = None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders.build(self.session)

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def client_address(self) -> str:
        """The peer's address (behind a proxy, uvicorn's --proxy-headers makes it the client's)."""
        client = getattr(self.request, "client", None)
        return client.host if client else "unknown"

    def password_attempts(self) -> PasswordAttempts:
        """The attempt limit every password check of this request counts against."""
        return PasswordAttempts(
            self.services.rate_limiter, self.client_address, self.settings.login_attempts_per_minute
        )

    async def session(self) -> AsyncSession:
        """The request's session, opened on first use and closed by the schema extension."""
        if self._session is None:
            self._session = self.services.store.session()
        return self._session

    async def user(self) -> User | None:
        """The caller, or None; a locked user or a stale token counts as nobody.

        Root fields resolve concurrently: the first call loads the user and the others wait for
        it (a plain "loaded" flag let a second field see nobody while the first was loading).
        """
        if self._user_loaded:
            return self._user
        async with self._user_lock:
            if not self._user_loaded:
                self._user = await self._load_user()
                self._user_loaded = True
        return self._user

    async def _load_user(self) -> User | None:
        if not self.token:
            return None
        try:
            claims = self.services.tokens.verify(self.token)
        except InvalidToken as exc:
            self.token_error = str(exc)
            return None
        session = await self.session()
        user = await session.get(User, claims.user_id)
        if user is not None:
            # detached, so a rollback later in this request cannot expire it under our feet
            session.expunge(user)
        if user is None or user.token_version != claims.token_version:
            self.token_error = "the access token is no longer valid, please log in again"
            return None
        if user.is_locked:
            self.token_error = "this account is locked"
            return None
        return user

    async def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            # a task of its own: a client that disconnects cancels the request's task (strawberry
            # cancels a WebSocket's operations natively, which an anyio shield does not stop),
            # and a close cut short leaves the pool rolling back from a task that never ends
            closing = asyncio.ensure_future(session.close())
            _CLOSING.add(closing)
            closing.add_done_callback(_CLOSING.discard)
            await asyncio.shield(closing)
