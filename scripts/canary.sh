#!/usr/bin/env bash
# Canary release of one service, as the deployment guide's "Canary Release Strategy":
#
#   scripts/canary.sh deploy   <service> <version>   5% -> watch 15 min -> 50% -> watch 30 min -> promote
#   scripts/canary.sh promote  <service> <version>   100%: stable Deployment to <version>, canary deleted
#   scripts/canary.sh rollback <service> <version>   delete the canary of <version>; stable untouched
#   scripts/canary.sh check    <service> <version>   evaluate the rollback thresholds once
#
# Traffic splits by replica count: `<service>-canary` (k8s/canary/<service>.yaml, labels canary=true,
# version=<version>) sits behind the same Service (selector app=<service>) as the stable Deployment.
# At step P% the canary gets ceil(stable_replicas * P / 100) replicas (at least 1), as the guide's
# 1-of-20 and 10-of-20.
#
# While a step is watched, the canary is rolled back automatically (exit 2) when any of the guide's
# triggers fires, evaluated against PROMETHEUS_URL with the guide's PromQL on the canary's version:
#   error rate  sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 1%
#   p95         histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m]))      > 500 ms
#   5xx         canary 5xx ratio more than 10% above the stable version's (once >= 0.1%)
#   crash loop  canary container restarts > CANARY_MAX_RESTARTS, or a container in CrashLoopBackOff
# A canary with no traffic yet (no samples) passes the metric checks; an unreachable Prometheus
# fails them (the release cannot be verified, so it is rolled back).
#
# Environment (defaults in brackets):
#   PROMETHEUS_URL (required for deploy/check)  NAMESPACE [nova-backend]  REGISTRY [none: nova-<svc>:<version>]
#   CANARY_STEPS ["5:900 50:1800"]: percent:watch-seconds   CANARY_CHECK_INTERVAL [60] seconds
#   CANARY_AUTO_PROMOTE [true]   CANARY_RATE_WINDOW [5m]   ROLLOUT_TIMEOUT [5m]
#   CANARY_MAX_ERROR_RATE [0.01]  CANARY_MAX_P95_SECONDS [0.5]  CANARY_MAX_5XX_INCREASE [0.10]
#   CANARY_MIN_5XX_RATIO [0.001]  CANARY_MAX_RESTARTS [2]
#   KUBECTL [kubectl], CURL [curl]: substitutes (the tests use a recording kubectl and a fake Prometheus)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBECTL="${KUBECTL:-kubectl}"
CURL="${CURL:-curl}"
NAMESPACE="${NAMESPACE:-nova-backend}"
REGISTRY="${REGISTRY:-}"
CANARY_STEPS="${CANARY_STEPS:-5:900 50:1800}"
CANARY_CHECK_INTERVAL="${CANARY_CHECK_INTERVAL:-60}"
CANARY_AUTO_PROMOTE="${CANARY_AUTO_PROMOTE:-true}"
CANARY_RATE_WINDOW="${CANARY_RATE_WINDOW:-5m}"
ROLLOUT_TIMEOUT="${ROLLOUT_TIMEOUT:-5m}"
CANARY_MAX_ERROR_RATE="${CANARY_MAX_ERROR_RATE:-0.01}"
CANARY_MAX_P95_SECONDS="${CANARY_MAX_P95_SECONDS:-0.5}"
CANARY_MAX_5XX_INCREASE="${CANARY_MAX_5XX_INCREASE:-0.10}"
CANARY_MIN_5XX_RATIO="${CANARY_MIN_5XX_RATIO:-0.001}"
CANARY_MAX_RESTARTS="${CANARY_MAX_RESTARTS:-2}"

log() { printf '[canary] %s\n' "$*"; }
die() { printf '[canary] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 1
}

require() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required ($2)"
}

# --- cluster helpers ---------------------------------------------------------------------------

kc() { "$KUBECTL" -n "$NAMESPACE" "$@"; }

image_of() { printf '%s%s:%s' "${REGISTRY:+$REGISTRY/}" "nova-$1" "$2"; }

stable_replicas() { kc get deployment "$SERVICE" -o 'jsonpath={.spec.replicas}'; }

stable_version() { kc get deployment "$SERVICE" -o "jsonpath={.spec.template.metadata.labels.version}"; }

