"""The category tree's say in a level-3 guess: a leaf whose level-2 parent the level-2 model
finds unlikely is demoted, by how much learnt on held-out training rows."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Probabilities = npt.NDArray[np.float32]


def parent_matrix(
    leaves: Sequence[str], parents: Sequence[str], leaf_classes: Sequence[str], parent_classes: Sequence[str]
) -> npt.NDArray[np.float32]:
    """P(parent | leaf) from the training rows, one row per leaf class.

    A leaf name can sit under several parents (Amazon files "Chicken" under Frozen, Canned and
    Soups), so a leaf's parent is a distribution, not a lookup.
    """
    leaf_index = {name: i for i, name in enumerate(leaf_classes)}
    parent_index = {name: i for i, name in enumerate(parent_classes)}
    counts = np.zeros((len(leaf_classes), len(parent_classes)), dtype=np.float32)
    for leaf, parent in zip(leaves, parents, strict=True):
        counts[leaf_index[leaf], parent_index[parent]] += 1
    totals = counts.sum(axis=1, keepdims=True)
    matrix: npt.NDArray[np.float32] = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    return matrix


def with_parent_agreement(
    leaf: Probabilities, parent: Probabilities, matrix: npt.NDArray[np.float32], strength: float
) -> Probabilities:
    """P(leaf) * P(its parent per the level-2 model) ** strength, renormalised per row.

    strength 0 ignores the tree; 1 is the product rule P(parent) * P(leaf | parent) when the leaf
    model's own parent mass is flat. A leaf whose parent the level-2 model rules out sinks.
    """
    if strength == 0:
        return leaf
    support = parent @ matrix.T  # (rows, leaves): probability of each leaf's parent
    combined = leaf * np.power(np.maximum(support, 1e-12), strength)
    combined /= combined.sum(axis=1, keepdims=True)
    result: Probabilities = combined.astype(np.float32)
    return result
