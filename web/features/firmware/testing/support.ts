/**
 * @module
 * Test support for firmware releases: the publish form as a browser sends it (multipart, the build
 * last), a fake controller build, and a linked controller that has shaken hands with a given model.
 */
import type { TestApp, TestBrowser } from "../../../testing/test_app.ts";
import { freshSerial, previewMember } from "../../devices/testing/support.ts";
import { SimulatedController } from "../../device_api/testing/support.ts";

/** Bytes that stand in for a controller build: a repeating pattern, so a wrong range shows. */
export function fakeBuild(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed + (i >> 10)) & 0xff;
  return bytes;
}

export interface ReleaseFields {
  version: string;
  channel?: string;
  models?: string[];
  minFirmwareVersion?: string;
  rolloutPercent?: string;
  releaseNotes?: string;
}

/** Posts the publish form with `build` as its file, fields first as the page's form orders them. */
export function publishRelease(
  browser: TestBrowser,
  fields: ReleaseFields,
  build: Uint8Array<ArrayBuffer> = fakeBuild(4096),
): Promise<Response> {
  const form = new FormData();
  form.append("version", fields.version);
  form.append("channel", fields.channel ?? "stable");
  for (const model of fields.models ?? ["MXR-CTRL-ONE"]) form.append("models", model);
  form.append("minFirmwareVersion", fields.minFirmwareVersion ?? "1.0.0");
  form.append("rolloutPercent", fields.rolloutPercent ?? "100");
  form.append("releaseNotes", fields.releaseNotes ?? "");
  form.append("artifact", new File([build], "mixera-controller"));
  return browser.request("/admin/firmware", {
    method: "POST",
    body: form,
    headers: { "sec-fetch-site": "same-origin" },
  });
}

/** A controller linked to a Preview member's account that announced `firmware` in its HELLO. */
export async function linkedController(
  t: TestApp,
  options: { firmware?: string; model?: string } = {},
) {
  const owner = await previewMember(t);
  const controller = await SimulatedController.create(t, freshSerial(), options.model);
  const linked = await controller.link(await controller.authorize(owner.browser));
  if (linked.status !== 200) throw new Error(`link answered ${linked.status}`);
  const hello = await controller.hello(
    undefined,
    controller.helloBody({ firmware_version: options.firmware ?? "1.3.0" }),
  );
  if (hello.status !== 200) throw new Error(`HELLO answered ${hello.status}`);
  return { owner, controller };
}
