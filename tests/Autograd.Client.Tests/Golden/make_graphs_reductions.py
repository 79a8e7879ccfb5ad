#!/usr/bin/python3
"""Golden graphs of the reductions of issue 10 (max, min, argmax, argmin, var, std, sum and mean over
several dims), computed once with real PyTorch.

Run: /usr/bin/python3 tests/Autograd.Client.Tests/Golden/make_graphs_reductions.py
Writes graphs_golden_reductions.json beside this script (committed: CI has no Python).
Step arguments (in "args"): dim (absent: every element), keep_dim, unbiased, dims.
"""
import torch

from make_graphs import Graph

torch.manual_seed(10)


def reduce(g, name, op, x, fn, table_ops=None, **args):
    return g.call(name, op, fn, x, args=args or None, table_ops=table_ops)


def extremes_graph():
    g = Graph("reductions_max_min_argmax")
    g.randn("x", 4, 5)
    reduce(g, "top", "max", "x", torch.max)
    reduce(g, "row_max", "max", "x", lambda x: x.max(1).values, table_ops=["max", "argmax"], dim=1)
    reduce(g, "row_max_at", "max_indices", "x", lambda x: x.max(1).indices, table_ops=["max", "argmax"], dim=1)
    reduce(g, "col_min", "min", "x", lambda x: x.min(-2, keepdim=True).values, table_ops=["min", "argmin"], dim=-2, keep_dim=True)
    reduce(g, "col_min_at", "min_indices", "x", lambda x: x.min(-2, keepdim=True).indices, table_ops=["min", "argmin"],
           dim=-2, keep_dim=True)
    reduce(g, "col_argmax", "argmax", "x", lambda x: x.argmax(0, keepdim=True), dim=0, keep_dim=True)
    reduce(g, "row_argmin", "argmin", "x", lambda x: x.argmin(-1), dim=-1)
    reduce(g, "bottom", "min", "x", torch.min)
    g.op("row_sum", "sum", "row_max")
    g.op("col_sum", "sum", "col_min")
    g.op("a", "add", "row_sum", "col_sum")
    g.op("b", "mul", "top", "bottom")
    g.op("loss", "add", "a", "b")
    g.backward("loss")
    return g


def ties_graph():
    # small integers: ties everywhere, so which index wins and how the full max splits its gradient matter
    g = Graph("reductions_ties")
    g.leaf("t", torch.randint(-2, 3, (5, 4)).to(torch.float32), requires_grad=True)
    reduce(g, "top", "max", "t", torch.max)
    reduce(g, "bottom", "min", "t", torch.min)
    reduce(g, "col_max", "max", "t", lambda x: x.max(0).values, table_ops=["max", "argmax"], dim=0)
    reduce(g, "col_max_at", "max_indices", "t", lambda x: x.max(0).indices, table_ops=["max", "argmax"], dim=0)
    reduce(g, "row_argmin", "argmin", "t", lambda x: x.argmin(1, keepdim=True), dim=1, keep_dim=True)
    g.op("s", "sum", "col_max")
    g.op("a", "mul_scalar", "top", scalar=3.0)
    g.op("b", "add", "s", "a")
    g.op("loss", "sub", "b", "bottom")
    g.backward("loss")
    return g


def variance_graph():
    g = Graph("reductions_var_std")
    g.randn("x", 3, 4, scale=2.0, shift=1.0)
    reduce(g, "v", "var", "x", torch.var)
    reduce(g, "v0", "var", "x", lambda x: x.var(0), dim=0)
    reduce(g, "s1", "std", "x", lambda x: x.std(1, unbiased=False, keepdim=True), dim=1, unbiased=False, keep_dim=True)
    reduce(g, "s", "std", "x", lambda x: x.std(unbiased=False), unbiased=False)
    reduce(g, "vb", "var", "x", lambda x: x.var(-1, unbiased=False), dim=-1, unbiased=False)
    g.op("a", "sum", "v0")
    g.op("b", "sum", "s1")
    g.op("c", "sum", "vb")
    g.op("ab", "add", "a", "b")
    g.op("abc", "add", "ab", "c")
    g.op("vs", "mul", "v", "s")
    g.op("loss", "add", "abc", "vs")
    g.backward("loss")
    return g


def dims_graph():
    g = Graph("reductions_sum_mean_dims")
    g.randn("x", 2, 3, 4)
    g.randn("w", 3)
    reduce(g, "s", "sum_dims", "x", lambda x: x.sum([0, 2]), table_ops=["sum"], dims=[0, 2])
    reduce(g, "m", "mean_dims", "x", lambda x: x.mean([-1, 0], keepdim=True), table_ops=["mean"], dims=[-1, 0], keep_dim=True)
    reduce(g, "all", "sum_dims", "x", lambda x: x.sum([]), table_ops=["sum"], dims=[])
    g.op("sw", "mul", "s", "w")
    g.op("a", "sum", "sw")
    g.op("b", "sum", "m")
    g.op("c", "mul", "a", "b")
    g.op("loss", "add", "c", "all")
    g.backward("loss", gradient=torch.tensor(1.5))
    return g


def normalize_graph():
    # standardizing rows, as a layer norm without its own op would: mean and std over the last dim
    g = Graph("reductions_standardize_rows")
    g.randn("x", 4, 6, scale=3.0, shift=2.0)
    reduce(g, "mu", "mean_dims", "x", lambda x: x.mean([-1], keepdim=True), table_ops=["mean"], dims=[-1], keep_dim=True)
    reduce(g, "sigma", "std", "x", lambda x: x.std(-1, unbiased=False, keepdim=True), dim=-1, unbiased=False, keep_dim=True)
    g.op("centered", "sub", "x", "mu")
    g.op("z", "div", "centered", "sigma")
    g.op("z3", "pow", "z", scalar=3.0)
    g.op("loss", "mean", "z3")
    g.backward("loss")
    return g


if __name__ == "__main__":
    Graph.write([extremes_graph(), ties_graph(), variance_graph(), dims_graph(), normalize_graph()],
                "graphs_golden_reductions.json", "make_graphs_reductions.py")
