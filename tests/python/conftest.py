"""Shared fixtures: loads the native library into the Python torch of the project venv."""
import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def native_library_path() -> pathlib.Path:
    path = os.environ.get("MMDET4J_NATIVE_LIB")
    return pathlib.Path(path) if path else REPO / "build" / "native" / "libmmdet4j.so"


@pytest.fixture(scope="session")
def ops():
    torch = pytest.importorskip("torch")
    lib = native_library_path()
    if not lib.exists():
        pytest.fail(f"native library not built: {lib} (run native/scripts/build.sh)")
    torch.ops.load_library(str(lib))
    return torch.ops.mmdet4j


@pytest.fixture(params=["cpu", "cuda"])
def device(request):
    import torch

    if request.param == "cuda" and not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    return request.param
