"""Runs each malformed-input case of tests/python/ops/test_bad_inputs.py in its own process, so that
a case that crashes the process (instead of raising) is named rather than ending the test run.

    python tests/gpu/bad_inputs_probe.py build/gpu/libmmdet4j.so
"""
import subprocess
import sys

SETUP = r'''
import sys, torch
sys.path.insert(0, "tests/python/ops")
torch.ops.load_library(sys.argv[1])
import test_bad_inputs
cases = test_bad_inputs.cases(torch.ops.mmdet4j)
'''
COUNT = SETUP + "print(len(cases))\n"
RUN_ONE = SETUP + r'''
name, call, expected = cases[int(sys.argv[2])]
try:
    call()
    print("no error:", name)
except RuntimeError as e:
    print("ok:" if expected in str(e) else "wrong message:", name, "|", str(e).splitlines()[0][:100])
'''


def main():
    lib = sys.argv[1]
    count = int(subprocess.run([sys.executable, "-c", COUNT, lib], capture_output=True, text=True,
                               check=True).stdout)
    crashes = 0
    for i in range(count):
        r = subprocess.run([sys.executable, "-c", RUN_ONE, lib, str(i)], capture_output=True, text=True)
        if r.returncode < 0:
            crashes += 1
            print(f"{i:2d} CRASH (signal {-r.returncode})")
        else:
            print(f"{i:2d} {r.stdout.strip()}")
    print(f"{crashes} of {count} cases crashed the process")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
