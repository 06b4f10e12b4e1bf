import { DEFAULT_PORT_BASE, MAX_PORT_BASE, PORT_OFFSETS, portFor } from './ports';

describe(portFor.name, () => {
  it('should keep the documented ports when PORT_BASE is not set', () => {
    expect(DEFAULT_PORT_BASE).toBe(3000);
    expect(portFor('gateway')).toBe(3000);
    expect(
      ['task-core', 'task-monitoring', 'task-persistence', 'task-scheduling', 'worker'].map((app) =>
        portFor(app as 'worker'),
      ),
    ).toEqual([3101, 3102, 3103, 3104, 3105]);
  });

  it('should move every port together when PORT_BASE moves', () => {
    expect(portFor('gateway', 4000)).toBe(4000);
    expect(portFor('task-core', 4000)).toBe(4101);
    expect(portFor('embedded-postgres', 4000)).toBe(4110);
    expect(portFor('embedded-nats', 4000)).toBe(4111);
  });

  it('should let an explicit port win over the base', () => {
    expect(portFor('task-core', 4000, 9101)).toBe(9101);
    expect(portFor('gateway', 4000, 0)).toBe(0);
  });

  it('should give every listener of a stack its own port, all below 65536 at the highest base', () => {
    const offsets = Object.values(PORT_OFFSETS);
    expect(new Set(offsets).size).toBe(offsets.length);
    expect(Math.max(...offsets.map((offset) => MAX_PORT_BASE + offset))).toBe(65_535);
  });
});
