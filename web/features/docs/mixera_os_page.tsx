/**
 * @module
 * The MIXERA OS developer documentation, written for this implementation: the engine API's commands, events,
 * log types, ports and rates come from the controller's code, and the device API lists the device endpoints
 * the portal serves (those registered with OCP API Status).
 */
import { PageHeader } from "../../ui/components.tsx";
import { Code, CodeList, DocSection, numbered, Table, TableOfContents } from "./components.tsx";
import * as api from "./engine_api_reference.ts";
import { docsStyles } from "./styles.ts";

export const MIXERA_OS_SECTIONS = numbered([
  { id: "tcp-api", title: "TCP Backend API" },
  { id: "real-time", title: "Real-Time Sync & Low-Latency Communication" },
  { id: "cloud-tracks", title: "Cloud Track API" },
  { id: "load-cloud-track", title: "Load Cloud Track to Deck" },
  { id: "stems", title: "AI Stem Separation (DEMUCS)" },
  { id: "logging", title: "Event Logging Control" },
  { id: "device-api", title: "Device Management API" },
  { id: "performance", title: "Performance Optimizations" },
]);

const SERIAL_FORMAT = "MXR-YYYYMMDD-XXXXXX\nExample: MXR-20250122-000001";

const s = Object.fromEntries(MIXERA_OS_SECTIONS.map((section) => [section.id, section]));
const { port, wsPort, listen } = api.ENGINE_API_DEFAULTS;

export interface DeviceEndpoint {
  method: string;
  path: string;
  name: string;
  requiresAuth: boolean;
}

function CommandTable({ filter, testId }: { filter: (name: string) => boolean; testId: string }) {
  return (
    <Table
      testId={testId}
      head={["Command", "Parameters", "Description"]}
      rows={api.commandRows().filter((row) => filter(row.name)).map((row) => [
        row.name,
        row.parameters,
        row.description,
      ])}
      code={[0]}
    />
  );
}

const cloudCommands = ["load_cloud_track", "cloud_list_tracks", "cloud_get_metadata", "cloud_search_tracks"];
const stemCommands = api.commandRows().map((row) => row.name).filter((name) =>
  name.startsWith("stem_") || name === "demucs_check"
);

