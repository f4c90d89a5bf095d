#!/usr/bin/env bash
# Emergency rollback, as the guide's "Rollback Procedure (紧急回滚)":
#
#   scripts/rollback.sh [--to <version>] [<service>...]      (no service: all 15)
#
# Without --to: `kubectl rollout undo` of each stable Deployment (the previous ReplicaSet, its image
# and its version label). With --to: each stable Deployment is set to $REGISTRY/nova-<service>:<version>
# (image and version label in one patch). Either way the `<service>-canary` Deployment is deleted,
# then every rollout is awaited.
#
# Environment: NAMESPACE [nova-backend], REGISTRY [none], ROLLOUT_TIMEOUT [5m], KUBECTL [kubectl].
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBECTL="${KUBECTL:-kubectl}"
NAMESPACE="${NAMESPACE:-nova-backend}"
REGISTRY="${REGISTRY:-}"
ROLLOUT_TIMEOUT="${ROLLOUT_TIMEOUT:-5m}"
TARGET=""

log() { printf '[rollback] %s\n' "$*"; }
die() { printf '[rollback] ERROR: %s\n' "$*" >&2; exit 1; }
kc() { "$KUBECTL" -n "$NAMESPACE" "$@"; }

SERVICES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --to) [ $# -ge 2 ] || die "--to needs a version"; TARGET=$2; shift ;;
    -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) SERVICES+=("$1") ;;
  esac
  shift
done
command -v "$KUBECTL" >/dev/null 2>&1 || die "kubectl is required (or set KUBECTL)"
# Gateway first: it stops calling the new upstream behaviour before the upstreams change back.
[ ${#SERVICES[@]} -gt 0 ] \
  || mapfile -t SERVICES < <(sed -n 's/^  - \(.*\)\.yaml$/\1/p' "$ROOT/k8s/services/kustomization.yaml" | tac)
if [ -n "$TARGET" ]; then
  [[ "$TARGET" =~ ^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$ ]] || die "version '$TARGET' is not a valid label value"
fi

for service in "${SERVICES[@]}"; do
  [ -f "$ROOT/k8s/services/$service.yaml" ] || die "unknown service '$service'"
  if [ -n "$TARGET" ]; then
    image="${REGISTRY:+$REGISTRY/}nova-$service:$TARGET"
    log "$service -> $image"
    kc patch deployment "$service" --type=strategic -p "$(printf \
      '{"spec":{"template":{"metadata":{"labels":{"version":"%s"}},"spec":{"containers":[{"name":"%s","image":"%s"}]}}}}' \
      "$TARGET" "$service" "$image")"
  else
    log "$service -> previous revision"
    kc rollout undo "deployment/$service"
  fi
  kc delete deployment "$service-canary" --ignore-not-found
done

failed=0
for service in "${SERVICES[@]}"; do
  kc rollout status "deployment/$service" --timeout="$ROLLOUT_TIMEOUT" || { log "$service did not roll back in time"; failed=1; }
done
[ "$failed" = 0 ] || die "some rollbacks did not finish; check: kubectl get pods -n $NAMESPACE"
log "rolled back ${#SERVICES[@]} service(s)"
kc get pods -o 'jsonpath={range .items[*]}{.metadata.name}{"\t"}{.spec.containers[0].image}{"\n"}{end}'
