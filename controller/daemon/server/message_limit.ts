/**
 * @module
 * The protocol's maximum message size, the same on every port: a text message, a UBJS frame's
 * payload, or a WebSocket message.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
