/** @module The portal's data table: wide tables scroll inside their own box, so a phone-width page never does. */
import type { Child } from "hono/jsx";

/**
 * A `<table>` inside the box that scrolls sideways when the table is wider than the page.
 *
 * @example
 * <ScrollingTable class="admin-users"><tbody>…</tbody></ScrollingTable>
 */
export function ScrollingTable(props: { class?: string; children: Child }) {
  return (
    <div class="table-wrap">
      <table class={props.class}>{props.children}</table>
    </div>
  );
}
