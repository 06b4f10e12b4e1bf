import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const REPORT_FILE = path.resolve(__dirname, '..', '..', '..', 'test-results', 'chaos-report.json');

/** The figure every scenario reports (research/reliability.md §5.6), plus scenario-specific details. */
export type ChaosFigure = {
  scenario: string;
  /** Task ids the API acknowledged (201/200) during the scenario: the client-side ledger. */
  accepted: number;
  /** Of those, how many ended `completed`. */
  completed: number;
  /** Accepted but not completed after the drain (missing, stuck or failed). Must be 0. */
  lost: number;
  /**
   * Attempts beyond the first, Σ(attempts − 1) over accepted tasks: the at-least-once re-runs. An upper
   * bound of re-executions: it also counts a claim whose worker died (or gave up) before starting it.
   */
  duplicated_executions: number;
  /** Time from the fault (or its end) to the system doing useful work again; see each scenario. */
  recovery_seconds: number | null;
  details?: Record<string, unknown>;
};

type ReportFile = { updated_at: string; scenarios: Record<string, ChaosFigure & { profile: string; at: string }> };

/**
 * Prints one parseable line (`CHAOS_FIGURE {json}`) and merges the figure into
 * test-results/chaos-report.json, which keeps the last run of each scenario.
 */
export function reportFigure(figure: ChaosFigure, profile: string): void {
  process.stdout.write(`CHAOS_FIGURE ${JSON.stringify({ ...figure, profile })}\n`);
  mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
  let report: ReportFile = { updated_at: '', scenarios: {} };
  if (existsSync(REPORT_FILE)) {
    try {
      report = JSON.parse(readFileSync(REPORT_FILE, 'utf8')) as ReportFile;
    } catch {
      // a torn file from an aborted run: start over
    }
  }
  const at = new Date().toISOString();
  report.updated_at = at;
  report.scenarios[figure.scenario] = { ...figure, profile, at };
  writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
}

export function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
