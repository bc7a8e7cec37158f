// The controller's browser front end: talks to the engine API's WebSocket bridge on this page's origin,
// draws each deck's waveform as its chunks arrive and moves a 60 fps play cursor interpolated between the
// 30 Hz deck_status frames (position + elapsed time since the frame's ts_ms × playback speed). The cloud
// browser lists and searches the owner's cloud tracks and loads one onto a deck (`load_cloud_track`).

const ACCENT = "#A259FF";
const UNPLAYED = "#6b6780";
const TEXT_REFRESH_MS = 100; // text at 10 Hz at most (layout is costly), canvas at 60 fps
const PING_INTERVAL_MS = 2000;

/** @typedef {{position: number, total: number, playing: boolean, tempo: number, tsMs: number}} Transport */

function createDeckView(section) {
  const id = Number(section.dataset.deck);
  const canvas = section.querySelector("[data-role=waveform]");
  const peaksCanvas = document.createElement("canvas");
  return {
    id,
    section,
    canvas,
    peaksCanvas,
    time: section.querySelector("[data-role=time]"),
    tempo: section.querySelector("[data-role=tempo]"),
    track: section.querySelector("[data-role=track]"),
    playButton: section.querySelector("[data-action=play]"),
    /** @type {Transport} */
    transport: { position: 0, total: 0, playing: false, tempo: 0, tsMs: 0 },
    peaks: new Float32Array(0),
    chunksReceived: 0,
    chunkPoints: 0,
    lastText: 0,
    /** The last `cloud_track_loaded` of this deck (its path tells whether the deck still plays it). */
    cloudTrack: null,
  };
}

const decks = [...document.querySelectorAll(".deck")].map(createDeckView);
const linkStatus = document.querySelector("[data-role=link]");
const cloudState = document.querySelector("[data-role=cloud-state]");
const cloudRows = document.querySelector("[data-role=cloud-tracks] tbody");
const cloudSearch = document.querySelector("[data-role=cloud-search]");
const CLOUD_COMMANDS = new Set([
  "cloud_list_tracks",
  "cloud_search_tracks",
  "cloud_get_metadata",
  "load_cloud_track",
]);
const CLOUD_PAGE = 50;
const messages = document.querySelector("[data-role=messages]");
let socket = null;
/** Server clock minus local clock, estimated from pong round trips (same machine: close to 0). */
let clockOffsetMs = 0;
let pingSentAt = 0;

function send(command) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(command);
}

function say(text) {
  messages.textContent = text;
}

function formatTime(seconds) {
  const s = Math.max(0, seconds);
  return `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, "0")}`;
}

function interpolatedPosition(deck, nowMs) {
  const t = deck.transport;
  if (!t.playing) return t.position;
  const elapsed = Math.max(0, (nowMs + clockOffsetMs - t.tsMs) / 1000);
  return Math.min(t.position + elapsed * (1 + t.tempo / 100), t.total);
}

function resetWaveform(deck, totalPoints) {
  deck.peaks = new Float32Array(totalPoints);
  deck.chunksReceived = 0;
  deck.section.dataset.chunks = "0";
  deck.peaksCanvas.width = deck.canvas.width;
  deck.peaksCanvas.height = deck.canvas.height;
  deck.peaksCanvas.getContext("2d").clearRect(0, 0, deck.canvas.width, deck.canvas.height);
}

/** Draws the bars of points [from, to) onto the deck's offscreen waveform canvas. */
function drawPeaks(deck, from, to) {
  const ctx = deck.peaksCanvas.getContext("2d");
  const { width, height } = deck.peaksCanvas;
  const n = deck.peaks.length;
  if (n === 0) return;
  const x0 = Math.floor((from / n) * width);
  const x1 = Math.ceil((to / n) * width);
  ctx.clearRect(x0, 0, x1 - x0, height);
  ctx.fillStyle = "#ffffff";
  for (let x = x0; x < x1; x++) {
    const a = Math.floor((x / width) * n);
    const b = Math.max(a + 1, Math.floor(((x + 1) / width) * n));
    let peak = 0;
    for (let i = a; i < b && i < n; i++) peak = Math.max(peak, deck.peaks[i]);
    const bar = Math.max(1, peak * (height - 4));
    ctx.fillRect(x, (height - bar) / 2, 1, bar);
  }
}

/**
 * While a track decodes, `total_points` is an estimate that the last chunk corrects; the peaks received so far
 * are kept (and redrawn to the new scale) when it changes. Chunk 0 starts a new waveform.
 */
