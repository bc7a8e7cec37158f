/** @module The "OCP API Status" box at the top of the OCP documentation, from the latest stored checks. */

export interface StatusSummaryProps {
  overall: "up" | "degraded" | "down" | "unknown";
  endpoints: { id: string; name: string; state: "up" | "degraded" | "down" | "unknown" }[];
}

const LABELS = { up: "Up", degraded: "Degraded", down: "Down", unknown: "Checking..." } as const;

export function StatusSummary({ overall, endpoints }: StatusSummaryProps) {
  return (
    <section class="panel docs-status" aria-labelledby="docs-status-title" data-testid="docs-status">
      <h2 id="docs-status-title">
        <a href="/ocp-status">OCP API Status</a>
      </h2>
      <span class={`state-${overall}`}>{overall === "up" ? "All systems operational" : LABELS[overall]}</span>
      <ul>
        {endpoints.map((endpoint) => (
          <li key={endpoint.id} class={`state-${endpoint.state}`}>
            {endpoint.name}: {LABELS[endpoint.state]}
          </li>
        ))}
      </ul>
    </section>
  );
}
