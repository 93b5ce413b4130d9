"""Saving and loading a fitted HybridRecommender (one pickle plus its metadata, versioned)."""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

from ml.model_files import write_atomically
from ml.recommend.recommender import HybridRecommender

# 2: items carry review tags and the ranker has the tag_affinity feature.
FORMAT_VERSION = 2
MODEL_FILE, METADATA_FILE = "recommender.pkl", "recommender.json"


class RecommenderFileError(Exception):
    """The saved recommender is missing, corrupt or from another format version."""


def save_recommender(model: HybridRecommender, directory: Path, metadata: dict[str, Any]) -> dict[str, Any]:
    blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    full = {**metadata, "format_version": FORMAT_VERSION, "model_sha256": hashlib.sha256(blob).hexdigest()}
    write_atomically(directory / MODEL_FILE, blob)
    write_atomically(directory / METADATA_FILE, (json.dumps(full, indent=2) + "\n").encode())
    return full


def load_recommender(directory: Path) -> tuple[HybridRecommender, dict[str, Any]]:
    """The model and its metadata. A pickle runs code: load only files this project wrote."""
    try:
        metadata = json.loads((directory / METADATA_FILE).read_text(encoding="utf-8"))
        blob = (directory / MODEL_FILE).read_bytes()
    except FileNotFoundError:
        raise RecommenderFileError(f"no recommender in {directory}: run the train_recommender job") from None
    except (OSError, ValueError) as exc:
        raise RecommenderFileError(f"unreadable recommender in {directory}: {exc}") from None
    if not isinstance(metadata, dict) or metadata.get("format_version") != FORMAT_VERSION:
        raise RecommenderFileError(f"the recommender in {directory} is of another format: retrain it")
    if hashlib.sha256(blob).hexdigest() != metadata.get("model_sha256"):
        raise RecommenderFileError(f"the recommender in {directory} does not match its metadata: retrain it")
    try:
        model = pickle.loads(blob)  # noqa: S301 - written by save_recommender, checked by hash
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means the same to the caller
        raise RecommenderFileError(f"the recommender in {directory} cannot be loaded: {exc}") from None
    if not isinstance(model, HybridRecommender):
        raise RecommenderFileError(f"{directory / MODEL_FILE} is not a recommender")
    return model, metadata
