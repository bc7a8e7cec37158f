/** @module Sync Settings (all tracks or chosen playlists) and Linked Devices. */
import { Notice, PageHeader } from "../../ui/components.tsx";
import type { CloudSyncMode } from "../../db/schema/cloud_library.ts";
import type { LibraryAssets } from "./assets.ts";
import type { LinkedDevice } from "./linked_devices.ts";
import { LibraryNav } from "./playlist_pages.tsx";
import type { PlaylistSummary } from "./playlists.ts";

export function SyncPage(
  { mode, playlists, devices, syncedTracks, assets, saved }: {
    mode: CloudSyncMode;
    playlists: PlaylistSummary[];
    devices: LinkedDevice[];
    syncedTracks: number;
    assets: LibraryAssets;
    saved: boolean;
  },
) {
  return (
    <>
      <link rel="stylesheet" href={assets.css} />
      <PageHeader
        title="Sync Settings"
        intro="Choose what your MIXERA devices get from your cloud library."
      />
      <LibraryNav />
      {saved ? <Notice kind="success">Sync settings saved.</Notice> : null}
      <section class="panel" aria-labelledby="sync-heading">
        <h2 id="sync-heading">Sync Settings</h2>
        <form method="post" action="/cloud/sync">
          <fieldset>
            <legend>Sync to devices</legend>
            <label>
              <input type="radio" name="mode" value="all" checked={mode === "all"} /> All tracks
            </label>
            <label>
              <input type="radio" name="mode" value="playlists" checked={mode === "playlists"} />{" "}
              Chosen playlists only
            </label>
          </fieldset>
          <fieldset>
            <legend>Playlists to sync</legend>
            {playlists.length === 0 ? <p class="muted">No playlists yet.</p> : null}
            {playlists.map((playlist) => (
              <label key={playlist.id}>
                <input type="checkbox" name="playlist" value={playlist.id} checked={playlist.syncToDevices} />
                {" "}
                {playlist.name} <span class="muted">({playlist.trackCount})</span>
              </label>
            ))}
          </fieldset>
          <button type="submit" class="button">Save</button>
        </form>
        <p class="muted" data-testid="synced-count">
          {syncedTracks} {syncedTracks === 1 ? "track syncs" : "tracks sync"} to your devices.
        </p>
      </section>
      <section class="panel" aria-labelledby="devices-heading">
        <h2 id="devices-heading">Linked Devices</h2>
        {devices.length === 0
          ? <p class="muted" data-testid="no-devices">No devices connected</p>
          : (
            <ul class="mark-list">
              {devices.map((device) => (
                <li key={device.id}>
                  <strong>{device.name}</strong>
                  <span class="muted">{device.serialNumber}</span>
                  <span data-testid="device-sync">
                    {device.lastSyncAt
                      ? `last sync ${device.lastSyncAt.toISOString().slice(0, 16).replace("T", " ")} UTC · ${
                        device.tracksHeld === 1 ? "1 track" : `${device.tracksHeld} tracks`
                      }`
                      : "never synced"}
                  </span>
                </li>
              ))}
            </ul>
          )}
      </section>
    </>
  );
}
