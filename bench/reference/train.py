#!/usr/bin/python3
"""PyTorch's side of `dotnet run -c Release --project bench/Autograd.Bench -- train`.

The digits job of ClassifierTrainer with the same initial weights and the same batches:
nn.Sequential(Linear, ReLU, Linear), Adam (foreach=False), CosineAnnealingLR over the epochs,
cross entropy, zero_grad/forward/backward/step per batch. The job file (written by
TrainBench.cs) holds the options, the train and test sets, each epoch's sample order and the
initial state dict. With P processes (P > 1): gloo DistributedDataParallel on loopback, each
rank taking its row block of every batch (contiguous, sizes differing by at most one, the first
blocks larger: the split of our Rows(P)), so the global batch, and the result, is the same.

usage: /usr/bin/python3 train.py job.json [processes ...]
Prints one JSON line per process count: each epoch's time in ms (its steps only, on rank 0),
the test accuracy after the last epoch, the final 0.weight and the BLAS in use.
"""
import json
import os
import socket
import sys
import time

# Before torch loads OpenBLAS: its pthreads build ignores torch.set_num_threads; one thread, as ours.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("GLOO_SOCKET_IFNAME", "lo")

import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
import torch.multiprocessing as mp  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn.parallel import DistributedDataParallel  # noqa: E402

from blas_core import blas_info  # noqa: E402


def load_job(path):
    with open(path) as file:
        job = json.load(file)
    for part in ("train", "test"):
        data = job[part]
        data["features"] = torch.tensor(data["features"], dtype=torch.float32).reshape(-1, job["features"])
        data["labels"] = torch.tensor(data["labels"], dtype=torch.float32).long()
    job["orders"] = [torch.tensor(order, dtype=torch.long) for order in job["orders"]]
    job["initial_state"] = {name: torch.tensor(t["data"], dtype=torch.float32).reshape(t["shape"])
                            for name, t in job["initial_state"].items()}
    return job


def row_block(rank, world, rows):
    base, extra = divmod(rows, world)
    lo = rank * base + min(rank, extra)
    return lo, lo + base + (1 if rank < extra else 0)


def train(rank, world, job_path, port):
    torch.set_num_threads(1)
    if world > 1:
        os.environ["MASTER_ADDR"], os.environ["MASTER_PORT"] = "127.0.0.1", str(port)
        dist.init_process_group("gloo", rank=rank, world_size=world)
    job = load_job(job_path)
    x, y = job["train"]["features"], job["train"]["labels"]
    model = nn.Sequential(nn.Linear(job["features"], job["hidden"]), nn.ReLU(), nn.Linear(job["hidden"], job["classes"]))
    model.load_state_dict(job["initial_state"])
    net = DistributedDataParallel(model) if world > 1 else model
    optimizer = torch.optim.Adam(model.parameters(), lr=job["learning_rate"], foreach=False)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=job["epochs"])
    batch_size = job["batch_size"]

    epoch_ms = []
    for order in job["orders"]:
        start = time.perf_counter()
        for b in range(0, len(order), batch_size):
            batch = order[b:b + batch_size]
            lo, hi = row_block(rank, world, len(batch))
            rows = batch[lo:hi]
            optimizer.zero_grad()
            # This rank's share of the whole batch's mean loss, times the world: DDP averages the
            # ranks' gradients, so the step sees the gradient of the mean over the whole batch.
            loss = F.cross_entropy(net(x[rows]), y[rows], reduction="sum") * (world / len(batch))
            loss.backward()
            optimizer.step()
        epoch_ms.append((time.perf_counter() - start) * 1e3)
        scheduler.step()

    if rank == 0:
        model.eval()
        with torch.no_grad():
            predicted = model(job["test"]["features"]).argmax(1)
        accuracy = (predicted == job["test"]["labels"]).double().mean().item()
        print(json.dumps({"processes": world, "epoch_ms": epoch_ms, "accuracy": accuracy,
                          "steps": len(job["orders"]) * -(-len(job["orders"][0]) // batch_size),
                          "final_0_weight": model[0].weight.detach().flatten().tolist(),
                          "torch": torch.__version__, "blas": blas_info()}), flush=True)
    if world > 1:
        dist.destroy_process_group()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    job_path = sys.argv[1]
    for world in [int(a) for a in sys.argv[2:]] or [1]:
        if world == 1:
            train(0, 1, job_path, None)
        else:
            mp.spawn(train, args=(world, job_path, free_port()), nprocs=world, join=True)
