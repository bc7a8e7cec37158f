/**
 * @module
 * The Open Communication Protocol documentation (sections 1–18 with a table of contents), written for this
 * implementation: every table of codes, types, events, commands, states and models is drawn from the code.
 */
import { PageHeader } from "../../ui/components.tsx";
import { Code, CodeList, DocSection, numbered, Table, TableOfContents } from "./components.tsx";
import * as ocp from "./ocp_reference.ts";
import { docsStyles } from "./styles.ts";
import { StatusSummary, type StatusSummaryProps } from "./status_summary.tsx";

export const OCP_SECTIONS = numbered([
  { id: "goals", title: "Goals & Overview" },
  { id: "actors", title: "Actors & Transport Layers" },
  { id: "handshake", title: "Identification & Handshake" },
  { id: "messages", title: "Message Types & Format" },
  { id: "compatibility", title: "Compatibility Check (Model Number)" },
  { id: "warnings", title: "Warnings & Fallback Policy" },
  { id: "cloud-security", title: "Cloud Security & Privacy (Mandatory)" },
  { id: "telemetry", title: "Telemetry / Stats Schema" },
  { id: "keys", title: "Auth & Key Management" },
  { id: "ota", title: "OTA & Firmware Updates" },
  { id: "errors", title: "Error Codes, Retries & QoS" },
  { id: "state-machine", title: "State Machine" },
  { id: "fader-example", title: "Example: Local Fader Move" },
  { id: "versioning", title: "Backward / Forward Compatibility & Versioning" },
  { id: "warning-ux", title: "UI/UX Recommendations for Warnings" },
  { id: "testing", title: "Testing & Compliance Checklist" },
  { id: "roadmap", title: "Implementation Roadmap" },
  { id: "handshake-example", title: "Complete Handshake Example" },
]);

const s = Object.fromEntries(OCP_SECTIONS.map((section) => [section.id, section]));

const HELLO = `{
  "type": "HELLO",
  "payload": {
    "serial_number": "MXR-20250701-000123",
    "model_number": "MXR-DJCTRL-v2",
    "firmware_version": "1.3.0",
    "protocol_version": "${ocp.OCP_PROTOCOL_VERSION}"
  }
}`;

const HELLO_ACK = `{
  "type": "HELLO_ACK",
  "payload": {
    "accepted": true,
    "compatibility": "FULL", // FULL | PARTIAL | UNKNOWN
    "warnings": [],
    "server_time": "2025-12-08T15:42:00Z"
  }
}`;

const BASE_FORMAT = `{
  "id": "uuid-v4",
  "type": ${ocp.messageTypeRows().map((row) => `"${row.type}"`).join(" | ")},
  "ts": "2025-12-08T15:42:01Z",
  "from": {"role":"controller","serial":"..."},
  "to": {"role":"cloud"|"pc"|"accessory","serial":"..."},
  "payload": { ... }
}`;

const TELEMETRY = `{
  "type": "TELEMETRY",
  "payload": {
    "device": {
      "serial": "MXR-...",
      "model": "MXR-DJCTRL-v2",
      "fw": "1.3.0"
    },
    "uptime_seconds": 3600,
    "events": {
      "fader_moves": 1234,
      "cpu_temp_c": 52.3
    },
    "health": {
      "battery": 98,
      "errors": []
    }
  }
}`;

const FADER_EVENT = `{
  "type": "EVENT",
  "payload": {"event": "FADER_MOVE", "chan": 3, "pos": 0.734}
}`;

const FADER_TELEMETRY = `{
  "type": "TELEMETRY",
  "payload": {
    "events": [{"event": "FADER_MOVE", "chan": 3, "pos": 0.734, "ts": "..."}]
  }
}`;

const FULL_HELLO = `{
  "id": "550e8400-e29b-41d4-a716-446655440000",
  "type": "HELLO",
  "ts": "2025-12-08T15:42:01Z",
  "from": {"role": "controller", "serial": "MXR-20250701-000123"},
  "to": {"role": "accessory"},
  "payload": {
    "model_number": "MXR-DJCTRL-v2",
    "firmware_version": "1.3.0",
    "protocol_version": "${ocp.OCP_PROTOCOL_VERSION}",
    "feature_flags": ["motorized_faders", "ota"]
  }
}`;

