import { Client } from 'pg';

/**
 * Creates the database named in the URL if it does not exist yet (connects to
 * `postgres` to do so); a connection or query unanswered for `timeoutMs` fails.
 */
export async function ensureDatabase(databaseUrl: string, timeoutMs = 60_000): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must match [A-Za-z0-9_]+`);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // pg also emits a broken connection as an 'error' event: unheard, it ends the process (the long chaos profile
  // lost a worker to a reset during its start). The query in flight fails with it, which is what is reported.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount)
      await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        // Two apps starting at once may race to create it.
        if (error.code !== '42P04') throw error;
      });
  } finally {
    await client.end();
  }
}

/** Drops a database (tests only). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
