#!/usr/bin/env bash
# Prints the class path that runs mmdet4j from this build tree: the jars (mmdet4j-cli's, then its
# libraries with mmdet4j-core among them), then the core's class folder, which holds the native
# libraries JavaCPP loads in place. Jars come first, as a class-data-sharing archive needs
# (tools/make_cds_archive.sh). Needs a Maven build of the Java side (`mvn -DskipTests package`,
# or `compile`, which leaves class folders instead of the jars).
#   tools/java_classpath.sh [--jars | --classes]   only the jars / only the class folders
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps="$root/java/cli/target/classpath.txt"
if [ ! -f "$deps" ]; then
  echo "java_classpath: $deps is missing; build first (mvn -B -DskipTests package)" >&2
  exit 1
fi
jars="$(cat "$deps")"
cli_classes="$root/java/cli/target/classes"
cli_jar=""
for f in "$root"/java/cli/target/mmdet4j-cli-*.jar; do
  case "$f" in *-sources.jar|*-javadoc.jar) continue ;; esac
  if [ -f "$f" ] && [ ! "$cli_classes" -nt "$f" ]; then cli_jar="$f"; fi
done
folders="$root/java/core/target/classes"
if [ -n "$cli_jar" ]; then jars="$cli_jar:$jars"; else folders="$cli_classes:$folders"; fi
case "${1:-}" in
  --jars) echo "$jars" ;;
  --classes) echo "$folders" ;;
  *) echo "$jars:$folders" ;;
esac
