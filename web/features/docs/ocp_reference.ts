/**
 * @module
 * The OCP reference tables, built from the protocol's own schemas and tables (shared/ocp/ and the
 * controller's link state machine and handshake policy). Descriptions are keyed by the code's own names and
 * `satisfies` makes the type check fail when a message type, compatibility level, warning or error code is
 * added without one.
 */
import {
  CmdPayloadSchema,
  type Compatibility,
  CompatibilitySchema,
  CRITICAL_COMMAND_FEATURES,
  EventPayloadSchema,
  OCP_ERRORS,
  OCP_MESSAGE_TYPES,
  OCP_PROTOCOL_VERSION,
  type OcpErrorName,
  type OcpMessageType,
  ReqPayloadSchema,
  WARNING_MESSAGES,
  type WarningCode,
} from "../../../shared/ocp/mod.ts";
import {
  DEFAULT_LINK_TIMEOUTS,
  LINK_STATES,
  LINK_TRANSITIONS,
} from "../../../controller/ocp/state_machine.ts";
import { AMBER_WARNING } from "../../../controller/ocp/handshake_policy.ts";
import { DEFAULT_COMPATIBILITY_MATRIX } from "../../../controller/ocp/compatibility.ts";
import { DEFAULT_MAX_FRAME_SIZE } from "../../../shared/framing/mod.ts";
import { MSGPACK_FEATURE } from "../../../shared/codecs/mod.ts";

export { DEFAULT_MAX_FRAME_SIZE, MSGPACK_FEATURE };

export { AMBER_WARNING, DEFAULT_LINK_TIMEOUTS, OCP_PROTOCOL_VERSION };

const MESSAGE_TYPE_DOCS = {
  HELLO: "Handshake: identity (serial, model, firmware, protocol version, feature flags)",
  HELLO_ACK: "Handshake answer: accepted, compatibility, warnings",
  EVENT: "State changes (e.g., FADER_MOVE)",
  CMD: "Control commands (e.g., SET_FADER_POS)",
  REQ: "Synchronous queries (e.g., GET_FIRMWARE)",
  RESP: "Answers to CMD (ACK/NAK) and REQ (OK/ERROR), and error envelopes",
  HEARTBEAT: "Liveness, every 10 s by default",
  TELEMETRY: "Regular stats to cloud",
  OTA: "Update commands (signed metadata + URL)",
  LOG: "Log messages (on demand)",
} satisfies Record<OcpMessageType, string>;

export function messageTypeRows(): { type: string; description: string }[] {
  return OCP_MESSAGE_TYPES.map((type) => ({ type, description: MESSAGE_TYPE_DOCS[type] }));
}

const COMPATIBILITY_DOCS = {
  FULL: "All features available, proceed normally",
  PARTIAL: "Some features disabled; continue with warning",
  UNKNOWN: 'Proceed but mark telemetry as "unverified"',
} satisfies Record<Compatibility, string>;

export function compatibilityRows(): { level: string; description: string }[] {
  return CompatibilitySchema.options.map((level) => ({ level, description: COMPATIBILITY_DOCS[level] }));
}

const WARNING_DOCS = {
  W001: "The peer sent no serial number: full operation, telemetry tagged serial_missing",
  W002: "Unknown model or firmware outside the compatibility matrix: PARTIAL, features disabled",
  W003: "Protocol major version differs: critical (hardware-moving) features refused",
  W004: "No secure element and not on the local trust list: untrusted_accessory, critical features refused",
} satisfies Record<WarningCode, string>;

export function warningRows(): { code: WarningCode; message: string; description: string }[] {
  return (Object.keys(WARNING_MESSAGES) as WarningCode[]).map((code) => ({
    code,
    message: WARNING_MESSAGES[code],
    description: WARNING_DOCS[code],
  }));
}

const ERROR_DOCS = {
  MALFORMED_FRAME: "A frame is not valid JSON or its length prefix is wrong",
  MISSING_SERIAL: "Reserved: this implementation proceeds without a serial and warns with W001 instead",
  INVALID_HELLO: "HELLO payload does not match the schema",
  INVALID_MESSAGE: "Envelope or payload does not match the schema of its type",
  UNKNOWN_MESSAGE_TYPE: "The type is not an OCP message type",
  FRAME_TOO_LARGE: "A frame exceeds the size limit",
  HANDSHAKE_REQUIRED: "The link has no completed handshake (not connected)",
  FEATURE_NOT_ALLOWED: "The command needs a feature this link's compatibility does not allow",
  UNKNOWN_COMMAND: "CMD or REQ names a command the receiver does not implement",
  TOO_MANY_ERRORS: "Too many invalid messages; the connection is closed (fatal)",
  TIMEOUT: "No ACK after the retries, or no RESP within the request timeout",
} satisfies Record<OcpErrorName, string>;

export function errorRows(): { code: number; name: string; description: string }[] {
  return (Object.keys(OCP_ERRORS) as OcpErrorName[]).map((name) => ({
    code: OCP_ERRORS[name],
    name,
    description: ERROR_DOCS[name],
  }));
}

/** The payload fields of each variant of a discriminated union, e.g. `FADER_MOVE: chan, pos`. */
function variantFields(
  options: readonly { shape: Record<string, unknown> }[],
  discriminator: string,
): { name: string; fields: string[] }[] {
  return options.map((option) => {
    const literal = option.shape[discriminator] as { value: string };
    return { name: literal.value, fields: Object.keys(option.shape).filter((key) => key !== discriminator) };
  });
}

export function accessoryEventRows(): { name: string; fields: string[] }[] {
  return variantFields(EventPayloadSchema.options, "event");
}

export function accessoryCommandRows(): { name: string; fields: string[]; feature: string }[] {
  return variantFields(CmdPayloadSchema.options, "cmd").map((row) => ({
    ...row,
    feature: CRITICAL_COMMAND_FEATURES[row.name as keyof typeof CRITICAL_COMMAND_FEATURES],
  }));
}

export function requestNames(): string[] {
  return [...ReqPayloadSchema.shape.req.options];
}

export function linkTransitionRows(): { from: string; trigger: string; to: string }[] {
  return LINK_STATES.flatMap((from) =>
    Object.entries(LINK_TRANSITIONS[from]).map(([trigger, to]) => ({ from, trigger, to: to as string }))
  );
}

export { LINK_STATES };

/** The controller's compatibility matrix, one row per model and firmware range. */
export function compatibilityMatrixRows(): {
  model: string;
  firmware: string;
  level: string;
  disabled: string;
}[] {
  return Object.entries(DEFAULT_COMPATIBILITY_MATRIX.models).flatMap(([model, entry]) =>
    entry.firmware.map((range) => ({
      model,
      firmware: `${range.min} – below ${range.below}`,
      level: range.level,
      disabled: range.disabled?.join(", ") || "—",
    }))
  );
}
