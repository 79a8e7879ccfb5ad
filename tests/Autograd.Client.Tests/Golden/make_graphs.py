#!/usr/bin/python3
"""Golden graphs for the end-to-end tests, computed once with real PyTorch.

Run: /usr/bin/python3 tests/Autograd.Client.Tests/Golden/make_graphs.py
Writes graphs_golden.json beside this script (committed: CI has no Python).

Each graph is a tiny program both sides interpret:
  leaves   name, shape, data, requires_grad
  steps    name = op(inputs, attributes), with PyTorch's value, requires_grad and grad_fn
           name (trailing digit dropped) of every step
  actions  in order: "backward" (root, optional upstream gradient, retain_graph) or
           "zero_grad" (leaf names); after each action, PyTorch's .grad of every leaf
           (null when it has none)
Op names follow the client's methods; the "r" variants put the float on the left
(2 - x is rsub_scalar). Labels of cross_entropy are class indices stored as float32.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
torch.set_num_threads(1)


def f32(values):
    """float32 values written with 9 significant digits: enough to round-trip exactly."""
    return [float("%.9g" % v) for v in values]


def tensor_json(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": f32(t.reshape(-1).tolist())}


UNARY = {
    "neg": lambda a: -a,
    "exp": torch.exp,
    "log": torch.log,
    "sqrt": torch.sqrt,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "sum": torch.sum,
    "mean": torch.mean,
    "t": lambda a: a.t(),
}

BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "matmul": lambda a, b: a.matmul(b),
    "mse_loss": lambda a, b: F.mse_loss(a, b),
    "cross_entropy": lambda a, b: F.cross_entropy(a, b.long()),
}

WITH_SCALAR = {
    "add_scalar": lambda a, c: a + c,
    "radd_scalar": lambda a, c: c + a,
    "sub_scalar": lambda a, c: a - c,
    "rsub_scalar": lambda a, c: c - a,
    "mul_scalar": lambda a, c: a * c,
    "rmul_scalar": lambda a, c: c * a,
    "div_scalar": lambda a, c: a / c,
    "rdiv_scalar": lambda a, c: c / a,
    "pow": lambda a, c: a.pow(c),
}

WITH_DIM = {
    "sum_dim": lambda a, d, k: a.sum(d, keepdim=k),
    "mean_dim": lambda a, d, k: a.mean(d, keepdim=k),
    "softmax": lambda a, d, k: torch.softmax(a, d),
    "log_softmax": lambda a, d, k: torch.log_softmax(a, d),
}

ALL_OPS = set(UNARY) | set(BINARY) | set(WITH_SCALAR) | set(WITH_DIM) | {"reshape"}


class Graph:
    """Records a graph as data while computing it with PyTorch."""

    def __init__(self, name, rtol=1e-4, atol=1e-5):
        self.name = name
        self.rtol, self.atol = rtol, atol
        self.leaves, self.steps, self.actions = [], [], []
        self.values = {}

    # ----- building -----
    def leaf(self, name, data, requires_grad=False):
        t = data.detach().clone().to(torch.float32).requires_grad_(requires_grad)
        self.values[name] = t
        self.leaves.append({"name": name, **tensor_json(t), "requires_grad": requires_grad})
        return name

    def randn(self, name, *shape, requires_grad=True, scale=1.0, shift=0.0):
        return self.leaf(name, torch.randn(shape) * scale + shift, requires_grad)

    def positive(self, name, *shape, requires_grad=True):
        """Values in [0.5, 2): safe for log, sqrt, division."""
        return self.leaf(name, torch.rand(shape) * 1.5 + 0.5, requires_grad)

    def op(self, name, op, *inputs, scalar=None, dim=None, keep_dim=None, shape=None):
        assert op in ALL_OPS, op
        args = [self.values[i] for i in inputs]
        if op in UNARY:
            value = UNARY[op](*args)
        elif op in BINARY:
            value = BINARY[op](*args)
        elif op in WITH_SCALAR:
            value = WITH_SCALAR[op](args[0], scalar)
        elif op in WITH_DIM:
            value = WITH_DIM[op](args[0], dim, bool(keep_dim))
        else:
            value = args[0].reshape(shape)
        self.values[name] = value
        step = {"name": name, "op": op, "inputs": list(inputs)}
        if scalar is not None:
            step["scalar"] = float(scalar)
        if dim is not None:
            step["dim"] = dim
        if keep_dim is not None:
            step["keep_dim"] = keep_dim
        if shape is not None:
            step["shape"] = list(shape)
        step["requires_grad"] = value.requires_grad
        if value.grad_fn is not None and not self._composed_in_pytorch(op, args):
            step["grad_fn"] = value.grad_fn.name().rstrip("0123456789")
        step["value"] = tensor_json(value)
        self.steps.append(step)
        return name

    @staticmethod
    def _composed_in_pytorch(op, args):
        """PyTorch's grad_fn names its implementation here, so it is not compared: c / x is
        reciprocal then mul; 1-D matmul is dot, mv or a squeezed mm; reshape is
        ReshapeAliasBackward in 1.13 but ViewBackward in current PyTorch."""
        return op in ("rdiv_scalar", "reshape") or (op == "matmul" and any(a.dim() == 1 for a in args))

    def call(self, name, op, fn, *inputs, args=None, table_ops=None, composed=False):
        """A step of an op family outside this file's tables: fn(*input values) in PyTorch; `args`
        (a dict) is what the C# interpreter needs beyond the inputs; `table_ops` names the op-table
        ops the step builds when they are not just `op` (the coverage test reads both); `composed`
        when PyTorch's grad_fn names its implementation here (not compared)."""
        value = fn(*[self.values[i] for i in inputs])
        self.values[name] = value
        step = {"name": name, "op": op, "inputs": list(inputs)}
        if args is not None:
            step["args"] = args
        if table_ops is not None:
            step["table_ops"] = list(table_ops)
        step["requires_grad"] = value.requires_grad
        if value.grad_fn is not None and not composed:
            step["grad_fn"] = value.grad_fn.name().rstrip("0123456789")
        step["value"] = tensor_json(value)
        self.steps.append(step)
        return name

    @staticmethod
    def write(graphs, file_name, generator):
        """Writes graphs beside this script (used by the family scripts, make_graphs_*.py)."""
        names = [g.name for g in graphs]
        assert len(names) == len(set(names)), "graph names must be unique"
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), file_name)
        with open(path, "w") as out:
            json.dump({"generator": generator, "torch": torch.__version__,
                       "graphs": [g.to_json() for g in graphs]}, out, separators=(",", ":"))
            out.write("\n")
        print(f"{len(graphs)} graphs, {os.path.getsize(path)} bytes -> {path}")

    # ----- running -----
    def backward(self, root, gradient=None, retain_graph=False):
        upstream = None if gradient is None else gradient.to(torch.float32)
        self.values[root].backward(upstream, retain_graph=retain_graph)
        self.actions.append({
            "kind": "backward",
            "root": root,
            "gradient": None if upstream is None else tensor_json(upstream),
            "retain_graph": retain_graph,
            "grads_after": self._grads(),
        })

    def zero_grad(self, *leaves):
        for name in leaves:
            self.values[name].grad.zero_()
        self.actions.append({"kind": "zero_grad", "leaves": list(leaves), "grads_after": self._grads()})

    def _grads(self):
        grads = {}
        for leaf in self.leaves:
            g = self.values[leaf["name"]].grad
            grads[leaf["name"]] = None if g is None else tensor_json(g)
        return grads

    def to_json(self):
        assert self.actions, f"{self.name}: no backward"
        return {"name": self.name, "rtol": self.rtol, "atol": self.atol,
                "leaves": self.leaves, "steps": self.steps, "actions": self.actions}


