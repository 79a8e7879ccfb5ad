#!/usr/bin/python3
"""Golden graphs of the elementwise ops of issue 10 (unary math, clamp, maximum and minimum, masks,
where, masked_fill), computed once with real PyTorch 1.13.

Run: /usr/bin/python3 tests/Autograd.Client.Tests/Golden/make_graphs_elementwise.py
Writes graphs_golden_elementwise.json beside this script (committed: CI has no Python).

Masks are float 0/1 on both sides (PyTorch's bool results cast with .float(); conditions and masks
given to PyTorch as .bool()); steps are named as the op table. The graphs sit on the kinks: abs at 0,
values at clamp's bounds, ties of maximum and minimum.
"""
import torch
import torch.nn.functional as F

from make_graphs import Graph

torch.manual_seed(10)


def mask_of(fn):
    return lambda *xs: fn(*xs).float()


def unary_graph():
    g = Graph("op_elementwise_unary")
    g.leaf("x", torch.tensor([[0.0, -1.5, 0.3, 2.0], [-0.0, 0.7, -0.2, -3.0], [1.0, 0.0, -0.6, 4.5]]), requires_grad=True)
    g.positive("p", 3, 4)
    g.call("a", "abs", torch.abs, "x")
    g.call("b", "gelu", F.gelu, "x")
    g.call("c", "silu", F.silu, "x")
    g.call("d", "sin", torch.sin, "x")
    g.call("e", "cos", torch.cos, "x")
    g.call("f", "log1p", torch.log1p, "p")
    g.op("ab", "mul", "a", "b")
    g.op("abc", "add", "ab", "c")
    g.op("de", "mul", "d", "e")
    g.op("abcde", "sub", "abc", "de")
    g.op("all", "add", "abcde", "f")
    g.backward("all", gradient=torch.randn(3, 4))
    return g


def clamp_graph():
    g = Graph("op_clamp")
    g.leaf("x", torch.tensor([-1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 2.0]), requires_grad=True)
    g.call("both", "clamp", lambda x: torch.clamp(x, -0.5, 0.5), "x", args={"min": -0.5, "max": 0.5})
    g.call("low", "clamp", lambda x: torch.clamp(x, min=0.0), "x", args={"min": 0.0})
    g.call("high", "clamp", lambda x: torch.clamp(x, max=0.25), "x", args={"max": 0.25})
    g.call("crossed", "clamp", lambda x: torch.clamp(x, 0.5, -0.5), "x", args={"min": 0.5, "max": -0.5})
    g.op("s1", "mul", "both", "low")
    g.op("s2", "add", "s1", "high")
    g.op("s3", "add", "s2", "crossed")
    g.backward("s3", gradient=torch.randn(8))
    return g


def maximum_minimum_graph():
    g = Graph("op_maximum_minimum_with_ties")
    g.leaf("a", torch.randint(-2, 3, (3, 4)).float(), requires_grad=True)
    g.leaf("b", torch.randint(-2, 3, (4,)).float(), requires_grad=True)
    g.randn("w", 3, 4)
    g.call("hi", "maximum", torch.maximum, "a", "b")
    g.call("lo", "minimum", torch.minimum, "b", "a")
    g.op("hw", "mul", "hi", "w")
    g.op("both", "sub", "hw", "lo")
    g.op("loss", "sum", "both")
    g.backward("loss")
    return g


def masks_graph():
    g = Graph("op_masks")
    g.leaf("x", torch.randint(-2, 3, (3, 4)).float(), requires_grad=True)
    g.leaf("y", torch.randint(-2, 3, (4,)).float(), requires_grad=True)
    masks = []
    for name, fn in [("gt", torch.gt), ("lt", torch.lt), ("ge", torch.ge), ("le", torch.le), ("eq", torch.eq)]:
        masks.append(g.call(f"m_{name}", name, mask_of(fn), "x", "y"))
        masks.append(g.call(f"m_{name}_scalar", f"{name}_scalar", mask_of(lambda x, fn=fn: fn(x, 0.0)), "x", args={"other": 0.0}))
    total = masks[0]
    for k, m in enumerate(masks[1:]):
        total = g.op(f"total{k}", "add", total, m)
    g.op("weighted", "mul", total, "x")
    g.op("loss", "sum", "weighted")
    g.backward("loss")
    return g


def attention_mask_graph():
    """A causal mask as attention uses it: scores masked_fill'ed above the diagonal, softmax, then where."""
    g = Graph("op_where_masked_fill_causal")
    g.randn("scores", 2, 4, 4)
    g.leaf("causal", torch.triu(torch.ones(4, 4), diagonal=1))
    g.leaf("keep", torch.tensor([1.0, 0.0, 1.0, 1.0]))
    g.randn("other", 4, 1)
    g.call("masked", "masked_fill", lambda s, m: s.masked_fill(m.bool(), -1e9), "scores", "causal", args={"value": -1e9})
    g.op("attn", "softmax", "masked", dim=-1)
    g.call("chosen", "where", lambda c, x, y: torch.where(c.bool(), x, y), "keep", "attn", "other")
    g.backward("chosen", gradient=torch.randn(2, 4, 4))
    return g


if __name__ == "__main__":
    Graph.write([unary_graph(), clamp_graph(), maximum_minimum_graph(), masks_graph(), attention_mask_graph()],
                "graphs_golden_elementwise.json", "make_graphs_elementwise.py")
