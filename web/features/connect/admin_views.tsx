/** @module The admins' list of MIXERA Connect reports. */
import { PageHeader } from "../../ui/components.tsx";
import { formatTime } from "../../ui/format.ts";
import { ScrollingTable } from "../../ui/table.tsx";
import type { ReportRow } from "./reports.ts";

function Person({ person }: { person: ReportRow["reporter"] }) {
  return (
    <>
      {person.displayName}
      <br />
      <span class="muted">{`${person.email} · ${person.mixeraId}`}</span>
    </>
  );
}

export function AdminReportsPage({ reports }: { reports: ReportRow[] }) {
  return (
    <div>
      <PageHeader
        title="MIXERA Connect reports"
        intro="DJs reported by other DJs, newest first. Disable an account from the user list if needed."
      />
      {reports.length === 0
        ? <p class="empty-state">No reports.</p>
        : (
          <ScrollingTable columns={["Reported", "Reported by", "Reason", "Note", "When"]}>
            {reports.map((report) => (
              <tr key={report.id} data-testid="connect-report">
                <td>
                  <Person person={report.reported} />
                </td>
                <td>
                  <Person person={report.reporter} />
                </td>
                <td>{report.reason}</td>
                <td>{report.note}</td>
                <td>{formatTime(report.createdAt)}</td>
              </tr>
            ))}
          </ScrollingTable>
        )}
      <p>
        <a href="/admin">Back to the user list</a>
      </p>
    </div>
  );
}
