import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";

const workedExample = {
  tariff: "U-V",
  year: "2020",
  area: "500",
  admission: "10",
  duration: "8",
  registration: "on_time",
  vat: "reduced",
};

describe("GEMA License Calculator routes", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("shows the empty calculator with the seed's texts", async () => {
    const response = await t.browser().get("/gema-calculator");
    assert.equal(response.status, 200);
    const html = await response.text();
    for (
      const text of [
        "Estimate Only - Not Official",
        "Enter 0 for free events",
        "Tariff: - <strong>€0.00</strong>",
        "GEMA Expert",
        "Common Tariffs",
      ]
    ) assert.ok(html.includes(text), text);
  });

  it("computes the worked example with the discount and 7 % VAT from a plain form post", async () => {
    const response = await t.browser().post("/gema-calculator", { ...workedExample, framework: "on" });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /data-testid="gema-net">€327\.60</);
    assert.match(html, /data-testid="gema-gross">€350\.53</);
    assert.ok(html.includes("€409.50"), "the tariff fee line before the discount");
    assert.ok(html.includes("U-V applies"));
  });

  it("answers 422 with an inline error next to each bad field", async () => {
    const response = await t.browser().post("/gema-calculator", {
      ...workedExample,
      area: "lots",
      admission: "-3",
      vat: "12",
    });
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /id="field-area-error">The area in m² must be a number/);
    assert.match(html, /id="field-admission-error">The admission price must be a number/);
    assert.match(html, /id="field-vat-error">Choose 7 % or 19 % VAT/);
    assert.ok(!html.includes('data-testid="gema-net"'), "no estimate for bad input");
  });

  it("refuses arrangement prices above the limit and rate years without data", async () => {
    const arrangement = await t.browser().post("/gema-calculator", {
      ...workedExample,
      admission: "80",
      arrangement: "on",
    });
    assert.equal(arrangement.status, 422);
    assert.match(await arrangement.text(), /Arrangement prices above €64/);
    const year = await t.browser().post("/gema-calculator", { ...workedExample, year: "2012" });
    assert.equal(year.status, 422);
    assert.match(await year.text(), /No U-V rates for 2012/);
  });

  it("refuses a form larger than the form limit with 413 and computes nothing", async () => {
    const response = await t.browser().post("/gema-calculator", {
      ...workedExample,
      djCopies: "1".repeat(70_000),
    });
    assert.equal(response.status, 413);
    const html = await response.text();
    assert.match(html, /The form is too large/);
    assert.ok(!html.includes('data-testid="gema-net"'));
  });

  it("refuses a cross-site post (CSRF)", async () => {
    const response = await t.browser().post("/gema-calculator", workedExample, {
      "sec-fetch-site": "cross-site",
    });
    assert.equal(response.status, 403);
  });

  it("lets MIXEY answer a greeting topic and a question, with sources and the GEMA contact", async () => {
    const topic = await t.browser().get("/gema-calculator/expert?topic=how_to_register");
    assert.equal(topic.status, 200);
    assert.match(await topic.text(), /at least 3 days before/);
    const question = await t.browser().get(
      `/gema-calculator/expert?q=${encodeURIComponent("what about the GVL?")}`,
    );
    const html = await question.text();
    assert.match(html, /GVL represents performers/);
    assert.match(html, /Contact GEMA/);
  });

  it("answers 422 for an empty, too long or unknown question", async () => {
    assert.equal((await t.browser().get("/gema-calculator/expert?q=")).status, 422);
    assert.equal((await t.browser().get(`/gema-calculator/expert?q=${"a".repeat(301)}`)).status, 422);
    const unknown = await t.browser().get("/gema-calculator/expert?topic=nope");
    assert.equal(unknown.status, 422);
    assert.match(await unknown.text(), /There is no such topic/);
  });
});
