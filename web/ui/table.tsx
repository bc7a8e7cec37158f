/** @module The portal's data table: wide tables scroll inside their own box, so a phone-width page never does. */
import type { Child } from "hono/jsx";

/**
 * A `<table>` inside the box that scrolls sideways when the table is wider than the page: a header
 * row from `columns` (when given), with a last, quietly labelled "Action" column when rows end in a
 * button (`actions`), and `children` as the body rows.
 *
 * @example
 * <ScrollingTable columns={["Browser", "Last seen"]} actions>
 *   {sessions.map((session) => <SessionRow session={session} />)}
 * </ScrollingTable>
 */
export function ScrollingTable(
  props: { class?: string; columns?: string[]; actions?: boolean; children: Child },
) {
  return (
    <div class="table-wrap">
      <table class={props.class}>
        {props.columns
          ? (
            <thead>
              <tr>
                {props.columns.map((column) => <th scope="col" key={column}>{column}</th>)}
                {props.actions
                  ? (
                    <th scope="col">
                      <span class="muted">Action</span>
                    </th>
                  )
                  : null}
              </tr>
            </thead>
          )
          : null}
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
