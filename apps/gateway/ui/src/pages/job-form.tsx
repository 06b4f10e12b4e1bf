import type { CreateJobBody, JobDto, TaskPriority } from '@app/contracts';
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, useApi } from '../api';
import { bind, ErrorNotice, Field, Modal } from '../components';
import { JOBS, KNOWN_TASK_TYPES, parseJsonObject, PRIORITIES, QUEUE_PATTERN } from '../constants';
import { useAction } from '../hooks';

/** `POST persistent-jobs/`: a long job backed by a resumable task. */
export function JobForm({ onClose, onCreated }: { onClose: () => void; onCreated: (job: JobDto) => void }) {
  const api = useApi();
  const [taskType, setTaskType] = useState('seo_keyword_analysis');
  const [context, setContext] = useState('{"keyword_ids": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "step_ms": 500}');
  const [queue, setQueue] = useState('default');
  const [priority, setPriority] = useState<TaskPriority>('normal');
  const [description, setDescription] = useState('');
  const [autoResume, setAutoResume] = useState(true);
  const [maxResumes, setMaxResumes] = useState('3');
  const [retention, setRetention] = useState('10');
  const create = useAction(async (body: CreateJobBody) => api.post<JobDto>(JOBS, body));
  const parsed = parseJsonObject(context);
  const local: Record<string, string[]> = {};
  if (!parsed.ok) local.context_data = [parsed.error];
  if (queue && !QUEUE_PATTERN.test(queue)) local.queue = ['Lower case letters, digits, _ and -'];
  const error =
    create.error ??
    (Object.keys(local).length
      ? new ApiError(400, 'LOCAL', 'Check the highlighted fields', local)
      : undefined);

  const submit = async (event: TargetedEvent<HTMLFormElement, Event>) => {
    event.preventDefault();
    if (!parsed.ok || Object.keys(local).length) return;
    const job = await create.run({
      task_type: taskType.trim(),
      context_data: parsed.value,
      queue: queue.trim() || undefined,
      priority,
      description: description.trim() || undefined,
      auto_resume: autoResume,
      max_resumes: Number(maxResumes),
      checkpoint_retention: Number(retention),
    });
    if (job) onCreated(job);
  };

  return (
    <Modal title="New persistent job" onClose={onClose}>
      <form class="form-grid" onSubmit={submit} aria-label="New persistent job">
        <Field
          label="Task type"
          name="task_type"
          error={error}
          hint="Its handler must checkpoint to be resumable"
        >
          <input
            name="task_type"
            required
            list="job-task-types"
            value={taskType}
            onInput={bind(setTaskType)}
          />
          <datalist id="job-task-types">
            {KNOWN_TASK_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </Field>
        <Field label="Queue" name="queue" error={error}>
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
        <Field label="Automatic resumes (max)" name="max_resumes" error={error}>
          <input
            name="max_resumes"
            type="number"
            min={0}
            max={100}
            value={maxResumes}
            onInput={bind(setMaxResumes)}
          />
        </Field>
        <Field label="Context data (JSON object)" name="context_data" error={error} wide>
          <textarea
            name="context_data"
            rows={3}
            class="mono"
            spellcheck={false}
            value={context}
            onInput={bind(setContext)}
          />
        </Field>
        <Field label="Checkpoints kept" name="checkpoint_retention" error={error}>
          <input
            name="checkpoint_retention"
            type="number"
            min={1}
            max={1000}
            value={retention}
            onInput={bind(setRetention)}
          />
        </Field>
        <Field label="Description" name="description" error={error}>
          <input name="description" value={description} onInput={bind(setDescription)} />
        </Field>
        <label class="check-field">
          <input
            type="checkbox"
            name="auto_resume"
            checked={autoResume}
            onChange={(e) => setAutoResume(e.currentTarget.checked)}
          />{' '}
          Resume by itself after an interruption
        </label>
        {create.error && <ErrorNotice error={create.error} />}
        <footer class="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={create.busy}>
            {create.busy ? 'Creating…' : 'Create job'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
