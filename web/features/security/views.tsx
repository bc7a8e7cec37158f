/** @module The Security page: change password and the list of active sessions. */
import type { Session } from "../../db/schema/sessions.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../auth/password.ts";
import { Field, type FieldErrors, Notice, PageHeader } from "../../ui/components.tsx";
import { formatTime } from "../../ui/format.ts";
import { ScrollingTable } from "../../ui/table.tsx";
import { describeUserAgent } from "./user_agent.ts";

export function ChangePasswordPanel({ errors = {} }: { errors?: FieldErrors }) {
  return (
    <section class="panel" aria-labelledby="change-password">
      <h2 id="change-password">Change password</h2>
      <p class="panel-intro">Changing your password signs out every other session.</p>
      {errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
      <form method="post" action="/security/password" novalidate>
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autocomplete="current-password"
          error={errors.currentPassword}
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autocomplete="new-password"
          hint={`${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`}
          error={errors.newPassword}
        />
        <button type="submit" class="button">Change password</button>
      </form>
    </section>
  );
}

export function SessionRow({ session, current }: { session: Session; current: boolean }) {
  const device = describeUserAgent(session.userAgent);
  return (
    <tr id={`session-${session.id}`}>
      <td>
        {device.browser}
        {current ? <span class="badge">This session</span> : null}
      </td>
      <td>{device.os}</td>
      <td>{session.ip || "unknown"}</td>
      <td>{formatTime(session.createdAt)}</td>
      <td>{formatTime(session.lastSeenAt)}</td>
      <td>
        {current ? <span class="muted">—</span> : (
          <form
            method="post"
            action={`/security/sessions/${session.id}/revoke`}
            hx-post={`/security/sessions/${session.id}/revoke`}
            hx-target="closest tr"
            hx-swap="outerHTML"
          >
            <button
              type="submit"
              class="button button-small button-quiet"
              aria-label={`Revoke ${device.browser} on ${device.os}`}
            >
              Revoke
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

export function RevokedRow() {
  return (
    <tr>
      <td colspan={6} class="muted">Session ended.</td>
    </tr>
  );
}

export function SessionsPanel({ sessions, currentId }: { sessions: Session[]; currentId: string }) {
  const others = sessions.filter((session) => session.id !== currentId).length;
  return (
    <section class="panel" aria-labelledby="active-sessions">
      <h2 id="active-sessions">Active sessions</h2>
      <p class="panel-intro">Every browser signed in to your account. Revoke any you do not recognise.</p>
      <ScrollingTable
        columns={[
          "Browser",
          "System",
          "IP address",
          "Signed in",
          "Last seen",
        ]}
        actions
      >
        {sessions.map((session) => (
          <SessionRow key={session.id} session={session} current={session.id === currentId} />
        ))}
      </ScrollingTable>
      {others > 0
        ? (
          <form method="post" action="/security/sessions/revoke-others" class="actions">
            <button type="submit" class="button button-quiet">Sign out of all other sessions</button>
          </form>
        )
        : null}
    </section>
  );
}

export function SecurityPage(
  { sessions, currentId, errors, notice }: {
    sessions: Session[];
    currentId: string;
    errors?: FieldErrors;
    notice?: string;
  },
) {
  return (
    <div>
      <PageHeader title="Security" intro="Your password and the sessions signed in to your account." />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ChangePasswordPanel errors={errors} />
      <SessionsPanel sessions={sessions} currentId={currentId} />
    </div>
  );
}
