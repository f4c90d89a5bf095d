#!/usr/bin/env bash
# GraphQL variables ($input, $t) are meant literally inside single quotes.
# shellcheck disable=SC2016
# Smoke test of a running Nova: the guide's key client flows, through the public GraphQL gateway.
#
#   scripts/smoke-test.sh [GATEWAY_URL]        default http://localhost:8000 (bun run dev)
#
# With SERVICES_HOST set (e.g. SERVICES_HOST=localhost for `bun run dev`, where every service port
# is reachable), it also runs the guide's health loop over all 15 HTTP ports. On a cluster, point
# GATEWAY_URL at the gateway's Service or Ingress and leave SERVICES_HOST unset.
#
# Flows covered: gateway health, register (the guide's example shape with a unique user), login,
# token refresh, the merged `me` view (identity's account + user-service's profile), profile
# update; then a second unique user follows the first, the first posts, the follower finds the
# post among the author's posts and likes it, and both see one like (content's Post merged with
# social's counts and viewer state and user-service's author), and the post reaches the
# follower's home timeline (feed-service). Search joins this script once search-service serves it.
# Exits non-zero on the first failed step. Needs curl and jq.
set -euo pipefail

GATEWAY_URL="${1:-${GATEWAY_URL:-http://localhost:8000}}"
CURL="${CURL:-curl}"
run_id="$(date +%s)$$"
email="smoke${run_id}@example.com"
username="smoke${run_id}"
password="SmokeTest-${run_id}-Pass!"

step() { printf '→ %s\n' "$*"; }
fail() {
  printf '✘ %s\n' "$*" >&2
  exit 1
}

# graphql <query> <variables-json> [token]: prints the response body; fails on transport errors
# and on any GraphQL error.
graphql() {
  local body auth=() response
  body="$(jq -cn --arg q "$1" --argjson v "$2" '{query: $q, variables: $v}')"
  if [ -n "${3:-}" ]; then auth=(-H "authorization: Bearer $3"); fi
  response="$("$CURL" -sS --fail-with-body -X POST "$GATEWAY_URL/graphql" \
    -H 'content-type: application/json' "${auth[@]}" -d "$body")" || fail "gateway request failed: $response"
  if [ "$(jq '(.errors // []) | length' <<<"$response")" != "0" ]; then
    fail "GraphQL errors: $(jq -c .errors <<<"$response")"
  fi
  printf '%s' "$response"
}

if [ -n "${SERVICES_HOST:-}" ]; then
  step "health of all 15 services on ${SERVICES_HOST}"
  unhealthy=0
  for port in 8010 8011 8012 8013 8014 8015 8016 8017 8018 8019 8020 8021 8022 8023 8000; do
    service_name=$("$CURL" -s "http://${SERVICES_HOST}:$port/api/v1/health" 2>/dev/null | jq -r '.service // "unknown"')
    status=$("$CURL" -s -o /dev/null -w "%{http_code}" "http://${SERVICES_HOST}:$port/api/v1/health" 2>/dev/null || true)
    if [ "$status" = "200" ]; then
      echo "✅ Port $port ($service_name): Healthy"
    else
      echo "❌ Port $port: Unhealthy (HTTP $status)"
      unhealthy=$((unhealthy + 1))
    fi
  done
  [ "$unhealthy" -eq 0 ] || fail "$unhealthy service(s) unhealthy"
fi

step "gateway ready at $GATEWAY_URL"
status=$("$CURL" -s -o /dev/null -w "%{http_code}" "$GATEWAY_URL/api/v1/health/ready" || true)
[ "$status" = "200" ] || fail "gateway readiness returned HTTP $status"

step "register $username"
registered="$(graphql 'mutation($input: RegisterInput!) { register(input: $input) { account { id username } tokens { accessToken } } }' \
  "$(jq -cn --arg e "$email" --arg p "$password" --arg u "$username" '{input: {email: $e, password: $p, username: $u}}')")"
account_id="$(jq -r '.data.register.account.id' <<<"$registered")"
[ "$(jq -r '.data.register.account.username' <<<"$registered")" = "$username" ] || fail "register returned another username"

step "login"
login="$(graphql 'mutation($input: LoginInput!) { login(input: $input) { status tokens { accessToken refreshToken } } }' \
  "$(jq -cn --arg i "$username" --arg p "$password" '{input: {identifier: $i, password: $p}}')")"
[ "$(jq -r '.data.login.status' <<<"$login")" = "AUTHENTICATED" ] || fail "login status: $(jq -r '.data.login.status' <<<"$login")"
refresh_token="$(jq -r '.data.login.tokens.refreshToken' <<<"$login")"

step "refresh tokens"
refreshed="$(graphql 'mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }' \
  "$(jq -cn --arg t "$refresh_token" '{t: $t}')")"
token="$(jq -r '.data.refreshToken.accessToken' <<<"$refreshed")"
if [ -z "$token" ] || [ "$token" = "null" ]; then fail "refresh returned no access token"; fi

