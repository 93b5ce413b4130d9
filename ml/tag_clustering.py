"""Group one product's generated review labels into weighted tags (KMeans on MiniLM embeddings)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ml.embeddings import TextEmbedder, Vectors, default_embedder

Tag = tuple[str, float]


@dataclass(frozen=True)
class TagClusteringConfig:
    # Silhouette is searched over k = 2..max_k (capped by the number of distinct labels - 1).
    max_k: int = 8
    # Fewer labels than this make one tag: silhouette on two or three points is noise.
    min_labels: int = 4
    # Below this best silhouette the labels do not form groups, so they make one tag.
    min_silhouette: float = 0.1
    n_init: int = 10
    seed: int = 13


@dataclass(frozen=True)
class TagClusters:
    tags: list[Tag]  # (representative label, share of reviews), heaviest first
    assignments: npt.NDArray[np.int64]  # cluster of each input label
    k: int


def cluster_tags(
    labels: Sequence[str | None],
    embedder: TextEmbedder | None = None,
    config: TagClusteringConfig | None = None,
) -> list[Tag]:
    """Weighted tags for one product from its reviews' labels; None or blank labels are ignored."""
    kept = [label.strip() for label in labels if label and label.strip()]
    if not kept:
        return []
    vectors = (embedder or default_embedder()).encode(kept)
    return cluster_label_vectors(kept, vectors, config).tags


def cluster_label_vectors(
    labels: Sequence[str], vectors: Vectors, config: TagClusteringConfig | None = None
) -> TagClusters:
    """KMeans, k picked by silhouette; each cluster is named by its member nearest the centre."""
    config = config or TagClusteringConfig()
    if len(labels) != len(vectors):
        raise ValueError(f"{len(labels)} labels but {len(vectors)} vectors")
    if not labels:
        return TagClusters([], np.zeros(0, dtype=np.int64), 0)
    assignments, centres = _best_partition(vectors, config)
    tags: list[Tag] = []
    for cluster, centre in enumerate(centres):
        members = np.flatnonzero(assignments == cluster)
        if members.size == 0:
            continue
        # Distances are taken on THIS cluster's rows, so argmin indexes `members`, which maps
        # back to the labels; the original took argmin over one array and indexed another.
        member_vectors = vectors[members]
        nearest = members[int(np.argmin(np.linalg.norm(member_vectors - centre, axis=1)))]
        tags.append((labels[nearest], members.size / len(labels)))
    tags.sort(key=lambda tag: (-tag[1], tag[0]))
    return TagClusters(tags, assignments, len(centres))


def _best_partition(
    vectors: Vectors, config: TagClusteringConfig
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    one = (np.zeros(len(vectors), dtype=np.int64), vectors.mean(axis=0, keepdims=True))
    distinct = len(np.unique(np.round(vectors, 5), axis=0))
    largest_k = min(config.max_k, distinct, len(vectors) - 1)
    if len(vectors) < config.min_labels or largest_k < 2:
        return one
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    best_score, best = config.min_silhouette, one
    for k in range(2, largest_k + 1):
        model = KMeans(n_clusters=k, n_init=config.n_init, random_state=config.seed)
        assignments = model.fit_predict(vectors)
        score = float(silhouette_score(vectors, assignments, metric="cosine"))
        if score > best_score:
            best_score = score
            best = (assignments.astype(np.int64), model.cluster_centers_.astype(np.float32))
    return best


def plot_tag_map(
    path: Path,
    vectors: Vectors,
    clusters: Sequence[Hashable],
    annotations: Sequence[str] | None = None,
    title: str = "review tags across the catalog",
) -> None:
    """PNG of label embeddings projected to 2-D by PCA, coloured by cluster (e.g. product:k).

    `clusters` holds one key per row; rows with the same key share a colour. `annotations`
    (e.g. the representative tags) are written next to their points when given.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = project_2d(vectors)
    keys = list(dict.fromkeys(clusters))
    colour_of = {key: index for index, key in enumerate(keys)}
    colours = [colour_of[key] for key in clusters]
    figure, axes = plt.subplots(figsize=(8, 6))
    axes.scatter(points[:, 0], points[:, 1], c=colours, cmap="tab20", s=18, alpha=0.8)
    if annotations is not None:
        for (x, y), text in zip(points, annotations, strict=True):
            if text:
                axes.annotate(text, (x, y), fontsize=7, alpha=0.8)
    axes.set(title=title, xlabel="PC 1", ylabel="PC 2")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def project_2d(vectors: Vectors) -> npt.NDArray[np.float32]:
    """First two principal components; signs fixed so the same data always plots the same way."""
    if len(vectors) == 0:
        return np.zeros((0, 2), dtype=np.float32)
    centred = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    top = components[:2]
    signs = np.sign(top[np.arange(len(top)), np.argmax(np.abs(top), axis=1)])
    projected = centred @ (top * signs[:, None]).T
    if projected.shape[1] < 2:
        projected = np.pad(projected, ((0, 0), (0, 2 - projected.shape[1])))
    points: npt.NDArray[np.float32] = projected.astype(np.float32)
    return points