def one_op_graphs():
    """Every op at least once, each on its own so a failure names the op."""
    graphs = []
    for op in ["neg", "exp", "tanh", "sigmoid", "relu", "t"]:
        g = Graph(f"op_{op}")
        g.randn("x", 3, 4)
        g.op("y", op, "x")
        g.backward("y", gradient=torch.randn(g.values["y"].shape))
        graphs.append(g)
    for op in ["log", "sqrt"]:
        g = Graph(f"op_{op}")
        g.positive("x", 3, 4)
        g.op("y", op, "x")
        g.backward("y", gradient=torch.randn(3, 4))
        graphs.append(g)
    for op in ["sum", "mean"]:
        g = Graph(f"op_{op}")
        g.randn("x", 2, 3, 4)
        g.op("y", op, "x")
        g.backward("y")
        graphs.append(g)
    for op in ["add", "sub", "mul", "div"]:
        g = Graph(f"op_{op}")
        g.randn("a", 3, 4)
        g.positive("b", 3, 4)
        g.op("y", op, "a", "b")
        g.backward("y", gradient=torch.randn(3, 4))
        graphs.append(g)
    for op, c in [("add_scalar", 2.5), ("radd_scalar", -1.5), ("sub_scalar", 0.75), ("rsub_scalar", 3.0),
                  ("mul_scalar", -2.0), ("rmul_scalar", 0.5), ("div_scalar", 4.0), ("rdiv_scalar", 2.0)]:
        g = Graph(f"op_{op}")
        g.positive("x", 2, 3)
        g.op("y", op, "x", scalar=c)
        g.op("out", "sum", "y")
        g.backward("out")
        graphs.append(g)
    for c in [2.0, 3.0, 0.5, -1.0, -0.5]:
        g = Graph(f"op_pow_{c:g}")
        g.positive("x", 2, 3)
        g.op("y", "pow", "x", scalar=c)
        g.op("out", "sum", "y")
        g.backward("out")
        graphs.append(g)
    for op in ["sum_dim", "mean_dim"]:
        for dim in [0, 1, 2]:
            for keep in [False, True]:
                g = Graph(f"op_{op}_{dim}_{'keep' if keep else 'drop'}")
                g.randn("x", 2, 3, 4)
                g.op("y", op, "x", dim=dim, keep_dim=keep)
                g.backward("y", gradient=torch.randn(g.values["y"].shape))
                graphs.append(g)
    for op in ["softmax", "log_softmax"]:
        for dim in [0, 1]:
            g = Graph(f"op_{op}_{dim}")
            g.randn("x", 3, 5, scale=2.0)
            g.op("y", op, "x", dim=dim)
            g.backward("y", gradient=torch.randn(3, 5))
            graphs.append(g)
    g = Graph("negative_dims_count_from_the_end")
    g.randn("x", 2, 3, 4)
    g.op("s", "sum_dim", "x", dim=-1, keep_dim=True)
    g.op("p", "softmax", "x", dim=-1)
    g.op("y", "mul", "p", "s")
    g.op("out", "sum", "y")
    g.backward("out")
    graphs.append(g)
    g = Graph("op_matmul")
    g.randn("a", 3, 4)
    g.randn("b", 4, 5)
    g.op("y", "matmul", "a", "b")
    g.backward("y", gradient=torch.randn(3, 5))
    graphs.append(g)
    for name, sa, sb in [("matrix_vector", (3, 4), (4,)), ("vector_matrix", (4,), (4, 2)), ("dot", (5,), (5,))]:
        g = Graph(f"op_matmul_{name}")
        g.randn("a", *sa)
        g.randn("b", *sb)
        g.op("y", "matmul", "a", "b")
        g.op("out", "sum", "y")
        g.backward("out")
        graphs.append(g)
    g = Graph("op_reshape")
    g.randn("x", 2, 6)
    g.op("a", "reshape", "x", shape=[3, 4])
    g.op("b", "reshape", "a", shape=[12])
    g.op("y", "reshape", "b", shape=[4, 1, 3])
    g.backward("y", gradient=torch.randn(4, 1, 3))
    graphs.append(g)
    g = Graph("op_mse_loss")
    g.randn("pred", 4, 3)
    g.randn("target", 4, 3, requires_grad=False)
    g.op("loss", "mse_loss", "pred", "target")
    g.backward("loss")
    graphs.append(g)
    g = Graph("op_mse_loss_both_sides_require_grad")
    g.randn("pred", 5)
    g.randn("target", 5)
    g.op("loss", "mse_loss", "pred", "target")
    g.backward("loss")
    graphs.append(g)
    g = Graph("op_cross_entropy")
    g.randn("logits", 6, 4, scale=2.0)
    g.leaf("labels", torch.tensor([0, 3, 1, 1, 2, 0], dtype=torch.float32))
    g.op("loss", "cross_entropy", "logits", "labels")
    g.backward("loss")
    graphs.append(g)
    return graphs


