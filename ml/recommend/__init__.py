"""Recommendations: recall from several sources, a learned ranker, a diverse re-rank."""

from ml.recommend.data import Interaction, Item, read_superstore
from ml.recommend.evaluation import EvaluationReport, evaluate_time_split
from ml.recommend.recommender import HybridRecommender, RecommenderConfig

__all__ = [
    "EvaluationReport",
    "HybridRecommender",
    "Interaction",
    "Item",
    "RecommenderConfig",
    "evaluate_time_split",
    "read_superstore",
]
