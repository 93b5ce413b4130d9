"""Every relational table, imported here so SQLModel.metadata (and alembic) sees them all."""

from db.tables.accounts import Role, User
from db.tables.addresses import Address
from db.tables.cart import CartItem
from db.tables.catalog import (
    Category,
    HomeCarouselItem,
    HomeSlot,
    HomeSlotKind,
    Product,
    ProductTag,
)
from db.tables.coupons import CouponKind, CouponStatus, CouponTemplate, UserCoupon
from db.tables.engagement import EventKind, Favourite, UserEvent
from db.tables.jobs import Job, JobItem, JobItemOutcome, JobState
from db.tables.loans import (
    Education,
    FinancialProfile,
    FinancialProfileHistory,
    InstallmentStatus,
    Loan,
    LoanDecision,
    LoanInstallment,
    LoanOffer,
    LoanQuote,
    LoanStatus,
    OfferStatus,
    PropertyArea,
    QuoteStatus,
)
from db.tables.orders import Order, OrderItem, OrderStatus, PaymentMethod
from db.tables.pricing import PriceSource, PriceSuggestion, SuggestionStatus
from db.tables.reviews import Review
from db.tables.tags import ProductTagState, ReviewLabel, TeacherSource
from db.tables.wallet import LedgerKind, Wallet, WalletEntry

__all__ = [
    "Address",
    "CartItem",
    "Category",
    "CouponKind",
    "CouponStatus",
    "CouponTemplate",
    "EventKind",
    "Favourite",
    "Education",
    "FinancialProfile",
    "FinancialProfileHistory",
    "HomeCarouselItem",
    "HomeSlot",
    "HomeSlotKind",
    "InstallmentStatus",
    "LedgerKind",
    "Loan",
    "LoanDecision",
    "LoanInstallment",
    "LoanOffer",
    "LoanQuote",
    "LoanStatus",
    "OfferStatus",
    "Order",
    "OrderItem",
    "OrderStatus",
    "PaymentMethod",
    "Job",
    "JobItem",
    "JobItemOutcome",
    "JobState",
    "PriceSource",
    "PriceSuggestion",
    "Product",
    "ProductTag",
    "ProductTagState",
    "PropertyArea",
    "QuoteStatus",
    "Review",
    "ReviewLabel",
    "Role",
    "SuggestionStatus",
    "TeacherSource",
    "User",
    "UserCoupon",
    "UserEvent",
    "Wallet",
    "WalletEntry",
]
