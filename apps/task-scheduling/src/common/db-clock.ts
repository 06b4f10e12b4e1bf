import { Sql, SqlExecutor } from '@app/platform';

/** Every schedule decision uses the database clock, the one all replicas share. */
export async function dbNow(sql: Sql, executor?: SqlExecutor): Promise<Date> {
  const row = await sql.one<{ now: Date }>('SELECT now() AS now', [], executor);
  return (row as { now: Date }).now;
}
