# Golden values for the model ops of issue 10 (batched matmul, layer_norm, dropout, softmax,
# log_softmax and cross_entropy over any rank), computed once with real PyTorch 1.13.
#
# Regenerate (from the repository root; CI does not run this):
#     /usr/bin/python3 tests/Autograd.Nodes.Tests/Golden/make_golden_models.py
# It rewrites ops_golden_models.json next to this script; commit the JSON with any change here.
#
# Dropout cannot match PyTorch's generator. Its mask is a hash of (seed, element index), the same
# one the engine computes (src/Autograd.Nodes/Tensors/DropoutMask.cs, in Python in dropout_mask.py),
# and PyTorch computes x * mask / (1 - p) and its gradient from that mask: so the golden
# checks what PyTorch's semantics fix (zeros where dropped, kept elements scaled by 1/(1-p), the
# gradient masked exactly as the output, p = 1 all zeros) for the engine's mask.

import torch
import torch.nn.functional as F

from dropout_mask import dropout_factor
from golden_ops import add_case, normal, shape_text, write

torch.manual_seed(20261210)
torch.set_default_dtype(torch.float32)

# --- matmul with batch dims and broadcasting (torch.matmul) ---
for a, b in [([2, 3, 4], [2, 4, 5]), ([2, 3, 4], [4, 5]), ([2, 3, 4], [4]), ([4], [2, 4, 5]), ([3, 4], [2, 4, 5]),
             ([2, 1, 3, 4], [5, 4, 2]), ([1, 3, 4], [2, 4, 5]), ([2, 3, 4], [1, 4, 5]), ([2, 2, 3, 4], [2, 2, 4, 3]),
             ([3], [2, 2, 3, 4]), ([2, 2, 3, 4], [4]), ([1, 1, 2, 3], [3, 2]), ([2, 3, 4], [1, 1, 4, 2]),
             ([3, 1, 1, 2], [1, 4, 2, 3]), ([2, 1, 5], [2, 5, 1]), ([4, 9, 17], [4, 17, 33])]:
    add_case(f"matmul {shape_text(a)}@{shape_text(b)}", {"name": "matmul"}, [normal(a), normal(b)], torch.matmul)

# --- layer_norm: one node with 1, 2 or 3 inputs (parts), shape = normalized_shape, scalar = eps ---
for x, normalized, affine, eps in [([2, 3], [3], "weight bias", 1e-5), ([2, 3, 4], [3, 4], "weight bias", 1e-5),
                                   ([4, 5], [5], "", 1e-5), ([2, 5], [5], "weight", 1e-5), ([5], [5], "weight bias", 1e-5),
                                   ([2, 3, 4], [4], "weight bias", 1e-3), ([1, 4], [4], "", 1e-5),
                                   ([2, 2, 2, 3], [2, 2, 3], "weight bias", 1e-5), ([3, 1], [1], "weight bias", 1e-5),
                                   ([6, 64], [64], "weight bias", 1e-5)]:
    inputs = [normal(x)]
    if "weight" in affine:
        inputs.append(normal(normalized))
    if "bias" in affine:
        inputs.append(normal(normalized))
    add_case(f"layer_norm {shape_text(x)} over {shape_text(normalized)}{' ' + affine if affine else ''} eps={eps:g}",
             {"name": "layer_norm", "shape": normalized, "parts": len(inputs), "scalar": eps}, inputs,
             lambda x, *wb, normalized=normalized, eps=eps: F.layer_norm(x, normalized, *wb, eps=eps))
# a bias without a weight: the client passes a weight of ones (no gradient asked for it)
add_case("layer_norm [3,4] over [4] bias only (weight of ones)", {"name": "layer_norm", "shape": [4], "parts": 3, "scalar": 1e-5},
         [normal([3, 4]), torch.ones(4), normal([4])],
         lambda x, w, b: F.layer_norm(x, [4], None, b, eps=1e-5), differentiable=[True, False, True])
# far from zero mean: a one-pass variance (E[x²] - E[x]²) is off by ~3% here, PyTorch and a two-pass one by ~2e-5
add_case("layer_norm [2,8] over [8] mean 300", {"name": "layer_norm", "shape": [8], "parts": 1, "scalar": 1e-5},
         [normal([2, 8]) + 300], lambda x: F.layer_norm(x, [8], eps=1e-5))

# --- dropout: the engine's counter-based mask (dropout_mask.py), PyTorch's arithmetic ---
for shape, p, seed, start in [([4, 5], 0.5, 12345, 0), ([3, 4, 5], 0.2, 987654321987, 0), ([10], 0.9, 7, 0),
                              ([2, 3], 1.0, 99, 0), ([], 0.3, 5, 0), ([3, 4], 0.5, 12345, 2), ([64, 16], 0.1, 2024, 0),
                              ([6, 2, 3], 0.7, 4611686018427387903, 3)]:
    # PyTorch's own dropout is input * (bernoulli mask / (1 - p)), and input * 0 when p = 1
    noise = dropout_factor(shape, p, seed, start)
    spec = {"name": "dropout", "scalar": p, "seed": seed}
    if start:
        spec["start"] = start
    add_case(f"dropout {shape_text(shape)} p={p} seed={seed}{f' from row {start}' if start else ''}", spec, [normal(shape)],
             lambda x, noise=noise: x * noise)

# --- softmax and log_softmax over rank >= 3, every dim ---
for name, fn in {"softmax": torch.softmax, "log_softmax": torch.log_softmax}.items():
    for shape, dim in [([2, 3, 4, 5], 0), ([2, 3, 4, 5], 1), ([2, 3, 4, 5], 2), ([2, 3, 4, 5], 3), ([2, 3, 4, 5], -3),
                       ([2, 3, 4], 2), ([1, 2, 1, 3], 1), ([1, 2, 1, 3], 2), ([2, 2, 2, 2, 3], -1), ([2, 2, 2, 2, 3], 2)]:
        add_case(f"{name} {shape_text(shape)} dim={dim}", {"name": name, "dim": dim}, [normal(shape) * 3],
                 lambda x, dim=dim, fn=fn: fn(x, dim=dim))

# --- cross_entropy with positions after the class dim ([N, C, d1, ...] against [N, d1, ...]) and unbatched ---
def class_indices(shape, c):
    return torch.randint(0, c, tuple(shape)).to(torch.float32)


for logits, scale in [([2, 3, 4], 2), ([2, 5, 3, 2], 2), ([1, 3, 1], 2), ([3, 4, 2, 2, 2], 2), ([2, 1, 3], 2),
                      ([4, 6, 5], 2), ([2, 4, 3], 30)]:
    label_shape = [logits[0]] + logits[2:]
    x = normal(logits) * scale + (100 if scale == 30 else 0)  # the last: beyond exp's float32 range
    add_case(f"cross_entropy {shape_text(logits)} labels {shape_text(label_shape)}{' huge logits' if scale == 30 else ''}",
             {"name": "cross_entropy"}, [x, class_indices(label_shape, logits[1])],
             lambda x, y: F.cross_entropy(x, y.long()), differentiable=[True, False])
for c in [4, 1]:
    add_case(f"cross_entropy [{c}] unbatched", {"name": "cross_entropy"}, [normal([c]) * 2, class_indices([], c)],
             lambda x, y: F.cross_entropy(x, y.long()), differentiable=[True, False])

write("ops_golden_models.json", "make_golden_models.py")
