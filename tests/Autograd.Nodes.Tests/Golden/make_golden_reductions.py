# Golden values for the reduction ops of issue 10 (max, min, argmax, argmin, var, std, sum and mean
# over several dims) and the internal ops that run them over row-sharded inputs, computed with PyTorch 1.13.
#
# Regenerate (from the repository root; CI does not run this):
#     /usr/bin/python3 tests/Autograd.Nodes.Tests/Golden/make_golden_reductions.py
# It rewrites ops_golden_reductions.json next to this script; commit the JSON with any change here.
#
# The internal ops (max_partial, max_partials, argmax_partials, moments, var_partials and their min
# and std forms) are written here as the PyTorch computations they stand for, on the partials of real
# row blocks, so their goldens say what a sharded max or var must add up to.

import torch

import golden_ops
from golden_ops import add_case, normal, shape_text, tensor_json, write

torch.manual_seed(20261010)
torch.set_default_dtype(torch.float32)


def distinct(shape):
    """Values at least 0.15 apart in random order: no ties, so max and min have one answer."""
    n = 1
    for d in shape:
        n *= d
    return (torch.randperm(n).to(torch.float32) * 0.25 + torch.rand(n) * 0.1 - n * 0.125).reshape(shape)


def ties(shape):
    """Small integers: many ties, to pin down which index wins and how a full extreme splits its gradient."""
    return torch.randint(-2, 3, shape).to(torch.float32)


def add_indices_case(name, spec, inputs, fn):
    """A case whose output has no derivative (indices): recorded like add_case, with no backward pass."""
    out = fn(*inputs).to(torch.float32)
    golden_ops.CASES.append({
        "name": name,
        "spec": {"name": spec["name"], "scalar": 0.0, "dim": spec.get("dim"), "keepDim": spec.get("keepDim", False),
                 "shape": None, **{k: spec[k] for k in ("parts", "dims") if k in spec}},
        "inputs": [tensor_json(x) for x in inputs],
        "gradOutput": tensor_json(normal(tuple(out.shape))),
        "output": tensor_json(out),
        "grads": [None for _ in inputs],
    })


def keep_text(keep):
    return " keepDim" if keep else ""


# ----- max, min: of every element, and values along a dim -----
EXTREMES = {"max": (torch.max, torch.argmax, True), "min": (torch.min, torch.argmin, False)}
DIM_SHAPES = [([2, 3], 0), ([2, 3], 1), ([2, 3], -1), ([2, 3, 4], 1), ([2, 3, 4], -3), ([4], 0), ([1, 4], 0),
              ([3, 1, 2], 1), ([], 0), ([], -1)]
for name, (fn, argfn, _) in EXTREMES.items():
    for shape, make in [([2, 3], distinct), ([5], ties), ([], normal), ([2, 3, 4], ties), ([1], normal), ([3, 4], ties)]:
        add_case(f"{name} all {shape_text(shape)} {make.__name__}", {"name": name}, [make(shape)], fn)
    for shape, dim in DIM_SHAPES:
        for keep in (False, True):
            for make in (distinct, ties):
                add_case(f"{name} {shape_text(shape)} dim={dim}{keep_text(keep)} {make.__name__}",
                         {"name": name, "dim": dim, "keepDim": keep}, [make(shape)],
                         lambda x, dim=dim, keep=keep, fn=fn: fn(x, dim, keepdim=keep).values)
                add_indices_case(f"arg{name} {shape_text(shape)} dim={dim}{keep_text(keep)} {make.__name__}",
                                 {"name": "arg" + name, "dim": dim, "keepDim": keep}, [make(shape)],
                                 lambda x, dim=dim, keep=keep, argfn=argfn: argfn(x, dim, keepdim=keep))

