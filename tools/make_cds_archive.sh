#!/usr/bin/env bash
# Writes a class-data-sharing archive of the classes that mmdet4j's commands load at start (its
# own, picocli's, Jackson's, the JDK's): a JVM started with -XX:SharedArchiveFile=ARCHIVE maps
# them parsed and verified instead of loading them again.
#   tools/make_cds_archive.sh JARS CLASSES ARCHIVE
# JARS: ':'-separated jars (mmdet4j's own and its libraries); CLASSES: a directory of classes
# (and native libraries) that comes after them. Run the commands with the class path
# JARS:CLASSES (the archive's class path must come first) and the same java. Only classes from
# jars are archived. The archive is written whole or not at all; exit status 1 if it could not be
# made.
set -euo pipefail
jars="$1" classes="$2" archive="$3"
dir="$(dirname "$archive")"
mkdir -p "$dir"
tmp="$(mktemp -d "$dir/.cds.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
java -XX:DumpLoadedClassList="$tmp/loaded.lst" -cp "$jars:$classes" \
  org.mmdet4j.cli.StartupClassesRun > "$tmp/run.log" 2>&1 || { cat "$tmp/run.log" >&2; exit 1; }
java -Xshare:dump -XX:SharedClassListFile="$tmp/loaded.lst" -XX:SharedArchiveFile="$tmp/archive.jsa" \
  -cp "$jars" > "$tmp/dump.log" 2>&1 || { cat "$tmp/dump.log" >&2; exit 1; }
mv "$tmp/archive.jsa" "$archive"
