// The track page's player. With analysis peaks, wavesurfer.js draws them (no decoding in the browser)
// and plays through a media element, which streams the track with range requests. Without peaks (not
// analysed yet) a bare media element plays, so a large file is never fetched whole to draw a waveform.
// "Use position" fills the cue and loop forms with the playhead; cue buttons seek to their time.
const root = document.querySelector("[data-waveform]");

function bareAudio(url) {
  const audio = new Audio(url);
  audio.preload = "metadata";
  const listeners = { play: [], pause: [], timeupdate: [] };
  for (const name of Object.keys(listeners)) {
    audio.addEventListener(name, () => listeners[name].forEach((listener) => listener(audio.currentTime)));
  }
  return {
    playPause: () => (audio.paused ? audio.play() : audio.pause()),
    on: (name, listener) => listeners[name]?.push(listener),
    getCurrentTime: () => audio.currentTime,
    setTime: (seconds) => {
      audio.currentTime = seconds;
    },
  };
}

async function player() {
  const response = await fetch(root.dataset.peaks, { credentials: "same-origin" });
  if (!response.ok) return bareAudio(root.dataset.audio);
  const waveform = await response.json();
  const { default: WaveSurfer } = await import(root.dataset.wavesurfer);
  const wavesurfer = WaveSurfer.create({
    container: root,
    url: root.dataset.audio,
    peaks: [waveform.peaks],
    duration: waveform.durationSeconds,
    height: 128,
    normalize: true,
    cspNonce: root.dataset.nonce,
    waveColor: "#7c8aa5",
    progressColor: "#e2572b",
    cursorColor: "#ffffff",
  });
  wavesurfer.on("ready", () => root.setAttribute("data-ready", "true"));
  return wavesurfer;
}

if (root) {
  const playback = await player();
  const play = document.querySelector("[data-play]");
  const clock = document.querySelector("[data-position]");
  const format = (seconds) => `${Math.floor(seconds / 60)}:${(seconds % 60).toFixed(1).padStart(4, "0")}`;
  play?.addEventListener("click", () => playback.playPause());
  playback.on("play", () => play && (play.textContent = "Pause"));
  playback.on("pause", () => play && (play.textContent = "Play"));
  playback.on("timeupdate", (time) => clock && (clock.textContent = format(time)));
  for (const button of document.querySelectorAll("[data-use-position]")) {
    button.addEventListener("click", () => {
      const input = document.getElementById(button.dataset.usePosition);
      if (input) input.value = playback.getCurrentTime().toFixed(3);
    });
  }
  for (const button of document.querySelectorAll("[data-seek]")) {
    button.addEventListener("click", () => playback.setTime(Number(button.dataset.seek)));
  }
}
