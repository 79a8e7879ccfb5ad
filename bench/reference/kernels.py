"""PyTorch's figures for the kernels benchmark: one thread, median of several runs, JSON on stdout."""
import json
import os
import statistics
import time

# Before torch loads OpenBLAS: its pthreads build ignores torch.set_num_threads; one thread, as ours.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
from blas_core import blas_info  # noqa: E402

torch.set_num_threads(1)


def median_seconds(fn, repetitions, warmups=2):
    for _ in range(warmups):
        fn()
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


count = 16 * 1024 * 1024
x, y = torch.randn(count), torch.randn(count)
add_seconds = median_seconds(lambda: x + y, repetitions=7)

size = 1024
a, b = torch.randn(size, size), torch.randn(size, size)
matmul_seconds = median_seconds(lambda: a @ b, repetitions=7)

print(json.dumps({
    "torch": torch.__version__,
    "threads": torch.get_num_threads(),
    "blas": blas_info(),
    "add_seconds": add_seconds,
    "add_gb_per_s": 3 * 4 * count / add_seconds / 1e9,
    "matmul_seconds": matmul_seconds,
    "matmul_gflop_per_s": 2 * size ** 3 / matmul_seconds / 1e9,
}))
