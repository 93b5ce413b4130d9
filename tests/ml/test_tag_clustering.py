"""Tag clustering: nearest real label per cluster, weights, degenerate inputs, catalog plot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ml.embeddings import Vectors
from ml.tag_clustering import cluster_label_vectors, cluster_tags, plot_tag_map, project_2d


class LetterEmbedder:
    """Labels starting with the same letter land close together; distinct labels differ a bit."""

    name = "letters"
    dimension = 3

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors:
        rows = []
        for text in texts:
            axis = {"g": 0, "b": 1}.get(text[0], 2)
            row = np.full(3, 0.01, dtype=np.float32)
            row[axis] = 1.0
            row[(axis + 1) % 3] += 0.05 * (sum(map(ord, text)) % 5)
            rows.append(row / np.linalg.norm(row))
        return np.asarray(rows, dtype=np.float32)


def test_each_cluster_is_named_by_its_own_member_nearest_the_centre() -> None:
    # Clusters interleave: A = rows 0, 2, 4 and B = rows 1, 3, 5. A's centre is nearest its
    # second member (row 2); reading position 1 from the full array instead would return "B-1".
    labels = ["A-0", "B-1", "A-2", "B-3", "A-4", "B-5"]
    vectors = np.array([[1, 0.2], [0.2, 1], [1, 0.05], [0.0, 1], [1, -0.2], [-0.25, 1]], dtype=np.float32)

    clusters = cluster_label_vectors(labels, vectors)

    assert clusters.k == 2
    assert sorted(tag for tag, _ in clusters.tags) == ["A-2", "B-3"]


def test_weights_are_review_shares_summing_to_one() -> None:
    labels = ["great taste"] * 3 + ["good flavor", "bad box", "broken box", "bent box", "bad lid"]

    tags = cluster_tags(labels, LetterEmbedder())

    assert sum(weight for _, weight in tags) == pytest.approx(1.0)
    assert [weight for _, weight in tags] == sorted((w for _, w in tags), reverse=True)
    assert [weight for _, weight in tags] == [0.5, 0.5]  # "g..." reviews vs "b..." reviews


def test_one_label_makes_one_tag() -> None:
    assert cluster_tags(["great taste"], LetterEmbedder()) == [("great taste", 1.0)]


def test_identical_labels_make_one_tag() -> None:
    assert cluster_tags(["fresh"] * 6, LetterEmbedder()) == [("fresh", 1.0)]


def test_no_labels_make_no_tags() -> None:
    assert cluster_tags([None, "", "  "], LetterEmbedder()) == []


def test_catalog_plot_writes_a_png(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(30, 8)).astype(np.float32)
    clusters = [f"product-{i % 3}:{i % 2}" for i in range(30)]

    plot_tag_map(tmp_path / "tags.png", vectors, clusters, annotations=[""] * 29 + ["tag"])

    assert (tmp_path / "tags.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert project_2d(vectors).shape == (30, 2)
