"""Catalog in GraphQL: categories, products, listing, home page, and the admin's catalog edits."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from db.tables import Category, HomeCarouselItem, HomeSlotKind, Product
from resolvers import catalog, reviews
from resolvers.catalog import CatalogErrorCode, ProductFields, ProductFilter, ProductSort, Tag
from resolvers.errors import DomainError
from resolvers.permissions import Perm
from schema.base import (
    PAGE_SIZE_DESCRIPTION,
    Info,
    PageInfo,
    PublicError,
    edges,
    errors_of,
    node_pk,
    page_info,
    page_request,
    public,
)
from schema.permissions import requires
from schema.scalars import node_pks

if TYPE_CHECKING:
    from schema.reviews import ReviewConnection

strawberry.enum(CatalogErrorCode, name="CatalogErrorCode")
strawberry.enum(ProductSort, name="ProductSort")
strawberry.enum(HomeSlotKind, name="HomeShelf")


@strawberry.type(description="A user mistake in a catalog operation.")
class CatalogError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    code: CatalogErrorCode
    message: str


@strawberry.type(name="Category", description="A node of the 3-level category tree.")
class CategoryNode(relay.Node):
    id: relay.NodeID[int]
    name: str
    level: int = strawberry.field(description="1 (top) to 3 (where products live).")
    position: int = strawberry.field(description="Order among its siblings.")
    parent_pk: strawberry.Private[int | None]

    @strawberry.field(description="The parent category, null at level 1.")
    async def parent(self, info: Info) -> CategoryNode | None:
        if self.parent_pk is None:
            return None
        row = await info.context.loaders.category.load(self.parent_pk)
        return CategoryNode.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: Category) -> CategoryNode:
        assert row.id is not None
        return cls(
            id=row.id,
            name=row.name,
            level=row.level,
            position=row.position,
            parent_pk=row.parent_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[Any], required: bool = False
    ) -> list[CategoryNode | None]:
        rows = await info.context.loaders.category.load_many(node_pks(node_ids))
        return [cls.from_row(row) if row else None for row in rows]


@strawberry.type(description="A category with its subcategories, for menus.")
class CategoryTree:
    category: CategoryNode
    children: list[CategoryTree]


@strawberry.type(name="ProductTag", description="A tag learned from the product's reviews.")
class ProductTagType:
    label: str
    weight: float = strawberry.field(description="Share of the product's reviews behind this tag.")

    @classmethod
    def from_row(cls, row: Tag) -> ProductTagType:
        return cls(label=row.label, weight=row.weight)


@strawberry.type(name="Product", description="A product of the mall.")
class ProductNode(relay.Node):
    id: relay.NodeID[int]
    name: str
    intro: str
    detail: str
    cover_image: str | None
    images: list[str] = strawberry.field(description="Carousel images of the product page.")
    original_price: Decimal
    price: Decimal = strawberry.field(description="The selling price, in USD.")
    stock: int
    on_sale: bool
    asin: str | None
    sales: int = strawberry.field(description="Units sold.")
    rating_count: int = strawberry.field(description="Number of reviews.")
    created_at: datetime
    category_pk: strawberry.Private[int]
    rating_sum: strawberry.Private[int]

    @strawberry.field(description="Average stars (1-5), null before the first review.")
    def rating(self) -> float | None:
        return round(self.rating_sum / self.rating_count, 2) if self.rating_count else None

    @strawberry.field
    async def category(self, info: Info) -> CategoryNode:
        row = await info.context.loaders.category.load(self.category_pk)
        assert row is not None  # a foreign key guarantees it
        return CategoryNode.from_row(row)

    @strawberry.field(description="What buyers say, as weighted tags, strongest first.")
    async def tags(self, info: Info) -> list[ProductTagType]:
        rows = await info.context.loaders.product_tags.load(self.id)
        return [ProductTagType.from_row(row) for row in rows]

    @strawberry.field(description="Reviews, newest first.")
    async def reviews(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 10,
        after: str | None = None,
    ) -> Annotated[ReviewConnection, strawberry.lazy("schema.reviews")]:
        from schema.reviews import review_connection

        page = await reviews.list_reviews(await info.context.session(), self.id, page_request(first, after))
        return review_connection(page)

    @strawberry.field(
        description="Products like this one (nearest in meaning), on sale, this one excluded; "
        "empty while the vector store is unavailable."
    )
    async def similar(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many, 1 to 20.")] = 8,
    ) -> list[ProductNode]:
        from resolvers import search

        if not 1 <= first <= 20:
            raise PublicError("first must be between 1 and 20", field="first")
        rows = await search.similar_products(
            await info.context.session(), info.context.services.vectors, self.id, first
        )
        return [ProductNode.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: Product) -> ProductNode:
        assert row.id is not None
        return cls(
            id=row.id,
            name=row.name,
            intro=row.intro,
            detail=row.detail,
            cover_image=row.cover_image,
            images=list(row.images or []),
            original_price=row.original_price,
            price=row.price,
            stock=row.stock,
            on_sale=row.on_sale,
            asin=row.asin,
            sales=row.sales,
            rating_count=row.rating_count,
            created_at=row.created_at,
            category_pk=row.category_id,
            rating_sum=row.rating_sum,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[Any], required: bool = False
    ) -> list[ProductNode | None]:
        rows = await info.context.loaders.product.load_many(node_pks(node_ids))
        return [cls.from_row(row) if row else None for row in rows]


@strawberry.type
class ProductEdge:
    cursor: str
    node: ProductNode


@strawberry.type(description="A page of products.")
class ProductConnection:
    edges: list[ProductEdge]
    page_info: PageInfo
    filter: strawberry.Private[ProductFilter]

    @strawberry.field(description="How many products match the filter (costs one more query).")
    async def total_count(self, info: Info) -> int:
        return await catalog.count_products(await info.context.session(), self.filter)


@strawberry.input(description="Narrow a product listing.")
class ProductFilterInput:
    category_id: relay.GlobalID | None = strawberry.field(
        default=None, description="A category; its whole subtree is included."
    )
    keyword: str | None = strawberry.field(default=None, description="Part of the name.")
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    on_sale_only: bool = strawberry.field(
        default=True, description="Admins may set false to see products off sale."
    )

    def to_filter(self) -> ProductFilter:
        return ProductFilter(
            category_id=node_pk(self.category_id, "Category") if self.category_id else None,
            keyword=self.keyword,
            min_price=self.min_price,
            max_price=self.max_price,
            on_sale_only=self.on_sale_only,
        )


@strawberry.type(description="An image slide of the home page.")
class CarouselItem:
    title: str
    image: str
    product_pk: strawberry.Private[int | None]

    @strawberry.field(description="The product the slide links to, if any.")
    async def product(self, info: Info) -> ProductNode | None:
        if self.product_pk is None:
            return None
        row = await info.context.loaders.product.load(self.product_pk)
        return ProductNode.from_row(row) if row and row.on_sale else None

    @classmethod
    def from_row(cls, row: HomeCarouselItem) -> CarouselItem:
        return cls(title=row.title, image=row.image, product_pk=row.product_id)


@strawberry.type(name="HomePage", description="What the storefront's home page shows.")
class HomePageType:
    carousel: list[CarouselItem]
    hot: list[ProductNode] = strawberry.field(description="Pinned, then best sellers.")
    new: list[ProductNode] = strawberry.field(description="Pinned, then newest.")
    recommended: list[ProductNode] = strawberry.field(description="Pinned, then best rated.")


@strawberry.input(description="One slide of the home carousel.")
class CarouselItemInput:
    title: str
    image: str = strawberry.field(description="Image address.")
    product_id: relay.GlobalID | None = None


@strawberry.input(description="Fields of a product; on update, leave a field out to keep it.")
class ProductInput:
    name: str | None = None
    intro: str | None = None
    detail: str | None = None
    cover_image: str | None = None
    images: list[str] | None = strawberry.field(default=None, description="At most 10.")
    original_price: Decimal | None = None
    price: Decimal | None = strawberry.field(default=None, description="Selling price, >= 0.")
    stock: int | None = None
    on_sale: bool | None = None
    asin: str | None = None
    category_id: relay.GlobalID | None = strawberry.field(default=None, description="A level-3 category.")

    def to_fields(self) -> ProductFields:
        return ProductFields(
            name=self.name,
            intro=self.intro,
            detail=self.detail,
            cover_image=self.cover_image,
            images=self.images,
            original_price=self.original_price,
            price=self.price,
            stock=self.stock,
            on_sale=self.on_sale,
            asin=self.asin,
            category_id=node_pk(self.category_id, "Category") if self.category_id else None,
        )


@strawberry.type(description="The product that was changed.")
class ProductPayload:
    product: ProductNode | None
    errors: list[CatalogError]


@strawberry.type(description="The category that was changed.")
class CategoryPayload:
    category: CategoryNode | None
    errors: list[CatalogError]


@strawberry.type(description="The categories in their new order.")
class CategoryListPayload:
    categories: list[CategoryNode]
    errors: list[CatalogError]


@strawberry.type(description="The home page after the change.")
class HomePagePayload:
    home: HomePageType | None
    errors: list[CatalogError]


def build_tree(rows: list[Category]) -> list[CategoryTree]:
    nodes = {row.id: CategoryTree(category=CategoryNode.from_row(row), children=[]) for row in rows}
    roots: list[CategoryTree] = []
    for row in rows:  # rows come ordered by level then position, so children keep their order
        node = nodes[row.id]
        if row.parent_id is None:
            roots.append(node)
        elif row.parent_id in nodes:
            nodes[row.parent_id].children.append(node)
    return roots


async def load_home(info: Info) -> HomePageType:
    page = await catalog.home_page(await info.context.session())

    def shelf(kind: HomeSlotKind) -> list[ProductNode]:
        return [ProductNode.from_row(row) for row in page.shelves.get(kind, [])]

    return HomePageType(
        carousel=[CarouselItem.from_row(row) for row in page.carousel],
        hot=shelf(HomeSlotKind.HOT),
        new=shelf(HomeSlotKind.NEW),
        recommended=shelf(HomeSlotKind.RECOMMENDED),
    )


async def _visible_to(info: Info, on_sale_only: bool) -> bool:
    """Products off sale are listed only for catalog managers."""
    if on_sale_only:
        return True
    user = await info.context.user()
    from resolvers.permissions import has_perm

    return user is not None and has_perm(user.role, Perm.MANAGE_PRODUCTS)


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="The whole category tree (3 levels), in menu order.")
    async def categories(self, info: Info) -> list[CategoryTree]:
        return build_tree(await catalog.all_categories(await info.context.session()))

    @strawberry.field(description="Products, filtered and sorted, a page at a time.")
    async def products(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 20,
        after: Annotated[str | None, strawberry.argument(description="An end cursor.")] = None,
        filter: ProductFilterInput | None = None,
        sort: ProductSort = ProductSort.NEWEST,
    ) -> ProductConnection:
        product_filter = (filter or ProductFilterInput()).to_filter()
        if not await _visible_to(info, product_filter.on_sale_only):
            raise PublicError("only catalog managers see products off sale", "FORBIDDEN", "filter")
        try:
            page = await catalog.list_products(
                await info.context.session(),
                product_filter,
                ProductSort(sort),
                page_request(first, after),
            )
        except DomainError as exc:
            raise public(exc) from exc
        return ProductConnection(
            edges=edges(page, ProductNode.from_row, lambda c, n: ProductEdge(cursor=c, node=n)),
            page_info=page_info(page),
            filter=product_filter,
        )

    @strawberry.field(description="One product by its global ID; off-sale ones only for admins.")
    async def product(self, info: Info, id: relay.GlobalID) -> ProductNode | None:
        row = await catalog.get_product(await info.context.session(), node_pk(id, "Product"))
        if row is None or not (row.on_sale or await _visible_to(info, False)):
            return None
        return ProductNode.from_row(row)

    @strawberry.field(description="The storefront's home page: carousel and shelves.")
    async def home_page(self, info: Info) -> HomePageType:
        return await load_home(info)


async def _changed_product_payload(info: Info, row: Product) -> ProductPayload:
    """After an edit, the copies kept beside the product's vector follow (the text is the job's)."""
    from resolvers.vectors import sync_listing

    assert row.id is not None
    await sync_listing(info.context.services.vectors, row.id, row.on_sale, row.price)
    return ProductPayload(product=ProductNode.from_row(row), errors=[])


def _product_payload(row: Product) -> ProductPayload:
    return ProductPayload(product=ProductNode.from_row(row), errors=[])


def _category_failed(exc: DomainError) -> CategoryPayload:
    return CategoryPayload(category=None, errors=errors_of(CatalogError, exc))


@strawberry.type
class CatalogMutation:
    @strawberry.mutation(description="Create a product.", extensions=requires(Perm.MANAGE_PRODUCTS))
    async def create_product(self, info: Info, input: ProductInput) -> ProductPayload:
        try:
            row = await catalog.create_product(await info.context.session(), input.to_fields())
        except DomainError as exc:
            return ProductPayload(product=None, errors=errors_of(CatalogError, exc))
        return _product_payload(row)

    @strawberry.mutation(description="Change a product's fields.", extensions=requires(Perm.MANAGE_PRODUCTS))
    async def update_product(self, info: Info, id: relay.GlobalID, input: ProductInput) -> ProductPayload:
        try:
            row = await catalog.update_product(
                await info.context.session(), node_pk(id, "Product"), input.to_fields()
            )
        except DomainError as exc:
            return ProductPayload(product=None, errors=errors_of(CatalogError, exc))
        return await _changed_product_payload(info, row)

    @strawberry.mutation(
        description="Put a product on or off sale.", extensions=requires(Perm.MANAGE_PRODUCTS)
    )
    async def set_product_on_sale(self, info: Info, id: relay.GlobalID, on_sale: bool) -> ProductPayload:
        try:
            row = await catalog.set_product_on_sale(
                await info.context.session(), node_pk(id, "Product"), on_sale
            )
        except DomainError as exc:
            return ProductPayload(product=None, errors=errors_of(CatalogError, exc))
        return await _changed_product_payload(info, row)

    @strawberry.mutation(description="Create a category.", extensions=requires(Perm.MANAGE_PRODUCTS))
    async def create_category(
        self,
        info: Info,
        name: str,
        parent_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Omit for a level-1 category.")
        ] = None,
    ) -> CategoryPayload:
        try:
            row = await catalog.create_category(
                await info.context.session(),
                name,
                node_pk(parent_id, "Category") if parent_id else None,
            )
        except DomainError as exc:
            return _category_failed(exc)
        return CategoryPayload(category=CategoryNode.from_row(row), errors=[])

    @strawberry.mutation(description="Rename a category.", extensions=requires(Perm.MANAGE_PRODUCTS))
    async def update_category(self, info: Info, id: relay.GlobalID, name: str) -> CategoryPayload:
        try:
            row = await catalog.rename_category(await info.context.session(), node_pk(id, "Category"), name)
        except DomainError as exc:
            return _category_failed(exc)
        return CategoryPayload(category=CategoryNode.from_row(row), errors=[])

    @strawberry.mutation(
        description="Delete a category without products or subcategories.",
        extensions=requires(Perm.MANAGE_PRODUCTS),
    )
    async def delete_category(self, info: Info, id: relay.GlobalID) -> CategoryPayload:
        try:
            row = await catalog.delete_category(await info.context.session(), node_pk(id, "Category"))
        except DomainError as exc:
            return _category_failed(exc)
        return CategoryPayload(category=CategoryNode.from_row(row), errors=[])

    @strawberry.mutation(
        description="Order the children of a category (or the top level).",
        extensions=requires(Perm.MANAGE_PRODUCTS),
    )
    async def reorder_categories(
        self,
        info: Info,
        ordered_ids: Annotated[
            list[relay.GlobalID],
            strawberry.argument(description="Every child, in the new order (at most 100)."),
        ],
        parent_id: relay.GlobalID | None = None,
    ) -> CategoryListPayload:
        if len(ordered_ids) > 100:
            raise PublicError("at most 100 categories", field="orderedIds")
        try:
            rows = await catalog.reorder_categories(
                await info.context.session(),
                node_pk(parent_id, "Category") if parent_id else None,
                [node_pk(item, "Category") for item in ordered_ids],
            )
        except DomainError as exc:
            return CategoryListPayload(categories=[], errors=errors_of(CatalogError, exc))
        return CategoryListPayload(categories=[CategoryNode.from_row(r) for r in rows], errors=[])

    @strawberry.mutation(
        description="Pin products to a home-page shelf (the rest fills itself).",
        extensions=requires(Perm.MANAGE_PRODUCTS),
    )
    async def set_home_shelf(
        self,
        info: Info,
        shelf: HomeSlotKind,
        product_ids: Annotated[list[relay.GlobalID], strawberry.argument(description="At most 12.")],
    ) -> HomePagePayload:
        try:
            await catalog.set_home_shelf(
                await info.context.session(),
                HomeSlotKind(shelf),
                [node_pk(item, "Product") for item in product_ids[:100]],
            )
        except DomainError as exc:
            return HomePagePayload(home=None, errors=errors_of(CatalogError, exc))
        return HomePagePayload(home=await load_home(info), errors=[])

    @strawberry.mutation(description="Replace the home carousel.", extensions=requires(Perm.MANAGE_PRODUCTS))
    async def set_home_carousel(
        self,
        info: Info,
        items: Annotated[list[CarouselItemInput], strawberry.argument(description="At most 10.")],
    ) -> HomePagePayload:
        entries = [
            catalog.CarouselEntry(
                title=item.title,
                image=item.image,
                product_id=node_pk(item.product_id, "Product") if item.product_id else None,
            )
            for item in items[:100]
        ]
        try:
            await catalog.set_home_carousel(await info.context.session(), entries)
        except DomainError as exc:
            return HomePagePayload(home=None, errors=errors_of(CatalogError, exc))
        return HomePagePayload(home=await load_home(info), errors=[])
