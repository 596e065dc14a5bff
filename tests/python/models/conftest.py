"""The native driver (native/tools/mmdet4j_native.cpp) that the model tests run."""
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def native_tool():
    tool = pathlib.Path(os.environ.get("MMDET4J_NATIVE_TOOL", REPO / "build" / "native" / "mmdet4j_native"))
    if not tool.exists():
        pytest.fail(f"native driver not built: {tool} (run native/scripts/build.sh)")

    def run(*args, check=True):
        result = subprocess.run([str(tool), *map(str, args)], capture_output=True, text=True, timeout=600)
        if check and result.returncode != 0:
            raise AssertionError(f"{tool.name} {' '.join(map(str, args))} failed: {result.stderr}")
        return result

    return run
