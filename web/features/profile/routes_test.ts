import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { Image } from "imagescript";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { users } from "../../db/schema/users.ts";
import { readImageHeader } from "./image_header.ts";
import { profilePictures } from "./picture_pool.ts";
import { MAX_PICTURE_BYTES } from "./picture.ts";
import { PICTURE_UPLOADS_PER_USER } from "./routes.tsx";

function upload(browser: TestBrowser, bytes: Uint8Array, name = "me.png", type = "image/png") {
  const form = new FormData();
  form.append("picture", new File([bytes.slice()], name, { type }));
  return browser.request("/profile/picture", {
    method: "POST",
    body: form,
    headers: { "sec-fetch-site": "same-origin" },
  });
}

describe("profile", () => {
  let t: TestApp;
  let ana: TestBrowser;
  let png: Uint8Array;
  let anaCode: string;

  before(async () => {
    t = await createTestApp();
    ana = t.browser();
    anaCode = await ana.signUpUnverified(t, { email: "Ana@Example.com", displayName: "Ana" });
    const image = new Image(80, 60);
    image.fill(0xa259ffff);
    png = await image.encode();
  });
  after(() => t.close());

  async function anaRow() {
    const [row] = await t.deps.db.select().from(users).where(eq(users.email, "ana@example.com"));
    return row;
  }

  it("shows the Mixera ID, the email and its verification state", async () => {
    const res = await ana.get("/profile");
    assert.equal(res.status, 200);
    const html = await res.text();
    const { mixeraId } = await anaRow();
    assert.match(mixeraId, /^MXR-[A-Z0-9]{8}$/);
    assert.ok(html.includes(mixeraId));
    assert.ok(html.includes("ana@example.com"));
    assert.match(html, /Not verified/);
  });

  it("sends signed-out visitors to sign in", async () => {
    const res = await t.browser().get("/profile");
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/signin?next=%2Fprofile");
  });

  it("saves a valid display name and re-renders invalid ones with an inline error", async () => {
    const bad = await ana.post("/profile/name", { displayName: "   " });
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /field-error[^>]*>Enter a display name\./);
    const tooLong = await ana.post("/profile/name", { displayName: "x".repeat(61) });
    assert.equal(tooLong.status, 422);
    assert.equal((await anaRow()).displayName, "Ana");

    const ok = await ana.post("/profile/name", { displayName: "  DJ Ana  " });
    assert.equal(ok.status, 303);
    assert.equal((await anaRow()).displayName, "DJ Ana");
  });

  it("refuses display names with control characters, bidi controls or lone surrogates (422)", async () => {
    for (
      const bad of [
        "Ana\u0000",
        "Ana\u202Egnp.exe",
        "\u2067Ana\u2069",
        "Ana\u200F",
        "Ana\u001B[31m",
        "Ana\uD800",
        "\uDC00Ana",
        "Ana\uFFFD",
        "Ana\u0085",
      ]
    ) {
      const res = await ana.post("/profile/name", { displayName: bad });
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.match(await res.text(), /control characters|invalid character/);
    }
    assert.equal((await anaRow()).displayName, "DJ Ana");
    const signUp = await t.browser("192.0.2.80").post("/signup", {
      email: "bidi@example.com",
      displayName: "Mallory\u202E",
      password: "correct horse battery",
    });
    assert.equal(signUp.status, 422);
    assert.equal(
      (await t.browser("192.0.2.80").post("/profile/name", { displayName: "DJ 🎧 Ana" })).status,
      303,
    );
    assert.equal(
      (await ana.post("/profile/name", { displayName: "DJ 👩‍💻 Ana" })).status,
      303,
      "emoji joiners stay",
    );
    assert.equal((await anaRow()).displayName, "DJ 👩‍💻 Ana");
  });

  it("lets only a verified address upload a picture", async () => {
    const res = await upload(ana, png);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /Verify your email first/);
    assert.equal((await anaRow()).profilePictureKey, null);
    assert.equal((await ana.post("/verify-email", { code: anaCode })).status, 303);
  });

  it("stores an uploaded picture re-encoded and serves it as WebP", async () => {
    const res = await upload(ana, png);
    assert.equal(res.status, 303);
    const row = await anaRow();
    assert.equal(row.profilePictureType, "image/webp");
    assert.match(row.profilePictureKey!, /^profile-pictures\/.+\.webp$/);

    const served = await t.browser().get(`/users/${row.mixeraId}/picture`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "image/webp");
    assert.equal(served.headers.get("x-content-type-options"), "nosniff");
    const bytes = new Uint8Array(await served.arrayBuffer());
    assert.deepEqual(readImageHeader(bytes), { format: "webp", width: 60, height: 60, animated: false });

    const page = await (await ana.get("/profile")).text();
    assert.ok(page.includes(`/users/${row.mixeraId}/picture?v=`));
  });

  it("replaces the old file when a new picture is uploaded", async () => {
    const before = await anaRow();
    assert.equal((await upload(ana, png)).status, 303);
    const after = await anaRow();
    assert.notEqual(after.profilePictureKey, before.profilePictureKey);
    assert.equal(await t.deps.storage.get(before.profilePictureKey!), null);
    assert.ok(await t.deps.storage.get(after.profilePictureKey!));
  });

  it("refuses files that are not really pictures, with an inline error", async () => {
    const before = await anaRow();
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const disguised = await upload(ana, html, "cat.png", "image/png");
    assert.equal(disguised.status, 422);
    assert.match(await disguised.text(), /not a PNG, JPEG or WebP image/);

    const truncated = await upload(ana, png.subarray(0, 60));
    assert.equal(truncated.status, 422);

    const empty = await ana.request("/profile/picture", {
      method: "POST",
      body: new FormData(),
      headers: { "sec-fetch-site": "same-origin" },
    });
    assert.equal(empty.status, 422);
    assert.match(await empty.text(), /Choose an image file/);
    assert.equal((await anaRow()).profilePictureKey, before.profilePictureKey);
  });

  it("answers malformed or non-multipart uploads with 422", async () => {
    const garbage = await ana.request("/profile/picture", {
      method: "POST",
      body: "--x\r\nnot a real part",
      headers: { "sec-fetch-site": "same-origin", "content-type": "multipart/form-data; boundary=zzz" },
    });
    assert.equal(garbage.status, 422);
    const urlencoded = await ana.post("/profile/picture", { picture: "hello" });
    assert.equal(urlencoded.status, 422);
    assert.match(await urlencoded.text(), /Choose an image file/);
  });

  it("refuses uploads over 5 MB with 413 before decoding", async () => {
    const huge = new Uint8Array(5 * 1024 * 1024 + 100 * 1024);
    huge.set(png);
    const res = await upload(ana, huge);
    assert.equal(res.status, 413);
    assert.match(await res.text(), /5 MB or smaller/);
  });

  it("refuses cross-site uploads", async () => {
    const form = new FormData();
    form.append("picture", new File([png.slice()], "me.png"));
    const res = await ana.request("/profile/picture", {
      method: "POST",
      body: form,
      headers: { "sec-fetch-site": "cross-site" },
    });
    assert.equal(res.status, 403);
  });

  it("removes the picture and its file", async () => {
    const before = await anaRow();
    assert.equal((await ana.post("/profile/picture/delete")).status, 303);
    const after = await anaRow();
    assert.equal(after.profilePictureKey, null);
    assert.equal(await t.deps.storage.get(before.profilePictureKey!), null);
    assert.equal((await t.browser().get(`/users/${after.mixeraId}/picture`)).status, 404);
  });

  it("refuses a header claiming more pixels than a profile picture needs, before decoding", async () => {
    const jpeg = await new Image(64, 48).encodeJPEG(80);
    const claimsSixThousandSquare = jpeg.slice();
    const sof = claimsSixThousandSquare.findIndex((byte, i) => byte === 0xff && jpeg[i + 1] === 0xc0);
    new DataView(claimsSixThousandSquare.buffer).setUint16(sof + 5, 6000);
    new DataView(claimsSixThousandSquare.buffer).setUint16(sof + 7, 6000);
    const res = await upload(ana, claimsSixThousandSquare, "bomb.jpg", "image/jpeg");
    assert.equal(res.status, 422);
    assert.match(await res.text(), /6000×6000 pixels; at most 16 megapixels/);
    assert.equal(profilePictures.running, 0, "nothing was handed to a decoder");
  });

  it("decodes a large picture off the main thread: other requests are answered meanwhile", async () => {
    const big = new Image(4000, 3000);
    big.fill((x: number, y: number) => Image.rgbaToColor(x & 255, y & 255, 128, 255));
    const jpeg = await big.encodeJPEG(80);
    assert.ok(jpeg.length < MAX_PICTURE_BYTES, `${jpeg.length} bytes`);
    let uploadAnswered = false;
    const pending = upload(ana, jpeg, "big.jpg", "image/jpeg").then((res) => {
      uploadAnswered = true;
      return res;
    });
    // Pages that read the database, as nearly every request does, asked one after another for as long as
    // the upload runs. Decoding 12 megapixels takes the decoder a good second; on the main thread that
    // second would be one uninterrupted task and hardly any of these could be answered inside it.
    let answeredWhileDecoding = 0;
    while (!uploadAnswered) {
      // Let timers and worker messages run between requests, as real traffic would.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const other = await t.browser().get("/users/MXR-AAAAAAAA/picture");
      assert.equal(other.status, 404);
      if (profilePictures.running > 0 && !uploadAnswered) answeredWhileDecoding++;
    }
    assert.ok(
      answeredWhileDecoding >= 20,
      `only ${answeredWhileDecoding} other requests were answered while the picture was decoding`,
    );
    const res = await pending;
    assert.equal(res.status, 303);
    const served = await t.browser().get(`/users/${(await anaRow()).mixeraId}/picture`);
    assert.deepEqual(readImageHeader(new Uint8Array(await served.arrayBuffer())), {
      format: "webp",
      width: 512,
      height: 512,
      animated: false,
    });
  });

  it("limits picture uploads per account", async () => {
    const notAPicture = new TextEncoder().encode("not a picture");
    let status = 0;
    for (let i = 0; i <= PICTURE_UPLOADS_PER_USER.limit; i++) {
      status = (await upload(ana, notAPicture)).status;
    }
    assert.equal(status, 429);
    assert.ok((await upload(ana, png)).headers.get("retry-after"));
  });

  it("answers 404 for unknown or malformed Mixera IDs", async () => {
    assert.equal((await t.browser().get("/users/MXR-ZZZZZZZZ/picture")).status, 404);
    assert.equal((await t.browser().get("/users/..%2F..%2Fetc/picture")).status, 404);
  });
});
