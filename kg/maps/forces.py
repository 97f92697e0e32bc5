"""Spring layouts of many small components at once: the force layout of a big map.

A 5,112-agency map (bench/bench_maps.py --scale 71) has 71 components of 70 agencies; laying
each out with ``nx.spring_layout`` took 1.0-1.5 s, most of it numpy's per-call overhead on 70×70
arrays, repeated for every component and every iteration, and building a networkx graph and
its adjacency matrix per component. Here components of similar size are stacked into one
array, padded to the largest, and the Fruchterman-Reingold steps of ``nx.spring_layout`` (its
dense solver: same initial positions from the seed, temperature, cooling, stop threshold and
final rescaling to [-1, 1]) run on the whole stack. Padded places exert no force and do not
move; a component that has settled stops moving while the others go on.

The result is deterministic (seeded, no threads) but not bit-identical to networkx (sums run in
another order), so only big maps use it; a small map keeps networkx's positions.
"""
from __future__ import annotations

import numpy as np

CELLS = 200_000  # node pairs in one stack: its arrays (1.6 MB each) stay in cache (bench: 2e6 was slower)
FILL = 0.8  # a stack takes components down to this share of its largest one (less padding)


def stacked_spring(components: list[tuple[list, list[tuple]]], seed: int, iterations: int,
                   threshold: float = 1e-4) -> list[dict]:
    """Each component's node → (x, y) in [-1, 1], as ``nx.spring_layout(seed=seed)`` places it.

    Args:
        components: (nodes in order, [(a, b, pull), …]) for each component of two or more nodes.
        seed: the seed of every component's initial positions (as spring_layout's ``seed``).
        iterations: the most steps; a component stops once its mean move is under ``threshold``.
    """
    order = sorted(range(len(components)), key=lambda i: -len(components[i][0]))
    out: list[dict] = [{} for _ in components]
    start = 0
    while start < len(order):
        largest = len(components[order[start]][0])
        stop = start + 1
        while (stop < len(order) and len(components[order[stop]][0]) >= FILL * largest
               and (stop - start + 1) * largest * largest <= CELLS):
            stop += 1
        chosen = order[start:stop]
        positions = _solve([components[i] for i in chosen], largest, seed, iterations, threshold)
        for i, pos in zip(chosen, positions, strict=True):
            out[i] = dict(zip(components[i][0], map(tuple, pos), strict=True))
        start = stop
    return out


def _solve(components: list[tuple[list, list[tuple]]], size: int, seed: int, iterations: int,
           threshold: float) -> list[np.ndarray]:
    count = len(components)
    adjacency = np.zeros((count, size, size))
    pos = np.zeros((count, size, 2))
    real = np.zeros((count, size))
    lengths = np.array([len(nodes) for nodes, _ in components], dtype=float)
    for b, (nodes, edges) in enumerate(components):
        n = len(nodes)
        index = {node: i for i, node in enumerate(nodes)}
        if edges:
            rows = np.array([index[a] for a, _, _ in edges])
            cols = np.array([index[z] for _, z, _ in edges])
            adjacency[b, rows, cols] = adjacency[b, cols, rows] = [w for _, _, w in edges]
        pos[b, :n] = np.random.RandomState(seed).rand(n, 2)  # spring_layout's start
        real[b, :n] = 1.0
    pairs = real[:, :, None] * real[:, None, :] if lengths.min() < size else None
    k = np.sqrt(1.0 / lengths)[:, None, None]
    span = np.where(real[..., None] > 0, pos, np.nan)
    t = (np.nanmax(span, axis=1) - np.nanmin(span, axis=1)).max(axis=1) * 0.1
    dt = t / (iterations + 1)
    moving = np.ones(count, dtype=bool)
    x, y = pos[:, :, 0].copy(), pos[:, :, 1].copy()
    pull = adjacency / k  # the attraction's factor, the same in every step
    for _ in range(iterations):
        dx = x[:, :, None] - x[:, None, :]
        dy = y[:, :, None] - y[:, None, :]
        distance = np.hypot(dx, dy)
        np.clip(distance, 0.01, None, out=distance)
        force = (k * k) / (distance * distance)
        force -= pull * distance
        if pairs is not None:
            force *= pairs  # padded places exert no force
        move_x = np.einsum("bij,bij->bi", dx, force)
        move_y = np.einsum("bij,bij->bi", dy, force)
        scale = (t * moving)[:, None] / np.clip(np.hypot(move_x, move_y), 0.01, None)
        move_x *= scale
        move_y *= scale
        x += move_x
        y += move_y
        t = t - dt
        moved = np.sqrt(np.einsum("bi,bi->b", move_x, move_x) + np.einsum("bi,bi->b", move_y, move_y)) / lengths
        moving &= moved >= threshold
        if not moving.any():
            break
    pos = np.stack([x, y], axis=-1)
    return [_rescale(pos[b, :len(nodes)]) for b, (nodes, _) in enumerate(components)]


def _rescale(pos: np.ndarray) -> np.ndarray:
    """Centred and scaled into [-1, 1], as ``nx.rescale_layout(scale=1)``."""
    pos = pos - pos.mean(axis=0)
    limit = np.abs(pos).max()
    return pos / limit if limit > 0 else pos