def broadcasting_graphs():
    graphs = []
    for name, op, sa, sb in [("row_vector", "add", (3, 4), (4,)),
                             ("column_times_row", "mul", (3, 1), (1, 4)),
                             ("rank3_minus_rank2", "sub", (2, 3, 4), (3, 1)),
                             ("divide_by_row", "div", (3, 4), (4,)),
                             ("scalar_tensor", "mul", (3, 4), ()),
                             ("scalar_tensor_on_left", "sub", (), (2, 3))]:
        g = Graph(f"broadcast_{name}")
        g.randn("a", *sa)
        if op == "div":
            g.positive("b", *sb)
        else:
            g.randn("b", *sb)
        g.op("y", op, "a", "b")
        g.op("out", "sum", "y")
        g.backward("out")
        graphs.append(g)
    g = Graph("broadcast_bias_add_after_matmul")
    g.randn("x", 5, 3)
    g.randn("w", 3, 2)
    g.randn("b", 2)
    g.op("xw", "matmul", "x", "w")
    g.op("y", "add", "xw", "b")
    g.op("h", "tanh", "y")
    g.op("out", "mean", "h")
    g.backward("out")
    graphs.append(g)
    return graphs


def sharing_graphs():
    graphs = []
    g = Graph("shared_x_times_x")
    g.randn("x", 3)
    g.op("y", "mul", "x", "x")
    g.op("out", "sum", "y")
    g.backward("out")
    graphs.append(g)
    g = Graph("shared_y_squared_plus_y")
    g.randn("x", 2, 2)
    g.op("y", "add_scalar", "x", scalar=1.0)
    g.op("yy", "mul", "y", "y")
    g.op("z", "add", "yy", "y")
    g.op("out", "sum", "z")
    g.backward("out")
    graphs.append(g)
    g = Graph("diamond")
    g.randn("x", 3, 2)
    g.op("a", "exp", "x")
    g.op("b", "tanh", "x")
    g.op("c", "mul", "a", "b")
    g.op("d", "add", "c", "a")
    g.op("out", "mean", "d")
    g.backward("out")
    graphs.append(g)
    g = Graph("nested_diamonds_with_two_leaves")
    g.randn("x", 4)
    g.randn("w", 4)
    g.op("a", "mul", "x", "w")
    g.op("b", "sigmoid", "a")
    g.op("c", "sub", "a", "b")
    g.op("d", "mul", "c", "x")
    g.op("e", "div", "d", "b")
    g.op("f", "add", "e", "w")
    g.op("out", "sum", "f")
    g.backward("out")
    graphs.append(g)
    g = Graph("deep_chain_of_fifty", rtol=1e-3)
    g.randn("x", 4, scale=0.5)
    prev = "x"
    for i in range(50):
        prev = g.op(f"s{i}", ["mul_scalar", "add_scalar", "tanh", "rmul_scalar", "sigmoid"][i % 5], prev,
                    scalar=[1.1, 0.1, None, 1.5, None][i % 5])
    g.op("out", "sum", prev)
    g.backward("out")
    graphs.append(g)
    g = Graph("scalar_chain_of_500_as_in_the_benchmark")
    g.leaf("x", torch.tensor(1.0), requires_grad=True)
    prev = "x"
    for i in range(500):
        prev = g.op(f"s{i}", "mul_scalar" if i % 2 == 0 else "add_scalar", prev, scalar=1.0001 if i % 2 == 0 else 0.0001)
    g.backward(prev)
    graphs.append(g)
    return graphs


