#!/usr/bin/env bash
# The downstream example (examples/detector-app) against the artifacts of this build, as a user's
# project would see them: mmdet4j's jars and POMs are installed into a new, temporary local Maven
# repository; the example is built with every repository mirrored to this machine's own Maven
# cache through file:// (nothing is fetched from the network, and mmdet4j can only come from the
# temporary repository, as a local cache serves no snapshot metadata); then it runs on a shapes
# checkpoint trained here, with an empty LD_LIBRARY_PATH, no .venv on the PATH and a fresh JavaCPP
# cache, and must print the detections that `mmdet4j infer` prints for the same image. Also checks
# that LibTorch was loaded from the native jar (JavaCPP's cache), and that the example's dependency
# tree holds neither picocli nor a logging backend.
# Run by `mvn verify` after the packages exist (tests/pom.xml); --skip=true (from -DskipTests) skips.
set -euo pipefail
if [ "${1:-}" = "--skip=true" ]; then
  echo "example app test skipped (-DskipTests)"
  exit 0
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/java/core/pom.xml" | head -1)"
platform="linux-x86_64"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/mmdet4j-example.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
repo="$tmp/repository"
fail() { echo "example app test: $*" >&2; exit 1; }

echo "== installing mmdet4j $version into a temporary local repository"
install_file() {  # FILE POM [CLASSIFIER]
  mvn -B -q org.apache.maven.plugins:maven-install-plugin:3.1.1:install-file -DlocalRepositoryPath="$repo" \
    -Dfile="$1" -DpomFile="$2" ${3:+-Dclassifier="$3"}
}
core="$root/java/core/target"
install_file "$root/pom.xml" "$root/pom.xml"
install_file "$core/mmdet4j-core-$version.jar" "$root/java/core/pom.xml"
install_file "$core/mmdet4j-core-$version-$platform.jar" "$root/java/core/pom.xml" "$platform"
install_file "$root/java/platform/pom.xml" "$root/java/platform/pom.xml"

echo "== building the example against it"
cat > "$tmp/settings.xml" <<XML
<settings>
  <mirrors>
    <mirror>
      <id>machine-cache</id>
      <mirrorOf>*</mirrorOf>
      <url>file://$HOME/.m2/repository</url>
    </mirror>
  </mirrors>
</settings>
XML
cp -r "$root/examples/detector-app" "$tmp/app"
mvn_app() { (cd "$tmp/app" && mvn -B -q -s "$tmp/settings.xml" -Dmaven.repo.local="$repo" \
  -Dmmdet4j.version="$version" "$@"); }
mvn_app package org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile="$tmp/app/classpath.txt"
mvn_app org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree -DoutputFile="$tmp/tree.txt"
cat "$tmp/tree.txt"
grep -q "mmdet4j-core:jar:$platform:$version" "$tmp/tree.txt" || fail "no native jar in the dependency tree"
if grep -E -q "picocli|slf4j-simple|logback|log4j-slf4j|slf4j-reload4j" "$tmp/tree.txt"; then
  fail "the dependency tree holds picocli or a logging backend"
fi
tr ':' '\n' < "$tmp/app/classpath.txt" | grep mmdet4j | while read -r jar; do
  case "$jar" in "$repo"/*) ;; *) fail "$jar does not come from the temporary repository" ;; esac
done

echo "== training a shapes checkpoint"
cli_cp="$("$root/tools/java_classpath.sh")"
# The shapes RetinaNet, keeping its 20 best boxes whatever their score: a few steps from scratch
# leave every score low.
config="$tmp/retinanet_shapes.yaml"
cat > "$config" <<YAML
_base_: $root/configs/retinanet/retinanet_r18_fpn_shapes.yaml
model:
  test_cfg: {score_thr: 0.0, max_per_img: 20}
YAML
data="$tmp/data/"
java -cp "$cli_cp" org.mmdet4j.cli.Main make-shapes --out "$data" --train 4 --val 2 > /dev/null
java -cp "$cli_cp" org.mmdet4j.cli.Main train "$config" --work-dir "$tmp/work" --no-validate --cfg-options \
  "data.train.data_root=$data" "data.val.data_root=$data" "data.test.data_root=$data" runner.max_epochs=2 \
  data.samples_per_gpu=2 lr_config.warmup_iters=2 > "$tmp/train.log" 2>&1 || { cat "$tmp/train.log"; fail "training failed"; }
checkpoint="$tmp/work/epoch_2.pth"
image="$data/JPEGImages/val_000000.jpg"
java -cp "$cli_cp" org.mmdet4j.cli.Main infer "$config" "$checkpoint" "$image" --out-dir "$tmp/infer" \
  --score-thr 0.0 > "$tmp/infer.txt"

echo "== running the example"
jdk_bin="$(dirname "$(readlink -f "$(command -v java)")")"
env -i HOME="$HOME" PATH="$jdk_bin:/usr/bin:/bin" LD_DEBUG=libs LD_DEBUG_OUTPUT="$tmp/ld" \
  java -Dorg.bytedeco.javacpp.cachedir="$tmp/javacpp-cache" \
  -cp "$tmp/app/target/detector-app-1.0.jar:$(cat "$tmp/app/classpath.txt")" \
  org.mmdet4j.examples.DetectorApp "$config" "$checkpoint" "$image" 0.0 > "$tmp/app.txt" 2> "$tmp/app.err" \
  || { cat "$tmp/app.err"; fail "the example failed"; }
cat "$tmp/app.txt"
torch_loaded="$(cat "$tmp"/ld.* | sed -n 's/.*calling init: \(.*libtorch_cpu\.so\)$/\1/p' | sort -u)"
echo "libtorch_cpu loaded from: $torch_loaded"
case "$torch_loaded" in
  "$tmp/javacpp-cache/"*) ;;
  *) fail "libtorch_cpu.so was not loaded from the native jar's extraction" ;;
esac

# The same detections as the command line prints (score and box rounded as both print them).
python3 - "$tmp/infer.txt" "$tmp/app.txt" <<'PY'
import re, sys
infer = [tuple(m.groups()) for m in re.finditer(
    r'^\s+(\S+)\s+([\d.]+)\s+\(([-\d.]+), ([-\d.]+), ([-\d.]+), ([-\d.]+)\)', open(sys.argv[1]).read(), re.M)]
app = [tuple(l.split()) for l in open(sys.argv[2]).read().splitlines() if l.strip()]
if not infer:
    sys.exit('example app test: infer printed no detections to compare with')
if len(infer) != len(app):
    sys.exit(f'example app test: {len(app)} detections, infer printed {len(infer)}')
for a, b in zip(app, infer):
    if a[0] != b[0] or abs(float(a[1]) - float(b[1])) > 2e-3 or \
            any(abs(float(x) - float(y)) > 0.2 for x, y in zip(a[2:], b[2:])):
        sys.exit(f'example app test: {a} differs from infer\'s {b}')
print(f'example app test: {len(app)} detections equal to infer\'s')
PY
