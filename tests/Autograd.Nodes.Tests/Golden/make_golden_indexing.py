# Golden values for the indexing, joining and shape ops (issue 10), computed once with real PyTorch.
#
# Regenerate (from the repository root; needs PyTorch 1.13, CI does not run this):
#     /usr/bin/python3 tests/Autograd.Nodes.Tests/Golden/make_golden_indexing.py
# It rewrites ops_golden_indexing.json next to this script; commit the JSON with any change here.
# Indices are float32 holding integers, as the engine keeps them; PyTorch gets them as int64.

import torch

from golden_ops import add_case, normal, shape_text, write

torch.manual_seed(20261010)
torch.set_default_dtype(torch.float32)


def index(values):
    return torch.tensor(values, dtype=torch.float32)


for shape, dim, start, length in [([5], 0, 1, 3), ([4, 3], 0, 2, 2), ([4, 3], 1, 0, 2), ([2, 3, 4], -1, 1, 2),
                                  ([2, 3, 4], 1, -2, 2), ([2, 3, 4], -2, 3, 0), ([3, 1], 1, 0, 1), ([6, 2], 0, 0, 6)]:
    add_case(f"narrow {shape_text(shape)} dim={dim} start={start} length={length}",
             {"name": "narrow", "dim": dim, "start": start, "length": length}, [normal(shape)],
             lambda x, dim=dim, start=start, length=length: x.narrow(dim, start, length))

for shape, dim, i in [([5], 0, 2), ([4, 3], 0, -1), ([4, 3], 1, 2), ([2, 3, 4], -1, 0), ([2, 3, 4], 1, -3), ([1, 1], 0, 0)]:
    add_case(f"select {shape_text(shape)} dim={dim} index={i}", {"name": "select", "dim": dim, "start": i}, [normal(shape)],
             lambda x, dim=dim, i=i: x.select(dim, i))

for shape, dim, ids in [([5], 0, [4, 0, 2]), ([4, 3], 0, [1, 1, 3, 1]), ([4, 3], 1, [2, 0]), ([2, 3, 4], -1, [3, 3, 0, 1, 3]),
                        ([2, 3, 4], 1, [1]), ([3, 2], 0, []), ([6, 5], 0, [5, 0, 5, 2, 2, 2, 1])]:
    add_case(f"index_select {shape_text(shape)} dim={dim} index={ids}", {"name": "index_select", "dim": dim},
             [normal(shape), index(ids)], lambda x, i, dim=dim: torch.index_select(x, dim, i.long()), differentiable=[True, False])
add_case("index_select [4,3] dim=1 0-d index", {"name": "index_select", "dim": 1}, [normal([4, 3]), torch.tensor(2.0)],
         lambda x, i: torch.index_select(x, 1, i.long()), differentiable=[True, False])

for shapes, dim in [([[2, 3], [4, 3]], 0), ([[2, 3], [2, 1], [2, 4]], 1), ([[2, 3, 4], [2, 3, 2]], -1), ([[3], [5]], 0),
                    ([[2, 3, 4], [2, 1, 4], [2, 2, 4]], -2), ([[2, 3], [0], [1, 3]], 0), ([[0], [2, 2], [0]], 1),
                    ([[1, 2]], 0), ([[2, 0], [2, 3]], 1)]:
    add_case(f"cat {' '.join(shape_text(s) for s in shapes)} dim={dim}", {"name": "cat", "dim": dim, "parts": len(shapes)},
             [normal(s) for s in shapes], lambda *xs, dim=dim: torch.cat(xs, dim))

for shape, n, dim in [([2, 3], 2, 0), ([2, 3], 3, 1), ([2, 3], 2, 2), ([2, 3], 2, -1), ([4], 3, -2), ([], 3, 0), ([2, 1, 3], 1, 1)]:
    add_case(f"stack {n}x{shape_text(shape)} dim={dim}", {"name": "stack", "dim": dim, "parts": n},
             [normal(shape) for _ in range(n)], lambda *xs, dim=dim: torch.stack(xs, dim))

for shape, dim in [([2, 3], 0), ([2, 3], 1), ([2, 3], 2), ([2, 3], -1), ([2, 3], -3), ([], 0), ([], -1), ([4], 1)]:
    add_case(f"unsqueeze {shape_text(shape)} dim={dim}", {"name": "unsqueeze", "dim": dim}, [normal(shape)],
             lambda x, dim=dim: x.unsqueeze(dim))

for shape, dim in [([2, 1, 3, 1], None), ([1, 1], None), ([], None), ([2, 3], None), ([2, 1, 3], 1), ([2, 1, 3], -2),
                   ([2, 1, 3], 0), ([1, 4], 0), ([], 0), ([3, 1], -1)]:
    spec = {"name": "squeeze"} if dim is None else {"name": "squeeze", "dim": dim}
    add_case(f"squeeze {shape_text(shape)}{'' if dim is None else f' dim={dim}'}", spec, [normal(shape)],
             (lambda x: x.squeeze()) if dim is None else (lambda x, dim=dim: x.squeeze(dim)))

for shape, dims in [([2, 3], [1, 0]), ([2, 3, 4], [2, 0, 1]), ([2, 3, 4], [0, 2, 1]), ([2, 3, 4], [-1, -3, -2]),
                    ([2, 3, 4, 5], [0, 2, 1, 3]), ([2, 3, 4, 5], [3, 1, 0, 2]), ([2, 1, 4], [1, 2, 0]), ([5], [0]), ([], []),
                    ([2, 33, 34], [0, 2, 1])]:
    add_case(f"permute {shape_text(shape)} dims={dims}", {"name": "permute", "dims": dims}, [normal(shape)],
             lambda x, dims=dims: x.permute(dims))

for shape, d0, d1 in [([2, 3], 0, 1), ([2, 3, 4], 1, 2), ([2, 3, 4], 0, -1), ([2, 3, 4], -2, -2), ([2, 3, 4, 5], 1, 3),
                      ([], 0, -1), ([4], 0, 0), ([33, 34], -1, -2)]:
    add_case(f"transpose dims {shape_text(shape)} {d0},{d1}", {"name": "transpose", "dims": [d0, d1]}, [normal(shape)],
             lambda x, d0=d0, d1=d1: x.transpose(d0, d1))

for shape, sizes in [([3, 1], [3, 4]), ([3, 1], [-1, 4]), ([3], [2, 3]), ([1, 3], [2, 4, 3]), ([], [2, 3]), ([2, 1, 1], [2, 3, 4]),
                     ([2, 3], [2, 3]), ([2, 3], [-1, -1]), ([1], [0]), ([4, 1, 2], [5, -1, 3, -1])]:
    add_case(f"expand {shape_text(shape)}->{sizes}", {"name": "expand", "shape": sizes}, [normal(shape)],
             lambda x, sizes=sizes: x.expand(*sizes))

for shape, start, end in [([2, 3, 4], 0, -1), ([2, 3, 4], 1, -1), ([2, 3, 4], 0, 1), ([2, 3, 4, 5], 1, 2), ([2, 3, 4], -2, -1),
                          ([], 0, -1), ([5], 0, 0), ([2, 1, 3], 0, 2)]:
    add_case(f"flatten {shape_text(shape)} {start}..{end}", {"name": "flatten", "dims": [start, end]}, [normal(shape)],
             lambda x, start=start, end=end: x.flatten(start, end) if x.dim() == 0 or start != end else x.reshape(x.shape))

write("ops_golden_indexing.json", "make_golden_indexing.py")
