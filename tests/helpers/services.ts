import net from "node:net";
import { Redis } from "ioredis";
import pg from "pg";

/**
 * The PostgreSQL and Redis that `.ci/run` (or `eval "$(scripts/services.sh)"`) started for tests.
 * Named TEST_* so that child processes inheriting the environment do not switch backends.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || undefined;

const HOW = 'CI sets it through scripts/services.sh; locally run eval "$(scripts/services.sh)" first';
/** Why PostgreSQL tests are skipped, or undefined when they run. */
export const NO_POSTGRES = TEST_DATABASE_URL ? undefined : `TEST_DATABASE_URL is not set; ${HOW}`;
export const NO_REDIS = TEST_REDIS_URL ? undefined : `TEST_REDIS_URL is not set; ${HOW}`;

async function admin<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test server, so tests never see each other's rows. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error(NO_POSTGRES);
  const name = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

/** The URL of database `db` on the test Redis, emptied first: each test file owns its own number. */
export async function emptyRedisDatabase(db: number): Promise<string> {
  if (!TEST_REDIS_URL) throw new Error(NO_REDIS);
  const url = new URL(TEST_REDIS_URL);
  url.pathname = `/${db}`;
  const redis = new Redis(url.toString());
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
  return url.toString();
}

/** Ends every server-side connection to `database` except the caller's, as a server restart would. */
export async function terminateConnections(database: string): Promise<number> {
  return admin(async (c) => {
    const r = await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database]);
    return r.rowCount ?? 0;
  });
}

/** What PostgreSQL answers a client's start-up packet with while it is still starting up (SQLSTATE 57P03). */
function startingUpResponse(): Buffer {
  const fields = Buffer.from("SFATAL\0VFATAL\0C57P03\0Mthe database system is starting up\0\0");
  const header = Buffer.alloc(5);
  header.write("E");
  header.writeInt32BE(4 + fields.length, 1); // the length counts itself, not the type byte
  return Buffer.concat([header, fields]);
}

/** A fresh test database reached through a relay (see startRelay); `url` goes through the relay. Both are cleaned up by `cleanups`. */
export async function testDatabaseBehindRelay(cleanups: (() => unknown)[]): Promise<{ url: string; relay: Awaited<ReturnType<typeof startRelay>> }> {
  const database = await createTestDatabase();
  cleanups.push(database.drop);
  const target = new URL(database.url);
  const relay = await startRelay({ host: target.hostname, port: Number(target.port) });
  cleanups.push(relay.close);
  const viaRelay = new URL(database.url);
  viaRelay.port = String(relay.port);
  return { url: viaRelay.toString(), relay };
}

/**
 * A TCP relay on 127.0.0.1 in front of a server: `cut()` drops every connection and refuses new
 * ones, as a network outage would; `restore()` listens again on the same port;
 * `startingUp(n)` answers the next n connections as a PostgreSQL that is still starting up would;
 * `freeze()` stops forwarding on every connection, open or new, without closing any, as a paused
 * server or a path that drops packets would, and `thaw()` forwards new connections again (frozen ones stay frozen).
 */
export async function startRelay(target: { host: string; port: number }): Promise<{
  port: number;
  cut: () => Promise<void>;
  restore: () => Promise<void>;
  startingUp: (connections: number) => void;
  freeze: () => void;
  thaw: () => void;
  close: () => Promise<void>;
}> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  let startingUp = 0;
  let frozen = false;
  const pairs = new Set<[net.Socket, net.Socket]>();
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        if (startingUp > 0) {
          startingUp--;
          client.on("error", () => client.destroy());
          client.once("data", () => client.end(startingUpResponse()));
          return;
        }
        if (frozen) {
          sockets.add(client);
          client.on("close", () => sockets.delete(client));
          client.on("error", () => client.destroy());
          return; // accepted, never answered
        }
        const upstream = net.connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
        const pair: [net.Socket, net.Socket] = [client, upstream];
        pairs.add(pair);
        client.on("close", () => pairs.delete(pair));
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const cut = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  };
  await listen();
  const freeze = () => {
    frozen = true;
    for (const [client, upstream] of pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
    }
    pairs.clear();
  };
  const thaw = () => void (frozen = false);
  return { port, cut, restore: listen, startingUp: (n) => void (startingUp = n), freeze, thaw, close: cut };
}
