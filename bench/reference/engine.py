#!/usr/bin/python3
"""PyTorch's side of `dotnet run -c Release --project bench/Autograd.Bench -- engine`.

The same workloads, shapes and repetition scheme as bench/Autograd.Bench/EngineBench.cs:
each figure is the median over repetitions after warm-up, and a repetition runs
`iterations` steps back to back (a step builds the graph, runs backward and reads the
leaf gradients). Prints one JSON object; `peak_rss_kb` per workload is ru_maxrss after it
ran (the process peak so far: workloads run from small to large), read from VmHWM because
ru_maxrss also counts the image of the process that forked this one (the .NET bench).
`blas` names the BLAS library torch's matmul resolved to and its OpenBLAS core (blas_core.py).

Usage: /usr/bin/python3 bench/reference/engine.py [--threads N] [--only NAME]
"""
import argparse
import json
import os
import resource
import statistics
import time

# One BLAS thread, set before torch loads OpenBLAS: torch.set_num_threads(1) limits ATen's
# own pool but not the pthreads build of OpenBLAS, which would otherwise size its pool to the
# machine. Our kernels run on one thread per op too.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from blas_core import blas_info  # noqa: E402


def peak_rss_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def seed_walkthrough():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    out.backward()
    return x.grad


def scalar_chain(nodes):
    def step():
        x = torch.tensor(1.0, requires_grad=True)
        y = x
        for i in range(nodes):
            y = y * 1.0001 if i % 2 == 0 else y + 0.0001
        y.backward()
        return x.grad
    return step


def tanh_sum(count):
    x = torch.randn(count).requires_grad_(True)

    def step():
        x.grad = None
        out = torch.tanh(x * 2 + 1).sum()
        out.backward()
        return x.grad
    return step


def mlp(batch):
    torch.manual_seed(7)
    inputs = torch.randn(batch, 784)
    labels = torch.randint(0, 10, (batch,))
    w1 = (torch.randn(784, 256) * 0.05).requires_grad_(True)
    b1 = torch.zeros(256, requires_grad=True)
    w2 = (torch.randn(256, 10) * 0.05).requires_grad_(True)
    b2 = torch.zeros(10, requires_grad=True)
    params = [w1, b1, w2, b2]

    def step():
        for p in params:
            p.grad = None
        hidden = torch.relu(inputs.matmul(w1) + b1)
        logits = hidden.matmul(w2) + b2
        loss = F.cross_entropy(logits, labels)
        loss.backward()
        return [p.grad for p in params]
    return step


class TransformerLayer(torch.nn.Module):
    """The same pre-norm layer as Autograd.Client.Nn.TransformerLayer (and tests/.../make_transformer.py)."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = torch.nn.LayerNorm(width)
        self.qkv = torch.nn.Linear(width, 3 * width)
        self.proj = torch.nn.Linear(width, width)
        self.ln2 = torch.nn.LayerNorm(width)
        self.fc1 = torch.nn.Linear(width, 4 * width)
        self.fc2 = torch.nn.Linear(4 * width, width)

    def forward(self, x):
        b, t, c = x.shape
        d = c // self.heads
        qkv = self.qkv(self.ln1(x)).reshape(b, t, 3, self.heads, d)
        q, k, v = (qkv.select(2, i).transpose(1, 2) for i in range(3))
        scores = q.matmul(k.transpose(-2, -1)) * (1.0 / d ** 0.5)
        causal = torch.triu(torch.ones(t, t), diagonal=1).bool()
        attention = scores.masked_fill(causal, float("-inf")).softmax(-1)
        x = x + self.proj(attention.matmul(v).transpose(1, 2).reshape(b, t, c))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


def transformer(batch, sequence, width, heads):
    torch.manual_seed(13)
    layer = TransformerLayer(width, heads)
    inputs = torch.randn(batch, sequence, width)

    def step():
        for p in layer.parameters():
            p.grad = None
        x = inputs.clone().requires_grad_(True)
        layer(x).pow(2).mean().backward()
        return x.grad
    return step


# name, step factory, steps per repetition, repetitions, divisor for the reported unit, unit
WORKLOADS = [
    ("seed_walkthrough", lambda: seed_walkthrough, 200, 15, 1, "us/iteration"),
    ("scalar_chain_10k", lambda: scalar_chain(10_000), 1, 7, 10_000, "us/node"),
    ("mlp_784_256_10_b512", lambda: mlp(512), 5, 9, 1, "ms/step"),
    ("mlp_784_256_10_b4096", lambda: mlp(4096), 1, 5, 1, "ms/step"),
    ("tanh_sum_16m", lambda: tanh_sum(16 * 1024 * 1024), 1, 9, 1, "ms/step"),
    ("transformer_b8_t64_c128_h4", lambda: transformer(8, 64, 128, 4), 3, 7, 1, "ms/step"),
]


WARM_UP_SECONDS = 1.0


def measure(make_step, iterations, repetitions, divisor, unit):
    step = make_step()
    scale = 1e6 if unit.startswith("us") else 1e3
    # warm-up: a third of the repetitions and at least WARM_UP_SECONDS, as EngineBench.cs
    warm_up_start = time.perf_counter()
    done = 0
    while done < max(1, repetitions // 3) or time.perf_counter() - warm_up_start < WARM_UP_SECONDS:
        for _ in range(iterations):
            step()
        done += 1
    samples = []
    for _ in range(repetitions):
        start = time.perf_counter()
        for _ in range(iterations):
            step()
        samples.append((time.perf_counter() - start) * scale / iterations / divisor)
    return samples


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--only", default=None)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    results = {}
    for name, make_step, iterations, repetitions, divisor, unit in WORKLOADS:
        if args.only and args.only != name:
            continue
        samples = measure(make_step, iterations, repetitions, divisor, unit)
        results[name] = {
            "median": statistics.median(samples),
            "min": min(samples),
            "unit": unit,
            "repetitions": repetitions,
            "peak_rss_kb": peak_rss_kb(),
        }
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_info(),
                      "workloads": results}))


if __name__ == "__main__":
    main()
