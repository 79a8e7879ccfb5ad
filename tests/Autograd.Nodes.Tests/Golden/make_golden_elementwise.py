# Golden values for the elementwise ops of issue 10 (abs, gelu, silu, log1p, sin, cos, clamp,
# maximum, minimum, the masks gt/lt/ge/le/eq with a tensor or a scalar, where, masked_fill),
# computed once with real PyTorch 1.13.
#
# Regenerate (from the repository root; CI has no Python):
#     /usr/bin/python3 tests/Autograd.Nodes.Tests/Golden/make_golden_elementwise.py
# It rewrites ops_golden_elementwise.json next to this script; commit the JSON with any change here.
#
# Unlike gradcheck, these cases sit on the kinks on purpose: abs at 0, values exactly at clamp's
# bounds, ties of maximum and minimum (PyTorch 1.13 splits the gradient half and half), equal
# elements for eq. Masks are float 0/1 here (PyTorch's bool mask cast), conditions and masks are
# passed to PyTorch as .bool().

import torch
import torch.nn.functional as F

import golden_ops
from golden_ops import add_case, away_from_zero, normal, positive, shape_text, tensor_json, write

torch.manual_seed(20261010)
torch.set_default_dtype(torch.float32)


def integers(shape, low=-2, high=3):
    """Small whole numbers as float32: many ties, for eq, ge, le, maximum and minimum."""
    return torch.randint(low, high, tuple(shape)).to(torch.float32)


def mask(shape):
    return torch.randint(0, 2, tuple(shape)).to(torch.float32)


def add_mask_case(name, spec, inputs, fn):
    """A case whose output has no derivative (a mask): add_case's backward has nothing to run, so the
    case is recorded directly, with an upstream gradient for the file's format and no input gradients."""
    out = fn(*inputs).to(torch.float32)
    golden_ops.CASES.append({
        "name": name,
        "spec": {"name": spec["name"], "scalar": spec.get("scalar", 0.0), "dim": None, "keepDim": False, "shape": None},
        "inputs": [tensor_json(x) for x in inputs],
        "gradOutput": tensor_json(normal(tuple(out.shape))),
        "output": tensor_json(out),
        "grads": [None for _ in inputs],
    })


# ----- unary -----
UNARY = {
    "abs": (torch.abs, normal),
    "gelu": (F.gelu, normal),
    "silu": (F.silu, normal),
    "log1p": (torch.log1p, positive),
    "sin": (torch.sin, normal),
    "cos": (torch.cos, normal),
}
for name, (fn, make) in UNARY.items():
    for shape in [[2, 3], [], [5], [2, 1, 3], [17]]:
        add_case(f"{name} {shape_text(shape)}", {"name": name}, [make(shape)], fn)

add_case("abs at 0 and -0", {"name": "abs"}, [torch.tensor([-1.5, 0.0, 2.0, -0.0, 0.3, 0.0, -4.0, 0.0, 1.0])], torch.abs)
wide = torch.linspace(-6.0, 6.0, 25)
for name in ["gelu", "silu", "sin", "cos"]:
    add_case(f"{name} over [-6, 6]", {"name": name}, [wide], UNARY[name][0])
add_case("gelu tails [-9, -3] and [3, 9]", {"name": "gelu"}, [torch.cat([torch.linspace(-9, -3, 9), torch.linspace(3, 9, 9)])], F.gelu)
add_case("sin over [-20, 20]", {"name": "sin"}, [torch.linspace(-20.0, 20.0, 19)], torch.sin)
# log1p's reason to exist: log(1 + x) loses small x to rounding
add_case("log1p small and negative", {"name": "log1p"},
         [torch.tensor([1e-7, -1e-7, 3e-6, 1e-4, -1e-3, 0.0, -0.5, -0.99, 5.0, 1e3])], torch.log1p)

# ----- clamp -----
for shape in [[2, 3], [], [7], [2, 1, 4]]:
    for lo, hi in [(-0.5, 0.5), (0.0, None), (None, 0.25), (1.0, -1.0)]:
        spec = {"name": "clamp", "min": lo, "max": hi}
        add_case(f"clamp min={lo} max={hi} {shape_text(shape)}", spec, [normal(shape)],
                 lambda x, lo=lo, hi=hi: torch.clamp(x, min=lo, max=hi))
at_bounds = torch.tensor([-1.0, -0.5, -0.25, 0.0, 0.5, 0.75, 0.5, -0.5])
for lo, hi in [(-0.5, 0.5), (-0.5, None), (None, 0.5), (0.5, 0.5)]:
    add_case(f"clamp at the bounds min={lo} max={hi}", {"name": "clamp", "min": lo, "max": hi}, [at_bounds],
             lambda x, lo=lo, hi=hi: torch.clamp(x, min=lo, max=hi))

# ----- maximum, minimum -----
PAIRS = [([2, 3], [2, 3]), ([2, 3], [3]), ([3], [2, 3]), ([2, 1], [1, 3]), ([4, 1, 3], [2, 3]), ([], [2, 3]), ([2, 3], [])]
for name, fn in [("maximum", torch.maximum), ("minimum", torch.minimum)]:
    for a, b in PAIRS:
        add_case(f"{name} {shape_text(a)},{shape_text(b)}", {"name": name}, [normal(a), normal(b)], fn)
        # whole numbers: ties everywhere, also across broadcast rows (each broadcast gradient sums halves)
        add_case(f"{name} ties {shape_text(a)},{shape_text(b)}", {"name": name}, [integers(a), integers(b)], fn)
    x = normal([3, 4])
    add_case(f"{name} with itself", {"name": name}, [x, x.clone()], fn)

# ----- masks -----
COMPARISONS = {"gt": torch.gt, "lt": torch.lt, "ge": torch.ge, "le": torch.le, "eq": torch.eq}
for name, fn in COMPARISONS.items():
    for a, b in PAIRS:
        add_mask_case(f"{name} {shape_text(a)},{shape_text(b)}", {"name": name}, [integers(a), integers(b)], fn)
    for shape, c in [([2, 3], 0.0), ([], 1.0), ([7], -1.0), ([2, 1, 3], 0.5)]:
        add_mask_case(f"{name}_scalar {c} {shape_text(shape)}", {"name": f"{name}_scalar", "scalar": c}, [integers(shape)],
                      lambda x, c=c, fn=fn: fn(x, c))

# ----- where -----
for c, x, y in [([2, 3], [2, 3], [2, 3]), ([2, 3], [3], [2, 1]), ([3], [2, 3], []), ([2, 1, 3], [4, 1], [3]),
                ([], [2], [2]), ([4, 4], [4, 4], [])]:
    add_case(f"where {shape_text(c)},{shape_text(x)},{shape_text(y)}", {"name": "where"}, [mask(c), normal(x), normal(y)],
             lambda c, x, y: torch.where(c.bool(), x, y), differentiable=[False, True, True])

# ----- masked_fill -----
causal = torch.triu(torch.ones(4, 4), diagonal=1)
for x, m, value in [([2, 3], [2, 3], 0.0), ([2, 3], [3], -1.5), ([2, 3], [2, 1], 2.5), ([3], [2, 3], 0.0), ([], [4], 7.0),
                    ([2, 4, 4], None, -1e9)]:
    mask_value = causal if m is None else mask(m)
    add_case(f"masked_fill {shape_text(x)},{shape_text(list(mask_value.shape))} value={value}", {"name": "masked_fill", "scalar": value},
             [normal(x), mask_value], lambda x, m, value=value: x.masked_fill(m.bool(), value), differentiable=[True, False])

write("ops_golden_elementwise.json", "make_golden_elementwise.py")
