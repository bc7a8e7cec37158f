/**
 * @module
 * The controller's answer to an accessory's HELLO, following the warning and fallback policy:
 * missing serial → W001 (proceed, `serial_missing`); unknown or mismatched model → W002 (PARTIAL,
 * features disabled); protocol major mismatch → W003 (critical features refused); no secure element
 * and not on the local trust list → W004 (`untrusted_accessory`, critical features refused, amber
 * warning). A well-formed HELLO is always accepted: limited operation beats no operation.
 */
import {
  type Compatibility,
  type HelloAckPayload,
  type HelloPayload,
  OCP_PROTOCOL_VERSION,
  type OcpEndpoint,
  type OcpWarning,
  WARNING_MESSAGES,
  type WarningCode,
} from "../../shared/ocp/mod.ts";
import { type CompatibilityMatrix, findFirmwareRange } from "./compatibility.ts";

export const SECURE_ELEMENT_FEATURE = "secure_element";
export const AMBER_WARNING = "Accessory unverified — some features may be limited. Continue?";

export interface AccessoryAssessment {
  serial: string | null;
  model: string | null;
  firmware: string;
  protocolVersion: string;
  compatibility: Compatibility;
  warnings: OcpWarning[];
  /** Features this link may use: offered by the accessory, supported by its model, allowed by policy. */
  enabledFeatures: string[];
  /** Telemetry tags from the policy: `serial_missing`, `untrusted_accessory`, `unverified`. */
  tags: string[];
  /** The amber prompt to show the user, when the accessory is unverified. */
  amberWarning: string | null;
}

export interface AssessmentContext {
  matrix: CompatibilityMatrix;
  isTrusted: (serial: string) => boolean;
  localProtocolVersion?: string;
}

function warning(code: WarningCode, detail?: string): OcpWarning {
  return { code, message: detail ? `${WARNING_MESSAGES[code]}: ${detail}` : WARNING_MESSAGES[code] };
}

export function assessAccessoryHello(
  hello: HelloPayload,
  from: OcpEndpoint | undefined,
  context: AssessmentContext,
): AccessoryAssessment {
  const { matrix } = context;
  const serial = hello.serial_number ?? from?.serial ?? null;
  const model = hello.model_number ?? null;
  const offered = hello.feature_flags;
  const warnings: OcpWarning[] = [];
  const tags: string[] = [];
  let compatibility: Compatibility = "FULL";
  let enabled: string[];

  if (!serial) {
    warnings.push(warning("W001"));
    tags.push("serial_missing");
  }

  const entry = model ? matrix.models[model] : undefined;
  if (!model) {
    warnings.push(warning("W002", "model number missing"));
    compatibility = "UNKNOWN";
    tags.push("unverified");
    enabled = [...offered];
  } else if (!entry) {
    warnings.push(warning("W002", `unknown model ${model}`));
    compatibility = "PARTIAL";
    enabled = [...offered];
  } else {
    const range = findFirmwareRange(matrix, model, hello.firmware_version);
    const supported = offered.filter((f) => entry.features.includes(f));
    if (!range) {
      warnings.push(warning("W002", `firmware ${hello.firmware_version} unsupported for ${model}`));
      compatibility = "PARTIAL";
      enabled = supported;
    } else {
      if (range.level === "PARTIAL") {
        warnings.push(warning("W002", `firmware ${hello.firmware_version} has limited support`));
        compatibility = "PARTIAL";
      }
      enabled = supported.filter((f) => !range.disabled.includes(f));
    }
  }

  const localMajor = (context.localProtocolVersion ?? OCP_PROTOCOL_VERSION).split(".")[0];
  const peerMajor = hello.protocol_version.split(".")[0];
  const refuseCritical = () => {
    enabled = enabled.filter((f) => !matrix.critical_features.includes(f));
  };
  if (peerMajor !== localMajor) {
    warnings.push(warning("W003", `peer ${hello.protocol_version}, controller ${localMajor}.x`));
    if (compatibility === "FULL") compatibility = "PARTIAL";
    refuseCritical();
  }
  // Motor control and other critical features need a known model at FULL compatibility.
  if (compatibility !== "FULL") refuseCritical();

  const certified = offered.includes(SECURE_ELEMENT_FEATURE);
  const trusted = certified || (serial !== null && context.isTrusted(serial));
  if (!trusted) {
    warnings.push(warning("W004"));
    tags.push("untrusted_accessory");
    refuseCritical();
  }

  return {
    serial,
    model,
    firmware: hello.firmware_version,
    protocolVersion: hello.protocol_version,
    compatibility,
    warnings,
    enabledFeatures: enabled.filter((f) => f !== SECURE_ELEMENT_FEATURE),
    tags,
    amberWarning: trusted && compatibility !== "UNKNOWN" ? null : AMBER_WARNING,
  };
}

export function helloAckFor(assessment: AccessoryAssessment, now = new Date()): HelloAckPayload {
  return {
    accepted: true,
    compatibility: assessment.compatibility,
    warnings: assessment.warnings,
    server_time: now.toISOString(),
    enabled_features: assessment.enabledFeatures,
  };
}
