#!/usr/bin/python3
"""Golden graphs of the indexing, joining and shape ops (issue 10), computed once with real PyTorch.

Run: /usr/bin/python3 tests/Autograd.Client.Tests/Golden/make_graphs_indexing.py
Writes graphs_golden_indexing.json beside this script (committed: CI has no Python).

Each step's op is the op-table name and its "args" what the client's method takes. The "index"
step is the C# indexer: its items are written as C# index expressions ("0", "-1", "^1", "..",
"1..3", "..^1") and mean here what they mean in Python's subscript (x[0], x[-1], x[-1], x[:], x[1:3], x[:-1]).
"""
import torch

from make_graphs import Graph

torch.manual_seed(10)


def indices(g, name, values):
    """Indices as the engine keeps them: float32 holding integers."""
    return g.leaf(name, torch.tensor(values, dtype=torch.float32))


def python_item(item):
    """A C# index expression as a Python subscript item."""
    def bound(text):
        return None if text == "" else -int(text[1:]) if text.startswith("^") else int(text)
    if ".." in item:
        start, end = item.split("..")
        return slice(bound(start), bound(end))
    return bound(item)


def subscript(g, name, x, items):
    key = tuple(python_item(i) for i in items)
    ops = sorted({"narrow" if ".." in i else "select" for i in items if i != ".."})
    # PyTorch slices a whole dim too (SliceBackward); the client adds no node for it
    return g.call(name, "index", lambda v: v[key], x, args={"items": items}, table_ops=ops, composed=items[-1] == "..")


def one_op_graphs():
    graphs = []

    def graph(name, shape):
        g = Graph(name)
        g.randn("x", *shape)
        return g

    def finish(g, root):
        g.backward(root, gradient=torch.randn(g.values[root].shape))
        graphs.append(g)

    for dim, start, length in [(1, 1, 2), (0, -2, 2), (-1, 0, 3)]:
        g = graph(f"op_narrow_{dim}_{start}_{length}", (3, 4, 5))
        finish(g, g.call("y", "narrow", lambda x: x.narrow(dim, start, length), "x", args={"dim": dim, "start": start, "length": length}))
    for dim, index in [(0, 1), (-1, -1), (1, 0)]:
        g = graph(f"op_select_{dim}_{index}", (3, 4, 5))
        finish(g, g.call("y", "select", lambda x: x.select(dim, index), "x", args={"dim": dim, "index": index}))
    for dim, values in [(0, [2, 0, 2, 2, 1]), (1, [3, 0]), (-1, [4, 4, 4])]:
        g = graph(f"op_index_select_{dim}", (3, 4, 5))
        indices(g, "i", values)
        finish(g, g.call("y", "index_select", lambda x, i: torch.index_select(x, dim, i.long()), "x", "i", args={"dim": dim}))
    for dim in [0, 1, -1]:
        g = Graph(f"op_cat_{dim}")
        g.randn("a", 2, 3, 4)
        g.randn("b", 2, 3, 4)
        g.randn("c", 2, 3, 4, requires_grad=False)
        finish(g, g.call("y", "cat", lambda *xs: torch.cat(xs, dim), "a", "b", "c", args={"dim": dim}))
    for dim in [0, 2, -1]:
        g = Graph(f"op_stack_{dim}")
        g.randn("a", 2, 3)
        g.randn("b", 2, 3)
        finish(g, g.call("y", "stack", lambda *xs: torch.stack(xs, dim), "a", "b", args={"dim": dim}))
    for dim in [0, 2, -1]:
        g = graph(f"op_unsqueeze_{dim}", (2, 3))
        finish(g, g.call("y", "unsqueeze", lambda x: x.unsqueeze(dim), "x", args={"dim": dim}))
    for dim in [None, 1, 0]:
        g = graph(f"op_squeeze_{dim}", (2, 1, 3, 1))
        args = {} if dim is None else {"dim": dim}
        finish(g, g.call("y", "squeeze", (lambda x: x.squeeze()) if dim is None else (lambda x: x.squeeze(dim)), "x", args=args))
    for dims in [[2, 0, 1], [0, 2, 1], [1, 0, 2]]:
        g = graph(f"op_permute_{''.join(map(str, dims))}", (2, 3, 4))
        finish(g, g.call("y", "permute", lambda x: x.permute(*dims), "x", args={"dims": dims}))
    for d0, d1 in [(0, 2), (-1, -2), (1, 1)]:
        g = graph(f"op_transpose_{d0}_{d1}", (2, 3, 4))
        finish(g, g.call("y", "transpose", lambda x: x.transpose(d0, d1), "x", args={"dim0": d0, "dim1": d1}))
    for shape, sizes in [((3, 1), [3, 4]), ((3, 1), [2, -1, 5]), ((1, 4), [6, 4])]:
        g = graph(f"op_expand_{'x'.join(map(str, sizes))}", shape)
        finish(g, g.call("y", "expand", lambda x: x.expand(*sizes), "x", args={"sizes": sizes}))
    for start, end in [(0, -1), (1, 2), (0, 1)]:
        g = graph(f"op_flatten_{start}_{end}", (2, 3, 4))
        # PyTorch 1.13 names reshape's node ReshapeAliasBackward, current PyTorch ViewBackward
        finish(g, g.call("y", "flatten", lambda x: x.flatten(start, end), "x", args={"start_dim": start, "end_dim": end}, composed=True))
    for items in [["0"], ["..", "1..3"], ["^1"], ["1", ".."], ["-1", "..^1", "2"], ["1..", "^2..", "0..2"], ["..", "..", "3"]]:
        g = graph(f"op_index_{'_'.join(items)}", (3, 4, 5))
        finish(g, subscript(g, "y", "x", items))
    return graphs


