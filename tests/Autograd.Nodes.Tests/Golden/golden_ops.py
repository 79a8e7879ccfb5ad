"""Helpers shared by the golden generators (make_golden.py and the family scripts make_golden_*.py).

Each case records the op spec (as Autograd.Ops.OpSpec), the inputs, a random upstream gradient (not
ones, so that gradients summed back to broadcast shapes are really tested), PyTorch's output and each
input's gradient (null where the input is not differentiable). Values are float32 with '%.9g', which
round-trips every float32.
"""
import json
import os

import torch

SPEC_DEFAULTS = {"scalar": 0.0, "dim": None, "keepDim": False, "shape": None}
# fields of OpSpec beyond the first five, written only when a case sets them
SPEC_OPTIONAL = ["parts", "dims", "start", "length", "min", "max", "seed", "unbiased"]

CASES = []


def normal(shape):
    return torch.randn(shape, dtype=torch.float32)


def positive(shape):
    # log, sqrt, pow and friends: bases well inside their domain.
    return torch.empty(shape, dtype=torch.float32).uniform_(0.5, 2.0)


def away_from_zero(shape):
    # denominators and relu inputs: no value near the singularity / kink.
    sign = torch.where(torch.rand(shape) < 0.5, -1.0, 1.0)
    return sign * torch.empty(shape, dtype=torch.float32).uniform_(0.25, 2.0)


def labels(n, c):
    return torch.randint(0, c, (n,)).to(torch.float32)


def shape_text(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def tensor_json(t):
    t = t.detach().to(torch.float32).contiguous()
    # '%.9g' round-trips every float32 and keeps the file small.
    return {"shape": list(t.shape), "data": [float("%.9g" % v) for v in t.reshape(-1).tolist()]}


def add_case(name, spec, inputs, fn, differentiable=None):
    """Runs fn on the inputs in PyTorch, backpropagates a random upstream gradient, records it all."""
    differentiable = differentiable or [True] * len(inputs)
    leaves = [x.clone().requires_grad_(d) for x, d in zip(inputs, differentiable)]
    out = fn(*leaves)
    grad_out = normal(tuple(out.shape))
    out.backward(grad_out)
    full_spec = {"name": spec["name"], **{k: spec.get(k, v) for k, v in SPEC_DEFAULTS.items()}}
    for key in SPEC_OPTIONAL:
        if spec.get(key) is not None:
            full_spec[key] = spec[key]
    CASES.append({
        "name": name,
        "spec": full_spec,
        "inputs": [tensor_json(x) for x in inputs],
        "gradOutput": tensor_json(grad_out),
        "output": tensor_json(out),
        "grads": [tensor_json(x.grad) if d else None for x, d in zip(leaves, differentiable)],
    })




def write(file_name, generator):
    """Writes every case added so far beside this script, one case per line so a regenerated file diffs readably."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), file_name)
    with open(path, "w") as f:
        f.write('{"generator":"%s","torch":%s,"cases":[\n' % (generator, json.dumps(torch.__version__)))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in CASES))
        f.write("\n]}\n")
    print(f"{len(CASES)} cases, {os.path.getsize(path)} bytes -> {path}")