function onWaveformChunk(deck, data) {
  if (data.chunk_index === 0) resetWaveform(deck, data.total_points);
  else if (deck.peaks.length !== data.total_points) {
    const kept = deck.peaks.subarray(0, Math.min(deck.peaks.length, data.total_points));
    deck.peaks = new Float32Array(data.total_points);
    deck.peaks.set(kept);
    drawPeaks(deck, 0, deck.peaks.length);
  }
  // Every chunk but the last has the same length, and the last one ends the waveform.
  const isLast = data.chunk_index === data.total_chunks - 1;
  if (!isLast) deck.chunkPoints = data.waveform.length;
  const from = isLast ? data.total_points - data.waveform.length : data.chunk_index * deck.chunkPoints;
  const start = Math.max(0, Math.min(from, deck.peaks.length));
  deck.peaks.set(data.waveform.slice(0, deck.peaks.length - start), start);
  deck.chunksReceived++;
  deck.section.dataset.chunks = String(deck.chunksReceived);
  deck.section.dataset.totalChunks = String(data.total_chunks);
  drawPeaks(deck, start, start + data.waveform.length);
}

function onDeckStatus(data) {
  for (const status of data.decks) {
    const deck = decks[status.id];
    if (!deck) continue;
    deck.transport = {
      position: status.position_sec,
      total: status.total_sec,
      playing: status.playing,
      tempo: status.tempo_percent ?? 0,
      tsMs: data.ts_ms,
    };
    deck.section.dataset.playing = String(status.playing);
    deck.section.dataset.loading = String(Boolean(status.loading));
    // A cloud track's file may carry no tags: its cloud title and artist name it then.
    const cloud = status.track && deck.cloudTrack?.path === status.track.path ? deck.cloudTrack : null;
    const title = status.track
      ? (status.track.title ?? cloud?.title ?? status.track.path.split("/").pop())
      : null;
    const artist = status.track?.artist ?? cloud?.artist;
    let label = title ? (artist ? `${artist} – ${title}` : title) : "No track loaded";
    if (status.loading) label += ` (decoding ${deck.section.dataset.progress ?? 0} %)`;
    if (deck.track.textContent !== label) deck.track.textContent = label;
    deck.playButton.setAttribute("aria-pressed", String(status.playing));
  }
}

/** One table row per track, built with textContent only: titles come from the cloud, not from this page. */
function showCloudTracks(data) {
  const rows = data.tracks.map((track) => {
    const row = document.createElement("tr");
    row.dataset.trackId = track.id;
    const cells = [
      track.title,
      track.artist ?? "",
      track.bpm === null ? "" : track.bpm.toFixed(1),
      track.key ?? "",
      track.durationSec === null ? "" : formatTime(track.durationSec),
    ];
    for (const text of cells) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    const actions = document.createElement("td");
    for (const deck of decks) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = String(deck.id + 1);
      button.setAttribute("aria-label", `Load ${track.title} to deck ${deck.id + 1}`);
      button.addEventListener("click", () => {
        resetWaveform(deck, 0);
        send(`load_cloud_track ${deck.id} ${track.id}`);
      });
      actions.append(button);
    }
    row.append(actions);
    return row;
  });
  cloudRows.replaceChildren(...rows);
  const from = data.source === "cache" ? " (from the cache)" : "";
  cloudState.textContent = data.total === 0
    ? `No cloud tracks found${from}`
    : `${data.count} of ${data.total} cloud tracks${from}`;
}

function onCloudLoading(data) {
  const deck = decks[data.deck];
  if (!deck) return;
  deck.section.dataset.cloud = data.status;
  say(
    data.status === "downloading"
      ? `Deck ${data.deck + 1}: downloading from the cloud, ${data.percent} %`
      : `Deck ${data.deck + 1}: loading the cloud track`,
  );
}

function onEvent(message) {
  const { event, data } = message;
  switch (event) {
    case "deck_status":
      return onDeckStatus(data);
    case "waveform_chunk":
      return decks[data.deck_id] && onWaveformChunk(decks[data.deck_id], data);
    case "waveform_progress":
      return decks[data.deck_id] &&
        (decks[data.deck_id].section.dataset.progress = String(Math.round(data.percent)));
    case "track_loaded": {
      const cloud = decks[data.deck_id]?.cloudTrack;
      return say(
        cloud?.path === data.track.path
          ? `Deck ${data.deck_id + 1}: loaded ${cloud.filename} from the cloud${
            cloud.cached ? " (cached)" : ""
          }`
          : `Deck ${data.deck_id + 1}: loaded ${data.track.title ?? data.track.path}`,
      );
    }
    case "cloud_tracks_list":
      return showCloudTracks(data);
    case "cloud_track_loading":
      return onCloudLoading(data);
    case "cloud_track_loaded":
      if (!decks[data.deck]) return;
      decks[data.deck].cloudTrack = data;
      decks[data.deck].section.dataset.cloud = "loaded";
      return say(`Deck ${data.deck + 1}: ${data.filename} from the cloud${data.cached ? " (cached)" : ""}`);
    case "pong": {
      const now = Date.now();
      clockOffsetMs = data.ts_ms - (pingSentAt + now) / 2;
      linkStatus.textContent = `Connected · ${now - pingSentAt} ms`;
      return;
    }
    case "error":
      if (CLOUD_COMMANDS.has(data.cmd) && data.deck_id === undefined) {
        cloudState.textContent = `Cloud: ${data.message}`;
        return;
      }
      if (data.deck_id !== undefined && data.cmd === "load_cloud_track") {
        decks[data.deck_id].section.dataset.cloud = "failed";
      }
      return say(
        data.deck_id === undefined ? `Error: ${data.message}` : `Deck ${data.deck_id + 1}: ${data.message}`,
      );
  }
}

