/**
 * @module
 * The cloud track commands (`cloud_list_tracks`, `cloud_search_tracks`, `cloud_get_metadata`,
 * `load_cloud_track`): calls into the cloud track library and their answers, all to the sender. The work
 * is asynchronous (a portal request, a download); a failure becomes an `error` event with a `code`
 * (not_linked, locked, cloud_access_off, unknown_track, network_down, checksum_mismatch, cache_full,
 * portal_error). The track's own `track_loaded` and `waveform_*` events reach every client, as for
 * `load_track`.
 */
import { CloudTrackError } from "../cloud/tracks/errors.ts";
import type { CloudTracks } from "../cloud/tracks/types.ts";
import { EngineError } from "../engine/types.ts";
import type { Logger } from "../log/logger.ts";
import type { Command } from "./command.ts";
import type { ApiEvent } from "./events.ts";

export type CloudCommand = Extract<
  Command,
  { cmd: "cloud_list_tracks" | "cloud_get_metadata" | "cloud_search_tracks" | "load_cloud_track" }
>;

const NO_CLOUD = new CloudTrackError("not_linked", "this controller runs without the cloud track library");

export function runCloudCommand(
  command: CloudCommand,
  cloud: CloudTracks | undefined,
  reply: (event: ApiEvent) => void,
  logger: Logger,
): void {
  const fail = (error: unknown) => {
    const deck = command.cmd === "load_cloud_track" ? { deck_id: command.deck } : {};
    if (error instanceof CloudTrackError) {
      return reply({
        event: "error",
        data: { message: error.message, cmd: command.cmd, code: error.code, ...deck },
      });
    }
    if (!(error instanceof EngineError)) {
      logger.error("api", `${command.cmd} failed`, { error: String(error) });
    }
    const message = error instanceof EngineError ? error.message : `${command.cmd} failed`;
    reply({ event: "error", data: { message, cmd: command.cmd, ...deck } });
  };
  if (!cloud) return fail(NO_CLOUD);
  switch (command.cmd) {
    case "cloud_list_tracks":
      cloud.list(command.limit, command.offset).then(
        (list) => reply({ event: "cloud_tracks_list", data: list }),
        fail,
      );
      return;
    case "cloud_search_tracks":
      cloud.search(command.search).then((list) => reply({ event: "cloud_tracks_list", data: list }), fail);
      return;
    case "cloud_get_metadata":
      cloud.metadata(command.trackId).then(
        (metadata) => reply({ event: "cloud_track_metadata", data: metadata }),
        fail,
      );
      return;
    case "load_cloud_track": {
      const { deck, trackId } = command;
      cloud.load(
        deck,
        trackId,
        (status) => reply({ event: "cloud_track_loading", data: { trackId, deck, ...status } }),
      )
        .then((loaded) => reply({ event: "cloud_track_loaded", data: loaded }), fail);
      return;
    }
  }
}
