import { FieldErrors } from '@app/contracts';
import {
  autoResumeDue,
  canResume,
  doneFraction,
  etaSeconds,
  isNewer,
  JOB_ORDERING,
  nextRate,
  parseJobStatusFilter,
  percentageOf,
} from './job.rules';
import { parseOrdering } from '@app/platform';

const at = (seconds: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, seconds));

describe('job rules', () => {
  describe(canResume.name, () => {
    it('should resume interrupted and paused jobs, and failed ones only with a checkpoint', () => {
      expect(canResume({ status: 'interrupted', checkpoint_count: 0 })).toBe(true);
      expect(canResume({ status: 'paused', checkpoint_count: 0 })).toBe(true);
      expect(canResume({ status: 'failed', checkpoint_count: 0 })).toBe(false);
      expect(canResume({ status: 'failed', checkpoint_count: 3 })).toBe(true);
      for (const status of ['pending', 'running', 'pausing', 'retrying', 'completed', 'cancelled']) {
        expect(canResume({ status, checkpoint_count: 3 })).toBe(false);
      }
    });
  });

  describe(autoResumeDue.name, () => {
    const job = { status: 'interrupted', auto_resume: true, resume_count: 0, max_resumes: 2 };
    it('should resume an interrupted job by itself until max_resumes', () => {
      expect(autoResumeDue(job)).toBe(true);
      expect(autoResumeDue({ ...job, resume_count: 2 })).toBe(false);
      expect(autoResumeDue({ ...job, auto_resume: false })).toBe(false);
      expect(autoResumeDue({ ...job, status: 'paused' })).toBe(false);
    });
  });

  describe(isNewer.name, () => {
    it('should let a later attempt win whatever its time, and the later event within an attempt', () => {
      expect(isNewer({ attempt: 1, at: at(5) }, { attempt: 0, at: null })).toBe(true);
      expect(isNewer({ attempt: 2, at: at(1) }, { attempt: 1, at: at(9) })).toBe(true);
      expect(isNewer({ attempt: 1, at: at(9) }, { attempt: 2, at: at(1) })).toBe(false);
      expect(isNewer({ attempt: 2, at: at(3) }, { attempt: 2, at: at(4) })).toBe(false);
      expect(isNewer({ attempt: 2, at: at(4) }, { attempt: 2, at: at(4) })).toBe(true);
    });
  });

  describe(doneFraction.name, () => {
    it('should prefer items, then steps, then the percentage', () => {
      expect(
        doneFraction({
          items_processed: 5,
          items_total: 20,
          current_step: 1,
          total_steps: 2,
          percentage: 90,
        }),
      ).toBe(0.25);
      expect(doneFraction({ current_step: 1, total_steps: 4, percentage: 90 })).toBe(0.25);
      expect(doneFraction({ percentage: 40 })).toBe(0.4);
      expect(doneFraction({ items_processed: 3, items_total: 0 })).toBeNull();
      expect(doneFraction({ items_processed: 30, items_total: 20 })).toBe(1);
    });
  });

  it('should derive a percentage from items when none is stated', () => {
    expect(percentageOf(undefined, 1 / 3)).toBe(33.33);
    expect(percentageOf(12, 0.5)).toBe(12);
    expect(percentageOf(undefined, null)).toBeNull();
  });

  describe(nextRate.name, () => {
    it('should measure the first rate, then smooth it', () => {
      const first = nextRate({ fraction: 0.1, at: at(0), attempt: 1, rate: null }, 0.2, at(10), 1);
      expect(first).toBeCloseTo(0.01);
      const second = nextRate({ fraction: 0.2, at: at(10), attempt: 1, rate: first }, 0.4, at(20), 1);
      expect(second).toBeCloseTo(0.3 * 0.02 + 0.7 * 0.01);
    });

    it('should keep the learnt rate across a new attempt and on a step backwards', () => {
      expect(nextRate({ fraction: 0.5, at: at(0), attempt: 1, rate: 0.01 }, 0.6, at(10), 2)).toBe(0.01);
      expect(nextRate({ fraction: 0.5, at: at(0), attempt: 1, rate: 0.01 }, 0.4, at(10), 1)).toBe(0.01);
      expect(nextRate({ fraction: null, at: null, attempt: null, rate: null }, 0.4, at(10), 1)).toBeNull();
    });
  });

  describe(etaSeconds.name, () => {
    it('should estimate the time left from the rate, minus the time since the sample', () => {
      expect(etaSeconds(0.5, 0.01, at(0), at(0))).toBe(50);
      expect(etaSeconds(0.5, 0.01, at(0), at(20))).toBe(30);
      expect(etaSeconds(0.5, 0.01, at(0), at(90))).toBe(0);
      expect(etaSeconds(1, null, null, at(0))).toBe(0);
      expect(etaSeconds(0.5, null, at(0), at(0))).toBeNull();
      expect(etaSeconds(null, 0.1, at(0), at(0))).toBeNull();
    });
  });

  it('should parse status filters and refuse unknown statuses', () => {
    const errors: FieldErrors = {};
    expect(parseJobStatusFilter('paused,interrupted', errors)).toEqual(['paused', 'interrupted']);
    parseJobStatusFilter('done', errors);
    expect(errors.status?.[0]).toContain('done');
  });

  it('should refuse ordering by an unknown field', () => {
    expect(parseOrdering('-resume_count', JOB_ORDERING, '-created_at', {})).toEqual({
      column: 'j.resume_count',
      desc: true,
      nullable: false,
    });
    expect(parseOrdering('completed_at', JOB_ORDERING, '-created_at', {})).toMatchObject({ nullable: true });
    const errors: FieldErrors = {};
    parseOrdering('brand_id', JOB_ORDERING, '-created_at', errors);
    expect(errors.ordering).toBeDefined();
  });
});
