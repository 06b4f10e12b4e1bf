import { PageHeader, Tabs } from '../components';
import { setQuery } from '../router';
import { CalendarList } from './calendars';
import { CronJobList } from './cron-jobs';
import { PeriodicList } from './periodic-tasks';

type Tab = 'periodic' | 'jobs' | 'calendars';

/** Periodic tasks (cron in a time zone), scheduled one-off or interval jobs, and calendars. */
export function SchedulesPage({ query }: { query: URLSearchParams }) {
  const tab = (['jobs', 'calendars'].includes(query.get('tab') ?? '') ? query.get('tab') : 'periodic') as Tab;
  return (
    <section data-testid="schedules">
      <PageHeader title="Schedules">
        <Tabs<Tab>
          tabs={[
            { id: 'periodic', label: 'Periodic tasks' },
            { id: 'jobs', label: 'Scheduled jobs' },
            { id: 'calendars', label: 'Calendars' },
          ]}
          value={tab}
          onChange={(id) => setQuery({ tab: id === 'periodic' ? null : id, page: null })}
        />
      </PageHeader>
      {tab === 'periodic' && <PeriodicList query={query} />}
      {tab === 'jobs' && <CronJobList />}
      {tab === 'calendars' && <CalendarList />}
    </section>
  );
}
