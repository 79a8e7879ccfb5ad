"""Dropout's mask as the engine draws it (src/Autograd.Nodes/Tensors/DropoutMask.cs), for the golden generators.

The mask is a pure function of (seed, element index), the index being the element's row-major
position in the whole (unsharded) tensor: SplitMix64's output for draw index + 1 from state seed,

    z = seed + (index + 1) * 0x9E3779B97F4A7C15            (mod 2**64)
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;  z ^= z >> 31

and the element is dropped when (z >> 40) < ceil(p * 2**24) for p as float32 (the top 24 bits, as a
uniform number in [0, 1), below p). Used by make_golden_models.py and, through the path, by
tests/Autograd.Client.Tests/Golden/make_graphs_models.py.
"""
import math
import struct

import torch

MASK64 = (1 << 64) - 1


def splitmix64(seed, index):
    """DropoutMask.Hash(seed, index)."""
    z = (seed + (index + 1) * 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def dropout_mask(shape, p, seed, start_row=0):
    """1.0 where kept, 0.0 where dropped, for a tensor of `shape` whose first row is row `start_row` of the whole."""
    p32 = struct.unpack("f", struct.pack("f", p))[0]
    threshold = math.ceil(p32 * (1 << 24))
    count = math.prod(shape)
    row = count // shape[0] if len(shape) > 0 and shape[0] > 0 else 1
    first = start_row * row
    kept = [1.0 if (splitmix64(seed & MASK64, first + i) >> 40) >= threshold else 0.0 for i in range(count)]
    return torch.tensor(kept, dtype=torch.float32).reshape(shape)


def dropout_factor(shape, p, seed, start_row=0):
    """What PyTorch's dropout multiplies the input by for this mask: mask / (1 - p), or 0 everywhere when p = 1."""
    mask = dropout_mask(shape, p, seed, start_row)
    return mask / (1.0 - p) if p < 1 else mask * 0.0