def gradient_flow_graphs():
    graphs = []
    g = Graph("zero_dimensional_leaf_through_a_short_chain")
    g.leaf("x", torch.tensor(1.5), requires_grad=True)
    g.op("a", "mul_scalar", "x", scalar=1.0001)
    g.op("b", "add_scalar", "a", scalar=0.0001)
    g.op("c", "tanh", "b")
    g.op("d", "mul", "c", "x")
    g.backward("d")
    graphs.append(g)
    g = Graph("non_scalar_root_with_gradient")
    g.randn("x", 2, 3)
    g.randn("w", 3, 3)
    g.op("y", "matmul", "x", "w")
    g.op("z", "sigmoid", "y")
    g.backward("z", gradient=torch.randn(2, 3))
    graphs.append(g)
    g = Graph("inputs_without_grad_stay_null")
    g.randn("x", 3, 2)
    g.randn("c", 3, 2, requires_grad=False)
    g.randn("unused", 2, requires_grad=True)
    g.op("y", "mul", "x", "c")
    g.op("z", "add", "y", "c")
    g.op("out", "sum", "z")
    g.backward("out")
    graphs.append(g)
    g = Graph("retain_graph_accumulates_two_passes")
    g.randn("x", 2, 2)
    g.op("y", "exp", "x")
    g.op("z", "mul", "y", "x")
    g.op("out", "mean", "z")
    g.backward("out", retain_graph=True)
    g.backward("out")
    graphs.append(g)
    g = Graph("zero_grad_between_passes")
    g.randn("x", 3)
    g.randn("w", 3)
    g.op("y", "mul", "x", "w")
    g.op("z", "tanh", "y")
    g.op("out", "sum", "z")
    g.backward("out", retain_graph=True)
    g.zero_grad("x")
    g.backward("out")
    graphs.append(g)
    g = Graph("two_roots_of_one_graph_accumulate")
    g.randn("x", 3)
    g.op("y", "mul_scalar", "x", scalar=3.0)
    g.op("a", "sum", "y")
    g.op("b", "mul", "y", "y")
    g.op("bsum", "mean", "b")
    g.backward("a", retain_graph=True)
    g.backward("bsum")
    graphs.append(g)
    return graphs