# ----- var, std -----
for name, fn in {"var": torch.var, "std": torch.std}.items():
    for shape, unbiased, offset in [([2, 3], True, 0), ([2, 3], False, 0), ([5], True, 0), ([2, 3, 4], True, 50.0),
                                    ([1], False, 0), ([], False, 0)]:
        add_case(f"{name} all {shape_text(shape)} unbiased={unbiased}{' offset' if offset else ''}",
                 {"name": name, "unbiased": unbiased}, [normal(shape) + offset],
                 lambda x, unbiased=unbiased, fn=fn: fn(x, unbiased=unbiased))
    for shape, dim, unbiased in [([2, 3], 0, True), ([2, 3], 1, False), ([2, 3], -1, True), ([3, 4, 2], 1, True),
                                 ([3, 4, 2], -3, False), ([4], 0, True), ([2, 1], 1, False), ([], 0, False)]:
        for keep in (False, True):
            add_case(f"{name} {shape_text(shape)} dim={dim} unbiased={unbiased}{keep_text(keep)}",
                     {"name": name, "dim": dim, "keepDim": keep, "unbiased": unbiased}, [normal(shape)],
                     lambda x, dim=dim, keep=keep, unbiased=unbiased, fn=fn: fn(x, dim, unbiased=unbiased, keepdim=keep))

# ----- sum and mean over several dims -----
for name, fn in {"sum": torch.sum, "mean": torch.mean}.items():
    for shape, dims in [([2, 3, 4], [0, 2]), ([2, 3, 4], [-1, 0]), ([2, 3, 4], [1]), ([2, 3, 4], [0, 1, 2]),
                        ([2, 3], []), ([3, 1, 2], [1, 2]), ([2, 3, 4], [2, -3]), ([], [0]), ([4], [-1])]:
        for keep in (False, True):
            add_case(f"{name} {shape_text(shape)} dims={shape_text(dims)}{keep_text(keep)}",
                     {"name": name, "dims": dims, "keepDim": keep}, [normal(shape)],
                     lambda x, dims=dims, keep=keep, fn=fn: fn(x, dims, keepdim=keep))


# ----- the internal ops of a sharded max or min over rows -----
def blocks(x, rows):
    return list(torch.split(x, rows, dim=0))


def extremum_partial(x, dim, largest):
    """max_partial / min_partial: [values, first indices] along dim (kept), or [extreme, count of ties]."""
    if dim is None:
        extreme = x.max() if largest else x.min()
        return torch.stack([extreme, (x == extreme).sum().to(torch.float32)])
    values, indices = (x.max if largest else x.min)(dim, keepdim=True)
    return torch.stack([values, indices.to(torch.float32)])


def first_rows(rows):
    return [sum(rows[:i]) for i in range(len(rows))]


for name, (_, _, largest) in EXTREMES.items():
    partial = f"{name}_partial"
    for shape, dim, make in [([3, 4], 0, distinct), ([2, 3, 2], 0, ties), ([1, 4], 0, normal), ([3], 0, ties),
                             ([3, 4], None, ties), ([2], None, distinct), ([2, 2, 3], None, ties)]:
        add_case(f"{partial} {shape_text(shape)} dim={dim} {make.__name__}", {"name": partial, "dim": dim}, [make(shape)],
                 lambda x, dim=dim, largest=largest: extremum_partial(x, dim, largest))

    for shape, rows, make in [([6, 4], [2, 2, 2], distinct), ([7, 3], [3, 2, 2], ties), ([5, 2, 2], [3, 2], ties),
                              ([4], [2, 2], ties)]:
        x = make(shape)
        for keep in (False, True):
            parts = [extremum_partial(b, 0, largest) for b in blocks(x, rows)]
            spec = {"name": f"{name}_partials", "dim": 0, "keepDim": keep, "parts": len(parts), "dims": first_rows(rows)}

            def joined_values(*ps, keep=keep):
                values = torch.stack([p[0] for p in ps])
                result = (values.max if largest else values.min)(0).values
                return result if keep else result.squeeze(0)

            def joined_indices(*ps, keep=keep, rows=rows):
                values = torch.stack([p[0] for p in ps])
                winner = (values.argmax if largest else values.argmin)(0, keepdim=True)
                local = torch.stack([p[1] for p in ps]).gather(0, winner)[0]
                offsets = torch.tensor(first_rows(rows), dtype=torch.float32)
                result = local + offsets[winner[0]]
                return result if keep else result.squeeze(0)

            add_case(f"{name}_partials {shape_text(shape)} rows={shape_text(rows)} dim=0{keep_text(keep)} {make.__name__}",
                     spec, parts, joined_values)
            add_indices_case(
                f"arg{name}_partials {shape_text(shape)} rows={shape_text(rows)} dim=0{keep_text(keep)} {make.__name__}",
                {**spec, "name": f"arg{name}_partials"}, parts, joined_indices)

    for shape, rows, make in [([6, 4], [2, 2, 2], ties), ([5, 3], [3, 2], distinct), ([3], [1, 1, 1], ties)]:
        parts = [extremum_partial(b, None, largest) for b in blocks(make(shape), rows)]

        def joined_extreme(*ps):
            # split among the parts that tie, by their counts of ties: every tying element gets an equal share
            values = torch.stack([p[0] for p in ps])
            counts = torch.stack([p[1] for p in ps])
            extreme = values.max() if largest else values.min()
            weights = torch.where(values == extreme, counts, torch.zeros_like(counts))
            return (values * (weights / weights.sum()).detach()).sum()

        add_case(f"{name}_partials {shape_text(shape)} rows={shape_text(rows)} all {make.__name__}",
                 {"name": f"{name}_partials", "parts": len(parts)}, parts, joined_extreme)


