#!/usr/bin/python3
"""PyTorch's side of bench/Autograd.AppBench (run by bench/app-bench.sh).

usage: /usr/bin/python3 bench/reference/app.py job.json NAME

Measures one workload of the job file the app wrote (its data, initial weights and counts, so both
sides run the same thing) and prints one JSON object: torch's version, threads and BLAS
(blas_core.py) and the workload's median and mean, with the losses of the first check steps for the
training workloads. The median is the upper middle sample, as the app takes it.

- mlp_2_100_3_sgd, digits_mlp_adam: Linear, ReLU, Linear from the job's state dict, cross-entropy on
  the job's full batch, SGD or Adam; a step is zero_grad, forward, backward, optimizer step. After
  check_steps steps (their losses reported), warm_up_seconds of steps (the app's minimum; it also
  waits for its JIT to settle, which PyTorch has none of), then `steps` steps timed one by one, in
  microseconds.
- seed_walkthrough, scalar_chain_10k, transformer_b8_t64_c128_h4: engine.py's step and its measure(),
  with the job's iterations, repetitions and warm_up_seconds.
"""
import json
import os
import sys
import time

# The app starts this script under these rules already; a run by hand gets them too. Before torch
# loads OpenBLAS: the pinned kernel removed, and one BLAS thread (its pthreads build ignores
# torch.set_num_threads).
for pinned in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(pinned, None)
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

import engine  # noqa: E402
from blas_core import blas_info  # noqa: E402


def tensor(t):
    return torch.tensor(t["data"], dtype=torch.float32).reshape(t["shape"])


def upper_median(samples):
    return sorted(samples)[len(samples) // 2]


def training(spec, job):
    inputs, hidden, outputs = spec["layers"]
    model = nn.Sequential(nn.Linear(inputs, hidden), nn.ReLU(), nn.Linear(hidden, outputs))
    model.load_state_dict({name: tensor(t) for name, t in spec["state"].items()})
    optimizers = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}
    optimizer = optimizers[spec["optimizer"]](model.parameters(), lr=spec["lr"])
    x = tensor(spec["features"])
    y = torch.tensor(spec["labels"], dtype=torch.float32).long()

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    losses = [step().item() for _ in range(job["check_steps"])]
    warm_up_start = time.perf_counter()
    while time.perf_counter() - warm_up_start < job["warm_up_seconds"]:
        step()
    samples = []
    for _ in range(spec["steps"]):
        start = time.perf_counter()
        step()
        samples.append((time.perf_counter() - start) * 1e6)
    return samples, losses


def engine_workload(name, spec, warm_up_seconds):
    make_step = next(w[1] for w in engine.WORKLOADS if w[0] == name)
    engine.WARM_UP_SECONDS = warm_up_seconds
    return engine.measure(make_step, spec["iterations"], spec["repetitions"], spec["divisor"], spec["unit"]), []


def main():
    job_path, name = sys.argv[1:3]
    with open(job_path) as file:
        job = json.load(file)
    torch.set_num_threads(1)
    if name in job["training"]:
        samples, losses = training(job["training"][name], job)
    elif name in job["engine"]:
        samples, losses = engine_workload(name, job["engine"][name], job["warm_up_seconds"])
    else:
        sys.exit(f"no workload named {name!r} in {job_path}")
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_info(),
                      "workload": {"median": upper_median(samples), "mean": sum(samples) / len(samples),
                                   "losses": losses}}))


if __name__ == "__main__":
    main()
