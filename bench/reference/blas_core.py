"""Which BLAS, and which OpenBLAS core, torch's matmul runs on in this process.

Debian's python3-torch calls whatever libblas.so.3 points to (update-alternatives): OpenBLAS, or
the reference BLAS, which is ~40x slower. A DYNAMIC_ARCH OpenBLAS picks its kernels (the "core")
from the CPU model at load time, or from OPENBLAS_CORETYPE; both the library and the core decide
what a matmul costs, so every reference script reports them beside its figures.
"""
import ctypes
import os

import torch


def _mapped_blas_libraries():
    with open("/proc/self/maps") as maps:
        return sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})


def _call(library, symbol):
    function = getattr(library, symbol)  # AttributeError when the library does not export it
    function.restype = ctypes.c_char_p
    return function().decode()


def blas_info():
    """{"library", "config", "core"}: config and core are None when the BLAS is not OpenBLAS."""
    torch.ones(4, 4) @ torch.ones(4, 4)  # a first matmul, so the BLAS is surely loaded
    try:
        paths = _mapped_blas_libraries()
    except OSError:
        return {"library": "unknown", "config": None, "core": None}
    for path in paths:
        try:
            library = ctypes.CDLL(path)  # already loaded: the same handle, no second copy
            return {"library": os.path.realpath(path), "config": _call(library, "openblas_get_config"),
                    "core": _call(library, "openblas_get_corename")}
        except (OSError, AttributeError):
            continue
    return {"library": os.path.realpath(paths[0]) if paths else "unknown", "config": None, "core": None}
