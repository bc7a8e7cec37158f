// Cloud tracks end to end across both programs: the real portal and the compiled `mixera-controller`,
// linked through the device grant. A DJ uploads a track, the portal analyses it; over a raw TCP:5555
// socket `cloud_search_tracks` finds it and `load_cloud_track` downloads it, the deck plays and its
// position advances. Restarted with the portal out of reach, the controller loads it again from its cache.
import { expect, test } from "@playwright/test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeAudioFiles } from "../features/cloud/testing/audio_files.ts";
import {
  buildController,
  controllerCommand,
  type ControllerProcess,
  engineApiPort,
  type EngineClient,
  engineClient,
  EPHEMERAL_RUN_ENV,
  previewMember,
  registerAndLink,
} from "./controller_binary.ts";

let dir = "";
let binary = "";
const running: ControllerProcess[] = [];

test.beforeAll(() => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), "mixera-cloud-tracks-e2e-"));
  binary = join(dir, "mixera-controller");
  buildController(binary);
});

test.afterAll(() => {
  for (const controller of running) controller.child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

async function startController(env: Record<string, string> = {}): Promise<{
  controller: ControllerProcess;
  client: EngineClient;
}> {
  const controller = controllerCommand(binary, dir, ["run"], {
    ...EPHEMERAL_RUN_ENV,
    MIXERA_CLOUD_CACHE_DIR: join(dir, "cloud-cache"),
    ...env,
  });
  running.push(controller);
  const client = await engineClient(await engineApiPort(controller));
  return { controller, client };
}

/** Loads `trackId` onto `deck`, plays it and waits until its position has moved past half a second. */
async function loadAndPlay(client: EngineClient, deck: number, trackId: string) {
  const from = client.events.length;
  client.send(`load_cloud_track ${deck} ${trackId}`);
  const loaded = await client.waitFor("cloud_track_loaded", (data) => data.deck === deck, from);
  await client.waitFor("track_loaded", (data) => data.deck_id === deck, from);
  client.send(`play ${deck}`);
  await expect.poll(() => client.decks()[deck]?.position_sec ?? 0, { timeout: 15_000 }).toBeGreaterThan(0.5);
  return { loaded: loaded.data, events: client.events.slice(from) };
}

test("upload → analysed → search over TCP:5555 → download, play → offline restart loads from cache", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const run = Date.now();
  const serial = `MXR-20250123-${String(run % 1_000_000).padStart(6, "0")}`;
  const dj = await previewMember(browser, {
    email: `cloud-tracks-${run}@e2e.example`,
    name: "DJ Cloud Tracks",
    adminEmail: "cloud-tracks-admin@e2e.example",
  });
  await registerAndLink(dj, { binary, dir, serial, portal: baseURL! });
  await dj.goto("/profile");
  await dj.getByRole("button", { name: "Turn on cloud access" }).click();
  await expect(dj.getByTestId("cloud-access-state")).toHaveText("On");

  // The DJ uploads a track; the portal analyses it.
  await dj.goto("/cloud");
  await dj.locator("[data-upload-input]").setInputFiles([
    { name: "Groove Cloud Test.mp3", mimeType: "audio/mpeg", buffer: Buffer.from(makeAudioFiles(8, 5).mp3) },
  ]);
  await expect(dj.getByTestId("track-table").getByText("ready")).toBeVisible({ timeout: 60_000 });

  // The controller finds it over a raw TCP socket and loads it: download, then play.
  const first = await startController({ MIXERA_CLOUD_POLL_MS: "60000" });
  first.client.send('cloud_search_tracks "groove cloud" * - - 10');
  const found = await first.client.waitFor("cloud_tracks_list");
  const tracks = found.data.tracks as { id: string; title: string; bpm: number | null; format: string }[];
  expect(tracks.map((track) => track.title)).toEqual(["Groove Cloud Test"]);
  expect(tracks[0].format).toBe("mp3");
  expect(tracks[0].bpm).not.toBeNull();
  const trackId = tracks[0].id;
  first.client.send(`cloud_get_metadata ${trackId}`);
  expect((await first.client.waitFor("cloud_track_metadata")).data).toMatchObject({ id: trackId });

  const downloaded = await loadAndPlay(first.client, 0, trackId);
  expect(downloaded.loaded).toMatchObject({
    trackId,
    deck: 0,
    filename: "Groove Cloud Test.mp3",
    cached: false,
  });
  const statuses = downloaded.events.filter((e) => e.event === "cloud_track_loading").map((e) =>
    e.data.status
  );
  expect(statuses[0]).toBe("downloading");
  expect(statuses.at(-1)).toBe("loading");
  expect(readdirSync(join(dir, "cloud-cache"))).toEqual([`${trackId}.mp3`]);

  // Linked Devices on the Cloud page shows what the controller fetched.
  await dj.goto("/cloud/sync");
  await expect(dj.getByTestId("device-sync")).toContainText("1 track");

  first.client.socket.destroy();
  first.controller.child.kill("SIGTERM");
  expect(await first.controller.exited).toBe(0);

  // Restarted with every HTTP request sent to a dead proxy: the portal is out of reach.
  const offline = await startController({
    HTTP_PROXY: "http://127.0.0.1:9",
    http_proxy: "http://127.0.0.1:9",
  });
  const cached = await loadAndPlay(offline.client, 1, trackId);
  expect(cached.loaded).toMatchObject({ trackId, deck: 1, cached: true });
  expect(cached.events.filter((e) => e.event === "cloud_track_loading").map((e) => e.data.status)).toEqual([
    "loading",
  ]);
  offline.client.send('cloud_search_tracks "groove cloud" * - - 10');
  expect((await offline.client.waitFor("cloud_tracks_list")).data).toMatchObject({ count: 1 });
  offline.client.send("cloud_list_tracks 5 0");
  const refused = await offline.client.waitFor("error", (data) => data.cmd === "cloud_list_tracks");
  expect(refused.data.code).toBe("network_down");
  offline.client.socket.destroy();
});