def model_graphs():
    graphs = []
    g = Graph("mlp_relu_cross_entropy")
    g.randn("x", 8, 5, requires_grad=False)
    g.randn("w1", 5, 6, scale=0.5)
    g.randn("b1", 6, scale=0.1)
    g.randn("w2", 6, 3, scale=0.5)
    g.randn("b2", 3, scale=0.1)
    g.leaf("labels", torch.tensor([0, 2, 1, 1, 0, 2, 2, 1], dtype=torch.float32))
    g.op("xw1", "matmul", "x", "w1")
    g.op("a1", "add", "xw1", "b1")
    g.op("h", "relu", "a1")
    g.op("hw2", "matmul", "h", "w2")
    g.op("logits", "add", "hw2", "b2")
    g.op("loss", "cross_entropy", "logits", "labels")
    g.backward("loss")
    graphs.append(g)
    g = Graph("mlp_tanh_softmax_mse_with_transpose")
    g.randn("x", 4, 3, requires_grad=False)
    g.randn("w", 2, 3)
    g.randn("target", 4, 2, requires_grad=False)
    g.op("wt", "t", "w")
    g.op("a", "matmul", "x", "wt")
    g.op("h", "tanh", "a")
    g.op("p", "softmax", "h", dim=1)
    g.op("loss", "mse_loss", "p", "target")
    g.backward("loss")
    graphs.append(g)
    g = Graph("log_softmax_negative_log_likelihood_by_hand")
    g.randn("logits", 3, 4)
    g.leaf("onehot", torch.eye(4)[[1, 0, 3]])
    g.op("lp", "log_softmax", "logits", dim=1)
    g.op("picked", "mul", "lp", "onehot")
    g.op("per_row", "sum_dim", "picked", dim=1, keep_dim=False)
    g.op("nll", "mean", "per_row")
    g.op("loss", "neg", "nll")
    g.backward("loss")
    graphs.append(g)
    return graphs


def seed_graphs():
    graphs = []
    g = Graph("seed_walkthrough")
    g.leaf("x", torch.ones(2, 2), requires_grad=True)
    g.op("y", "add_scalar", "x", scalar=2.0)
    g.op("yy", "mul", "y", "y")
    g.op("z", "mul_scalar", "yy", scalar=3.0)
    g.op("out", "mean", "z")
    g.backward("out")
    graphs.append(g)
    g = Graph("seed_dynamic_loop")
    g.leaf("x", torch.tensor([0.8, -1.2, 0.5]), requires_grad=True)
    g.op("y0", "mul_scalar", "x", scalar=2.0)
    i = 0
    while g.values[f"y{i}"].norm() < 1000:
        g.op(f"y{i + 1}", "mul_scalar", f"y{i}", scalar=2.0)
        i += 1
    g.backward(f"y{i}", gradient=torch.tensor([0.1, 1.0, 0.0001]))
    graphs.append(g)
    return graphs


def main():
    graphs = one_op_graphs() + broadcasting_graphs() + sharing_graphs() + gradient_flow_graphs() \
        + model_graphs() + seed_graphs()
    used = {s["op"] for g in graphs for s in g.steps}
    assert used == ALL_OPS, f"ops without a golden graph: {sorted(ALL_OPS - used)}"
    Graph.write(graphs, "graphs_golden.json", "make_graphs.py")


if __name__ == "__main__":
    main()
