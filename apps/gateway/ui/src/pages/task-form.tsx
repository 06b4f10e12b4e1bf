import type { CreateTaskBody, TaskDto, TaskPriority } from '@app/contracts';
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, useApi } from '../api';
import { bind, ErrorNotice, Field, Modal } from '../components';
import {
  KNOWN_TASK_TYPES,
  parseJsonObject,
  PRIORITIES,
  QUEUE_PATTERN,
  TASK_TYPE_PATTERN,
} from '../constants';
import { fromLocalInput } from '../format';
import { useAction } from '../hooks';

const EXAMPLES: Record<string, string> = {
  sleep: '{"ms": 2000}',
  fail: '{"message": "boom"}',
  seo_keyword_analysis: '{"keyword_ids": [1, 2, 3, 4, 5], "step_ms": 300}',
  daily_seo_report: '{"site": "example.com"}',
};

/** `POST /tasks/`: every field of the API, checked here for the obvious and by the API for the rest. */
export function CreateTaskForm({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (task: TaskDto) => void;
}) {
  const api = useApi();
  const [taskType, setTaskType] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('normal');
  const [queue, setQueue] = useState('default');
  const [description, setDescription] = useState('');
  const [context, setContext] = useState('');
  const [maxRetries, setMaxRetries] = useState('3');
  const [timeout, setTimeoutSeconds] = useState('');
  const [scheduledFor, setScheduledFor] = useState('');
  const [resumable, setResumable] = useState(false);
  const [tags, setTags] = useState('');
  const create = useAction((body: CreateTaskBody) => api.post<TaskDto>('/tasks/', body));

  const contextParsed = parseJsonObject(context);
  const local: Record<string, string[]> = {};
  if (taskType && !TASK_TYPE_PATTERN.test(taskType))
    local.task_type = ['Lower case letters, digits and _ . : - (starting with a letter)'];
  if (queue && !QUEUE_PATTERN.test(queue))
    local.queue = ['Lower case letters, digits, _ and - (starting with a letter)'];
  if (!contextParsed.ok) local.context_data = [contextParsed.error];
  const localError = Object.keys(local).length
    ? new ApiError(400, 'LOCAL', 'Check the highlighted fields', local)
    : undefined;
  const error = create.error ?? localError;

  const submit = async (event: TargetedEvent<HTMLFormElement, Event>) => {
    event.preventDefault();
    if (localError || !contextParsed.ok) return;
    const body: CreateTaskBody = {
      task_type: taskType.trim(),
      priority,
      queue: queue.trim() || undefined,
      description: description.trim() || undefined,
      context_data: contextParsed.value,
      max_retries: maxRetries === '' ? undefined : Number(maxRetries),
      timeout_seconds: timeout === '' ? undefined : Number(timeout),
      scheduled_for: fromLocalInput(scheduledFor),
      is_resumable: resumable || undefined,
      tags: tags.trim()
        ? tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean)
        : undefined,
    };
    const task = await create.run(body);
    if (task) onCreated(task);
  };

  return (
    <Modal title="New task" onClose={onClose}>
      <form class="form-grid" onSubmit={submit} aria-label="New task">
        <Field
          label="Task type"
          name="task_type"
          error={error}
          hint="What the worker runs, e.g. sleep, seo_keyword_analysis"
        >
          <input
            name="task_type"
            required
            list="form-task-types"
            value={taskType}
            onInput={bind(setTaskType)}
            onChange={(e) =>
              !context && EXAMPLES[e.currentTarget.value] && setContext(EXAMPLES[e.currentTarget.value])
            }
          />
          <datalist id="form-task-types">
            {KNOWN_TASK_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </Field>
        <Field label="Queue" name="queue" error={error} hint="Workers listen to named queues (WORKER_QUEUES)">
          <input name="queue" value={queue} onInput={bind(setQueue)} />
        </Field>
        <Field label="Priority" name="priority" error={error}>
          <select
            name="priority"
            value={priority}
            onChange={(e) => setPriority(e.currentTarget.value as TaskPriority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Max retries" name="max_retries" error={error}>
          <input
            name="max_retries"
            type="number"
            min={0}
            max={20}
            value={maxRetries}
            onInput={bind(setMaxRetries)}
          />
        </Field>
        <Field label="Description" name="description" error={error} wide>
          <input name="description" maxLength={2000} value={description} onInput={bind(setDescription)} />
        </Field>
        <Field
          label="Context data (JSON object)"
          name="context_data"
          error={error}
          wide
          hint={taskType && EXAMPLES[taskType] ? `Example: ${EXAMPLES[taskType]}` : undefined}
        >
          <textarea
            name="context_data"
            rows={4}
            spellcheck={false}
            class="mono"
            value={context}
            onInput={bind(setContext)}
            placeholder="{}"
          />
        </Field>
        <Field label="Timeout (seconds)" name="timeout_seconds" error={error}>
          <input
            name="timeout_seconds"
            type="number"
            min={1}
            max={86400}
            value={timeout}
            onInput={bind(setTimeoutSeconds)}
          />
        </Field>
        <Field label="Not before" name="scheduled_for" error={error} hint="Your local time">
          <input
            name="scheduled_for"
            type="datetime-local"
            value={scheduledFor}
            onInput={bind(setScheduledFor)}
          />
        </Field>
        <Field label="Tags (comma separated)" name="tags" error={error}>
          <input name="tags" value={tags} onInput={bind(setTags)} />
        </Field>
        <label class="check-field">
          <input
            type="checkbox"
            name="is_resumable"
            checked={resumable}
            onChange={(e) => setResumable(e.currentTarget.checked)}
          />{' '}
          Resumable (waits as interrupted when its worker is lost)
        </label>
        {create.error && <ErrorNotice error={create.error} />}
        <footer class="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={create.busy || !taskType || !!localError}>
            {create.busy ? 'Creating…' : 'Create task'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
