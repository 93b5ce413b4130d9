"""Local price model: comparable products, size and text stacked on log price; its baseline."""

from ml.pricing.baseline import CategoryMedianBaseline
from ml.pricing.comparables import Comparable, ComparableFinder
from ml.pricing.evaluation import CrossValidation, HoldoutResult, cross_validate, evaluate_holdout
from ml.pricing.jsonl import LineIssue, ProductFile, read_products
from ml.pricing.model import PriceEstimate, PriceModel, PriceModelConfig, PriceModelFileError, mape
from ml.pricing.product import PricedProduct, parse_price
from ml.pricing.size import PackageSize, parse_size

__all__ = [
    "CategoryMedianBaseline",
    "Comparable",
    "ComparableFinder",
    "CrossValidation",
    "HoldoutResult",
    "LineIssue",
    "PackageSize",
    "PriceEstimate",
    "PriceModel",
    "PriceModelConfig",
    "PriceModelFileError",
    "PricedProduct",
    "ProductFile",
    "cross_validate",
    "evaluate_holdout",
    "mape",
    "parse_price",
    "parse_size",
    "read_products",
]
