#!/usr/bin/env bash
# Acceptance of issue 20 as a new user would try it: curl for REST, wscat (npm, written by nobody here) for the socket.
set -u
# wscat from npm: npm install --prefix /tmp/wscat-tool wscat@6.1.0 (or point WSCAT_BIN at its .bin)
export PATH=${WSCAT_BIN:-/tmp/wscat-tool/node_modules/.bin}:$PATH
# Run from the repo root inside the namespace where `bun run dev` runs:
#   ip netns exec <ns> services/realtime-chat-service/scripts/acceptance.sh
OUT=${OUT:-/tmp/chat-acc}; mkdir -p "$OUT"; rm -f "$OUT/sent3.txt"
H=http://127.0.0.1
ID=$H:8010; USR=$H:8011; GRAPH=$H:8018; CHAT=$H:8022; WS=ws://127.0.0.1:8022/api/v1/chat/ws
# wscat prints incoming frames only on a terminal: `script` gives it one; ANSI codes are stripped after.
wsc() { script -qfc "wscat --no-color -c '$1'" /dev/null | sed -u 's/\x1b\[[0-9;]*[A-Za-z]//g; s/\r//g'; }
frames() { grep -o '< {.*' "$1" | sed 's/^< //'; }
# A wscat session fed through a fifo (fd 7): frames are sent only once wscat says it is connected.
wsopen() {
  rm -f "$OUT/in.fifo"; mkfifo "$OUT/in.fifo"
  wsc "$1" < "$OUT/in.fifo" > "$2" 2>&1 &
  exec 7> "$OUT/in.fifo"
  for _ in $(seq 1 1000); do grep -q Connected "$2" && return; sleep 0.01; done
  echo "wscat did not connect"
}
wssend() { echo "$1" >&7; }
wsclose() { exec 7>&-; wait; }
waitfor() { for _ in $(seq 1 500); do grep -q "$1" "$2" && return; sleep 0.01; done; }
j() { curl -s -H 'content-type: application/json' "$@"; }
reg() { j -X POST $ID/api/v1/auth/register -d "{\"email\":\"$1-$RUN@example.com\",\"password\":\"Correct-Horse-9!\",\"username\":\"$1$RUN\"}"; }
RUN=$RANDOM
for u in alice bob carol dave; do
  r=$(reg $u); eval "${u^^}_TOKEN=$(echo "$r" | jq -r .tokens.accessToken)"; eval "${u^^}_ID=$(echo "$r" | jq -r .account.id)"
done
echo "alice=$ALICE_ID bob=$BOB_ID carol=$CAROL_ID dave=$DAVE_ID"
sleep 1
bundle() { (bun run services/realtime-chat-service/scripts/key-bundle.ts 5); }
echo "--- key bundles"
echo "alice dev1: $(bundle | j -X PUT $CHAT/api/v1/chat/devices/1/keys -H "authorization: Bearer $ALICE_TOKEN" -d @- -w ' %{http_code}')"
echo "bob dev1:   $(bundle | j -X PUT $CHAT/api/v1/chat/devices/1/keys -H "authorization: Bearer $BOB_TOKEN" -d @- -w ' %{http_code}')"
echo "--- two claims of bob's bundle"
c1=$(j $CHAT/api/v1/chat/users/$BOB_ID/keys -H "authorization: Bearer $ALICE_TOKEN" | jq -c '[.devices[] | {deviceId, oneTimePreKey: .oneTimePreKey.id}]')
c2=$(j $CHAT/api/v1/chat/users/$BOB_ID/keys -H "authorization: Bearer $CAROL_TOKEN" | jq -c '[.devices[] | {deviceId, oneTimePreKey: .oneTimePreKey.id}]')
echo "claim 1: $c1"; echo "claim 2: $c2"
echo "--- bob follows alice; alice creates the conversation"
j -X PUT $GRAPH/api/v1/users/$ALICE_ID/follow -H "authorization: Bearer $BOB_TOKEN" -o /dev/null -w "follow %{http_code}\n"
CONV=$(j -X POST $CHAT/api/v1/chat/conversations -H "authorization: Bearer $ALICE_TOKEN" -d "{\"memberIds\":[\"$BOB_ID\"]}")
echo "$CONV" | jq -c '{id, kind, members: [.members[] | {accountId, state}]}'
CID=$(echo "$CONV" | jq -r .id)
send() { j -X POST $CHAT/api/v1/chat/conversations/$CID/messages -H "authorization: Bearer $ALICE_TOKEN" \
  -d "{\"clientMessageId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"senderDeviceId\":1,\"envelopes\":[{\"accountId\":\"$BOB_ID\",\"deviceId\":1,\"type\":3,\"ciphertext\":\"$1\"}]}"; }
