// P5.4: previews cached by (session, state_version, kind). An in-memory LRU on one node, Redis when
// REDIS_URL is set so every node behind the load balancer shares it (N2). Entries expire after a
// day; a new state version is simply a new key.
import { Redis } from 'ioredis';

export type PreviewCache = {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  close(): Promise<void>;
};

export const previewKey = (sessionId: string, stateVersion: number, kind: 'resolution_note' | 'escalation_package') =>
  `flightdeck:preview:${sessionId}:${stateVersion}:${kind}`;

const TTL_SECONDS = 24 * 3600;

export const createMemoryPreviewCache = (capacity = 500): PreviewCache => {
  const entries = new Map<string, string>();
  return {
    async get(key) {
      const value = entries.get(key);
      if (value === undefined) {
        return null;
      }
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    async set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > capacity) {
        entries.delete(entries.keys().next().value as string);
      }
    },
    close: async () => {},
  };
};

export const createRedisPreviewCache = (url: string): PreviewCache => {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  return {
    get: (key) => redis.get(key),
    async set(key, value) {
      await redis.set(key, value, 'EX', TTL_SECONDS);
    },
    async close() {
      await redis.quit();
    },
  };
};
