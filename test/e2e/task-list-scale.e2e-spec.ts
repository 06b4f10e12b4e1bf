import { ApiClient } from '@app/testing';
import { trustedBrandId } from '@app/tenancy';
import { Client } from 'pg';
import { listQuery, TaskFilters } from '../../apps/task-core/src/task/task.repository';
import { likePattern, parseOrdering } from '@app/platform';
import { TASK_ORDERING } from '../../apps/task-core/src/task/task.rules';
import { sharedStack } from './stack-file';

const ROWS = 1_000_000;
const stack = sharedStack();

type Plan = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: Plan[] };

function nodes(plan: Plan): Plan[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * A brand with a million tasks: the list and its filters must be answered from the indexes (plans are
 * checked, not timings: timings belong in `npm run bench`).
 */
describe('task list with a million tasks in a brand', () => {
  const api = ApiClient.forNewBrand(stack.info.gatewayUrl, 'viewer');
  const brandId = trustedBrandId(api.brandId);
  const db = new Client({ connectionString: stack.info.databaseUrl });

  beforeAll(async () => {
    await db.connect();
    await db.query(
      `INSERT INTO task_core.task (task_id, brand_id, brand_name, created_by_id, created_by_username, task_type, queue,
         status, priority, description, created_at, completed_at, execution_time_ms, run_at)
       SELECT 'task_s' || $1::int || 'x' || g, $1, 'scale', 1, 'martin',
         (ARRAY['noop', 'seo_keyword_analysis', 'daily_seo_report', 'sleep'])[1 + g % 4], 'scale-seed',
         (ARRAY['completed', 'completed', 'completed', 'failed', 'pending', 'cancelled'])[1 + g % 6], g % 4,
         'seeded task number ' || g, now() - g * interval '1 second',
         CASE WHEN g % 6 < 4 THEN now() - g * interval '1 second' + interval '2 seconds' END,
         CASE WHEN g % 6 < 4 THEN g % 5000 END, now() - g * interval '1 second'
       FROM generate_series(1, $2::int) AS g`,
      [brandId, ROWS],
    );
    // What `search=` reads, as task-core writes it at creation.
    await db.query(
      `INSERT INTO task_core.task_search (task_pk, brand_id, document)
       SELECT id, brand_id, task_type || ' ' || description || ' ' || task_id FROM task_core.task WHERE brand_id = $1`,
      [brandId],
    );
    // Steady state of a live table: autovacuum keeps the visibility map, so counts can be index-only.
    await db.query('VACUUM ANALYZE task_core.task');
    await db.query('VACUUM ANALYZE task_core.task_search');
  }, 600_000);

  afterAll(async () => {
    await db.end();
  });

  const cases: Array<[string, TaskFilters, string]> = [
    ['the default page', {}, '-created_at'],
    ['a status filter', { statuses: ['failed'] }, '-created_at'],
    ['a task type filter', { taskTypes: ['daily_seo_report'] }, '-created_at'],
    ['a search', { search: likePattern('number 4242') }, '-created_at'],
    ['a creation range', { createdGte: new Date(Date.now() - 3600_000).toISOString() }, '-created_at'],
    ['a completion range', { completedGte: new Date(Date.now() - 600_000).toISOString() }, '-completed_at'],
  ];

  for (const [what, filters, field] of cases) {
    it(`should use an index, not a scan of the table, for ${what}`, async () => {
      const ordering = parseOrdering(field, TASK_ORDERING, '-created_at', {});
      const query = listQuery(brandId, { filters, page: 3, pageSize: 50, ordering });
      // Unfiltered, this brand is the whole table here, where counting it by a scan is the right plan.
      const statements = Object.keys(filters).length
        ? ([
            [query.rowsSql, query.rowsParams],
            [query.countSql, query.countParams],
          ] as const)
        : ([[query.rowsSql, query.rowsParams]] as const);
      for (const [sql, params] of statements) {
        const result = await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, [...params]);
        const plan = (result.rows[0]['QUERY PLAN'] as Array<{ Plan: Plan }>)[0].Plan;
        const scans = nodes(plan).filter((n) => n['Relation Name'] === 'task' || n['Index Name']?.startsWith('task_'));
        expect({ what, sql, seq: scans.filter((n) => n['Node Type'] === 'Seq Scan').length }).toEqual({ what, sql, seq: 0 });
        expect(scans.length).toBeGreaterThan(0);
      }
    });
  }

  it('should answer the API list with the full count', async () => {
    const res = await api.get('/tasks/?page_size=20&page=2');
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(ROWS);
    expect(res.body.results).toHaveLength(20);
    const filtered = await api.get('/tasks/?status=failed&task_type=noop,sleep&search=number&ordering=-completed_at');
    expect(filtered.status).toBe(200);
    expect(filtered.body.count).toBeGreaterThan(0);
  });
});
