#!/usr/bin/python3
"""Golden graphs of the linear op (x @ W.T + b in one node), computed once with real PyTorch.

Run: /usr/bin/python3 tests/Autograd.Client.Tests/Golden/make_graphs_linear.py
Writes graphs_golden_linear.json beside this script (committed: CI has no Python).
"""
import torch
import torch.nn.functional as F

from make_graphs import Graph

torch.manual_seed(8)


def linear_graphs():
    graphs = []
    for name, shape_x, bias in [("op_linear", (5, 4), True), ("op_linear_no_bias", (5, 4), False),
                                ("op_linear_3d_input", (2, 3, 4), True), ("op_linear_vector", (4,), True)]:
        g = Graph(name)
        g.randn("x", *shape_x)
        g.randn("w", 3, 4)
        inputs = ["x", "w"]
        if bias:
            g.randn("b", 3)
            inputs.append("b")
        # PyTorch's grad_fn for a 1-D or 3-D input names its composition (add, view of addmm)
        g.call("y", "linear", F.linear, *inputs, composed=len(shape_x) != 2)
        g.backward("y", gradient=torch.randn(g.values["y"].shape))
        graphs.append(g)
    g = Graph("mlp_of_linears")
    g.randn("x", 6, 4)
    g.randn("w1", 8, 4, scale=0.5)
    g.randn("b1", 8)
    g.randn("w2", 3, 8, scale=0.5)
    g.randn("b2", 3)
    g.leaf("labels", torch.tensor([0.0, 2.0, 1.0, 1.0, 0.0, 2.0]))
    g.call("h", "linear", F.linear, "x", "w1", "b1")
    g.op("a", "relu", "h")
    g.call("logits", "linear", F.linear, "a", "w2", "b2")
    g.op("loss", "cross_entropy", "logits", "labels")
    g.backward("loss")
    graphs.append(g)
    return graphs


if __name__ == "__main__":
    Graph.write(linear_graphs(), "graphs_golden_linear.json", "make_graphs_linear.py")
