/**
 * @module
 * The OCP API Status page: the overall state, one row per endpoint with its latest result, and its 24-hour
 * and 30-day uptime bars. The board refreshes itself with htmx; without JavaScript, reload or "Check now".
 */
import { PageHeader } from "../../ui/components.tsx";
import type { StatusState } from "./check.ts";
import type { EndpointStatus, UptimeBucket } from "./service.ts";
import { statusStyles } from "./styles.ts";

/** How often the board asks for fresh results while the page is open. */
export const BOARD_REFRESH_SECONDS = 30;

const STATE_LABELS: Record<StatusState | "unknown", string> = {
  up: "Up",
  degraded: "Degraded",
  down: "Down",
  unknown: "Checking...",
};

const OVERALL_TEXT: Record<StatusState | "unknown", string> = {
  up: "All systems operational",
  degraded: "Some endpoints are degraded",
  down: "Some endpoints are down",
  unknown: "Checking...",
};

function percent(share: number | null): string {
  return share === null ? "no data" : `${(share * 100).toFixed(share === 1 ? 0 : 2)} %`;
}

function Bar(
  { buckets, label, format }: { buckets: UptimeBucket[]; label: string; format: (d: Date) => string },
) {
  return (
    <div class="uptime-bar" role="img" aria-label={label}>
      {buckets.map((bucket) => (
        <span
          key={bucket.start.getTime()}
          class={`bar-${bucket.state}`}
          title={`${format(bucket.start)}: ${percent(bucket.uptime)}`}
        />
      ))}
    </div>
  );
}

const hourOf = (date: Date) => `${date.toISOString().slice(0, 13).replace("T", " ")}:00 UTC`;
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

function EndpointRow({ status }: { status: EndpointStatus }) {
  const { endpoint, latest } = status;
  const state = latest?.state ?? "unknown";
  return (
    <li class={`status-item state-${state}`} data-testid={`status-${endpoint.id}`} data-state={state}>
      <div class="status-head">
        <span class="status-dot" aria-hidden="true" />
        <strong>{endpoint.name}</strong>
        {endpoint.requiresAuth
          ? <span title="Requires authentication" aria-label="Requires authentication">🔒</span>
          : null}
        <code>
          {endpoint.method} {endpoint.path}
        </code>
        <span class="status-state">{STATE_LABELS[state]}</span>
        {latest
          ? (
            <span class="muted">
              {latest.responseMs !== null ? `${latest.responseMs} ms` : "no response"}
              {latest.httpStatus !== null ? ` · HTTP ${latest.httpStatus}` : ""}
              {latest.detail ? ` · ${latest.detail}` : ""} · checked{" "}
              {latest.checkedAt.toISOString().slice(11, 19)} UTC
            </span>
          )
          : null}
      </div>
      <div class="uptime">
        <div class="uptime-label">
          <span>Last 24 hours</span>
          <span>{percent(status.uptime24h)} uptime</span>
        </div>
        <Bar
          buckets={status.last24h}
          label={`${endpoint.name}: last 24 hours, ${percent(status.uptime24h)}`}
          format={hourOf}
        />
      </div>
      <div class="uptime">
        <div class="uptime-label">
          <span>Last 30 days</span>
          <span>{percent(status.uptime30d)} uptime</span>
        </div>
        <Bar
          buckets={status.last30d}
          label={`${endpoint.name}: last 30 days, ${percent(status.uptime30d)}`}
          format={dayOf}
        />
      </div>
    </li>
  );
}

export function StatusBoard(
  { statuses, overall }: { statuses: EndpointStatus[]; overall: StatusState | "unknown" },
) {
  return (
    <section
      class="panel"
      id="status-board"
      aria-labelledby="status-overall"
      hx-get="/ocp-status"
      hx-trigger={`every ${BOARD_REFRESH_SECONDS}s`}
      hx-select="#status-board"
      hx-target="this"
      hx-swap="outerHTML"
    >
      <div class={`status-summary state-${overall}`}>
        <h2 id="status-overall" data-testid="status-overall" data-state={overall}>
          <span class="status-dot" aria-hidden="true" /> {OVERALL_TEXT[overall]}
        </h2>
        <form
          method="post"
          action="/ocp-status/check"
          hx-post="/ocp-status/check"
          hx-target="#status-board"
          hx-select="#status-board"
          hx-swap="outerHTML"
        >
          <button type="submit" class="button button-small">Check now</button>
        </form>
      </div>
      <ul class="status-list">
        {statuses.map((status) => <EndpointRow key={status.endpoint.id} status={status} />)}
      </ul>
    </section>
  );
}

export function StatusPage(
  { statuses, overall, publicUrl }: {
    statuses: EndpointStatus[];
    overall: StatusState | "unknown";
    publicUrl: string;
  },
) {
  return (
    <div class="status-page">
      <statusStyles.Link />
      <PageHeader
        title="OCP API Status"
        intro={`Live status overview of all MIXERA API services. Each endpoint is checked from the server against ${publicUrl}, on a schedule and when you press "Check now".`}
      />
      <p class="hint">
        Note: Endpoints requiring authentication (marked with 🔒) are checked for reachability only — a 401
        response still confirms the endpoint is live. Monitors can read the same results as JSON at{" "}
        <a href="/api/status">/api/status</a>.
      </p>
      <StatusBoard statuses={statuses} overall={overall} />
    </div>
  );
}
