"""Local price model: log(price) from text embedding and category, with its baseline."""

from ml.pricing.baseline import CategoryMedianBaseline
from ml.pricing.evaluation import HoldoutResult, evaluate_holdout
from ml.pricing.jsonl import LineIssue, ProductFile, read_products
from ml.pricing.model import PriceModel, PriceModelConfig, PriceModelFileError, mape
from ml.pricing.product import PricedProduct, parse_price

__all__ = [
    "CategoryMedianBaseline",
    "HoldoutResult",
    "LineIssue",
    "PriceModel",
    "PriceModelConfig",
    "PriceModelFileError",
    "PricedProduct",
    "ProductFile",
    "evaluate_holdout",
    "mape",
    "parse_price",
    "read_products",
]
