"""PyTorch's distributed autograd beside `Autograd.Bench cluster`: the same parameter-server step.

A driver (rank 0) holds W (784x10, requires grad); K workers each hold a row block of
X (4096x784) and Y (4096x10). One step: every worker computes ((X_i @ W) - Y_i).pow(2).sum()
on the W it receives, the driver sums and divides by N*C (the mean), then
dist_autograd.backward sends the gradient back through every worker to W. Also times one
remote tiny op (rpc_sync of torch.add on a one-element tensor). Loopback TensorPipe.

usage: python3 cluster.py [steps] [k ...]     prints one JSON line per K (median step and round trip)
"""
import json
import os
import socket
import statistics
import sys
import time

import torch
import torch.distributed.autograd as dist_autograd
import torch.distributed.rpc as rpc
import torch.multiprocessing as mp
from blas_core import blas_info

N, D, C = 4096, 784, 10
_shard = {}


def make_data():
    g = torch.Generator().manual_seed(0)
    x = torch.rand(N, D, generator=g) * 2 - 1
    y = torch.rand(N, C, generator=g) * 2 - 1
    w = (torch.rand(D, C, generator=g) * 2 - 1) * 0.05
    return x, y, w


def row_block(i, k):
    base, extra = divmod(N, k)
    lo = i * base + min(i, extra)
    return lo, lo + base + (1 if i < extra else 0)


def load_shard(i, k):
    x, y, _ = make_data()
    lo, hi = row_block(i, k)
    _shard["x"], _shard["y"] = x[lo:hi].contiguous(), y[lo:hi].contiguous()


def shard_loss(w):
    return ((_shard["x"] @ w) - _shard["y"]).pow(2).sum()


def run(rank, world, port, k, steps):
    opts = rpc.TensorPipeRpcBackendOptions(num_worker_threads=8, rpc_timeout=120,
                                           init_method=f"tcp://127.0.0.1:{port}")
    rpc.init_rpc(f"w{rank}", rank=rank, world_size=world, rpc_backend_options=opts)
    if rank == 0:
        x, y, w = make_data()
        w.requires_grad_()
        for i in range(k):
            rpc.rpc_sync(f"w{i + 1}", load_shard, args=(i, k))

        def step():
            with dist_autograd.context() as ctx:
                futures = [rpc.rpc_async(f"w{i + 1}", shard_loss, args=(w,)) for i in range(k)]
                loss = torch.stack([f.wait() for f in futures]).sum() / (N * C)
                dist_autograd.backward(ctx, [loss])
                return dist_autograd.get_gradients(ctx)[w]

        for _ in range(10):
            step()
        times = []
        for _ in range(steps):
            start = time.perf_counter()
            grad = step()
            times.append(time.perf_counter() - start)
        step_ms = statistics.median(times) * 1e3

        local = w.detach().clone().requires_grad_()
        ((x @ local) - y).pow(2).mean().backward()
        max_diff = (grad - local.grad).abs().max().item()

        one = torch.ones(1)
        for _ in range(20):
            rpc.rpc_sync("w1", torch.add, args=(one, 1))
        trips = []
        for _ in range(300):
            start = time.perf_counter()
            rpc.rpc_sync("w1", torch.add, args=(one, 1))
            trips.append(time.perf_counter() - start)
        tiny_us = statistics.median(trips) * 1e6

        print(json.dumps({"k": k, "step_ms": round(step_ms, 3), "grad_max_diff": max_diff,
                          "min_wire_bytes": 2 * k * D * C * 4, "tiny_op_us": round(tiny_us, 1),
                          "blas": blas_info()}), flush=True)
    rpc.shutdown()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    ks = [int(a) for a in sys.argv[2:]] or [1, 2, 4]
    for k in ks:
        mp.spawn(run, args=(k + 1, free_port(), k, steps), nprocs=k + 1, join=True)
