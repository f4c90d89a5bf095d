#!/bin/bash
# Acceptance of issue 18 against `bun run dev` (run inside the nova-search namespace).
set -u
H=http://127.0.0.1
reg() { curl -s -X POST $H:8010/api/v1/auth/register -H 'content-type: application/json' \
  -d "{\"email\":\"$1@example.com\",\"password\":\"SecurePass123!x\",\"username\":\"$1\"}"; }
tok() { echo "$1" | jq -r '.accessToken // .tokens.accessToken // .access_token'; }
uid() { echo "$1" | jq -r '.account.id // .accountId // .user.id'; }
S=$RANDOM
A=$(reg alice$S); AT=$(tok "$A"); AID=$(uid "$A")
B=$(reg bob$S); BT=$(tok "$B"); BID=$(uid "$B")
C=$(reg carol$S); CT=$(tok "$C"); CID=$(uid "$C")
echo "alice=$AID bob=$BID carol=$CID"
[ "$AT" = null ] && { echo "register failed: $A"; exit 1; }
post() { curl -s -X POST $H:8012/api/v1/posts -H "authorization: Bearer $1" -H 'content-type: application/json' -d "$2"; }
P=$(post "$AT" '{"text":"Quantum gardening tips for spring #zeroday"}'); PID=$(echo "$P" | jq -r '.id // .post.id'); echo "post $PID"
t0=$(date +%s%N)
until curl -s "$H:8016/api/v1/search/posts?q=gardening" | grep -q "$PID"; do sleep 0.05; done
echo "indexed after $(( ($(date +%s%N)-t0)/1000000 )) ms"
for q in gardening garden gardenning; do echo "q=$q -> $(curl -s "$H:8016/api/v1/search/posts?q=$q" | jq -c '[.items[] | {id, snippet}]')"; done
echo "suggest?q=ali -> $(curl -s "$H:8016/api/v1/search/suggest?q=ali" | jq -c '[.items[] | .username // .tag][0:3]')"
# private account (alice) + followers-only post; bob requests, alice approves; carol is a stranger
curl -s -X PATCH $H:8011/api/v1/users/me/settings -H "authorization: Bearer $AT" -H 'content-type: application/json' -d '{"privateAccount":true}' >/dev/null
sleep 1  # graph-service learns the privacy from ProfileUpdated: then a follow becomes a request
echo "follow: $(curl -s -X PUT $H:8018/api/v1/users/$AID/follow -H "authorization: Bearer $BT" | jq -c .)"
echo "approve: $(curl -s -X POST $H:8018/api/v1/users/me/follow-requests/$BID/approve -H "authorization: Bearer $AT" | jq -c .)"
F=$(post "$AT" '{"text":"Secret tulip bulbs for followers","visibility":"followers"}'); FID=$(echo "$F" | jq -r '.id // .post.id'); echo "followers-only post $FID ($(echo "$F" | jq -c .visibility))"
sleep 1
echo "q=tulip anonymous -> $(curl -s "$H:8016/api/v1/search/posts?q=tulip" | jq -c '[.items[].id]')"
echo "q=tulip carol (stranger) -> $(curl -s -H "authorization: Bearer $CT" "$H:8016/api/v1/search/posts?q=tulip" | jq -c '[.items[].id]')"
echo "q=tulip bob (approved follower) -> $(curl -s -H "authorization: Bearer $BT" "$H:8016/api/v1/search/posts?q=tulip" | jq -c '[.items[].id]')"
# carol's post; bob blocks carol
CP=$(post "$CT" '{"text":"Carol writes about marmalade"}'); CPID=$(echo "$CP" | jq -r '.id // .post.id')
sleep 1
echo "q=marmalade bob before block -> $(curl -s -H "authorization: Bearer $BT" "$H:8016/api/v1/search/posts?q=marmalade" | jq -c '[.items[].id]')"
curl -s -X PUT $H:8018/api/v1/users/$CID/block -H "authorization: Bearer $BT" >/dev/null
echo "q=marmalade bob after blocking carol -> $(curl -s -H "authorization: Bearer $BT" "$H:8016/api/v1/search/posts?q=marmalade" | jq -c '[.items[].id]')"
# delete
curl -s -X DELETE $H:8012/api/v1/posts/$CPID -H "authorization: Bearer $CT" -o /dev/null -w "delete: %{http_code}\n"
t0=$(date +%s%N)
while curl -s "$H:8016/api/v1/search/posts?q=marmalade" | grep -q "$CPID"; do sleep 0.05; done
echo "deleted post gone from search after $(( ($(date +%s%N)-t0)/1000000 )) ms"
# trends: 20 accounts use #bloomday; one account uses #spamday 50 times
for i in $(seq 1 20); do R=$(reg tr$S$i); post "$(tok "$R")" '{"text":"Spring is here #bloomday"}' >/dev/null; done
for i in $(seq 1 50); do post "$CT" "{\"text\":\"buy buy $i #spamday\"}" >/dev/null; done
sleep 1
echo "trends -> $(curl -s "$H:8016/api/v1/trends/hashtags?limit=10" | jq -c '.items')"
