/** @module Generic pages: not available yet, errors, not found. */
import type { Area } from "./areas.ts";
import { PageHeader } from "./components.tsx";

export function NotAvailablePage({ area }: { area: Area }) {
  return (
    <section>
      <PageHeader title={area.title} intro={area.summary} />
      <div class="empty-state">
        <h2>Not available yet</h2>
        <p>
          {area.title}{" "}
          is not part of the portal yet. Nothing is shown here until it works for real — check back after a
          future update.
        </p>
        <a class="button" href="/">Back to the overview</a>
      </div>
    </section>
  );
}

export function ErrorPage(
  { heading, message, action }: {
    heading: string;
    message: string;
    action?: { href: string; label: string };
  },
) {
  return (
    <section class="error-page">
      <h1>{heading}</h1>
      <p>{message}</p>
      <a class="button" href={action?.href ?? "/"}>{action?.label ?? "Go to the overview"}</a>
    </section>
  );
}
