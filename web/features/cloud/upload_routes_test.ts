import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { filenameFromMetadata } from "./upload_routes.ts";
import { cleanFilename } from "./uploads.ts";

describe("tus Upload-Metadata", () => {
  it("reads the base64 filename among other pairs", () => {
    assert.equal(
      filenameFromMetadata(`filetype YXVkaW8vd2F2,filename ${btoa("Deep One.wav")}`),
      "Deep One.wav",
    );
    const utf8 = btoa(String.fromCharCode(...new TextEncoder().encode("Café del Mar.mp3")));
    assert.equal(filenameFromMetadata(`filename ${utf8}`), "Café del Mar.mp3");
  });

  it("gives null for missing, malformed, non-UTF-8 or oversized metadata", () => {
    for (
      const header of [
        undefined,
        "",
        "filename",
        "filename !!!",
        "filename /w==",
        `filename ${"QUFB".repeat(2000)}`,
      ]
    ) {
      assert.equal(filenameFromMetadata(header), null, String(header).slice(0, 20));
    }
  });

  it("cleans file names of paths and control characters", () => {
    assert.equal(cleanFilename("../../etc/passwd"), "passwd");
    assert.equal(cleanFilename("C:\\Music\\Track\u0000.mp3"), "Track.mp3");
    assert.equal(cleanFilename("   "), "untitled");
    assert.equal(cleanFilename("x".repeat(400)).length, 255);
  });
});
