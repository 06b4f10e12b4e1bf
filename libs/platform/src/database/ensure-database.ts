import { Client } from 'pg';
import { connectWithRetry, OutageReporter } from '../logging/outage-reporter';
import { AppLogger } from '../logging/logger';

const DATABASE_MISSING = '3D000';
// Two migrators creating it at once: one wins, the other sees it exists (or a unique violation on pg_database).
const ALREADY_CREATED = new Set(['42P04', '23505']);

/**
 * Creates the database of DATABASE_URL when it does not exist yet, so that a fresh Postgres needs no
 * `createdb` before `npm run migrate` (the role needs CREATEDB, as the default `postgres` has). It
 * connects to the server's `postgres` database for that, with the same credentials.
 */
export async function ensureDatabase(url: string, options: { attempts?: number } = {}): Promise<void> {
  const reporter = OutageReporter.for('postgres', url);
  const missing = await connectWithRetry(
    reporter,
    async () => {
      const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      try {
        await client.connect();
        return false;
      } catch (error) {
        if ((error as { code?: unknown }).code === DATABASE_MISSING) return true;
        throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { attempts: options.attempts ?? 20 },
  );
  if (!missing) return;
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString(), connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    new AppLogger('Migrate').info('database created', { database: name });
  } catch (error) {
    if (!ALREADY_CREATED.has(String((error as { code?: unknown }).code))) throw error;
  } finally {
    await admin.end().catch(() => undefined);
  }
}
