#!/usr/bin/python3
"""PyTorch's side of `engine --phases mlp`: the MLP step's ops one by one, medians in ms.

The same shapes and order as bench/Autograd.Bench/MlpKernelProfile.cs; the backward ops are
the ATen functions autograd calls for this graph (mm with transposed operands, sum over the
batch for the bias gradients, threshold_backward, the fused log_softmax/nll_loss pair).
Usage: /usr/bin/python3 bench/reference/mlp_profile.py [batch ...]
"""
import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before torch loads OpenBLAS: one thread, as ours
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from blas_core import blas_info  # noqa: E402


def profile(batch, repetitions):
    torch.manual_seed(7)
    x = torch.randn(batch, 784)
    labels = torch.randint(0, 10, (batch,))
    w1, b1 = torch.randn(784, 256) * 0.05, torch.zeros(256)
    w2, b2 = torch.randn(256, 10) * 0.05, torch.zeros(10)
    samples = {}

    def timed(name, kernel):
        start = time.perf_counter()
        result = kernel()
        samples.setdefault(name, []).append((time.perf_counter() - start) * 1e3)
        return result

    for r in range(repetitions + 40):
        if r == 40:
            samples.clear()  # warm-up
        h0 = timed("fwd matmul X·W1", lambda: x.mm(w1))
        h1 = timed("fwd add b1 (broadcast)", lambda: h0 + b1)
        h = timed("fwd relu", lambda: torch.relu(h1))
        z0 = timed("fwd matmul H·W2", lambda: h.mm(w2))
        z = timed("fwd add b2 (broadcast)", lambda: z0 + b2)
        logp = timed("fwd log_softmax", lambda: torch.log_softmax(z, 1))
        loss = timed("fwd nll_loss", lambda: F.nll_loss(logp, labels))
        one = torch.ones(())
        dlogp = timed("bwd nll_loss", lambda: torch.ops.aten.nll_loss_backward(one, logp, labels, None, 1, -100, torch.ones(())))
        dz = timed("bwd log_softmax", lambda: torch.ops.aten._log_softmax_backward_data(dlogp, logp, 1, torch.float32))
        timed("bwd add b2 (sum over batch)", lambda: dz.sum(0))
        dh, _ = timed("bwd matmul dH, dW2", lambda: (dz.mm(w2.t()), h.t().mm(dz)))
        dh1 = timed("bwd relu", lambda: torch.ops.aten.threshold_backward(dh, h, 0))
        timed("bwd add b1 (sum over batch)", lambda: dh1.sum(0))
        timed("bwd matmul dW1 = Xᵀ·dH", lambda: x.t().mm(dh1))
        del loss

    print(f"  PyTorch {torch.__version__} MLP batch {batch}, ops called directly, ms (medians of {repetitions}):")
    total = 0.0
    for name, values in samples.items():
        median = statistics.median(values)
        total += median
        print(f"    {name:<32} {median:8.3f}")
    print(f"    {'sum':<32} {total:8.3f}")


def main():
    torch.set_num_threads(1)
    blas = blas_info()
    print(f"  PyTorch BLAS: {blas['config'] or blas['library']} core {blas['core']}")
    for batch in [int(b) for b in sys.argv[1:]] or [512, 4096]:
        profile(batch, 21 if batch <= 512 else 7)


if __name__ == "__main__":
    main()
