/** @module The admin area: the user list with search, and disable / re-enable buttons. */
import type { User } from "../../db/schema/users.ts";
import { Notice, PageHeader } from "../../ui/components.tsx";
import { formatTime } from "../../ui/format.ts";
import { ScrollingTable } from "../../ui/table.tsx";
import { USERS_PER_PAGE } from "./service.ts";

function StatusBadges({ user }: { user: User }) {
  return (
    <>
      {user.role === "admin" ? <span class="badge">Admin</span> : null}
      {user.disabledAt ? <span class="badge badge-danger">Disabled</span> : null}
      {user.emailVerifiedAt ? null : <span class="badge badge-muted">Unverified</span>}
    </>
  );
}

function AccountAction({ user, self, query }: { user: User; self: boolean; query: string }) {
  if (self) return <span class="muted">You</span>;
  const action = user.disabledAt ? "enable" : "disable";
  const path = `/admin/users/${encodeURIComponent(user.id)}/${action}`;
  return (
    <form
      method="post"
      action={path}
      hx-post={path}
      hx-target="#user-results"
      hx-select="#user-results"
      hx-swap="outerHTML"
    >
      <input type="hidden" name="q" value={query} />
      <button
        type="submit"
        class={user.disabledAt ? "button button-small" : "button button-small button-danger"}
        aria-label={`${user.disabledAt ? "Re-enable" : "Disable"} ${user.email}`}
      >
        {user.disabledAt ? "Re-enable" : "Disable"}
      </button>
    </form>
  );
}

/** One page of the user search: the accounts found and what the search was. */
interface UserResultsProps {
  users: User[];
  total: number;
  query: string;
  page: number;
  selfId: string;
  notice?: { kind: "success" | "error"; text: string };
}

export function UserResults({ users, total, query, page, selfId, notice }: UserResultsProps) {
  const pages = Math.max(1, Math.ceil(total / USERS_PER_PAGE));
  const pageLink = (n: number) => `/admin?${new URLSearchParams({ q: query, page: String(n) })}`;
  return (
    <div id="user-results">
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      <p class="muted" role="status">
        {total === 1 ? "1 account" : `${total} accounts`}
        {query ? ` matching “${query}”` : ""}
        {pages > 1 ? ` · page ${page} of ${pages}` : ""}
      </p>
      <ScrollingTable
        class="admin-users"
        columns={["Name", "Email", "Mixera ID", "Status", "Created"]}
        actions
      >
        {users.map((user) => (
          <tr data-email={user.email}>
            <td>{user.displayName}</td>
            <td>{user.email}</td>
            <td>
              <code>{user.mixeraId}</code>
            </td>
            <td>
              <StatusBadges user={user} />
            </td>
            <td>{formatTime(user.createdAt)}</td>
            <td>
              <AccountAction user={user} self={user.id === selfId} query={query} />
            </td>
          </tr>
        ))}
      </ScrollingTable>
      {pages > 1
        ? (
          <nav class="actions" aria-label="Pages">
            {page > 1
              ? <a class="button button-small button-quiet" href={pageLink(page - 1)}>Previous</a>
              : null}
            {page < pages
              ? <a class="button button-small button-quiet" href={pageLink(page + 1)}>Next</a>
              : null}
          </nav>
        )
        : null}
    </div>
  );
}

export function AdminPage(props: UserResultsProps & { queryError?: string }) {
  return (
    <div>
      <PageHeader title="Admin" intro="Every MIXERA account. Disabling an account signs it out everywhere." />

      <p>
        <a href="/admin/apps">App review queue</a> · developer apps waiting for approval
      </p>
      <p>
        <a href="/admin/preview">Preview Program queue</a> · applications waiting for a decision ·{" "}
        <a href="/admin/devices">Devices</a> · every registered device and its audit log
      </p>
      <p>
        <a href="/admin/firmware">Firmware releases</a>{" "}
        · signed controller builds, staged rollout and device reports
      </p>
      <p>
        <a href="/admin/rent">Rental inventory</a> · what Rent Technology offers, with prices and units
      </p>
      <p>
        <a href="/admin/infinity">Infinity plans</a> · prices and features of the MIXERA Infinity plans
      </p>
      <p>
        <a href="/admin/connect">MIXERA Connect reports</a> · DJs reported by other DJs
      </p>

      <section class="panel" aria-labelledby="users-heading">
        <h2 id="users-heading">Users</h2>
        <form
          method="get"
          action="/admin"
          role="search"
          class={props.queryError ? "field field-invalid" : "field"}
        >
          <label for="field-q">Search by email, name or Mixera ID</label>
          <input
            id="field-q"
            name="q"
            type="search"
            value={props.query}
            maxlength={200}
            autocomplete="off"
            hx-get="/admin"
            hx-trigger="input changed delay:300ms, search"
            hx-target="#user-results"
            hx-select="#user-results"
            hx-swap="outerHTML"
            aria-invalid={props.queryError ? "true" : undefined}
            aria-describedby={props.queryError ? "field-q-error" : undefined}
          />
          {props.queryError ? <p class="field-error" id="field-q-error">{props.queryError}</p> : null}
          <button type="submit" class="button button-small">Search</button>
        </form>
        <UserResults {...props} />
      </section>
    </div>
  );
}
