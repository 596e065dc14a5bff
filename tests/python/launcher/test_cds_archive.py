"""tools/make_cds_archive.sh: the class-data-sharing archive the mmdet4j launcher starts with.

Needs a Maven build of the Java side (tools/java_classpath.sh gives its jars and class folders).
"""
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / 'tools' / 'make_cds_archive.sh'
CLASSPATH = REPO / 'tools' / 'java_classpath.sh'


def build_classpath(part):
    proc = subprocess.run([str(CLASSPATH), part], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail('Java classes are not built: run `mvn -Dmmdet4j.skipNative=true -DskipTests compile`')
    return proc.stdout.strip()


@pytest.fixture(scope='module')
def jars():
    return build_classpath('--jars')


@pytest.fixture(scope='module')
def classes():
    return build_classpath('--classes')


def loaded_from_archive(archive, jars, classes, *args):
    """Runs Main with the archive required (-Xshare:on fails if it cannot be used)."""
    proc = subprocess.run(['java', '-Xshare:on', f'-XX:SharedArchiveFile={archive}', '-Xlog:class+load',
                           '-cp', f'{jars}:{classes}', 'org.mmdet4j.cli.Main', *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    return proc.stdout


def test_archive_holds_the_library_classes_a_command_loads(tmp_path, jars, classes):
    archive = tmp_path / 'cds' / 'mmdet4j.jsa'
    subprocess.run([str(SCRIPT), jars, classes, str(archive)], check=True, timeout=300)
    assert archive.is_file()
    assert [p.name for p in archive.parent.iterdir()] == ['mmdet4j.jsa'], 'temporary files left behind'
    out = loaded_from_archive(archive, jars, classes, '--version')
    assert 'mmdet4j ' in out
    picocli = [l for l in out.splitlines() if ' picocli.' in l and 'source:' in l]
    assert picocli and all('shared objects file' in l for l in picocli), picocli[:5]
    # mmdet4j's own classes are archived when they come from its jars; from a class folder
    # (a build that stopped at compile) they are loaded after the archived jars.
    own = [l for l in out.splitlines() if ' org.mmdet4j.cli.Main ' in l]
    from_folder = '/target/classes/' in own[0] if own else False
    assert own and ('shared objects file' in own[0] or from_folder), own


def test_a_failed_run_leaves_no_archive(tmp_path, jars):
    archive = tmp_path / 'mmdet4j.jsa'
    # Without mmdet4j-cli (its jar or its class folder) there is no StartupClassesRun to run.
    libraries = ':'.join(j for j in jars.split(':') if 'mmdet4j-cli' not in j)
    proc = subprocess.run([str(SCRIPT), libraries, str(tmp_path / 'no-classes'), str(archive)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert 'StartupClassesRun' in proc.stderr
    assert list(tmp_path.iterdir()) == []
