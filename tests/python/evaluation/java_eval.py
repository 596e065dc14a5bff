"""Runs mmdet4j's `eval` command for the parity tests.

On the build tree's class path (tools/java_classpath.sh; build it first with
`mvn -Dmmdet4j.skipNative=true -DskipTests compile`) or on the class path in the environment
variable MMDET4J_CLASSPATH.
"""
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def java_classpath():
    if os.environ.get('MMDET4J_CLASSPATH'):
        return os.environ['MMDET4J_CLASSPATH']
    proc = subprocess.run([str(REPO / 'tools' / 'java_classpath.sh')], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail('Java classes are not built: run `mvn -Dmmdet4j.skipNative=true -DskipTests compile` '
                    f'({proc.stderr.strip()})')
    return proc.stdout.strip()


def run_java(*args):
    """`mmdet4j eval ARGS...` in a new JVM; the completed process with its output."""
    cmd = ['java', '-cp', java_classpath(), 'org.mmdet4j.cli.Main', 'eval', *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)