step "me (account merged with profile; the profile is created from identity's event)"
me=""
for _ in $(seq 1 50); do
  me="$("$CURL" -sS -X POST "$GATEWAY_URL/graphql" -H 'content-type: application/json' -H "authorization: Bearer $token" \
    -d '{"query":"{ me { id username account { email } } }"}')"
  [ "$(jq -r '.data.me.id // empty' <<<"$me")" = "$account_id" ] && break
  sleep 0.2
done
[ "$(jq -r '.data.me.id // empty' <<<"$me")" = "$account_id" ] || fail "me did not resolve: $me"
[ "$(jq -r '.data.me.account.email' <<<"$me")" = "$email" ] || fail "me.account.email: $me"

step "update profile"
updated="$(graphql 'mutation { updateProfile(input: {displayName: "Smoke Test", bio: "checking the flows"}) { displayName bio } }' '{}' "$token")"
[ "$(jq -r '.data.updateProfile.displayName' <<<"$updated")" = "Smoke Test" ] || fail "updateProfile: $updated"

follower="${username}f"
step "register a second user, $follower"
registered="$(graphql 'mutation($input: RegisterInput!) { register(input: $input) { account { id } tokens { accessToken } } }' \
  "$(jq -cn --arg e "${follower}@example.com" --arg p "$password" --arg u "$follower" '{input: {email: $e, password: $p, username: $u}}')")"
follower_id="$(jq -r '.data.register.account.id' <<<"$registered")"
follower_token="$(jq -r '.data.register.tokens.accessToken' <<<"$registered")"

step "$follower follows $username"
followed="$(graphql 'mutation($id: ID!) { follow(id: $id) { following requested } }' \
  "$(jq -cn --arg id "$account_id" '{id: $id}')" "$follower_token")"
[ "$(jq -r '.data.follow.following' <<<"$followed")" = "true" ] || fail "follow: $followed"
followers="$(graphql 'query($id: ID!) { user(id: $id) { followerCount followers(first: 10) { nodes { id } } } }' \
  "$(jq -cn --arg id "$account_id" '{id: $id}')" "$token")"
[ "$(jq -c '[.data.user.followerCount, [.data.user.followers.nodes[].id]]' <<<"$followers")" = "$(jq -cn --arg f "$follower_id" '[1, [$f]]')" ] ||
  fail "followers of $username: $followers"

step "$username posts"
text="smoke post ${run_id}"
created="$(graphql 'mutation($input: CreatePostInput!) { createPost(input: $input) { id author { id } } }' \
  "$(jq -cn --arg t "$text" '{input: {text: $t}}')" "$token")"
post_id="$(jq -r '.data.createPost.id' <<<"$created")"
[ "$(jq -r '.data.createPost.author.id' <<<"$created")" = "$account_id" ] || fail "createPost: $created"

step "the follower sees the post among ${username}'s posts"
posts="$(graphql 'query($id: ID!) { user(id: $id) { posts(first: 10) { nodes { id text author { username } } } } }' \
  "$(jq -cn --arg id "$account_id" '{id: $id}')" "$follower_token")"
[ "$(jq -r --arg p "$post_id" '.data.user.posts.nodes[] | select(.id == $p) | .text' <<<"$posts")" = "$text" ] ||
  fail "post $post_id not among the author's posts: $posts"

step "the follower likes it"
liked="$(graphql 'mutation($p: ID!) { likePost(postId: $p) { counts { likes } viewerState { liked } } }' \
  "$(jq -cn --arg p "$post_id" '{p: $p}')" "$follower_token")"
[ "$(jq -c '.data.likePost' <<<"$liked")" = '{"counts":{"likes":1},"viewerState":{"liked":true}}' ] || fail "likePost: $liked"

step "the author sees one like, the author merged from user-service"
seen="$(graphql 'query($p: ID!) { post(id: $p) { counts { likes } viewerState { liked } author { username } } }' \
  "$(jq -cn --arg p "$post_id" '{p: $p}')" "$token")"
[ "$(jq -c '.data.post' <<<"$seen")" = "$(jq -cn --arg u "$username" '{counts: {likes: 1}, viewerState: {liked: false}, author: {username: $u}}')" ] ||
  fail "post as seen by its author: $seen"

step "the follower reads the post in the home timeline (fan-out from feed-service, eventually)"
timeline=""
for _ in $(seq 1 50); do
  timeline="$(graphql '{ homeTimeline(first: 20) { nodes { id text counts { likes } author { username } } } }' '{}' "$follower_token")"
  [ -n "$(jq -r --arg p "$post_id" '.data.homeTimeline.nodes[] | select(.id == $p) | .id' <<<"$timeline")" ] && break
  sleep 0.2
done
[ "$(jq -c --arg p "$post_id" '.data.homeTimeline.nodes[] | select(.id == $p) | {text, likes: .counts.likes, by: .author.username}' <<<"$timeline")" = \
  "$(jq -cn --arg t "$text" --arg u "$username" '{text: $t, likes: 1, by: $u}')" ] || fail "home timeline of $follower: $timeline"

echo "✔ smoke test passed against $GATEWAY_URL"