const W001 = ocp.warningRows().find((row) => row.code === "W001")!;
const FULL_HELLO_ACK = `{
  "id": "...",
  "type": "HELLO_ACK",
  "ts": "2025-12-08T15:42:01Z",
  "payload": {
    "accepted": true,
    "compatibility": "PARTIAL",
    "warnings": [{"code": "${W001.code}", "message": "${W001.message}"}]
  }
}`;

const ERROR_EXAMPLE = ocp.errorRows().find((row) => row.name === "INVALID_HELLO")!;

export function OcpDocsPage({ status }: { status: StatusSummaryProps }) {
  const seconds = (ms: number) => `${ms / 1000} s`;
  return (
    <div class="docs">
      <docsStyles.Link />
      <PageHeader
        title="Open Communication Protocol (OCP)"
        intro="The Open Communication Protocol (OCP) standardizes communication between MIXERA hardware, accessories, and cloud services."
      />
      <StatusSummary {...status} />
      <TableOfContents sections={OCP_SECTIONS} />

      <DocSection section={s.goals}>
        <h3>Purpose</h3>
        <p>Standardize how the DJ controller communicates with:</p>
        <ul>
          <li>Cloud services (telemetry, stats, remote config)</li>
          <li>Connected PC (DAW, MIDI, GUI applications)</li>
          <li>Connected accessories (fader modules, jog wheels, extension PCBs)</li>
        </ul>
        <h3>Core Principles</h3>
        <ul>
          <li>Simple, human-readable message format (JSON) with optional binary extension</li>
          <li>
            Explicit handshake: Exchange of Serial Number (SN) and Model Number (MN). Missing either allows
            usage — but with warning
          </li>
          <li>
            All cloud connections encrypted (minimum TLS 1.3). Sensitive data only transmitted pseudonymized
          </li>
          <li>Versioning and compatibility checks before executing critical commands</li>
        </ul>
      </DocSection>

      <DocSection section={s.actors}>
        <h3>Actors</h3>
        <Table
          head={["Actor", "Role"]}
          rows={[
            [
              "Controller",
              "e.g., Raspberry Pi 4 in the device; runs MIXERA OS and the OCP link to every accessory",
            ],
            ["Accessories", "Motor fader boards, encoders, extensions"],
            ["PC", "DAW, editor, debugging tools"],
            ["Cloud", "Telemetry, auth, config, updates (this portal)"],
          ]}
        />
        <h3>Supported Transport Layers</h3>
        <Table
          head={["Connection", "Transport Options"]}
          rows={[
            [
              "Controller ↔ Accessory",
              "USB CDC (Serial), I²C/SPI (board-level), UART over GPIO. Optional: MIDI over USB / HID",
            ],
            ["Controller ↔ PC", "USB (MIDI/CDC/HID) or WebSocket / TCP over LAN"],
            ["Controller ↔ Cloud", "HTTPS (REST), WebSocket over TLS, or MQTT over TLS (TLS 1.3 mandatory)"],
          ]}
        />
        <p class="docs-callout">
          Design Decision: Standardize on JSON over framed transport (length-prefixed: a 4-byte big-endian
          length, then the payload; frames above {ocp.DEFAULT_MAX_FRAME_SIZE / 1024 / 1024}{" "}
          MiB are refused), with optional binary encoding for high performance. This implementation runs the
          accessory link over serial ports and TCP sockets.
        </p>
      </DocSection>

      <DocSection section={s.handshake}>
        <p>
          <strong>Goal:</strong> Ensure both sides know each other's SN & MN.
        </p>
        <h3>Principles</h3>
        <ul>
          <li>
            Every unit has: <code>serial_number</code> (globally unique), <code>model_number</code>,{" "}
            <code>firmware_version</code> (semver)
          </li>
          <li>Handshake always at session start (e.g., after USB connect or TCP connect)</li>
          <li>
            If SN or MN is missing, handshake still proceeds — but the other side receives a compatibility
            warning
          </li>
        </ul>
        <h3>Handshake Sequence</h3>
        <ol>
          <li>Connection established (USB serial open / TCP accept)</li>
          <li>Both sides send HELLO with identity:</li>
        </ol>
        <Code>{HELLO}</Code>
        <ol start={3}>
          <li>
            Receiver validates: known model? compatible protocol_version? (for Cloud: TLS session already
            established)
          </li>
          <li>Response HELLO_ACK:</li>
        </ol>
        <Code>{HELLO_ACK}</Code>
        <h3>Extended Authentication (Cloud)</h3>
        <p>
          Controller ↔ Cloud: After HELLO, use mTLS (client cert) or JWT-based auth. Recommendation: Mutual
          TLS with device client certificate (provisioned in production). Fallback: token-based with rotating
          keys via PKI.
        </p>
      </DocSection>

      <DocSection section={s.messages}>
        <h3>Base Format</h3>
        <Code>{BASE_FORMAT}</Code>
        <h3>Message Types</h3>
        <Table
          testId="ocp-message-types"
          head={["Type", "Purpose"]}
          rows={ocp.messageTypeRows().map((row) => [row.type, row.description])}
          code={[0]}
        />
        <h3>Accessory events, commands and requests</h3>
        <Table
          testId="ocp-accessory-events"
          head={["EVENT", "Payload fields"]}
          rows={ocp.accessoryEventRows().map((row) => [row.name, row.fields.join(", ")])}
          code={[0]}
        />
        <Table
          testId="ocp-accessory-commands"
          head={["CMD", "Payload fields", "Needs feature"]}
          rows={ocp.accessoryCommandRows().map((row) => [row.name, row.fields.join(", "), row.feature])}
          code={[0, 2]}
        />
        <p>
          REQ: <CodeList items={ocp.requestNames()} />. A CMD is answered by RESP <code>ACK</code> or{" "}
          <code>NAK</code>, a REQ by <code>OK</code> or <code>ERROR</code>.
        </p>
        <h3>Framing / Binary</h3>
        <ul>
          <li>Local (Serial): length-prefixed JSON (4-byte length + payload)</li>
          <li>
            High performance: MsgPack, used after the handshake only when both HELLOs list the{" "}
            <code>{ocp.MSGPACK_FEATURE}</code> feature flag; HELLO and HELLO_ACK are always JSON
          </li>
        </ul>
      </DocSection>

      <DocSection section={s.compatibility}>
        <p>
          MN determines compatibility: Controller holds compatibility matrix (model → supported features &
          firmware ranges).
        </p>
        <h3>Compatibility Levels</h3>
        <Table
          testId="ocp-compatibility-levels"
          head={["Level", "Meaning"]}
          rows={ocp.compatibilityRows().map((row) => [row.level, row.description])}
          code={[0]}
        />
        <h3>The controller's matrix</h3>
        <Table
          testId="ocp-compatibility-matrix"
          head={["Model", "Firmware", "Level", "Disabled features"]}
          rows={ocp.compatibilityMatrixRows().map((
            row,
          ) => [row.model, row.firmware, row.level, row.disabled])}
          code={[0]}
        />
        <p>
          <strong>UI Behavior:</strong> Visible warning with option "Continue (unsafe)" or "Disconnect".
        </p>
      </DocSection>

      <DocSection section={s.warnings}>
        <h3>When Serial Number is Missing</h3>
        <ul>
          <li>Functionality: Full operation possible (if no security-critical functions)</li>
          <li>
            Policy: User-visible warning; cloud telemetry tagged <code>serial_missing</code>
          </li>
          <li>Reasoning: Allows developer boards & third-party accessories but retains traceability</li>
        </ul>
        <h3>When Model Number is Incompatible</h3>
        <ul>
          <li>
            If critical mismatch (e.g., incompatible protocol version for motor control) → disable those
            features
          </li>
          <li>Otherwise → operate with reduced functionality</li>
        </ul>
        <h3>Warning Codes</h3>
        <Table
          testId="ocp-warning-codes"
          head={["Code", "Description", "When"]}
          rows={ocp.warningRows().map((
            row,
          ) => [row.code, row.message, row.description])}
          code={[0, 1]}
        />
      </DocSection>

      <DocSection section={s["cloud-security"]}>
        <ul>
          <li>All cloud connections: TLS 1.3 mandatory, HTTP/2 optional</li>
          <li>
            Auth: Prefer mTLS (client cert) for device identity. Alternative: JWT signed by device private
            key; rotate tokens periodically
          </li>
          <li>Data minimization: Send only required telemetry (e.g., anonymize user IDs)</li>
          <li>Telemetry at rest: Encrypted (AES-256) and access-controlled</li>
          <li>PII policy: Never include owner email/name in periodic stats by default</li>
          <li>Audit logging for config changes & OTA</li>
        </ul>
      </DocSection>

      <DocSection section={s.telemetry}>
        <h3>Minimal Telemetry Event</h3>
        <Code>{TELEMETRY}</Code>
        <ul>
          <li>Frequency: Configurable (default: 1×/minute). Aggressive sampling only if user opted-in</li>
          <li>Bulk upload: Batch events with compression (gzip) and send over TLS</li>
        </ul>
        <p class="docs-warning">
          This portal does not accept telemetry yet: <code>/v1/telemetry</code>{" "}
          is not served, so it is not listed on OCP API Status.
        </p>
      </DocSection>

      <DocSection section={s.keys}>
        <ul>
          <li>Device provisioning: Unique device private key + certificate signed by your CA</li>
          <li>Key rotation: Support for cert revocation via CRL/OCSP</li>
          <li>Device compromise: Support remote revoke & factory reset via cloud command</li>
          <li>
            Accessories without secure element: Mark as <code>untrusted_accessory</code> in cloud telemetry
          </li>
        </ul>
      </DocSection>

      <DocSection section={s.ota}>
        <ul>
          <li>Update manifest signed (Ed25519 / RSA-4096)</li>
          <li>Controller verifies signature before applying</li>
          <li>
            Incompatibility check using MN + <code>min_fw_version</code> in manifest
          </li>
          <li>Rollback plan and atomic update procedure</li>
        </ul>
        <p class="docs-warning">OTA updates are not served by this portal yet.</p>
      </DocSection>

      <DocSection section={s.errors}>
        <h3>Standard Error Envelope</h3>
        <Code>{`{ "code": ${ERROR_EXAMPLE.code}, "message": "${ERROR_EXAMPLE.name}", "fatal": false }`}</Code>
        <p>
          The message starts with the code's name, optionally followed by <code>: detail</code>.{" "}
          <code>fatal: true</code> means the sender closes the connection right after.
        </p>
        <Table
          testId="ocp-error-codes"
          head={["Code", "Message", "Meaning"]}
          rows={ocp.errorRows().map((
            row,
          ) => [String(row.code), row.name, row.description])}
          code={[0, 1]}
        />
        <ul>
          <li>Retries: Exponential backoff for network ops; for control commands prefer ACK/NAK pattern</li>
          <li>
            Heartbeat: Every 10s default; a link that hears nothing for{" "}
            {seconds(ocp.DEFAULT_LINK_TIMEOUTS.livenessMs)}{" "}
            (three missed heartbeats) goes to ERROR; cloud expects at least 1/min
          </li>
        </ul>
      </DocSection>

      <DocSection section={s["state-machine"]}>
        <p>
          States:{" "}
          <CodeList items={ocp.LINK_STATES} separator=" → " />. On error → ERROR → possible RECOVERY or
          DISCONNECTED.
        </p>
        <Table
          testId="ocp-transitions"
          head={["From", "Trigger", "To"]}
          rows={ocp.linkTransitionRows().map((
            row,
          ) => [row.from, row.trigger, row.to])}
          code={[0, 2]}
        />
        <p>
          Timeouts: connecting {seconds(ocp.DEFAULT_LINK_TIMEOUTS.connectMs)}, handshake{" "}
          {seconds(ocp.DEFAULT_LINK_TIMEOUTS.handshakeMs)}, liveness{" "}
          {seconds(ocp.DEFAULT_LINK_TIMEOUTS.livenessMs)}, error{" "}
          {seconds(ocp.DEFAULT_LINK_TIMEOUTS.errorMs)}, recovery{" "}
          {seconds(ocp.DEFAULT_LINK_TIMEOUTS.recoveryMs)}.
        </p>
      </DocSection>

      <DocSection section={s["fader-example"]}>
        <p>Fader board → Controller:</p>
        <Code>{FADER_EVENT}</Code>
        <p>Controller processes and forwards to PC GUI and (sampled) to Cloud:</p>
        <Code>{FADER_TELEMETRY}</Code>
        <p>
          All cloud messages via HTTPS POST /v1/telemetry with TLS + client cert (not served yet, see section
          8).
        </p>
      </DocSection>

      <DocSection section={s.versioning}>
        <ul>
          <li>
            Protocol uses <code>protocol_version</code> (semantic major; this implementation speaks{" "}
            <code>{ocp.OCP_PROTOCOL_VERSION}</code>). Major changes increment major and trigger compatibility
            checks
          </li>
          <li>
            Add <code>feature_flags</code> array in HELLO to indicate supported optional features
          </li>
        </ul>
      </DocSection>

      <DocSection section={s["warning-ux"]}>
        <ul>
          <li>Warning color: Amber; short message: "{ocp.AMBER_WARNING}"</li>
          <li>If user continues, log consent in local device & cloud (timestamp + user action)</li>
          <li>
            Provide "trust this accessory" flow: user can accept and sign the accessory locally (store to
            whitelist)
          </li>
        </ul>
      </DocSection>

      <DocSection section={s.testing}>
        <ul>
          <li>Handshake tests: missing SN, missing MN, malformed JSON</li>
          <li>Security tests: TLS downgrade attempted, invalid cert, revoked cert</li>
          <li>Interoperability: test legacy accessories & new firmware combinations</li>
          <li>Telemetry privacy: verify PII absence</li>
          <li>OTA test: interrupt during update and verify rollback</li>
        </ul>
      </DocSection>

      <DocSection section={s.roadmap}>
        <Table
          head={["Stage", "State in this implementation"]}
          rows={[
            ["Framing, codecs, message schemas", "Done: length-prefixed JSON, MsgPack by feature flag"],
            [
              "Handshake, warnings W001–W004, compatibility matrix",
              "Done on the controller's accessory link",
            ],
            ["Link state machine, heartbeats, retries", "Done (section 12)"],
            ["Engine API for front ends (TCP 5555, WebSocket 5556)", "Done, see the MIXERA OS documentation"],
            ["Portal: Mixera ID (OAuth 2.0) and OCP API Status", "Done"],
            ["Device registration and the device API", "Served; every endpoint is listed on OCP API Status"],
            ["Telemetry upload and OTA", "Not started"],
          ]}
        />
      </DocSection>

      <DocSection section={s["handshake-example"]}>
        <p>Controller sends HELLO:</p>
        <Code>{FULL_HELLO}</Code>
        <p>Accessory responds HELLO_ACK (with missing serial):</p>
        <Code>{FULL_HELLO_ACK}</Code>
      </DocSection>

      <section class="panel" aria-labelledby="takeaways">
        <h2 id="takeaways">Key Takeaways</h2>
        <ul>
          <li>Always HELLO with SN + MN — but allow fallback with warning</li>
          <li>Cloud: Always TLS 1.3; prefer mTLS + signed OTA</li>
          <li>JSON framing as baseline; binary optional</li>
          <li>Version and compatibility checks before critical actions</li>
        </ul>
        <p>
          See also: <a href="/docs/mixera-os">MIXERA OS developer documentation</a> ·{" "}
          <a href="/developer/docs">Login with Mixera ID</a>
        </p>
      </section>
    </div>
  );
}
