/** @module Pages of the Preview Program: its states, the apply form, the gate page and the admin queue. */
import type { PreviewApplication } from "../../db/schema/devices.ts";
import type { User } from "../../db/schema/users.ts";
import { Field, type FieldErrors, Notice, PageHeader } from "../../ui/components.tsx";
import { type PendingApplication, PREVIEW_FEATURES } from "./service.ts";

const INTRO = "Get early access to new features by joining our Preview Program.";

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function AdminAccessPanel() {
  return (
    <section class="panel" aria-labelledby="admin-access" data-testid="admin-access">
      <h2 id="admin-access">Admin Access</h2>
      <p>As an admin, you have automatic access to all preview features.</p>
      <a class="button" href="/admin">Open Admin Dashboard</a>
    </section>
  );
}

function ApplyForm({ values, errors }: { values: Record<string, string>; errors: FieldErrors }) {
  return (
    <form method="post" action="/preview-program/apply" novalidate data-testid="preview-apply-form">
      <div class={errors.motivation ? "field field-invalid" : "field"}>
        <label for="field-motivation">Why do you want to join?</label>
        <textarea id="field-motivation" name="motivation" maxlength={1000} required rows={4}>
          {values.motivation ?? ""}
        </textarea>
        {errors.motivation ? <p class="field-error">{errors.motivation}</p> : null}
      </div>
      <Field
        label="Which MIXERA gear do you use?"
        name="gear"
        maxlength={200}
        value={values.gear}
        error={errors.gear}
      />
      <div class={errors.links ? "field field-invalid" : "field"}>
        <label for="field-links">Links (optional)</label>
        <p class="hint">Mixes, socials or your website: one https:// link per line, up to 5.</p>
        <textarea id="field-links" name="links" maxlength={1200} rows={3}>{values.links ?? ""}</textarea>
        {errors.links ? <p class="field-error">{errors.links}</p> : null}
      </div>
      <button type="submit" class="button">Apply to the Preview Program</button>
    </form>
  );
}

/** The Preview Program block in its current state (also shown on the Profile page). */
export function PreviewStatePanel(
  { user, application, reapplyAt, values = {}, errors = {}, showForm = true }: {
    user: User;
    application: PreviewApplication | undefined;
    reapplyAt: Date | null;
    values?: Record<string, string>;
    errors?: FieldErrors;
    showForm?: boolean;
  },
) {
  if (user.role === "admin") return <AdminAccessPanel />;
  const status = application?.status;
  return (
    <section class="panel" aria-labelledby="preview-program" data-testid="preview-state">
      <h2 id="preview-program">Preview Program</h2>
      <p class="panel-intro">{INTRO}</p>
      {status === "pending"
        ? (
          <div data-testid="preview-pending">
            <h3>Application Pending</h3>
            <p>Your application is being reviewed. We'll notify you by email once it's been processed.</p>
          </div>
        )
        : null}
      {status === "accepted"
        ? (
          <div data-testid="preview-accepted">
            <h3>Welcome to the Preview Program! 🎉</h3>
            <p>
              You have access to preview features like {PREVIEW_FEATURES.slice(0, -1).join(", ")} and{" "}
              {PREVIEW_FEATURES.at(-1)}. Check them out in the sidebar!
            </p>
            <ul>
              {PREVIEW_FEATURES.map((feature) => <li key={feature}>{feature}</li>)}
            </ul>
          </div>
        )
        : null}
      {status === "rejected"
        ? (
          <div data-testid="preview-rejected">
            <h3>Application Not Accepted</h3>
            <p>Your application was not accepted at this time.</p>
            {application?.decisionReason ? <p class="muted">Reason: {application.decisionReason}</p> : null}
            {reapplyAt ? <p>You can apply again from {formatDate(reapplyAt)}.</p> : null}
          </div>
        )
        : null}
      {showForm && (!status || (status === "rejected" && !reapplyAt))
        ? <ApplyForm values={values} errors={errors} />
        : null}
      {!showForm && (!status || (status === "rejected" && !reapplyAt))
        ? <a class="button" href="/preview-program">Apply to the Preview Program</a>
        : null}
    </section>
  );
}

export function PreviewProgramPage(
  props: {
    user: User;
    application: PreviewApplication | undefined;
    reapplyAt: Date | null;
    values?: Record<string, string>;
    errors?: FieldErrors;
    notice?: string;
  },
) {
  return (
    <div>
      <PageHeader title="Preview Program" intro={INTRO} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.errors?._form ? <Notice kind="error">{props.errors._form}</Notice> : null}
      <PreviewStatePanel {...props} />
    </div>
  );
}

/** What a preview area shows to someone who is not in the program yet. */
export function PreviewGatePage({ area, pending }: { area: string; pending: boolean }) {
  return (
    <section data-testid="preview-gate">
      <PageHeader title={area} intro={`${area} is part of the MIXERA Preview Program.`} />
      <div class="empty-state">
        <h2>Preview Program</h2>
        <p>{INTRO}</p>
        <p>
          Members get {PREVIEW_FEATURES.slice(0, -1).join(", ")} and {PREVIEW_FEATURES.at(-1)}{" "}
          before everyone else.
        </p>
        {pending
          ? <p>Your application is being reviewed. We'll notify you by email once it's been processed.</p>
          : <a class="button" href="/preview-program">Apply to the Preview Program</a>}
      </div>
    </section>
  );
}

export function PreviewQueuePage(
  { pending, notice }: { pending: PendingApplication[]; notice?: string },
) {
  return (
    <div>
      <PageHeader title="Preview Program applications" intro="Accept or reject; the applicant is emailed." />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {pending.length === 0
        ? <p class="muted" data-testid="preview-queue-empty">No applications waiting.</p>
        : (
          <div class="table-wrap">
            <table data-testid="preview-queue">
              <thead>
                <tr>
                  <th>Applicant</th>
                  <th>Why</th>
                  <th>Gear</th>
                  <th>Links</th>
                  <th>Applied</th>
                  <th>Decision</th>
                </tr>
              </thead>
              <tbody>
                {pending.map(({ application, user }) => (
                  <tr data-testid="preview-application">
                    <td>
                      {user.displayName}
                      <br />
                      <span class="muted">{user.email} · {user.mixeraId}</span>
                    </td>
                    <td>{application.motivation}</td>
                    <td>{application.gear}</td>
                    <td>
                      {application.links.split("\n").filter(Boolean).map((link) => (
                        <div>
                          <a href={link} rel="noopener noreferrer nofollow" target="_blank">{link}</a>
                        </div>
                      ))}
                    </td>
                    <td>{formatDate(application.createdAt)}</td>
                    <td>
                      <form method="post" action={`/admin/preview/${encodeURIComponent(user.id)}/accept`}>
                        <button type="submit" class="button button-small" aria-label={`Accept ${user.email}`}>
                          Accept
                        </button>
                      </form>
                      <form method="post" action={`/admin/preview/${encodeURIComponent(user.id)}/reject`}>
                        <label>
                          Reason <input name="reason" maxlength={500} required />
                        </label>
                        <button
                          type="submit"
                          class="button button-small button-danger"
                          aria-label={`Reject ${user.email}`}
                        >
                          Reject
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </div>
  );
}
