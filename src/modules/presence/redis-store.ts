import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { sweepEveryMs, type PresenceChange } from './presence-table.js';
import type { PresenceStore } from './store.js';

/**
 * Presence in Redis, shared by every process and machine. Each operation is one Lua script, so it is
 * atomic, and it PUBLISHes the calls whose viewers changed from inside the script: the announcements
 * reach every process in the order the changes happened, whichever process made them.
 *
 * Keys, under `<prefix>presence:`
 * - `call:<id>`    hash user id → "<expires at, ms>:<name>" (one entry per user, however many tabs)
 * - `shown:<id>`   the viewers last announced for the call (JSON), so a renewal announces nothing
 * - `clinic-of`    hash call id → clinic id; `clinic:<id>` the clinic's calls with viewers (the snapshot)
 * - `user:<id>`    the calls a user views (dropped when their access changes)
 * - `due`          sorted set of calls by their earliest expiry: what the sweep looks at
 * - channel `changes`: `{clinic_id, call_log_id, viewers}` per change
 * Every process sweeps every `sweepEveryMs`; a script removes an expired entry once, so it is announced once.
 * Each join gives the keys it touches three TTLs of life: were every process gone for that long, Redis
 * forgets the lot by itself (any entry in them would have expired anyway).
 */
const SETTLE = `
local P = ARGV[1]
local function settle(callId, now)
  local clinicId = redis.call('HGET', P .. 'clinic-of', callId)
  if not clinicId then return end
  local callKey = P .. 'call:' .. callId
  local entries = redis.call('HGETALL', callKey)
  local viewers = {}
  local earliest = nil
  for i = 1, #entries, 2 do
    local userId, value = entries[i], entries[i + 1]
    local colon = string.find(value, ':', 1, true)
    local expiresAt = tonumber(string.sub(value, 1, colon - 1))
    if expiresAt <= now then
      redis.call('HDEL', callKey, userId)
      redis.call('SREM', P .. 'user:' .. userId, callId)
    else
      viewers[#viewers + 1] = { tonumber(userId), string.sub(value, colon + 1) }
      if earliest == nil or expiresAt < earliest then earliest = expiresAt end
    end
  end
  table.sort(viewers, function(a, b) return a[1] < b[1] end)
  local parts = {}
  for i, viewer in ipairs(viewers) do
    parts[i] = '{"id":' .. string.format('%d', viewer[1]) .. ',"name":' .. cjson.encode(viewer[2]) .. '}'
  end
  local json = '[' .. table.concat(parts, ',') .. ']'
  local shownKey = P .. 'shown:' .. callId
  local shown = redis.call('GET', shownKey) or '[]'
  if earliest then
    redis.call('ZADD', P .. 'due', earliest, callId)
    redis.call('SET', shownKey, json, 'KEEPTTL')
  else
    redis.call('ZREM', P .. 'due', callId)
    redis.call('DEL', shownKey, callKey)
    redis.call('SREM', P .. 'clinic:' .. clinicId, callId)
    redis.call('HDEL', P .. 'clinic-of', callId)
  end
  if json ~= shown then
    redis.call('PUBLISH', P .. 'changes', '{"clinic_id":' .. clinicId .. ',"call_log_id":' .. callId .. ',"viewers":' .. json .. '}')
  end
end
`;

/** ARGV: prefix, now, clinic id, call id, user id, name, ttl ms */
const JOIN = `${SETTLE}
local now, clinicId, callId, userId = tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
redis.call('HSET', P .. 'clinic-of', callId, clinicId)
redis.call('SADD', P .. 'clinic:' .. clinicId, callId)
redis.call('SADD', P .. 'user:' .. userId, callId)
redis.call('HSET', P .. 'call:' .. callId, userId, string.format('%d', now + tonumber(ARGV[7])) .. ':' .. ARGV[6])
settle(callId, now)
local keep = 3 * tonumber(ARGV[7])
for _, key in ipairs({ P .. 'call:' .. callId, P .. 'shown:' .. callId, P .. 'clinic:' .. clinicId, P .. 'user:' .. userId, P .. 'clinic-of', P .. 'due' }) do
  redis.call('PEXPIRE', key, keep)
end`;

