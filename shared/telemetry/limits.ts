/**
 * @module
 * Size limits of a telemetry batch, shared so the controller splits its outbox into batches the
 * portal accepts and the portal refuses anything larger before parsing it.
 */

/** At most this many events in one batch; a minute of sampled fader moves fits comfortably. */
export const MAX_EVENTS_PER_BATCH = 1000;

/** The decompressed JSON of one batch: 1000 events of the longest kind (a track play) fit. */
export const MAX_BATCH_JSON_BYTES = 1024 * 1024;

/** The request body as sent (gzip typically shrinks a batch about 10×). */
export const MAX_BATCH_BODY_BYTES = 256 * 1024;

/** Track titles and artists, as the track's tags give them. */
export const MAX_TRACK_TEXT_LENGTH = 256;

/** Genres, cloud track ids, accessory models and error codes. */
export const MAX_SHORT_TEXT_LENGTH = 64;

/**
 * The portal refuses a batch with an event older than this when it arrives: the controller's outbox
 * drops what it could not send within 7 days, so anything older comes from a wrong clock.
 */
export const MAX_EVENT_AGE_MS = 8 * 24 * 3600 * 1000;

/** …or an event further than this in the portal's future (clock skew between device and portal). */
export const MAX_EVENT_CLOCK_SKEW_MS = 10 * 60 * 1000;
