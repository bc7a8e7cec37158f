// The track page's waveform: wavesurfer.js draws the analysis peaks (no decoding in the browser) and
// plays the track through a media element, which streams it with range requests. "Use position" fills
// the cue and loop forms with the playhead.
const root = document.querySelector("[data-waveform]");
if (root) {
  const { default: WaveSurfer } = await import(root.dataset.wavesurfer);
  const response = await fetch(root.dataset.peaks, { credentials: "same-origin" });
  const waveform = response.ok ? await response.json() : null;
  const wavesurfer = WaveSurfer.create({
    container: root,
    url: root.dataset.audio,
    peaks: waveform ? [waveform.peaks] : undefined,
    duration: waveform ? waveform.durationSeconds : undefined,
    height: 128,
    normalize: true,
    cspNonce: root.dataset.nonce,
    waveColor: "#7c8aa5",
    progressColor: "#e2572b",
    cursorColor: "#ffffff",
  });
  const play = document.querySelector("[data-play]");
  const clock = document.querySelector("[data-position]");
  const format = (seconds) => `${Math.floor(seconds / 60)}:${(seconds % 60).toFixed(1).padStart(4, "0")}`;
  play?.addEventListener("click", () => wavesurfer.playPause());
  wavesurfer.on("play", () => play && (play.textContent = "Pause"));
  wavesurfer.on("pause", () => play && (play.textContent = "Play"));
  wavesurfer.on("timeupdate", (time) => clock && (clock.textContent = format(time)));
  wavesurfer.on("ready", () => root.setAttribute("data-ready", "true"));
  for (const button of document.querySelectorAll("[data-use-position]")) {
    button.addEventListener("click", () => {
      const input = document.getElementById(button.dataset.usePosition);
      if (input) input.value = wavesurfer.getCurrentTime().toFixed(3);
    });
  }
  for (const button of document.querySelectorAll("[data-seek]")) {
    button.addEventListener("click", () => wavesurfer.setTime(Number(button.dataset.seek)));
  }
}
