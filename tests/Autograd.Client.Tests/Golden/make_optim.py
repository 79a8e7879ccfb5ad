#!/usr/bin/python3
"""Golden optimizer trajectories for the optimizer tests, computed once with real PyTorch 1.13.

Run: /usr/bin/python3 tests/Autograd.Client.Tests/Golden/make_optim.py
Writes optim_golden.json beside this script (committed: CI has no Python).

Four parameters: W [4, 3] and b [3] (replicated in the C# tests), S [6, 2] (Rows(3)-sharded there)
and U [2], which the loss never uses, so it has no gradient and every step skips it (even with
weight decay), as PyTorch does. Each case runs `steps` iterations of
    zero_grad(); loss = (X@W + b).tanh().pow(2).mean() + (S*Z).sum(1).pow(2).mean(); loss.backward();
    step(); scheduler.step()
and records the loss, the learning rate the step used, and every parameter after the step.
Hyper-parameters are rounded to float32 first, so both sides start from the same numbers.
"""
import json
import math
import os
import struct

import torch

torch.set_num_threads(1)
STEPS = 6


def f32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


def values(t):
    return [float("%.9g" % v) for v in t.detach().reshape(-1).tolist()]


def tensor_json(t):
    return {"shape": list(t.shape), "data": values(t)}


def initial():
    # deterministic, generator-free values, so the C# side needs no RNG of PyTorch's
    def grid(shape, scale, phase):
        n = math.prod(shape)
        return torch.tensor([f32(scale * math.sin(0.7 * i + phase)) for i in range(n)], dtype=torch.float32).reshape(shape)
    return {
        "W": grid([4, 3], 0.5, 0.1),
        "b": grid([3], 0.2, 1.3),
        "S": grid([6, 2], 0.8, 2.1),
        "U": grid([2], 1.0, 0.4),
    }


INPUTS = {
    "X": torch.tensor([f32(math.cos(0.3 * i)) for i in range(20)], dtype=torch.float32).reshape(5, 4),
    "Z": torch.tensor([f32(0.5 * math.sin(1.1 * i + 0.2)) for i in range(12)], dtype=torch.float32).reshape(6, 2),
}

CASES = [
    ("sgd", "sgd", {"lr": 0.1}, None),
    ("sgd momentum", "sgd", {"lr": 0.1, "momentum": 0.9}, None),
    ("sgd momentum dampening", "sgd", {"lr": 0.1, "momentum": 0.9, "dampening": 0.3}, None),
    ("sgd nesterov", "sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True}, None),
    ("sgd weight decay momentum", "sgd", {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.05}, None),
    ("adam", "adam", {"lr": 0.05}, None),
    ("adam weight decay", "adam", {"lr": 0.05, "weight_decay": 0.1}, None),
    ("adam amsgrad", "adam", {"lr": 0.05, "amsgrad": True}, None),
    ("adam betas eps weight decay amsgrad", "adam",
     {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.02, "amsgrad": True}, None),
    ("adamw", "adamw", {"lr": 0.05}, None),
    ("adamw amsgrad weight decay", "adamw", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True}, None),
    ("sgd step lr", "sgd", {"lr": 0.2, "momentum": 0.5}, {"kind": "step", "step_size": 2, "gamma": 0.5}),
    ("adam cosine annealing", "adam", {"lr": 0.05}, {"kind": "cosine", "t_max": 4, "eta_min": 0.001}),
]

OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}


def rounded(args):
    out = {}
    for k, v in args.items():
        if isinstance(v, bool):
            out[k] = v
        elif isinstance(v, tuple):
            out[k] = tuple(f32(x) for x in v)
        else:
            out[k] = f32(v)
    return out


def run(kind, args, scheduler):
    params = {k: v.clone().requires_grad_(True) for k, v in initial().items()}
    X, Z = INPUTS["X"], INPUTS["Z"]
    opt = OPTIMIZERS[kind](list(params.values()), foreach=False, **rounded(args))
    sched = None
    if scheduler and scheduler["kind"] == "step":
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=scheduler["step_size"], gamma=f32(scheduler["gamma"]))
    elif scheduler:
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=scheduler["t_max"], eta_min=f32(scheduler["eta_min"]))
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = (X @ params["W"] + params["b"]).tanh().pow(2).mean() + (params["S"] * Z).sum(1).pow(2).mean()
        loss.backward()
        lr = opt.param_groups[0]["lr"]
        opt.step()
        if sched:
            sched.step()
        steps.append({"loss": float("%.9g" % loss.item()), "lr": lr,
                      "params": {k: values(v) for k, v in params.items()}})
    return steps


def main():
    golden = {
        "torch": torch.__version__,
        "inputs": {k: tensor_json(v) for k, v in INPUTS.items()},
        "initial": {k: tensor_json(v) for k, v in initial().items()},
        "cases": [
            {"name": name, "optimizer": kind, "args": {k: (list(v) if isinstance(v, tuple) else v) for k, v in rounded(args).items()},
             "scheduler": scheduler, "steps": run(kind, args, scheduler)}
            for name, kind, args, scheduler in CASES
        ],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim_golden.json")
    with open(path, "w") as f:
        json.dump(golden, f)
    print(f"wrote {path}: {len(CASES)} cases of {STEPS} steps")


if __name__ == "__main__":
    main()
