import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiContext, createApi } from './api';
import { Badge, Toasts } from './components';
import { AlertsPage } from './pages/alerts';
import { JobDetailPage, JobsPage } from './pages/jobs';
import { MonitoringPage } from './pages/monitoring';
import { PeriodicDetailPage } from './pages/periodic-tasks';
import { SchedulesPage } from './pages/schedules';
import { SignIn } from './pages/sign-in';
import { TaskDetailPage } from './pages/task-detail';
import { TasksPage } from './pages/tasks';
import { WorkersPage } from './pages/workers';
import { Link, match, Redirect, useLocation } from './router';
import type { Session } from './session';
import { clearSession, loadSession, saveSession, SessionContext } from './session';

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [reason, setReason] = useState<string>();

  const signOut = (why?: string) => {
    clearSession();
    setReason(why);
    setSession(null);
  };

  if (!session) {
    return (
      <SignIn
        reason={reason}
        onSignIn={(token, brandId) => {
          saveSession(token, brandId);
          setReason(undefined);
          setSession(loadSession());
        }}
      />
    );
  }
  return (
    <SignedIn
      session={session}
      signOut={signOut}
      switchBrand={(id) => (saveSession(session.token, id), setSession(loadSession()))}
    />
  );
}

function SignedIn({
  session,
  signOut,
  switchBrand,
}: {
  session: Session;
  signOut: (why?: string) => void;
  switchBrand: (id: number) => void;
}) {
  const api = useMemo(
    () => createApi(session, (detail) => signOut(`The gateway refused your token: ${detail}`)),
    [session.token, session.brand.id],
  );
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();

  useEffect(() => {
    if (session.expiresAt === null) return;
    const timer = window.setTimeout(
      () => signOut('Your token expired. Mint a new one with npm run token.'),
      Math.max(0, session.expiresAt - Date.now()),
    );
    return () => window.clearTimeout(timer);
  }, [session.expiresAt]);

  useEffect(() => setMenuOpen(false), [location.path]);

  return (
    <SessionContext value={session}>
      <ApiContext value={api}>
        <Toasts>
          <div class={`shell${menuOpen ? ' menu-open' : ''}`}>
            <header class="topbar">
              <button
                type="button"
                class="icon menu-toggle"
                aria-label="Menu"
                aria-expanded={menuOpen}
                onClick={() => setMenuOpen(!menuOpen)}
              >
                ☰
              </button>
              <Link to="/tasks" class="logo">
                MEGAHUB <span>Tasks</span>
              </Link>
              <div class="who">
                <label class="brand-switch">
                  <span class="sr-only">Brand</span>
                  <select
                    data-testid="brand-switcher"
                    value={session.brand.id}
                    onChange={(e) => switchBrand(Number(e.currentTarget.value))}
                  >
                    {session.brands.map((brand) => (
                      <option key={brand.id} value={brand.id}>
                        {brand.name} (#{brand.id}) · {brand.role}
                      </option>
                    ))}
                  </select>
                </label>
                <span class="user" title={`user ${session.userId}`}>
                  {session.username} <Badge value={session.brand.role} />
                </span>
                <button type="button" class="link" onClick={() => signOut()}>
                  Sign out
                </button>
              </div>
            </header>
            <nav class="sidebar" aria-label="Sections">
              {NAV.map((item) => (
                <Link
                  key={item.to}
                  to={item.to}
                  class={location.path === item.to || location.path.startsWith(`${item.to}/`) ? 'active' : ''}
                >
                  {item.label}
                </Link>
              ))}
            </nav>
            <main class="content" key={session.brand.id}>
              <Routes path={location.path} query={location.query} />
            </main>
          </div>
        </Toasts>
      </ApiContext>
    </SessionContext>
  );
}

const NAV = [
  { to: '/tasks', label: 'Tasks' },
  { to: '/monitoring', label: 'Monitoring' },
  { to: '/workers', label: 'Workers' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/jobs', label: 'Persistent jobs' },
  { to: '/schedules', label: 'Schedules' },
];

function Routes({ path, query }: { path: string; query: URLSearchParams }) {
  if (path === '/') return <Redirect to="/tasks" />;
  if (path === '/tasks') return <TasksPage query={query} />;
  let params = match('/tasks/:ref', path);
  if (params) return <TaskDetailPage key={params.ref} taskRef={params.ref} />;
  if (path === '/monitoring') return <MonitoringPage query={query} />;
  if (path === '/workers') return <WorkersPage />;
  if (path === '/alerts') return <AlertsPage query={query} />;
  if (path === '/jobs') return <JobsPage query={query} />;
  params = match('/jobs/:id', path);
  if (params) return <JobDetailPage key={params.id} id={params.id} />;
  if (path === '/schedules') return <SchedulesPage query={query} />;
  params = match('/schedules/periodic/:id', path);
  if (params) return <PeriodicDetailPage key={params.id} id={params.id} />;
  return (
    <div class="state empty">
      <strong>No such page</strong>
      <Link to="/tasks">Back to the tasks</Link>
    </div>
  );
}
