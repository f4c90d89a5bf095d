#!/usr/bin/env bash
# Builds one image per service from Dockerfile.template, as the guide's "Step 1: 构建 Docker 镜像":
#
#   scripts/build-all-services.sh [--dry-run] [--push] [<service>...]
#
# Tags: nova-<service>:$VERSION and nova-<service>:latest, plus $REGISTRY/nova-<service>:$VERSION
# and $REGISTRY/nova-<service>:$ENV when REGISTRY (and ENV) are set. --push pushes the registry
# tags (the guide's Step 2). --dry-run prints the docker commands instead of running them.
#
# Environment: VERSION [dev], REGISTRY [none], ENV [none: staging | production],
#   PLATFORM [linux/amd64], DOCKER [docker].
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DOCKER="${DOCKER:-docker}"
VERSION="${VERSION:-dev}"
REGISTRY="${REGISTRY:-}"
ENV="${ENV:-}"
PLATFORM="${PLATFORM:-linux/amd64}"
DRY_RUN=false
PUSH=false

die() { printf 'build-all-services: %s\n' "$*" >&2; exit 1; }

# The 15 services in deployment order, from the generated k8s/services/kustomization.yaml.
all_services() { sed -n 's/^  - \(.*\)\.yaml$/\1/p' "$ROOT/k8s/services/kustomization.yaml"; }

# A port from the service's ConfigMap (empty for the gateway's GRPC_PORT).
port_of() { sed -n "s/^  $2: \"\([0-9]*\)\"\$/\1/p" "$ROOT/k8s/services/$1.yaml"; }

run() {
  if [ "$DRY_RUN" = true ]; then
    printf '%q ' "$@"
    printf '\n'
  else
    "$@"
  fi
}

SERVICES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=true ;;
    --push) PUSH=true ;;
    -h | --help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) SERVICES+=("$1") ;;
  esac
  shift
done
[ ${#SERVICES[@]} -gt 0 ] || mapfile -t SERVICES < <(all_services)
[ "$PUSH" = false ] || [ -n "$REGISTRY" ] || die "--push needs REGISTRY"
if [ "$DRY_RUN" = false ] && ! command -v "$DOCKER" >/dev/null 2>&1; then
  die "docker is required to build images (Docker 24+ with buildx); use --dry-run to print the commands"
fi

cd "$ROOT"
for service in "${SERVICES[@]}"; do
  [ -f "k8s/services/$service.yaml" ] || die "unknown service '$service'"
  http_port="$(port_of "$service" HTTP_PORT)"
  grpc_port="$(port_of "$service" GRPC_PORT)"
  args=(build --build-arg "SERVICE_NAME=$service" --build-arg "HTTP_PORT=$http_port")
  [ -z "$grpc_port" ] || args+=(--build-arg "GRPC_PORT=$grpc_port")
  args+=(--build-arg "APP_VERSION=$VERSION" --platform "$PLATFORM" -f Dockerfile.template)
  args+=(-t "nova-$service:$VERSION" -t "nova-$service:latest")
  pushes=()
  if [ -n "$REGISTRY" ]; then
    args+=(-t "$REGISTRY/nova-$service:$VERSION")
    pushes+=("$REGISTRY/nova-$service:$VERSION")
    if [ -n "$ENV" ]; then
      args+=(-t "$REGISTRY/nova-$service:$ENV")
      pushes+=("$REGISTRY/nova-$service:$ENV")
    fi
  fi
  echo "=== Building $service:$VERSION ===" >&2
  run "$DOCKER" "${args[@]}" . || die "failed to build $service"
  if [ "$PUSH" = true ]; then
    for tag in "${pushes[@]}"; do run "$DOCKER" push "$tag" || die "failed to push $tag"; done
  fi
done
if [ "$DRY_RUN" = true ]; then
  echo "Printed the build commands of ${#SERVICES[@]} service image(s)." >&2
else
  echo "All ${#SERVICES[@]} service image(s) built." >&2
fi
