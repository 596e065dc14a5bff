"""Runs mmdet4j's `eval` command for the parity tests.

From target/classes (build it first with `mvn -Dmmdet4j.skipNative=true -DskipTests compile`) or
from the class path in the environment variable MMDET4J_CLASSPATH.
"""
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CLASSES = REPO / 'target' / 'classes'
CLASSPATH_FILE = REPO / 'target' / 'classpath.txt'


def java_classpath():
    if os.environ.get('MMDET4J_CLASSPATH'):
        return os.environ['MMDET4J_CLASSPATH']
    if not (CLASSES / 'org' / 'mmdet4j' / 'cli' / 'Main.class').exists() or not CLASSPATH_FILE.exists():
        pytest.fail('Java classes are not built: run `mvn -Dmmdet4j.skipNative=true -DskipTests '
                    'compile` (writes target/classes and target/classpath.txt)')
    return f'{CLASSES}:{CLASSPATH_FILE.read_text().strip()}'


def run_java(*args):
    """`mmdet4j eval ARGS...` in a new JVM; the completed process with its output."""
    cmd = ['java', '-cp', java_classpath(), 'org.mmdet4j.cli.Main', 'eval', *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)
