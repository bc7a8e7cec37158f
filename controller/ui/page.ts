/**
 * @module
 * The HTML and CSS of the controller's browser front end: four decks, each with its waveform canvas,
 * transport buttons and a load field, and the cloud browser (list and search the owner's cloud tracks, load
 * one onto a deck). Behaviour lives in `app.js`; nothing here is inline script.
 */

const deckNames = ["1", "2", "3", "4"];

function deckSection(id: number): string {
  const name = deckNames[id];
  return `
    <section class="deck" data-deck="${id}" aria-labelledby="deck-${id}-title">
      <header>
        <h2 id="deck-${id}-title">Deck ${name}</h2>
        <p class="track" data-role="track">No track loaded</p>
        <p class="time"><span data-role="time" aria-live="off">0:00.0 / 0:00.0</span>
          <span class="tempo" data-role="tempo">±0.0 %</span></p>
      </header>
      <canvas data-role="waveform" width="800" height="96" role="img"
        aria-label="Waveform of deck ${name}"></canvas>
      <div class="transport" role="group" aria-label="Transport of deck ${name}">
        <button type="button" data-action="play" aria-label="Play deck ${name}">Play</button>
        <button type="button" data-action="pause" aria-label="Pause deck ${name}">Pause</button>
        <button type="button" data-action="stop" aria-label="Stop deck ${name}">Stop</button>
      </div>
      <form class="load" data-role="load-form">
        <label for="deck-${id}-path">Track file for deck ${name}</label>
        <input id="deck-${id}-path" name="path" type="text" autocomplete="off" spellcheck="false"
          placeholder="/music/track.mp3" required>
        <button type="submit" aria-label="Load into deck ${name}">Load</button>
      </form>
    </section>`;
}

const CLOUD_BROWSER = `
  <section class="cloud" aria-labelledby="cloud-title">
    <header>
      <h2 id="cloud-title">Cloud library</h2>
      <p class="cloud-state" data-role="cloud-state" aria-live="polite"></p>
    </header>
    <form class="cloud-search" data-role="cloud-search" role="search" aria-label="Search the cloud library">
      <label>Title, artist or album <input name="q" type="search" autocomplete="off" maxlength="200"></label>
      <label>Genre <input name="genre" type="text" autocomplete="off" maxlength="100"></label>
      <label>BPM from <input name="bpmMin" type="number" min="0" max="999" step="0.1" inputmode="decimal"></label>
      <label>to <input name="bpmMax" type="number" min="0" max="999" step="0.1" inputmode="decimal"></label>
      <button type="submit">Search</button>
      <button type="button" data-action="cloud-list">All tracks</button>
    </form>
    <table class="cloud-tracks" data-role="cloud-tracks">
      <caption class="visually-hidden">Cloud tracks</caption>
      <thead><tr><th scope="col">Title</th><th scope="col">Artist</th><th scope="col">BPM</th>
        <th scope="col">Key</th><th scope="col">Length</th><th scope="col">Load to deck</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>`;

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>MIXERA OS decks</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/app.css">
  <script type="module" src="/app.js"></script>
</head>
<body>
  <header class="top">
    <h1>MIXERA <span>OS</span></h1>
    <p class="link" data-role="link" role="status" aria-live="polite">Connecting…</p>
  </header>
  <main class="decks">${[0, 1, 2, 3].map(deckSection).join("")}
  </main>${CLOUD_BROWSER}
  <p class="messages" data-role="messages" role="log" aria-live="polite"></p>
</body>
</html>
`;

export const PAGE_CSS = `
:root { --accent: #A259FF; --bg: #111016; --panel: #1c1a24; --text: #ecebf2; --muted: #a29fb3; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--text); }
.top { display: flex; justify-content: space-between; align-items: baseline; padding: 12px 20px; }
h1 { margin: 0; font-size: 20px; letter-spacing: .08em; }
h1 span { color: var(--accent); }
.link { margin: 0; color: var(--muted); }
.link[data-state="open"] { color: var(--accent); }
.decks { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; padding: 0 20px; }
.deck { background: var(--panel); border-radius: 10px; padding: 12px 14px; border: 1px solid #2c2938; }
.deck[data-playing="true"] { border-color: var(--accent); }
.deck header { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; }
.deck h2 { margin: 0; font-size: 16px; }
.deck p { margin: 0; }
.track { color: var(--muted); flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.time { font-variant-numeric: tabular-nums; }
.tempo { color: var(--muted); margin-left: 8px; }
canvas { display: block; width: 100%; height: 96px; margin: 10px 0; background: #0b0a0f; border-radius: 6px; }
.transport, .load { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.load { margin-top: 8px; }
.load label { flex-basis: 100%; color: var(--muted); font-size: 13px; }
.load input { flex: 1; min-width: 0; padding: 6px 8px; border-radius: 6px; border: 1px solid #3a3648;
  background: #0b0a0f; color: var(--text); }
button { padding: 6px 14px; border-radius: 6px; border: 1px solid var(--accent); background: transparent;
  color: var(--text); cursor: pointer; font: inherit; }
button:hover, button[aria-pressed="true"] { background: var(--accent); color: #fff; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.messages { padding: 8px 20px; color: var(--muted); min-height: 1.4em; }
.cloud { margin: 16px 20px; background: var(--panel); border-radius: 10px; padding: 12px 14px;
  border: 1px solid #2c2938; }
.cloud header { display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
.cloud h2 { margin: 0; font-size: 16px; }
.cloud-state { margin: 0; color: var(--muted); }
.cloud-search { display: flex; gap: 8px 12px; align-items: end; flex-wrap: wrap; margin: 10px 0; }
.cloud-search label { display: flex; flex-direction: column; gap: 2px; color: var(--muted); font-size: 13px; }
.cloud-search input { padding: 6px 8px; border-radius: 6px; border: 1px solid #3a3648; background: #0b0a0f;
  color: var(--text); font: inherit; width: 11em; }
.cloud-search input[type=number] { width: 6em; }
.cloud-tracks { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
.cloud-tracks th { text-align: left; color: var(--muted); font-weight: normal; font-size: 13px; }
.cloud-tracks th, .cloud-tracks td { padding: 4px 8px; border-bottom: 1px solid #2c2938; }
.cloud-tracks td button { padding: 2px 10px; margin-right: 4px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
`;

/** A jog wheel in the MIXERA accent colour. */
export const FAVICON_SVG =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#A259FF"/>` +
  `<circle cx="16" cy="16" r="5" fill="#111016"/></svg>`;
