#!/usr/bin/python3
"""Golden of a pre-norm transformer layer (causal multi-head self-attention, GELU MLP, residuals),
computed once with real PyTorch 1.13, for Autograd.Client.Nn.TransformerLayer.

Run: /usr/bin/python3 tests/Autograd.Client.Tests/Golden/make_transformer.py
Writes transformer_golden.json beside this script (committed: CI has no Python): the state dict under
the module's names, the input x [6, 5, 16] (4 heads), the output, a random r and, for the loss
(out * r).sum(), the gradient of the input and of every parameter.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(20261129)
torch.set_num_threads(1)
B, T, C, H = 6, 5, 16, 4


def values(t):
    return [float("%.9g" % v) for v in t.detach().reshape(-1).tolist()]


def tensor_json(t):
    return {"shape": list(t.shape), "data": values(t)}


class Layer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = torch.nn.LayerNorm(C)
        self.qkv = torch.nn.Linear(C, 3 * C)
        self.proj = torch.nn.Linear(C, C)
        self.ln2 = torch.nn.LayerNorm(C)
        self.fc1 = torch.nn.Linear(C, 4 * C)
        self.fc2 = torch.nn.Linear(4 * C, C)
        with torch.no_grad():  # affine layer norms, so their weights and biases matter
            for ln in (self.ln1, self.ln2):
                ln.weight.add_(0.3 * torch.randn(C))
                ln.bias.add_(0.3 * torch.randn(C))

    def forward(self, x):
        b, t, c = x.shape
        d = c // H
        qkv = self.qkv(self.ln1(x)).reshape(b, t, 3, H, d)
        q, k, v = (qkv.select(2, i).transpose(1, 2) for i in range(3))
        scores = q.matmul(k.transpose(-2, -1)) * (1.0 / math.sqrt(d))
        causal = torch.triu(torch.ones(t, t), diagonal=1)
        attention = scores.masked_fill(causal.bool(), float("-inf")).softmax(-1)
        x = x + self.proj(attention.matmul(v).transpose(1, 2).reshape(b, t, c))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


def main():
    layer = Layer()
    x = torch.randn(B, T, C, requires_grad=True)
    out = layer(x)
    r = torch.randn(out.shape)
    (out * r).sum().backward()
    golden = {
        "torch": torch.__version__, "heads": H,
        "state_dict": {name: tensor_json(p) for name, p in layer.named_parameters()},
        "input": tensor_json(x), "output": tensor_json(out), "r": tensor_json(r),
        "input_grad": tensor_json(x.grad),
        "grads": {name: tensor_json(p.grad) for name, p in layer.named_parameters()},
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "transformer_golden.json")
    with open(path, "w") as f:
        json.dump(golden, f)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