# ----- the internal ops of a sharded var or std over rows -----
def moments(x, dim):
    """moments: [count, mean, the mean's float32 remainder, M2 = sum of squared deviations] along dim (kept),
    or over every element. The remainder is what float32 rounding dropped from the exact mean: no derivative."""
    if dim is None:
        mean = x.mean()
        remainder = (x.detach().double().mean() - mean.detach().double()).float()
        return torch.stack([torch.tensor(float(x.numel())), mean, remainder, ((x - mean) ** 2).sum()])
    mean = x.mean(dim, keepdim=True)
    remainder = (x.detach().double().mean(dim, keepdim=True) - mean.detach().double()).float()
    return torch.stack([torch.full_like(mean, x.shape[dim]), mean, remainder, ((x - mean) ** 2).sum(dim, keepdim=True)])


for shape, dim in [([3, 4], 0), ([2, 3, 2], 0), ([1, 3], 0), ([4], 0), ([3, 4], None), ([2, 2, 3], None), ([5], None)]:
    add_case(f"moments {shape_text(shape)} dim={dim}", {"name": "moments", "dim": dim}, [normal(shape) + 200.0],
             lambda x, dim=dim: moments(x, dim))


def joined_variance(*parts, unbiased, root, keep, dim):
    """The variance of the union from the parts' (count, mean + remainder, M2), every input differentiable."""
    counts = torch.stack([p[0] for p in parts])
    means = torch.stack([p[1] + p[2] for p in parts])
    m2s = torch.stack([p[3] for p in parts])
    total = counts.sum(0)
    mean = (counts * means).sum(0) / total
    m2 = m2s.sum(0) + (counts * (means - mean) ** 2).sum(0)
    result = m2 / (total - (1 if unbiased else 0))
    if root:
        result = result.sqrt()
    return result if keep or dim is None else result.squeeze(dim)


for name, root in [("var_partials", False), ("std_partials", True)]:
    for shape, rows, dim, unbiased in [([6, 4], [2, 2, 2], 0, True), ([7, 3], [3, 2, 2], 0, False),
                                       ([5, 2, 2], [3, 2], 0, True), ([4], [1, 3], 0, True),
                                       ([6, 4], [2, 2, 2], None, True), ([5, 3], [3, 2], None, False)]:
        x = normal(shape) * 2.0 + 3.0
        parts = [moments(b, dim) for b in blocks(x, rows)]
        for keep in ((False, True) if dim is not None else (False,)):
            spec = {"name": name, "dim": dim, "keepDim": keep, "parts": len(parts), "unbiased": unbiased}
            add_case(f"{name} {shape_text(shape)} rows={shape_text(rows)} dim={dim} unbiased={unbiased}{keep_text(keep)}",
                     spec, parts,
                     lambda *ps, unbiased=unbiased, root=root, keep=keep, dim=dim:
                         joined_variance(*ps, unbiased=unbiased, root=root, keep=keep, dim=dim))

write("ops_golden_reductions.json", "make_golden_reductions.py")
