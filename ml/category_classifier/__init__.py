"""Level-3 product category from text: TF-IDF and MiniLM features, a linear model per tree level.

`CategoryClassifier` is the served model; `baselines` holds the two single-feature models it is
measured against (bench/classifier.py, `mall classify compare`).
"""

from ml.category_classifier.model import (
    CategoryClassifier,
    CategoryClassifierConfig,
    EncodedProducts,
)
from ml.category_classifier.product_text import product_text, title_of
from ml.category_classifier.scoring import ClassifierScores, score_probabilities
from ml.category_classifier.splits import stratified_split

__all__ = [
    "CategoryClassifier",
    "CategoryClassifierConfig",
    "ClassifierScores",
    "EncodedProducts",
    "product_text",
    "score_probabilities",
    "stratified_split",
    "title_of",
]
