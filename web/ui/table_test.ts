import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ScrollingTable } from "./table.tsx";

describe("ScrollingTable", () => {
  it("puts the table in the sideways-scrolling box, with column headers and the rows as its body", async () => {
    const html = String(
      await ScrollingTable({ class: "admin-users", columns: ["Name"], actions: true, children: "<tr></tr>" }),
    );
    assert.equal(
      html,
      '<div class="table-wrap"><table class="admin-users"><thead><tr><th scope="col" key="Name">Name</th>' +
        '<th scope="col"><span class="muted">Action</span></th></tr></thead><tbody>&lt;tr&gt;&lt;/tr&gt;</tbody></table></div>',
    );
  });

  it("leaves the header row out when there are no columns", async () => {
    const html = String(await ScrollingTable({ children: "" }));
    assert.match(html, /^<div class="table-wrap"><table\s*><tbody><\/tbody><\/table><\/div>$/);
  });
});
