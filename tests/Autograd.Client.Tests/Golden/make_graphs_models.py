#!/usr/bin/python3
"""Golden graphs of the model ops of issue 10 (batched matmul, layer_norm, dropout, softmax, log_softmax
and cross_entropy over more than two dims), computed once with real PyTorch 1.13.

Run: /usr/bin/python3 tests/Autograd.Client.Tests/Golden/make_graphs_models.py
Writes graphs_golden_models.json beside this script (committed: CI has no Python).

Dropout's mask cannot come from PyTorch's generator: the steps give the seed of the engine's
counter-based mask (args "seed"), and PyTorch computes x * mask / (1 - p) for that mask
(tests/Autograd.Nodes.Tests/Golden/dropout_mask.py, the hash written out in Python).
"""
import os
import sys

import torch
import torch.nn.functional as F

from make_graphs import Graph

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Autograd.Nodes.Tests", "Golden"))
from dropout_mask import dropout_factor  # noqa: E402

torch.manual_seed(10)


def layer_norm(g, name, x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """A layer_norm step: the inputs are x, then the weight and the bias when given."""
    inputs = [x] + [i for i in (weight, bias) if i is not None]

    def fn(x, *rest):
        w = rest[0] if weight is not None else None
        b = rest[-1] if bias is not None else None
        return F.layer_norm(x, normalized_shape, w, b, eps=eps)
    return g.call(name, "layer_norm", fn, *inputs,
                  args={"normalized_shape": list(normalized_shape), "eps": eps, "weight": weight is not None, "bias": bias is not None})


def dropout(g, name, x, p, training=True, seed=None):
    """A dropout step: with a seed, the engine's mask for it (PyTorch 1.13's grad_fn, MulBackward, names its implementation)."""
    args = {"p": p, "training": training}
    if seed is None:
        return g.call(name, "dropout", lambda x: F.dropout(x, p, training), x, args=args)
    args["seed"] = seed
    factor = dropout_factor(list(g.values[x].shape), p, seed)
    return g.call(name, "dropout", lambda x: x * factor, x, args=args, composed=True)


def matmul_graphs():
    graphs = []
    # PyTorch's grad_fn of a batched matmul names its implementation (UnsafeViewBackward, BmmBackward, CloneBackward)
    for name, a, b in [("op_matmul_batched", (2, 3, 4), (2, 4, 5)), ("op_matmul_broadcast_batches", (2, 1, 3, 4), (5, 4, 2)),
                       ("op_matmul_batched_by_matrix", (2, 3, 4), (4, 5)), ("op_matmul_matrix_by_batched", (3, 4), (2, 4, 5)),
                       ("op_matmul_vector_by_batched", (4,), (2, 4, 5)), ("op_matmul_batched_by_vector", (2, 3, 4), (4,))]:
        g = Graph(name)
        g.randn("a", *a)
        g.randn("b", *b)
        g.call("c", "matmul", torch.matmul, "a", "b", composed=True)
        g.backward("c", gradient=torch.randn(g.values["c"].shape))
        graphs.append(g)
    return graphs


def layer_norm_graphs():
    graphs = []
    for name, shape, normalized, affine in [("op_layer_norm", (4, 6), (6,), "weight bias"), ("op_layer_norm_3d", (2, 3, 4), (3, 4), "weight bias"),
                                            ("op_layer_norm_no_affine", (3, 5), (5,), ""), ("op_layer_norm_weight_only", (2, 3, 4), (4,), "weight"),
                                            ("op_layer_norm_bias_only", (3, 4), (4,), "bias")]:
        g = Graph(name)
        g.randn("x", *shape, scale=2.0, shift=1.0)
        weight = g.randn("w", *normalized, shift=1.0) if "weight" in affine else None
        bias = g.randn("b", *normalized) if "bias" in affine else None
        layer_norm(g, "y", "x", normalized, weight, bias)
        g.backward("y", gradient=torch.randn(shape))
        graphs.append(g)
    return graphs


def dropout_graphs():
    g = Graph("op_dropout")
    g.randn("x", 8, 16)
    dropout(g, "y", "x", 0.5, seed=20261210)
    dropout(g, "z", "y", 0.2, seed=77)        # a second mask on top of the first
    dropout(g, "same", "x", 0.5, training=False)  # evaluation: x itself, no node
    dropout(g, "kept", "x", 0.0)                  # p = 0: x itself, no node
    g.op("sum", "add", "z", "same")
    g.op("total", "add", "sum", "kept")
    g.backward("total", gradient=torch.randn(8, 16))
    graphs = [g]
    g = Graph("op_dropout_p1")
    g.randn("x", 3, 4)
    dropout(g, "y", "x", 1.0, seed=5)
    g.op("loss", "sum", "y")
    g.backward("loss")
    graphs.append(g)
    return graphs


def softmax_and_cross_entropy_graphs():
    g = Graph("op_softmax_rank_4")
    g.randn("x", 2, 3, 4, 5, scale=2.0)
    g.op("p", "softmax", "x", dim=2)
    g.op("lp", "log_softmax", "x", dim=-3)
    g.op("sum", "add", "p", "lp")
    g.backward("sum", gradient=torch.randn(2, 3, 4, 5))
    graphs = [g]
    # PyTorch's grad_fn of cross_entropy over [N, C, d1, ...] is NllLoss2dBackward (a view of it beyond 4-D)
    for name, logits in [("op_cross_entropy_3d", (4, 3, 5)), ("op_cross_entropy_4d", (2, 4, 3, 2))]:
        g = Graph(name)
        g.randn("logits", *logits, scale=2.0)
        g.leaf("labels", torch.randint(0, logits[1], (logits[0],) + logits[2:]).to(torch.float32))
        g.call("loss", "cross_entropy", lambda x, y: F.cross_entropy(x, y.long()), "logits", "labels", composed=True)
        g.backward("loss")
        graphs.append(g)
    return graphs


def block_graph():
    """Attention over a given memory with layer norms, residuals and dropout: every model op in one graph."""
    g = Graph("model_block")
    g.randn("x", 2, 4, 8)
    g.randn("memory", 2, 8, 4, scale=0.5)
    g.randn("wq", 8, 8, scale=0.3)
    g.randn("wv", 8, 8, scale=0.3)
    g.randn("gamma", 8, shift=1.0)
    g.randn("beta", 8, scale=0.1)
    g.leaf("labels", torch.randint(0, 4, (2, 8)).to(torch.float32))
    layer_norm(g, "h", "x", (8,), "gamma", "beta")
    g.call("q", "matmul", torch.matmul, "h", "wq", composed=True)
    g.call("scores", "matmul", torch.matmul, "q", "memory", composed=True)
    g.op("attention", "softmax", "scores", dim=-1)
    g.call("v", "matmul", torch.matmul, "h", "wv", composed=True)
    g.call("mixed", "matmul", torch.matmul, "attention", "v", composed=True)
    dropout(g, "dropped", "mixed", 0.25, seed=31337)
    g.op("residual", "add", "x", "dropped")
    layer_norm(g, "out", "residual", (8,))
    g.call("loss", "cross_entropy", lambda x, y: F.cross_entropy(x, y.long()), "out", "labels", composed=True)
    g.backward("loss")
    return g


if __name__ == "__main__":
    Graph.write(matmul_graphs() + layer_norm_graphs() + dropout_graphs() + softmax_and_cross_entropy_graphs() + [block_graph()],
                "graphs_golden_models.json", "make_graphs_models.py")