function connect() {
  socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/`);
  socket.addEventListener("open", () => {
    linkStatus.textContent = "Connected";
    linkStatus.dataset.state = "open";
    for (const deck of decks) send(`get_waveform ${deck.id}`);
    send(`cloud_list_tracks ${CLOUD_PAGE} 0`);
    ping();
  });
  socket.addEventListener("message", (message) => {
    try {
      onEvent(JSON.parse(message.data));
    } catch {
      say("Received an unreadable event from the controller");
    }
  });
  socket.addEventListener("close", () => {
    linkStatus.textContent = "Disconnected, retrying…";
    linkStatus.dataset.state = "closed";
    setTimeout(connect, 1000);
  });
}

function ping() {
  pingSentAt = Date.now();
  send("ping");
}

/** Optimistic update: the button's effect shows at once; the next deck_status confirms or corrects it. */
function onTransport(deck, action) {
  const now = Date.now();
  const position = interpolatedPosition(deck, now);
  if (action === "play") deck.transport = { ...deck.transport, playing: deck.transport.total > 0, position };
  if (action === "pause") deck.transport = { ...deck.transport, playing: false, position };
  if (action === "stop") deck.transport = { ...deck.transport, playing: false, position: 0 };
  deck.transport.tsMs = now + clockOffsetMs;
  send(`${action} ${deck.id}`);
}

function quoted(path) {
  return `"${path.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

for (const deck of decks) {
  for (const button of deck.section.querySelectorAll("[data-action]")) {
    button.addEventListener("click", () => onTransport(deck, button.dataset.action));
  }
  deck.section.querySelector("[data-role=load-form]").addEventListener("submit", (submit) => {
    submit.preventDefault();
    const path = new FormData(submit.target).get("path")?.toString().trim();
    if (!path) return;
    resetWaveform(deck, 0);
    send(`load_track ${deck.id} ${quoted(path)}`);
    say(`Deck ${deck.id + 1}: loading ${path}`);
  });
  resetWaveform(deck, 0);
}

/** An empty filter is "any" (`-`); text filters are quoted, so blanks and quotes in them stay one argument. */
function searchCommand(form) {
  const field = (name) => new FormData(form).get(name)?.toString().trim() ?? "";
  const text = (name) => (field(name) ? quoted(field(name)) : "-");
  const number = (name) => (/^\d{1,3}(\.\d{1,3})?$/.test(field(name)) ? field(name) : "-");
  return `cloud_search_tracks ${text("q")} ${text("genre")} ${number("bpmMin")} ${
    number("bpmMax")
  } ${CLOUD_PAGE}`;
}

cloudSearch.addEventListener("submit", (submit) => {
  submit.preventDefault();
  cloudState.textContent = "Searching…";
  send(searchCommand(submit.target));
});
cloudSearch.querySelector("[data-action=cloud-list]").addEventListener("click", () => {
  cloudSearch.reset();
  send(`cloud_list_tracks ${CLOUD_PAGE} 0`);
});

function frame(nowHighRes) {
  const now = Date.now();
  for (const deck of decks) {
    const ctx = deck.canvas.getContext("2d");
    const { width, height } = deck.canvas;
    const position = interpolatedPosition(deck, now);
    const x = deck.transport.total > 0 ? Math.round((position / deck.transport.total) * width) : 0;
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(deck.peaksCanvas, 0, 0);
    // Tint the waveform: played part in the accent colour, the rest muted.
    ctx.globalCompositeOperation = "source-atop";
    ctx.fillStyle = ACCENT;
    ctx.fillRect(0, 0, x, height);
    ctx.fillStyle = UNPLAYED;
    ctx.fillRect(x, 0, width - x, height);
    ctx.globalCompositeOperation = "source-over";
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(Math.min(x, width - 2), 0, 2, height);
    if (nowHighRes - deck.lastText >= TEXT_REFRESH_MS) {
      deck.lastText = nowHighRes;
      deck.section.dataset.position = position.toFixed(3);
      deck.time.textContent = `${formatTime(position)} / ${formatTime(deck.transport.total)}`;
      const tempo = deck.transport.tempo;
      deck.tempo.textContent = `${tempo >= 0 ? "+" : "−"}${Math.abs(tempo).toFixed(1)} %`;
    }
  }
  requestAnimationFrame(frame);
}

connect();
setInterval(ping, PING_INTERVAL_MS);
requestAnimationFrame(frame);
