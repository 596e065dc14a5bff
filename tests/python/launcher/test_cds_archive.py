"""tools/make_cds_archive.sh: the class-data-sharing archive the mmdet4j launcher starts with.

Needs target/classes and target/classpath.txt (any Maven build of the Java side writes them).
"""
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / 'tools' / 'make_cds_archive.sh'
CLASSES = REPO / 'target' / 'classes'
CLASSPATH_FILE = REPO / 'target' / 'classpath.txt'


@pytest.fixture(scope='module')
def jars():
    if not (CLASSES / 'org' / 'mmdet4j' / 'cli' / 'StartupClassesRun.class').exists() or not CLASSPATH_FILE.exists():
        pytest.fail('Java classes are not built: run `mvn -Dmmdet4j.skipNative=true -DskipTests compile`')
    return CLASSPATH_FILE.read_text().strip()


def loaded_from_archive(archive, jars, *args):
    """Runs Main with the archive required (-Xshare:on fails if it cannot be used)."""
    proc = subprocess.run(['java', '-Xshare:on', f'-XX:SharedArchiveFile={archive}', '-Xlog:class+load',
                           '-cp', f'{jars}:{CLASSES}', 'org.mmdet4j.cli.Main', *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    return proc.stdout


def test_archive_holds_the_library_classes_a_command_loads(tmp_path, jars):
    archive = tmp_path / 'cds' / 'mmdet4j.jsa'
    subprocess.run([str(SCRIPT), jars, str(CLASSES), str(archive)], check=True, timeout=300)
    assert archive.is_file()
    assert [p.name for p in archive.parent.iterdir()] == ['mmdet4j.jsa'], 'temporary files left behind'
    out = loaded_from_archive(archive, jars, '--version')
    assert 'mmdet4j ' in out
    picocli = [l for l in out.splitlines() if ' picocli.' in l and 'source:' in l]
    assert picocli and all('shared objects file' in l for l in picocli), picocli[:5]
    # mmdet4j's own classes come from the classes directory, after the archived jars.
    own = [l for l in out.splitlines() if ' org.mmdet4j.cli.Main ' in l]
    assert own and str(CLASSES) in own[0]


def test_a_failed_run_leaves_no_archive(tmp_path, jars):
    archive = tmp_path / 'mmdet4j.jsa'
    proc = subprocess.run([str(SCRIPT), jars, str(tmp_path / 'no-classes'), str(archive)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert 'StartupClassesRun' in proc.stderr
    assert list(tmp_path.iterdir()) == []
