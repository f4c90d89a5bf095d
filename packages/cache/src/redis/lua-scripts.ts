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