# ceil(stable * percent / 100), at least 1.
canary_replicas() {
  local stable=$1 percent=$2 n
  n=$(((stable * percent + 99) / 100))
  [ "$n" -ge 1 ] || n=1
  printf '%s' "$n"
}

apply_canary() {
  local replicas=$1 manifest="$ROOT/k8s/canary/$SERVICE.yaml"
  sed -e "s#^\([[:space:]]*\)version: canary\$#\1version: \"$VERSION\"#" \
    -e "s#^\([[:space:]]*\)image: nova-$SERVICE:canary\$#\1image: $(image_of "$SERVICE" "$VERSION")#" \
    -e "s#^\([[:space:]]*\)replicas: 1\$#\1replicas: $replicas#" \
    "$manifest" | kc apply -f -
}

delete_canary() { kc delete deployment "$SERVICE-canary" --ignore-not-found; }

# --- Prometheus --------------------------------------------------------------------------------

# Prints the first sample's value of an instant query, or NaN when the result is empty.
prom_value() {
  local body
  body="$("$CURL" -fsS --max-time 10 --get --data-urlencode "query=$1" "$PROMETHEUS_URL/api/v1/query")" || return 1
  jq -er 'if .status == "success" then (.data.result[0].value[1] // "NaN") else error("query failed") end' \
    <<<"$body" || return 1
}

# awk does the float maths; NaN (no samples) never breaches.
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "NaN" && b != "NaN" && a + 0 > b + 0) }'; }

sel() { printf 'service="%s",version="%s"' "$SERVICE" "$1"; }

error_rate_query() {
  printf 'sum(rate(http_requests_total{%s,status=~"5.."}[%s])) / sum(rate(http_requests_total{%s}[%s]))' \
    "$(sel "$1")" "$CANARY_RATE_WINDOW" "$(sel "$1")" "$CANARY_RATE_WINDOW"
}

p95_query() {
  printf 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{%s}[%s])))' \
    "$(sel "$1")" "$CANARY_RATE_WINDOW"
}

# Sum of restarts of the canary's containers, and whether one is in CrashLoopBackOff.
canary_restarts() {
  local out total=0 count reason crash=0
  out="$(kc get pods -l "app=$SERVICE,canary=true" \
    -o 'jsonpath={range .items[*]}{range .status.containerStatuses[*]}{.restartCount}{" "}{.state.waiting.reason}{"\n"}{end}{end}')" \
    || out=""
  while read -r count reason; do
    [ -n "${count:-}" ] || continue
    total=$((total + count))
    [ "${reason:-}" != "CrashLoopBackOff" ] || crash=1
  done <<<"$out"
  printf '%s %s' "$total" "$crash"
}

# Evaluates the four triggers once. Sets BREACH to the reason and returns 1 when one fires.
evaluate() {
  local stable=$1 err p95 stable_err restarts crash limit
  BREACH=""
  if ! err="$(prom_value "$(error_rate_query "$VERSION")")" \
    || ! p95="$(prom_value "$(p95_query "$VERSION")")" \
    || ! stable_err="$(prom_value "$(error_rate_query "$stable")")"; then
    BREACH="Prometheus at $PROMETHEUS_URL did not answer; the canary cannot be verified"
    return 1
  fi
  read -r restarts crash <<<"$(canary_restarts)"
  log "  error rate $err (max $CANARY_MAX_ERROR_RATE) | p95 ${p95}s (max ${CANARY_MAX_P95_SECONDS}s) | 5xx ratio $err vs stable $stable_err | restarts $restarts"
  if gt "$err" "$CANARY_MAX_ERROR_RATE"; then
    BREACH="error rate $err > $CANARY_MAX_ERROR_RATE"
  elif gt "$p95" "$CANARY_MAX_P95_SECONDS"; then
    BREACH="p95 latency ${p95}s > ${CANARY_MAX_P95_SECONDS}s"
  else
    [ "$stable_err" != "NaN" ] || stable_err=0
    limit="$(awk -v s="$stable_err" -v i="$CANARY_MAX_5XX_INCREASE" 'BEGIN { printf "%.10f", s * (1 + i) }')"
    if gt "$err" "$CANARY_MIN_5XX_RATIO" && gt "$err" "$limit"; then
      BREACH="5xx ratio $err is more than ${CANARY_MAX_5XX_INCREASE} above stable ($stable_err)"
    elif [ "$crash" = 1 ]; then
      BREACH="crash loop: a canary container is in CrashLoopBackOff ($restarts restarts)"
    elif [ "$restarts" -gt "$CANARY_MAX_RESTARTS" ]; then
      BREACH="crash loop: $restarts restarts > $CANARY_MAX_RESTARTS"
    fi
  fi
  [ -z "$BREACH" ]
}

