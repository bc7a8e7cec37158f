/** @module The portal's data table: wide tables scroll inside their own box, so a phone-width page never does. */
import type { Child } from "hono/jsx";

/**
 * A `<table>` inside the box that scrolls sideways when the table is wider than the page: a header
 * row from `columns` (when given) and `children` as the body rows.
 *
 * @example
 * <ScrollingTable columns={["Browser", "Last seen", <span class="muted">Action</span>]}>
 *   {sessions.map((session) => <SessionRow session={session} />)}
 * </ScrollingTable>
 */
export function ScrollingTable(props: { class?: string; columns?: Child[]; children: Child }) {
  return (
    <div class="table-wrap">
      <table class={props.class}>
        {props.columns
          ? (
            <thead>
              <tr>
                {props.columns.map((column) => <th scope="col">{column}</th>)}
              </tr>
            </thead>
          )
          : null}
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