echo "--- bob's socket (wscat), alice sends random bytes"
wsopen "$WS?deviceId=1" $OUT/ws1.txt
wssend "{\"type\":\"auth\",\"token\":\"$BOB_TOKEN\"}"
waitfor '"ready"' $OUT/ws1.txt
R1=$(head -c 64 /dev/urandom | base64 -w0)
T0=$(date +%s%N); echo "sent: $(send "$R1")"; 
waitfor envelope $OUT/ws1.txt; T1=$(date +%s%N)
echo "seen on bob's socket after $(( (T1 - T0) / 1000000 )) ms (polling the wscat output every 10 ms)"
wsclose
frames $OUT/ws1.txt
GOT=$(frames $OUT/ws1.txt | grep envelope | jq -r .ciphertext)
[ "$GOT" = "$R1" ] && echo "byte-identical: yes" || echo "byte-identical: NO ($GOT vs $R1)"
LAST=$(frames $OUT/ws1.txt | grep envelope | jq -r .deviceSeq)
echo "--- bob is offline; alice sends 3 more"
for n in 1 2 3; do R=$(head -c 32 /dev/urandom | base64 -w0); echo "$R" >> $OUT/sent3.txt; echo "sent: $(send "$R")"; done
echo "--- bob reconnects with after=$LAST"
wsopen "$WS?deviceId=1" $OUT/ws2.txt
wssend "{\"type\":\"auth\",\"token\":\"$BOB_TOKEN\",\"after\":$LAST}"
waitfor '"deviceSeq":4' $OUT/ws2.txt; sleep 0.5
wsclose
frames $OUT/ws2.txt | jq -c 'if .type == "envelope" then {type, deviceSeq, seq, ciphertext} else . end'
frames $OUT/ws2.txt | grep envelope | jq -r .ciphertext | diff - $OUT/sent3.txt && echo "exactly the 3 missed, in order, none before: yes"
echo "--- bob adds a second device; an envelope set without it"
bundle | j -X PUT $CHAT/api/v1/chat/devices/2/keys -H "authorization: Bearer $BOB_TOKEN" -d @- -o /dev/null -w "bob dev2 %{http_code}\n"
send "AAAA" | jq -c '{status, code, missingDevices, staleDevices}'
echo "--- carol, whom bob blocked"
j -X PUT $GRAPH/api/v1/users/$CAROL_ID/block -H "authorization: Bearer $BOB_TOKEN" -o /dev/null -w "block %{http_code}\n"
j -X POST $CHAT/api/v1/chat/conversations -H "authorization: Bearer $CAROL_TOKEN" -d "{\"memberIds\":[\"$BOB_ID\"]}" | jq -c '{status, code, detail}'
echo "--- bob's whoCanMessage: nobody; dave tries"
j -X PATCH $USR/api/v1/users/me/settings -H "authorization: Bearer $BOB_TOKEN" -d '{"whoCanMessage":"nobody"}' | jq -c '{whoCanMessage}'
j -X POST $CHAT/api/v1/chat/conversations -H "authorization: Bearer $DAVE_TOKEN" -d "{\"memberIds\":[\"$BOB_ID\"]}" | jq -c '{status, code, detail}'
echo "--- first frame not auth → 4401"
wsopen "$WS?deviceId=1" $OUT/ws3.txt
wssend '{"type":"ack","upTo":1}'
waitfor Disconnected $OUT/ws3.txt
wsclose
grep -E 'Disconnected|< ' $OUT/ws3.txt
echo "--- gateway GraphQL (stitched): bob's inbox and dave's requests, metadata only"
j -X POST http://127.0.0.1:8000/graphql -H "authorization: Bearer $BOB_TOKEN" -d '{"query":"{ chatConversations { id kind state unreadCount lastSeq members { accountId state } } chatMessageRequests { id } }"}' | jq -c .