auto_rollback() {
  log "ROLLBACK $SERVICE $VERSION: $1"
  delete_canary
  log "canary deleted; stable $2 serves all traffic"
  exit 2
}

# Watches one step for `window` seconds (at least one evaluation).
watch_step() {
  local percent=$1 window=$2 stable=$3 started=$SECONDS
  log "watching $SERVICE $VERSION at ${percent}% for ${window}s"
  while :; do
    evaluate "$stable" || auto_rollback "$BREACH" "$stable"
    [ $((SECONDS - started)) -lt "$window" ] || break
    sleep "$CANARY_CHECK_INTERVAL"
  done
  log "step ${percent}% healthy"
}

# --- commands ----------------------------------------------------------------------------------

cmd_deploy() {
  [ -n "${PROMETHEUS_URL:-}" ] || die "PROMETHEUS_URL is required (e.g. http://prometheus.monitoring.svc:9090)"
  local stable replicas step percent window n
  stable="$(stable_version)"
  replicas="$(stable_replicas)"
  [ -n "$stable" ] || die "deployment/$SERVICE not found in $NAMESPACE (deploy it first)"
  [ "$stable" != "$VERSION" ] || die "$SERVICE already runs $VERSION"
  log "$SERVICE: stable $stable ($replicas replicas) -> canary $VERSION"
  for step in $CANARY_STEPS; do
    percent="${step%%:*}"
    window="${step#*:}"
    n="$(canary_replicas "$replicas" "$percent")"
    log "step ${percent}%: $n canary replica(s) beside $replicas stable"
    apply_canary "$n"
    kc rollout status "deployment/$SERVICE-canary" --timeout="$ROLLOUT_TIMEOUT" \
      || auto_rollback "canary did not become available within $ROLLOUT_TIMEOUT" "$stable"
    watch_step "$percent" "$window" "$stable"
  done
  if [ "$CANARY_AUTO_PROMOTE" = true ]; then
    cmd_promote
  else
    log "canary healthy; promote with: scripts/canary.sh promote $SERVICE $VERSION"
  fi
}

cmd_promote() {
  local image patch
  image="$(image_of "$SERVICE" "$VERSION")"
  # Image and version label in one patch: one rollout, and APP_VERSION (from the label) stays true.
  patch="$(printf '{"spec":{"template":{"metadata":{"labels":{"version":"%s"}},"spec":{"containers":[{"name":"%s","image":"%s"}]}}}}' \
    "$VERSION" "$SERVICE" "$image")"
  log "promoting $SERVICE to $VERSION (100%)"
  kc patch deployment "$SERVICE" --type=strategic -p "$patch"
  kc rollout status "deployment/$SERVICE" --timeout="$ROLLOUT_TIMEOUT"
  delete_canary
  log "$SERVICE runs $VERSION; canary deleted"
}

cmd_rollback() {
  log "rolling back canary $SERVICE $VERSION"
  delete_canary
  log "canary deleted; stable $(stable_version) serves all traffic"
}

cmd_check() {
  [ -n "${PROMETHEUS_URL:-}" ] || die "PROMETHEUS_URL is required"
  if evaluate "$(stable_version)"; then
    log "healthy"
  else
    log "would roll back: $BREACH"
    exit 2
  fi
}

[ $# -eq 3 ] || usage
COMMAND=$1
SERVICE=$2
VERSION=$3
[ -f "$ROOT/k8s/canary/$SERVICE.yaml" ] || die "unknown service '$SERVICE' (no k8s/canary/$SERVICE.yaml)"
[[ "$VERSION" =~ ^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$ ]] || die "version '$VERSION' is not a valid label value"
[ "$VERSION" != canary ] || die "version 'canary' is reserved"
command -v "$KUBECTL" >/dev/null 2>&1 || die "kubectl is required (or set KUBECTL)"

case "$COMMAND" in
  deploy | check)
    require jq "parses Prometheus answers"
    command -v "$CURL" >/dev/null 2>&1 || die "curl is required (or set CURL)"
    "cmd_$COMMAND"
    ;;
  promote | rollback) "cmd_$COMMAND" ;;
  *) usage ;;
esac
