import { supportsMultipleFilters } from './event-stream';

describe(supportsMultipleFilters.name, () => {
  it('should allow filter_subjects from nats-server 2.10 on only', () => {
    expect(['2.9.10', '2.9.25', '1.4.0', '', undefined].map(supportsMultipleFilters)).toEqual([false, false, false, false, false]);
    expect(['2.10.0', '2.10.22', '2.12.3', '3.0.0'].map(supportsMultipleFilters)).toEqual([true, true, true, true]);
  });
});
