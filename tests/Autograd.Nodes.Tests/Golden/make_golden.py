# Golden values for every op in the op table, computed once with real PyTorch.
#
# Regenerate (from the repository root; needs PyTorch 1.13, CI does not run this):
#     /usr/bin/python3 tests/Autograd.Nodes.Tests/Golden/make_golden.py
# It rewrites ops_golden.json next to this script; commit the JSON with any change here.
#
# Everything is float32 with a fixed seed, so the file is reproducible. Each case records
# the op spec (as Autograd.Ops.OpSpec), the inputs, a random upstream gradient (not ones,
# so that gradients summed back to broadcast shapes are really tested), PyTorch's output
# and each input's gradient (null where the input is not differentiable).

import torch
import torch.nn.functional as F

from golden_ops import add_case, away_from_zero, labels, normal, positive, shape_text, write  # noqa: F401

torch.manual_seed(20261126)
torch.set_default_dtype(torch.float32)

BROADCAST_PAIRS = [
    ([2, 3], [2, 3]),
    ([2, 3], [3]),        # right side broadcast over rows
    ([3], [2, 3]),        # left side broadcast
    ([2, 1], [1, 3]),     # both sides broadcast
    ([4, 1, 3], [2, 3]),  # leading dimension added to the right side
    ([3, 1], [2, 3, 4]),  # leading dimension added to the left side
    ([], [2, 3]),         # 0-dim on the left
    ([2, 3], []),         # 0-dim on the right
    ([1], [3, 1]),
    ([5], [5]),
]

BINARY = {"add": ("+", torch.add), "sub": ("-", torch.sub), "mul": ("*", torch.mul), "div": ("/", torch.div)}
for name, (symbol, fn) in BINARY.items():
    for a, b in BROADCAST_PAIRS:
        rhs = away_from_zero(b) if name == "div" else normal(b)
        add_case(f"{name} {shape_text(a)}{symbol}{shape_text(b)}", {"name": name}, [normal(a), rhs], fn)

SCALAR_OPS = {
    "add_scalar": ("x+{s}", lambda x, s: x + s, normal),
    "sub_scalar": ("x-{s}", lambda x, s: x - s, normal),
    "rsub_scalar": ("{s}-x", lambda x, s: s - x, normal),
    "mul_scalar": ("x*{s}", lambda x, s: x * s, normal),
    "div_scalar": ("x/{s}", lambda x, s: x / s, normal),
    "rdiv_scalar": ("{s}/x", lambda x, s: s / x, away_from_zero),
    "pow": ("x**{s}", lambda x, s: x ** s, positive),
}
SCALARS = {"pow": [2.0, 3.0, 0.5, -1.5, 1.0]}
for name, (pattern, fn, make) in SCALAR_OPS.items():
    for shape, s in zip([[2, 3], [], [4], [2, 1, 3], [1]], SCALARS.get(name, [2.5, -1.5, 0.75, -3.0, 1.0])):
        add_case(f"{name} {pattern.format(s=s if s >= 0 else f'({s})')} {shape_text(shape)}", {"name": name, "scalar": s},
                 [make(shape)], lambda x, s=s, fn=fn: fn(x, s))

UNARY = {
    "neg": (torch.neg, normal),
    "exp": (torch.exp, normal),
    "log": (torch.log, positive),
    "sqrt": (torch.sqrt, positive),
    "tanh": (torch.tanh, normal),
    "sigmoid": (torch.sigmoid, normal),
    "relu": (torch.relu, away_from_zero),
}
for name, (fn, make) in UNARY.items():
    for shape in [[2, 3], [], [5], [2, 1, 3]]:
        add_case(f"{name} {shape_text(shape)}", {"name": name}, [make(shape)], fn)

REDUCTIONS = {"sum": torch.sum, "mean": torch.mean}
for name, fn in REDUCTIONS.items():
    for shape in [[2, 3], [4], [], [2, 3, 4]]:
        add_case(f"{name} {shape_text(shape)} all", {"name": name}, [normal(shape)], fn)
    for shape, dim in [([2, 3], 0), ([2, 3], 1), ([2, 3], -1), ([2, 3], -2), ([2, 3, 4], 1),
                       ([2, 3, 4], -1), ([1, 4], 0), ([5], 0), ([], 0), ([], -1)]:
        for keep in (False, True):
            add_case(f"{name} {shape_text(shape)} dim={dim} keepDim={str(keep).lower()}",
                     {"name": name, "dim": dim, "keepDim": keep}, [normal(shape)],
                     lambda x, dim=dim, keep=keep, fn=fn: fn(x, dim=dim, keepdim=keep))