/** ARGV: prefix, now, call id, user id */
const LEAVE = `${SETTLE}
local callId, userId = ARGV[3], ARGV[4]
redis.call('HDEL', P .. 'call:' .. callId, userId)
redis.call('SREM', P .. 'user:' .. userId, callId)
settle(callId, tonumber(ARGV[2]))`;

/** ARGV: prefix, now, user id */
const DROP_USER = `${SETTLE}
local userKey = P .. 'user:' .. ARGV[3]
for _, callId in ipairs(redis.call('SMEMBERS', userKey)) do
  redis.call('HDEL', P .. 'call:' .. callId, ARGV[3])
  settle(callId, tonumber(ARGV[2]))
end
redis.call('DEL', userKey)`;

/** ARGV: prefix, now */
const SWEEP = `${SETTLE}
local now = tonumber(ARGV[2])
for _, callId in ipairs(redis.call('ZRANGEBYSCORE', P .. 'due', '-inf', now)) do settle(callId, now) end`;

/** ARGV: prefix, now, clinic id → [[call id, viewers JSON], …] (expired entries left out, left for the sweep) */
const OF_CLINIC = `
local P, now = ARGV[1], tonumber(ARGV[2])
local result = {}
for _, callId in ipairs(redis.call('SMEMBERS', P .. 'clinic:' .. ARGV[3])) do
  local entries = redis.call('HGETALL', P .. 'call:' .. callId)
  local live = {}
  for i = 1, #entries, 2 do
    local value = entries[i + 1]
    local colon = string.find(value, ':', 1, true)
    if tonumber(string.sub(value, 1, colon - 1)) > now then live[#live + 1] = entries[i] .. ':' .. string.sub(value, colon + 1) end
  end
  if #live > 0 then result[#result + 1] = { callId, live } end
end
return result`;

/** QUIT when connected; otherwise stop reconnecting at once (a QUIT would wait for a connection that never comes). */
export const closeRedis = async (client: Redis): Promise<void> => {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
};

interface WireChange {
  clinic_id: number;
  call_log_id: number;
  viewers: { id: number; name: string }[];
}

export function createRedisPresence(redisUrl: string, prefix: string, ttlMs: number): PresenceStore {
  const keys = `${prefix}presence:`;
  const commands = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  const subscriber = new Redis(redisUrl);
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  // Errors are the operations' to report; a connection that drops reconnects by itself.
  commands.on('error', () => {});
  subscriber.on('error', () => {});
  const channel = `${keys}changes`;
  // Joins wait for it, so that this process hears its own first change; a failure shows in the operations.
  const subscribed = subscriber.subscribe(channel).then(
    () => undefined,
    () => undefined,
  );
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    const wire = JSON.parse(message) as WireChange;
    emitter.emit('change', { clinicId: wire.clinic_id, callLogId: wire.call_log_id, viewers: wire.viewers } satisfies PresenceChange);
  });
  const run = (script: string, ...args: (string | number)[]) => commands.eval(script, 0, keys, Date.now(), ...args);
  const sweep = setInterval(() => void run(SWEEP).catch(() => {}), sweepEveryMs(ttlMs));
  sweep.unref();

  return {
    async join(clinicId, callLogId, viewer) {
      await subscribed;
      await run(JOIN, clinicId, callLogId, viewer.id, viewer.name, ttlMs);
    },
    leave: async (callLogId, userId) => void (await run(LEAVE, callLogId, userId)),
    dropUser: async (userId) => void (await run(DROP_USER, userId)),
    async ofClinic(clinicId) {
      await subscribed;
      const calls = (await run(OF_CLINIC, clinicId)) as [string, string[]][];
      return calls
        .map(([callLogId, live]) => ({
          clinicId,
          callLogId: Number(callLogId),
          viewers: live
            .map((entry) => {
              const colon = entry.indexOf(':');
              return { id: Number(entry.slice(0, colon)), name: entry.slice(colon + 1) };
            })
            .sort((a, b) => a.id - b.id),
        }))
        .sort((a, b) => a.callLogId - b.callLogId);
    },
    onChange(listener) {
      emitter.on('change', listener);
      return () => void emitter.off('change', listener);
    },
    async close() {
      clearInterval(sweep);
      emitter.removeAllListeners();
      await Promise.allSettled([closeRedis(commands), closeRedis(subscriber)]);
    },
  };
}
