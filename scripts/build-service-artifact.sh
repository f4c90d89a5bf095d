#!/usr/bin/env bash
# Builds what Dockerfile.template puts into a service image, without Docker: the workspace
# manifests, `bun install --frozen-lockfile --production --filter ./services/<name>`, then the
# sources the service runs. Used to test and measure the image contents on machines with no
# Docker engine. Keep the steps in step with Dockerfile.template's builder stage.
#
#   scripts/build-service-artifact.sh <service> <out-dir>
set -euo pipefail

service="${1:?usage: build-service-artifact.sh <service> <out-dir>}"
out="${2:?usage: build-service-artifact.sh <service> <out-dir>}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

[ -f "$root/services/$service/package.json" ] || { echo "unknown service: $service" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"

# Manifests first (the image's cached install layer).
cp "$root/package.json" "$root/bun.lock" "$root/bunfig.toml" "$out/"
for dir in "$root"/packages/* "$root"/services/*; do
  [ -f "$dir/package.json" ] || continue
  rel="${dir#"$root"/}"
  mkdir -p "$out/$rel"
  cp "$dir/package.json" "$out/$rel/"
done
(cd "$out" && bun install --frozen-lockfile --production --filter "./services/$service" >/dev/null)
deps="$(du -sm "$out/node_modules" | cut -f1)"

# Then the sources: every workspace package (the filter decides what is installed, not what is
# copied), protos, migrations, scripts (db CLI for the migrations job) and the one service.
cp "$root/tsconfig.base.json" "$root/tsconfig.json" "$out/"
cp -R "$root/proto" "$root/drizzle" "$root/scripts" "$out/"
for dir in "$root"/packages/*; do
  [ -f "$dir/package.json" ] || continue
  rel="${dir#"$root"/}"
  (cd "$dir" && find . -path ./node_modules -prune -o -path ./test -prune -o -type f -print0 \
    | xargs -0 -I{} cp --parents {} "$out/$rel/")
done
(cd "$root/services/$service" && find . -path ./node_modules -prune -o -path ./test -prune -o -type f -print0 \
  | xargs -0 -I{} cp --parents {} "$out/services/$service/")
total="$(du -sm "$out" | cut -f1)"
echo "artifact $service: ${total} MB (node_modules ${deps} MB) in $out"
