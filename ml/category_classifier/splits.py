"""Stratified train/test index splits that survive categories with one or two products."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np


def stratified_split(labels: Sequence[str], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Train and test indices holding out `test_fraction` of every category.

    A category with one example goes to train only (it cannot be both learnt and tested);
    every other category keeps at least one example on each side.
    """
    rng = np.random.default_rng(seed)
    by_label: dict[str, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        by_label[label].append(index)
    train: list[int] = []
    test: list[int] = []
    for label in sorted(by_label):
        members = [by_label[label][i] for i in rng.permutation(len(by_label[label]))]
        held = 0 if len(members) < 2 else min(len(members) - 1, max(1, round(len(members) * test_fraction)))
        test.extend(members[:held])
        train.extend(members[held:])
    return sorted(train), sorted(test)