def model_graphs():
    graphs = []
    g = Graph("embedding_lookup_accumulates_repeated_rows")
    g.randn("weight", 5, 3)
    indices(g, "ids", [[1, 4, 1], [0, 1, 1]])
    g.call("flat", "flatten", lambda i: i.flatten(), "ids", args={"start_dim": 0, "end_dim": -1}, composed=True)
    g.call("rows", "index_select", lambda w, i: torch.index_select(w, 0, i.long()), "weight", "flat", args={"dim": 0})
    g.op("emb", "reshape", "rows", shape=[2, 3, 3])
    g.op("h", "tanh", "emb")
    g.op("loss", "sum", "h")
    g.backward("loss")
    graphs.append(g)

    g = Graph("heads_split_and_merged_as_in_attention")
    g.randn("x", 2, 4, 6)   # batch, sequence, width = 2 heads of 3
    g.op("q", "reshape", "x", shape=[2, 4, 2, 3])
    g.call("qh", "transpose", lambda t: t.transpose(1, 2), "q", args={"dim0": 1, "dim1": 2})
    g.call("scaled", "permute", lambda t: t.permute(0, 1, 3, 2), "qh", args={"dims": [0, 1, 3, 2]})
    g.op("s", "tanh", "scaled")
    g.call("back", "permute", lambda t: t.permute(0, 3, 1, 2), "s", args={"dims": [0, 3, 1, 2]})
    g.call("merged", "flatten", lambda t: t.flatten(2), "back", args={"start_dim": 2, "end_dim": -1}, composed=True)
    g.op("y", "mul", "merged", "x")
    g.op("loss", "mean", "y")
    g.backward("loss")
    graphs.append(g)

    g = Graph("pieces_of_one_tensor_joined_again")
    g.randn("x", 3, 6)
    g.call("left", "narrow", lambda t: t.narrow(1, 0, 2), "x", args={"dim": 1, "start": 0, "length": 2})
    g.call("right", "narrow", lambda t: t.narrow(1, 2, 4), "x", args={"dim": 1, "start": 2, "length": 4})
    g.op("r2", "mul", "right", "right")
    g.call("joined", "cat", lambda *ts: torch.cat(ts, 1), "r2", "left", args={"dim": 1})
    g.call("row", "select", lambda t: t.select(0, 1), "joined", args={"dim": 0, "index": 1})
    g.call("rows", "stack", lambda *ts: torch.stack(ts, 0), "row", "row", args={"dim": 0})
    g.call("wide", "unsqueeze", lambda t: t.unsqueeze(1), "rows", args={"dim": 1})
    g.call("big", "expand", lambda t: t.expand(2, 3, 6), "wide", args={"sizes": [2, 3, 6]})
    g.op("loss", "sum", "big")
    g.backward("loss")
    graphs.append(g)
    return graphs


if __name__ == "__main__":
    Graph.write(one_op_graphs() + model_graphs(), "graphs_golden_indexing.json", "make_graphs_indexing.py")