for a, b in [([2, 3], [3, 4]), ([3], [3]), ([2, 3], [3]), ([3], [3, 4]), ([1, 1], [1, 1]),
             ([1, 5], [5, 1]), ([4, 1], [1, 3]), ([5, 7], [7, 2]), ([1], [1]), ([9, 17], [17, 33])]:
    add_case(f"matmul {shape_text(a)}@{shape_text(b)}", {"name": "matmul"}, [normal(a), normal(b)], torch.matmul)

for shape in [[2, 3], [1, 4], [3, 1], [1, 1], [4, 4]]:
    add_case(f"transpose {shape_text(shape)}", {"name": "transpose"}, [normal(shape)], lambda x: x.t())

for shape, target in [([2, 3], [3, 2]), ([2, 3], [-1]), ([6], [2, -1]), ([2, 3], [1, 6, 1]),
                      ([1], []), ([], [1]), ([2, 3, 4], [4, -1, 2])]:
    add_case(f"reshape {shape_text(shape)}->{shape_text(target)}", {"name": "reshape", "shape": target},
             [normal(shape)], lambda x, target=target: x.reshape(target))

SOFTMAXES = {"softmax": torch.softmax, "log_softmax": torch.log_softmax}
for name, fn in SOFTMAXES.items():
    for shape, dim in [([2, 3], 1), ([2, 3], 0), ([2, 3], -1), ([2, 3, 4], 1), ([5], 0), ([1, 4], -2), ([3, 4], -2), ([], 0)]:
        x = normal(shape) * 3  # spread the logits so the distribution is not nearly uniform
        add_case(f"{name} {shape_text(shape)} dim={dim}", {"name": name, "dim": dim}, [x],
                 lambda x, dim=dim, fn=fn: fn(x, dim=dim))
    # logits far beyond exp's float32 range (e^89 overflows): only a stable kernel gets these right
    x = normal([2, 4]) * 30 + torch.tensor([[100.0], [-100.0]])
    add_case(f"{name} [2,4] dim=-1 huge logits", {"name": name, "dim": -1}, [x], lambda x, fn=fn: fn(x, dim=-1))

for shape in [[2, 3], [5], [], [1, 4]]:
    add_case(f"mse_loss {shape_text(shape)}", {"name": "mse_loss"}, [normal(shape), normal(shape)], F.mse_loss)

for n, c in [(3, 5), (1, 4), (4, 2), (6, 3), (2, 1)]:
    logits = normal([n, c]) * 2
    add_case(f"cross_entropy [{n},{c}]", {"name": "cross_entropy"}, [logits, labels(n, c)],
             lambda x, y: F.cross_entropy(x, y.long()), differentiable=[True, False])
logits = normal([3, 4]) * 30 + 100  # beyond exp's float32 range, as for softmax
add_case("cross_entropy [3,4] huge logits", {"name": "cross_entropy"}, [logits, labels(3, 4)],
         lambda x, y: F.cross_entropy(x, y.long()), differentiable=[True, False])

# the sharding ops (issue 4): gather concatenates row shards, sum_partials adds per-shard partials
for parts in [[[2, 3], [1, 3], [2, 3]], [[1, 4], [3, 4]], [[2], [3]], [[2, 2, 2]]]:
    add_case(f"gather {' '.join(shape_text(p) for p in parts)}", {"name": "gather", "parts": len(parts)},
             [normal(p) for p in parts], lambda *xs: torch.cat(xs, dim=0))
for shape, n in [([], 3), ([2, 3], 2), ([4], 1)]:
    add_case(f"sum_partials {n}x{shape_text(shape)}", {"name": "sum_partials", "parts": n},
             [normal(shape) for _ in range(n)], lambda *xs: torch.stack(xs).sum(0))

# linear (issue 8): x @ W.T + b in one node, PyTorch's layout (weight [out, in])
for x, w, bias in [([3, 4], [2, 4], True), ([3, 4], [2, 4], False), ([4], [3, 4], True), ([2, 3, 4], [5, 4], True),
                   ([1, 1], [1, 1], True), ([6, 17], [33, 17], True)]:
    inputs = [normal(x), normal(w)] + ([normal([w[0]])] if bias else [])
    add_case(f"linear {shape_text(x)}x{shape_text(w)}{' bias' if bias else ''}", {"name": "linear", "parts": len(inputs)},
             inputs, lambda *xs: F.linear(*xs))

write("ops_golden.json", "make_golden.py")
