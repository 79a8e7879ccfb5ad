#!/usr/bin/python3
"""Golden safetensors checkpoint of a small PyTorch model, for the checkpoint interop tests.

Run: /usr/bin/python3 tests/Autograd.Client.Tests/Golden/make_safetensors.py
Writes, beside this script (committed: CI has no Python):
  sequential.safetensors    m.state_dict() of Sequential(Linear(4, 3), ReLU(), Linear(3, 2)),
                            metadata {"format": "pt"}
  sequential_golden.json    {"state_dict": {name: {"shape", "data"}}, "input": {"shape", "data"},
                            "output": {"shape", "data"}}: the same weights, a fixed input x [5, 4]
                            and PyTorch's m(x)

Verify a file written by the C# writer (strict load into a fresh model):
  /usr/bin/python3 tests/Autograd.Client.Tests/Golden/make_safetensors.py --verify PATH

The Python safetensors package is not installed here, so both directions follow the
specification directly: u64 little-endian header length N, N bytes of compact UTF-8 JSON
padded with spaces to a multiple of 8, then the data buffer. Like the reference writer,
tensors are laid out in name order from offset 0 and __metadata__ comes first.
"""
import json
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_HEADER = 100_000_000


def model():
    return torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))


def f32(values):
    """float32 values written with 9 significant digits: enough to round-trip exactly."""
    return [float("%.9g" % v) for v in values]


def as_json(t):
    return {"shape": list(t.shape), "data": f32(t.detach().reshape(-1).tolist())}


def write_safetensors(path, tensors, metadata=None):
    header, offset, chunks = {}, 0, []
    if metadata is not None:
        header["__metadata__"] = dict(sorted(metadata.items()))
    for name in sorted(tensors):  # Python orders str by code point: the UTF-8 byte order Rust uses
        t = tensors[name].detach().contiguous().to(torch.float32)
        data = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        chunks.append(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in chunks:
            f.write(data)


def read_safetensors(path):
    """Returns (tensors, metadata), checking the file as the reference crate does."""
    with open(path, "rb") as f:
        blob = f.read()
    assert len(blob) >= 8, "shorter than the header length"
    (n,) = struct.unpack("<Q", blob[:8])
    assert n <= MAX_HEADER and 8 + n <= len(blob), f"bad header length {n}"
    assert n % 8 == 0, f"header length {n} is not a multiple of 8 (the reference writer pads)"
    text = blob[8:8 + n].decode("utf-8")
    assert text.startswith("{"), "header does not start with '{'"
    header = json.loads(text)
    data = blob[8 + n:]
    metadata = header.pop("__metadata__", None)
    assert metadata is None or all(isinstance(v, str) for v in metadata.values()), "metadata not str->str"
    tensors, expected = {}, 0
    for name, info in sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"])):
        assert info["dtype"] == "F32", f"{name}: dtype {info['dtype']}"
        begin, end = info["data_offsets"]
        assert begin == expected, f"{name}: begins at {begin}, expected {expected}"
        count = 1
        for size in info["shape"]:
            count *= size
        assert end - begin == 4 * count, f"{name}: {end - begin} bytes for shape {info['shape']}"
        values = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32) if count else torch.empty(0)
        tensors[name] = values.reshape(info["shape"])
        expected = end
    assert expected == len(data), f"tensors cover {expected} of {len(data)} data bytes"
    return tensors, metadata


def generate():
    torch.manual_seed(0)
    m = model()
    # scale and seed chosen so that every row of x has hidden units on both sides of the ReLU
    # and every hidden unit is active for some row: m(x) depends on every weight
    x = 2 * torch.randn(5, 4, generator=torch.Generator().manual_seed(24))
    with torch.no_grad():
        y = m(x)
    state = m.state_dict()
    write_safetensors(os.path.join(HERE, "sequential.safetensors"), state, {"format": "pt"})
    golden = {
        "generator": "make_safetensors.py",
        "torch": torch.__version__,
        "state_dict": {name: as_json(t) for name, t in state.items()},
        "input": as_json(x),
        "output": as_json(y),
    }
    with open(os.path.join(HERE, "sequential_golden.json"), "w") as f:
        json.dump(golden, f, separators=(",", ":"))
    # our own reader must give back exactly what was written
    back, metadata = read_safetensors(os.path.join(HERE, "sequential.safetensors"))
    assert metadata == {"format": "pt"} and all(torch.equal(back[k], state[k]) for k in state)
    print("wrote sequential.safetensors and sequential_golden.json")


def verify(path):
    tensors, metadata = read_safetensors(path)
    m = model()
    m.load_state_dict(tensors, strict=True)
    with open(os.path.join(HERE, "sequential_golden.json")) as f:
        golden = json.load(f)
    x = torch.tensor(golden["input"]["data"]).reshape(golden["input"]["shape"])
    expected = torch.tensor(golden["output"]["data"]).reshape(golden["output"]["shape"])
    with torch.no_grad():
        diff = (m(x) - expected).abs().max().item()
    print(f"OK: {len(tensors)} tensors loaded with strict=True, metadata {metadata}, "
          f"max |m(x) - golden output| = {diff:.3g}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--verify":
        verify(sys.argv[2])
    elif len(sys.argv) == 1:
        generate()
    else:
        sys.exit(__doc__)
