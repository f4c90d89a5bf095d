#!/usr/bin/env bash
# Deploys the 15 services tier by tier, as the guide's "Service Deployment Order":
#
#   scripts/deploy-all-services.sh [--skip-migrations]
#
# 1. namespace (k8s/base/namespace.yaml); the Secret nova-backend-secrets must exist (guide Step 3)
# 2. database migrations: the Job k8s/base/migrations-job.yaml is re-created and awaited; a failed
#    Job stops the deployment before any service changes
# 3. each service in tier order: `kubectl apply -f k8s/services/<service>.yaml`, rollout status,
#    then GET /api/v1/health inside a pod of the new rollout
#
# Environment: NAMESPACE [nova-backend], VERSION [none: the files' nova-<service>:latest],
#   REGISTRY [none], TIMEOUT [5m] per rollout, MIGRATION_TIMEOUT [600] seconds,
#   POLL_INTERVAL [5] seconds, KUBECTL [kubectl].
# With VERSION set, images become $REGISTRY/nova-<service>:$VERSION and the pods' version label
# (hence APP_VERSION and the metrics' version label) becomes $VERSION.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBECTL="${KUBECTL:-kubectl}"
NAMESPACE="${NAMESPACE:-nova-backend}"
VERSION="${VERSION:-}"
REGISTRY="${REGISTRY:-}"
TIMEOUT="${TIMEOUT:-5m}"
MIGRATION_TIMEOUT="${MIGRATION_TIMEOUT:-600}"
POLL_INTERVAL="${POLL_INTERVAL:-5}"
SECRET="nova-backend-secrets"
MIGRATIONS_JOB="nova-migrate"
SKIP_MIGRATIONS=false

log() { printf '%s\n' "$*"; }
die() { printf 'deploy-all-services: ERROR: %s\n' "$*" >&2; exit 1; }
kc() { "$KUBECTL" -n "$NAMESPACE" "$@"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --skip-migrations) SKIP_MIGRATIONS=true ;;
    -h | --help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
  shift
done
command -v "$KUBECTL" >/dev/null 2>&1 || die "kubectl is required (or set KUBECTL)"
if [ -n "$VERSION" ]; then
  [[ "$VERSION" =~ ^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$ ]] || die "VERSION '$VERSION' is not a valid label value"
fi

# A manifest with the release's image and version label (unchanged when VERSION is unset).
render() {
  local file=$1 image=$2
  if [ -z "$VERSION" ]; then
    cat "$file"
    return
  fi
  sed -e "s#^\([[:space:]]*\)version: latest\$#\1version: \"$VERSION\"#" \
    -e "s#^\([[:space:]]*\)image: nova-$image:latest\$#\1image: ${REGISTRY:+$REGISTRY/}nova-$image:$VERSION#" \
    "$file"
}

http_port_of() { sed -n 's/^  HTTP_PORT: "\([0-9]*\)"$/\1/p' "$ROOT/k8s/services/$1.yaml"; }

run_migrations() {
  local started=$SECONDS conditions
  log "→ Running database migrations (job/$MIGRATIONS_JOB)..."
  kc delete job "$MIGRATIONS_JOB" --ignore-not-found --wait=true
  render "$ROOT/k8s/base/migrations-job.yaml" identity-service | kc apply -f -
  while :; do
    conditions="$(kc get job "$MIGRATIONS_JOB" -o 'jsonpath={.status.conditions[?(@.status=="True")].type}')"
    case " $conditions " in
      *" Complete "*) log "✅ migrations applied"; return 0 ;;
      *" Failed "*)
        kc logs "job/$MIGRATIONS_JOB" --tail=50 >&2 || true
        die "migrations failed; no service was changed (see the log above)"
        ;;
    esac
    [ $((SECONDS - started)) -lt "$MIGRATION_TIMEOUT" ] \
      || die "migrations did not finish within ${MIGRATION_TIMEOUT}s (kubectl logs job/$MIGRATIONS_JOB -n $NAMESPACE)"
    sleep "$POLL_INTERVAL"
  done
}

deploy_service() {
  local service=$1 port
  port="$(http_port_of "$service")"
  log "→ Deploying $service..."
  render "$ROOT/k8s/services/$service.yaml" "$service" | kc apply -f -
  kc rollout status "deployment/$service" --timeout="$TIMEOUT" || die "$service did not become ready within $TIMEOUT"
  # The slim image has no curl; bun does the request from inside a pod of the new rollout.
  kc exec "deployment/$service" -c "$service" -- bun -e \
    "const r = await fetch('http://127.0.0.1:$port/api/v1/health'); console.log(r.status, await r.text()); process.exit(r.ok ? 0 : 1);" \
    || die "$service is not healthy (GET :$port/api/v1/health)"
  log "✅ $service is ready"
}

log "=========================================="
log "Nova Backend - Full Deployment (namespace $NAMESPACE${VERSION:+, version $VERSION})"
log "=========================================="
kc apply -f "$ROOT/k8s/base/namespace.yaml"
kc get secret "$SECRET" >/dev/null \
  || die "secret $SECRET is missing: kubectl create secret generic $SECRET -n $NAMESPACE --from-env-file=.env.staging"
[ "$SKIP_MIGRATIONS" = true ] || run_migrations

tier=0
while read -r service; do
  service_tier="$(sed -n 's/^    nova.app\/tier: "\([0-9]\)"$/\1/p' "$ROOT/k8s/services/$service.yaml" | head -n 1)"
  if [ "$service_tier" != "$tier" ]; then
    tier=$service_tier
    log "=========================================="
    log "Tier $tier"
    log "=========================================="
  fi
  deploy_service "$service"
done < <(sed -n 's/^  - \(.*\)\.yaml$/\1/p' "$ROOT/k8s/services/kustomization.yaml")

log "=========================================="
log "✅ All services deployed successfully!"
log "=========================================="
log "Next: kubectl get pods -n $NAMESPACE; dashboards: monitoring/grafana/dashboards/nova-overview.json"
