/**
 * The documentation pages against the code they describe: every table the pages render must list exactly
 * what the code's own tables and schemas hold, so a new command, event, warning or error code cannot be
 * left undocumented.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ARG_COUNTS, parseCommand } from "../../../controller/api/command.ts";
import { CLOUD_TRACK_ERROR_CODES } from "../../../controller/cloud/tracks/errors.ts";
import { OCP_ERRORS, OCP_MESSAGE_TYPES, WARNING_MESSAGES } from "../../../shared/ocp/mod.ts";
import { LINK_TRANSITIONS } from "../../../controller/ocp/state_machine.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { COMMAND_DOCS, documentedArgumentCounts, EVENT_DOCS } from "./engine_api_reference.ts";
import { MIXERA_OS_SECTIONS } from "./mixera_os_page.tsx";
import { OCP_SECTIONS } from "./ocp_page.tsx";
import { statusEndpoints } from "../status/mod.ts";

/** The cells of a rendered table (marked with data-testid), row by row, tags stripped. */
function tableCells(html: string, testId: string): string[][] {
  const table = html.match(new RegExp(`<table data-testid="${testId}">([\\s\\S]*?)</table>`))?.[1];
  assert.ok(table, `table ${testId} is on the page`);
  const body = table.slice(table.indexOf("<tbody>"));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
    [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, cell]) =>
      cell.replace(/<[^>]+>/g, "").replaceAll("&quot;", '"').replaceAll("&amp;", "&").trim()
    )
  );
}

const firstColumn = (html: string, testId: string) => tableCells(html, testId).map((row) => row[0]);

describe("the documentation matches the code", () => {
  let t: TestApp;
  let ocpPage: string;
  let osPage: string;
  before(async () => {
    t = await createTestApp();
    const ocp = await t.browser().get("/docs/ocp");
    const os = await t.browser().get("/docs/mixera-os");
    assert.equal(ocp.status, 200);
    assert.equal(os.status, 200);
    ocpPage = await ocp.text();
    osPage = await os.text();
  });
  after(() => t.close());

  it("documents every engine API command the parser knows, and no other", () => {
    assert.deepEqual(
      Object.keys(COMMAND_DOCS).sort(),
      Object.keys(ARG_COUNTS).sort(),
    );
  });

  it("gives each available command the parameters its parser takes", () => {
    for (const [name, counts] of Object.entries(ARG_COUNTS)) {
      assert.deepEqual(documentedArgumentCounts(COMMAND_DOCS[name].parameters), counts, name);
    }
  });

  it("lists exactly the available commands in Core Commands, each one the parser accepts by name", () => {
    const listed = firstColumn(osPage, "os-commands");
    assert.deepEqual(listed, Object.keys(ARG_COUNTS));
    for (const name of listed) {
      const parsed = parseCommand(name);
      assert.doesNotMatch(parsed.ok ? "" : parsed.message, /unknown command/, name);
    }
  });

  it("marks no command as not available, and names every cloud error code", () => {
    assert.doesNotMatch(osPage, /not available/i);
    const cloudRows = tableCells(osPage, "os-cloud-commands").map((row) => row[0]);
    assert.deepEqual(cloudRows, [
      "load_cloud_track",
      "cloud_list_tracks",
      "cloud_get_metadata",
      "cloud_search_tracks",
    ]);
    for (const code of CLOUD_TRACK_ERROR_CODES) {
      assert.match(osPage, new RegExp(`<code>${code}</code>`), code);
    }
  });

  it("lists every event the API sends", () => {
    assert.deepEqual(firstColumn(osPage, "os-events"), Object.keys(EVENT_DOCS));
  });

  it("lists the OCP warning codes with the messages the handshake sends (W001–W004)", () => {
    const rows = tableCells(ocpPage, "ocp-warning-codes").map((row) => [row[0], row[1]]);
    assert.deepEqual(rows, Object.entries(WARNING_MESSAGES));
    assert.deepEqual(rows.map((row) => row[0]), ["W001", "W002", "W003", "W004"]);
  });

  it("lists every OCP error code with its number", () => {
    const rows = tableCells(ocpPage, "ocp-error-codes").map((row) => [row[1], Number(row[0])]);
    assert.deepEqual(rows, Object.entries(OCP_ERRORS));
  });

  it("lists every OCP message type and every link state transition", () => {
    assert.deepEqual(firstColumn(ocpPage, "ocp-message-types"), [...OCP_MESSAGE_TYPES]);
    const transitions = Object.values(LINK_TRANSITIONS).reduce(
      (n, triggers) => n + Object.keys(triggers).length,
      0,
    );
    assert.equal(tableCells(ocpPage, "ocp-transitions").length, transitions);
  });

  it("has the OCP sections 1–18 and the MIXERA OS sections 1–8 in their tables of contents", () => {
    assert.equal(OCP_SECTIONS.length, 18);
    assert.equal(MIXERA_OS_SECTIONS.length, 8);
    for (const section of OCP_SECTIONS) {
      assert.ok(
        ocpPage.includes(`href="#${section.id}"`) && ocpPage.includes(`id="${section.id}"`),
        section.title,
      );
    }
    for (const section of MIXERA_OS_SECTIONS) {
      assert.ok(osPage.includes(`href="#${section.id}"`), section.title);
    }
  });

  it("lists the device endpoints the portal serves, and shows the live status on the OCP page", () => {
    const registered = statusEndpoints().filter((endpoint) => endpoint.service === "device");
    assert.ok(registered.length > 0);
    assert.deepEqual(
      firstColumn(osPage, "os-device-endpoints"),
      registered.map((endpoint) => `${endpoint.method} ${endpoint.path}`),
    );
    assert.match(ocpPage, /data-testid="docs-status"/);
    assert.match(ocpPage, /Authorize: Checking\.\.\./);
  });
});