export function MixeraOsDocsPage({ deviceEndpoints }: { deviceEndpoints: DeviceEndpoint[] }) {
  return (
    <div class="docs">
      <docsStyles.Link />
      <PageHeader
        title="MIXERA OS"
        intro="Developer documentation for MIXERA OS — the embedded software platform running on MIXERA hardware. Covers the TCP backend API, real-time sync, AI stem separation, cloud track integration, and performance optimizations."
      />
      <TableOfContents sections={MIXERA_OS_SECTIONS} />

      <DocSection section={s["tcp-api"]}>
        <p>
          MIXERA OS exposes a TCP socket on port {port}{" "}
          with newline-delimited JSON events. All frontend UIs connect here for real-time control. It binds
          {" "}
          {listen} unless the controller is configured to listen on a LAN; a WebSocket bridge on port {wsPort}
          {" "}
          carries the same commands and events, one per frame, for browsers.
        </p>
        <h3>Connection</h3>
        <Code>
          {`// Node.js
const net = require('net');
const socket = new net.Socket();
socket.connect(${port}, 'localhost');
socket.setNoDelay(true); // Always enable TCP_NODELAY

// Browser (via WebSocket bridge)
const ws = new WebSocket('ws://localhost:${wsPort}');`}
        </Code>
        <h3>Message Format</h3>
        <p>
          Commands are text lines terminated with <code>\n</code> (at most {api.MAX_COMMAND_LINE_BYTES}{" "}
          bytes; arguments with blanks go in quotes); every event is one JSON object terminated with{" "}
          <code>\n</code>:
        </p>
        <Code>
          {`// Send command
socket.write('play 0\\n');

// Receive event
// {"event":"deck_status","data":{...}}`}
        </Code>
        <h3>Core Commands</h3>
        <CommandTable testId="os-commands" filter={() => true} />
        <p>
          A command the parser refuses answers an <code>error</code> event naming the problem, e.g.{" "}
          <code>
            {'{"event":"error","data":{"message":"play: expected a deck 0-3, got \\"7\\"","cmd":"play"}}'}
          </code>.
        </p>
      </DocSection>

      <DocSection section={s["real-time"]}>
        <p>
          MIXERA OS provides real-time communication features to eliminate perceived delay and enable smooth
          waveform sync:
        </p>
        <h3>Command Acknowledgment</h3>
        <p>
          After play/pause/stop/seek/tempo/cue/loop commands, backend immediately sends{" "}
          <code>cmd_ack</code>. Always do optimistic UI updates — don't wait for ack.
        </p>
        <h3>Ping/Pong Heartbeat</h3>
        <p>
          Send <code>ping\n</code> every 2s. Backend responds with <code>pong</code>{" "}
          + timestamp. Use RTT for latency display and clock sync.
        </p>
        <h3>Deck Status Ticker (~{api.DECK_STATUS_HZ} Hz)</h3>
        <p>
          Backend continuously pushes <code>deck_status</code> at ~{api.DECK_STATUS_HZ}{" "}
          Hz with position, duration, and play state. Use interpolation for 60fps cursor.
        </p>
        <h3>Waveform Chunks</h3>
        <p>
          Waveform data arrives in ~{api.WAVEFORM_CHUNK_POINTS}-point chunks via <code>waveform_chunk</code>
          {" "}
          events. Render progressively as chunks arrive.
        </p>
        <h3>cmd_ack Event</h3>
        <Code>{'{"event":"cmd_ack","data":{"cmd":"play","deck_id":0,"ts_ms":1740000000000}}'}</Code>
        <h3>deck_status Event (~{api.DECK_STATUS_HZ} Hz)</h3>
        <Code>
          {`{"event":"deck_status","data":{"ts_ms":1740000000000,"decks":[
  {"id":0,"position_sec":45.234,"total_sec":213.5,"playing":true,"tempo_percent":0,…},
  {"id":1,"position_sec":0.000,"total_sec":0.000,"playing":false,"tempo_percent":0,…}
]}}`}
        </Code>
        <h3>Position Interpolation (60fps cursor)</h3>
        <Code>
          {`// Call in requestAnimationFrame — interpolates between ${api.DECK_STATUS_HZ}Hz updates
function getInterpolatedPosition(deck) {
  if (!deck.playing) return deck.position;
  const elapsed = (Date.now() - deck.lastUpdateTime) / 1000;
  return Math.min(deck.position + elapsed * (1 + deck.tempoPercent / 100), deck.total);
}`}
        </Code>
        <h3>waveform_chunk Event</h3>
        <Code>
          {`{"event":"waveform_chunk","data":{
  "deck_id":0, "chunk_index":0, "total_chunks":4,
  "sample_rate":44100, "total_points":${api.DEFAULT_WAVEFORM_POINTS},
  "waveform":[0.012, 0.045, 0.078, ...]
}}`}
        </Code>
        <h3>Backend Events Summary</h3>
        <Table
          testId="os-events"
          head={["Event", "Frequency", "Key Data"]}
          rows={api.eventRows().map((row) => [row.name, row.frequency, row.keyData])}
          code={[0]}
        />
      </DocSection>

      <DocSection section={s["cloud-tracks"]}>
        <p>
          After a successful OCP handshake, MIXERA OS can access the user's cloud library. All commands are
          sent over TCP port {port}.
        </p>
        <h3>Prerequisites</h3>
        <ul>
          <li>Device registered to a Mixera account</li>
          <li>OCP handshake completed (HELLO/HELLO_ACK)</li>
          <li>Cloud access enabled in account settings</li>
        </ul>
        <CommandTable testId="os-cloud-commands" filter={(name) => cloudCommands.includes(name)} />
        <Code>
          {`socket.write("cloud_list_tracks 50 0\\n");
// {"event":"cloud_tracks_list","data":{"tracks":[{"id":"…","title":"My Track","bpm":128, …}],
//  "count":1,"total":1,"limit":50,"offset":0,"source":"cloud"}}
socket.write('cloud_search_tracks "deep house" * 120 135 20\\n');`}
        </Code>
        <p>
          Answers are cached on the controller: a repeated query answers from the cache at once, and with the
          portal out of reach the last answer is shown (<code>"source":"cache"</code>). A refused cloud
          command answers an <code>error</code> event with a <code>code</code>:{" "}
          <CodeList items={[...api.CLOUD_TRACK_ERROR_CODES]} />.
        </p>
        <h3>Authentication Headers (Backend → Cloud)</h3>
        <p>
          The backend adds <code>X-OCP-Session</code>, <code>X-OCP-Token</code>, and{" "}
          <code>X-Device-Serial</code>{" "}
          to all cloud API requests — you don't need to handle this in the frontend.
        </p>
      </DocSection>

      <DocSection section={s["load-cloud-track"]}>
        <p>
          The <code>load_cloud_track</code> command handles the full download-and-load pipeline: it reports
          {" "}
          <code>downloading</code>, then{" "}
          <code>loading</code>, then the track as loaded, and caches downloads locally so a second load skips
          the download — and needs no network at all. The track's cue points become the deck's hot cues, so
          {" "}
          <code>cue_jump</code> works on them at once; its loops and beatgrid come with{" "}
          <code>cloud_track_loaded</code>. An interrupted download resumes where it stopped; a file is used
          only once its SHA-256 matches.
        </p>
        <Code>
          {`// load_cloud_track <deck> <trackId>
socket.write("load_cloud_track 0 67980ec71648c734b60d9c06\\n");
// {"event":"cloud_track_loading","data":{"trackId":"…","deck":0,"status":"downloading","percent":40}}
// {"event":"cloud_track_loading","data":{"trackId":"…","deck":0,"status":"loading"}}
// {"event":"cloud_track_loaded","data":{"trackId":"…","deck":0,"filename":"My Track.mp3","cached":false, …}}
// then track_loaded and waveform_* as for load_track`}
        </Code>
      </DocSection>

      <DocSection section={s.stems}>
        <p>
          MIXERA OS integrates Meta's DEMUCS (Hybrid Transformer) for AI-powered separation into 4 stems:
          Vocals, Drums, Bass, Other.
        </p>
        <h3>IPC Commands</h3>
        <CommandTable testId="os-stem-commands" filter={(name) => stemCommands.includes(name)} />
        <h3>Processing Performance</h3>
        <p>Expected DEMUCS times per 5-minute track:</p>
        <Table
          head={["Hardware", "Time / 5-min track"]}
          rows={[
            ["NVIDIA RTX 3080+ (GPU)", "~20–30 seconds"],
            ["NVIDIA GTX 1060 (GPU)", "~60–90 seconds"],
            ["CPU only (8-core)", "~3–5 minutes"],
            ["CPU only (4-core)", "~5–10 minutes"],
          ]}
        />
      </DocSection>

      <DocSection section={s.logging}>
        <p>
          Use <code>set_log</code>{" "}
          to enable or disable event categories at runtime, reducing log noise during development. Each change
          answers a <code>log_state</code> event.
        </p>
        <h3>Command</h3>
        <Code>
          {`// Syntax: set_log <type> <0|1>
// Types: ${api.LOG_TYPES.join(", ")}
socket.write('set_log all 0\\n');       // Silence everything
socket.write('set_log analysis 1\\n');  // Only show BPM/key results
socket.write('set_log audio 1\\n');     // Debug audio events
socket.write('set_log hardware 1\\n');  // Debug hardware input`}
        </Code>
        <h3>Best Practice</h3>
        <Code>
          {`// On connect: silence noise, keep important events
socket.write('set_log all 0\\n');
socket.write('set_log analysis 1\\n');`}
        </Code>
      </DocSection>

      <DocSection section={s["device-api"]}>
        <p>
          Link MIXERA hardware to user accounts to enable cloud library access, warranty tracking, and remote
          configuration.
        </p>
        <h3>Serial Number Format</h3>
        <Code>{SERIAL_FORMAT}</Code>
        <h3>Endpoints served by this portal</h3>
        {deviceEndpoints.length
          ? (
            <Table
              testId="os-device-endpoints"
              head={["Endpoint", "Purpose", "Auth"]}
              rows={deviceEndpoints.map((
                endpoint,
              ) => [
                `${endpoint.method} ${endpoint.path}`,
                endpoint.name,
                endpoint.requiresAuth ? "🔒" : "—",
              ])}
              code={[0]}
            />
          )
          : (
            <p class="docs-warning" data-testid="os-device-endpoints">
              This portal does not serve device endpoints yet. Each one appears here and on{" "}
              <a href="/ocp-status">OCP API Status</a> as soon as it is served.
            </p>
          )}
        <h3>Device Cloud Access (OCP Headers)</h3>
        <Code>
          {`GET /api/device/cloud/tracks
X-OCP-Session: <session_id>
X-OCP-Token: <device_token>
X-Device-Serial: MXR-20250122-000001`}
        </Code>
      </DocSection>

      <DocSection section={s.performance}>
        <p>Applied optimizations that keep frontend-backend latency in the low milliseconds:</p>
        <ul>
          <li>
            <strong>TCP_NODELAY</strong>{" "}
            on every connection (TCP and WebSocket): no 200 ms Nagle buffering delay.
          </li>
          <li>
            <strong>64 KiB socket buffers</strong> (<code>SO_SNDBUF</code>/<code>SO_RCVBUF</code>{" "}
            = 65536 bytes) for waveform bursts.
          </li>
          <li>
            <strong>Drift-free {api.DECK_STATUS_HZ} Hz ticker:</strong> each <code>deck_status</code>{" "}
            is scheduled on the ideal timeline, and missed ticks after a stall are made up at twice the rate.
          </li>
          <li>
            <strong>Chunked waveforms:</strong>{" "}
            {api.WAVEFORM_CHUNK_POINTS}-point chunks, so the first part of a waveform is drawn before the rest
            is computed.
          </li>
        </ul>
        <h3>Frontend Performance Tips</h3>
        <ul>
          <li>
            Always set <code>setNoDelay(true)</code> on the frontend socket
          </li>
          <li>
            Use <code>requestAnimationFrame</code> + interpolation for 60fps cursor, not{" "}
            {api.DECK_STATUS_HZ}Hz deck_status directly
          </li>
          <li>Render waveform progressively as chunks arrive — don't wait for all chunks</li>
          <li>Optimistic UI updates on play/pause/stop — correct with cmd_ack only if needed</li>
          <li>Debounce text displays to 10Hz max; animate canvas at 60fps</li>
        </ul>
        <p>
          See also: <a href="/docs/ocp">Open Communication Protocol (OCP)</a>
        </p>
      </DocSection>
    </div>
  );
}
