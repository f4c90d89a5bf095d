// Scripts run atomically on the server, so each check-then-act below cannot interleave with
// another client's command.

/** INCRBY, then set the TTL only if the counter has none (a fixed window starts at its first hit). */
export const INCR_WITH_TTL = `
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if ARGV[2] ~= '' and redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return v`;

/** Delete the lock only while it still holds the caller's token: an expired holder cannot free a successor's lock. */
export const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** SET each key (KEYS) to its value (ARGV[1..n]) with one TTL in ms (ARGV[n+1]). */
export const MSET_WITH_TTL = `
local ttl = ARGV[#KEYS + 1]
for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[i], 'PX', ttl)
end
return #KEYS`;

/**
 * ZADD the same members (ARGV[2..]: score, member pairs) to every key (KEYS) and keep each set's
 * ARGV[1] highest-scored members: a fan-out page in one command (the pipelined ZADD + ZREMRANGEBYRANK
 * per key cost ~2× the server CPU and ~5× the client CPU). Members go in slices of 500 pairs (Lua's
 * unpack limit).
 */
export const ZADD_EACH_CAPPED = `
local keep = tonumber(ARGV[1])
for _, key in ipairs(KEYS) do
  for i = 2, #ARGV, 1000 do
    redis.call('ZADD', key, unpack(ARGV, i, math.min(i + 999, #ARGV)))
  end
  local n = redis.call('ZCARD', key)
  if n > keep then redis.call('ZREMRANGEBYRANK', key, 0, n - keep - 1) end
end
return #KEYS`;

/**
 * Admission over sorted sets (CacheStore.zadmit). KEYS: the distinct keys. ARGV[1] ttl ms, ARGV[2]
 * member, ARGV[3] score, ARGV[4] number of checks, then per check: key index, since, limit. Drops
 * each key's members at or below the smallest `since` of its checks, counts every check, and adds
 * the member to every key (with the TTL) only when every check has room. Returns
 * {admitted, counts, unblock scores ('' = room)}.
 */
export const ZADMIT = `
local n = tonumber(ARGV[4])
local trimAt = {}
for i = 0, n - 1 do
  local k = tonumber(ARGV[5 + i * 3])
  local since = ARGV[6 + i * 3]
  if trimAt[k] == nil or tonumber(since) < tonumber(trimAt[k]) then trimAt[k] = since end
end
for k, since in pairs(trimAt) do redis.call('ZREMRANGEBYSCORE', KEYS[k], '-inf', since) end
local ok = 1
local counts = {}
local unblock = {}
for i = 0, n - 1 do
  local key = KEYS[tonumber(ARGV[5 + i * 3])]
  local since = '(' .. ARGV[6 + i * 3]
  local limit = tonumber(ARGV[7 + i * 3])
  local c = redis.call('ZCOUNT', key, since, '+inf')
  counts[i + 1] = c
  unblock[i + 1] = ''
  if c >= limit then
    ok = 0
    local r = redis.call('ZRANGEBYSCORE', key, since, '+inf', 'WITHSCORES', 'LIMIT', c - limit, 1)
    if r[2] then unblock[i + 1] = r[2] end
  end
end
if ok == 1 then
  for k, _ in pairs(trimAt) do
    redis.call('ZADD', KEYS[k], ARGV[3], ARGV[2])
    redis.call('PEXPIRE', KEYS[k], ARGV[1])
  end
  for i = 1, n do counts[i] = counts[i] + 1 end
end
return {ok, counts, unblock}`;

/**
 * Sliding-window logs read and appended (CacheStore.zlogAppend). KEYS: one per log. ARGV[1] ttl ms,
 * then per log: since, score, member, keep, read ('1' = members, '0' = count). Per log, in order:
 * drop members at or below since, read what is left, add the member, keep the `keep` highest, set
 * the TTL. Returns per log {count, members (lowest score first, or empty)}.
 */
export const ZLOG_APPEND = `
local out = {}
for i, key in ipairs(KEYS) do
  local b = 2 + (i - 1) * 5
  redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[b])
  local members = {}
  local count
  if ARGV[b + 4] == '1' then
    members = redis.call('ZRANGE', key, 0, -1)
    count = #members
  else
    count = redis.call('ZCARD', key)
  end
  redis.call('ZADD', key, ARGV[b + 1], ARGV[b + 2])
  redis.call('ZREMRANGEBYRANK', key, 0, -(tonumber(ARGV[b + 3]) + 1))
  redis.call('PEXPIRE', key, ARGV[1])
  out[i] = {count, members}
end
return out`;
