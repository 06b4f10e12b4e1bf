import { CoreEvent } from './core.contract';
import { eventNameOf, taskEventFilter, taskEventSubject } from './task-events';

describe('task event subjects', () => {
  it('should put the event, then the origin and the brand, into the subject', () => {
    expect(taskEventSubject(CoreEvent.TaskCompleted, 'plain', 9)).toBe('core.task.completed.plain.9');
  });

  it('should build one wildcard filter per selection', () => {
    expect(taskEventFilter({ origin: 'job' })).toBe('core.task.*.job.*');
    expect(taskEventFilter({ brandId: 9 })).toBe('core.task.*.*.9');
    expect(taskEventFilter({ event: CoreEvent.TaskStarted, origin: 'periodic' })).toBe('core.task.started.periodic.*');
  });

  it('should read the event name back from a routed subject, and leave other subjects as they are', () => {
    expect(eventNameOf('core.task.completed.plain.9')).toBe('core.task.completed');
    expect(eventNameOf('core.task.progress.job.12')).toBe('core.task.progress');
    expect(eventNameOf('core.worker.heartbeat')).toBe('core.worker.heartbeat');
    expect(eventNameOf('monitoring.alert.triggered')).toBe('monitoring.alert.triggered');
  });
});
