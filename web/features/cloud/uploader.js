// @ts-check
/**
 * @module
 * The Cloud page's uploader: files dropped or picked go to the portal's tus endpoint in pieces, each
 * with its own progress bar. A broken connection is retried from the offset the server reports, and an
 * upload interrupted by leaving the page resumes when the same file is chosen again (its upload URL is
 * remembered per file). The state lives in this module, outside what htmx swaps, so the bars keep
 * running while the table below is filtered, sorted or paged.
 */

const TUS_VERSION = "1.0.0";
/** Bytes per PATCH request. */
const CHUNK_BYTES = 4 * 1024 * 1024;
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];
const REMEMBERED = "mixera-cloud-uploads";

/** @returns {Record<string, string>} */
function remembered() {
  try {
    return JSON.parse(localStorage.getItem(REMEMBERED) ?? "{}");
  } catch {
    return {};
  }
}

/** @param {string} fingerprint @param {string | null} url */
function remember(fingerprint, url) {
  const all = remembered();
  if (url) all[fingerprint] = url;
  else delete all[fingerprint];
  localStorage.setItem(REMEMBERED, JSON.stringify(all));
}

/** @param {File} file */
function fingerprintOf(file) {
  return `${file.name}:${file.size}:${file.lastModified}`;
}

/** @param {string} text */
function base64(text) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class UploadItem {
  /** @param {File} file @param {string} endpoint */
  constructor(file, endpoint) {
    this.file = file;
    this.endpoint = endpoint;
    this.offset = 0;
    this.element = document.createElement("li");
    this.element.className = "upload-item";
    this.element.dataset.filename = file.name;
    const name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name;
    this.bar = document.createElement("progress");
    this.bar.max = file.size || 1;
    this.bar.value = 0;
    this.status = document.createElement("span");
    this.status.className = "upload-status";
    this.element.append(name, this.bar, this.status);
    this.show("waiting");
  }

  /** @param {string} text @param {string} [state] */
  show(text, state = "running") {
    this.status.textContent = text;
    this.element.dataset.state = state;
  }

  /** @param {number} done */
  progress(done) {
    this.bar.value = done;
    this.show(`${Math.floor((done / (this.file.size || 1)) * 100)} %`);
  }

  async run() {
    const fingerprint = fingerprintOf(this.file);
    /** @type {string | null} */
    let url = remembered()[fingerprint] ?? null;
    if (url) {
      const offset = await this.headOffset(url);
      if (offset === null) url = null;
      else this.offset = offset;
    }
    if (!url) {
      const created = await fetch(this.endpoint, {
        method: "POST",
        headers: {
          "Tus-Resumable": TUS_VERSION,
          "Upload-Length": String(this.file.size),
          "Upload-Metadata": `filename ${base64(this.file.name)}`,
        },
      });
      if (created.status !== 201) return this.show(await created.text(), "refused");
      url = /** @type {string} */ (created.headers.get("Location"));
      remember(fingerprint, url);
    }
    this.progress(this.offset);
    let attempt = 0;
    while (true) {
      let result;
      try {
        result = await this.patch(url);
      } catch {
        if (attempt >= RETRY_DELAYS_MS.length) {
          return this.show("connection lost, choose the file again to resume", "paused");
        }
        this.show("connection lost, resuming…");
        await sleep(RETRY_DELAYS_MS[attempt++]);
        const offset = await this.headOffset(url).catch(() => null);
        if (offset !== null) this.offset = offset;
        continue;
      }
      attempt = 0;
      if (result.status === 204) {
        this.offset = Number(result.getResponseHeader("Upload-Offset"));
        this.progress(this.offset);
        if (this.offset < this.file.size) continue;
        remember(fingerprint, null);
        const duplicate = result.getResponseHeader("Mixera-Duplicate-Of");
        const likely = result.getResponseHeader("Mixera-Likely-Duplicate-Of");
        this.show(
          duplicate ? "already in your library" : likely ? "stored · likely a duplicate" : "stored",
          "done",
        );
        document.body.dispatchEvent(new CustomEvent("cloud:library-changed"));
        return;
      }
      if (result.status === 409) {
        this.offset = Number(result.getResponseHeader("Upload-Offset"));
        continue;
      }
      remember(fingerprint, null);
      return this.show(result.responseText || `refused (${result.status})`, "refused");
    }
  }

  /** @param {string} url @returns {Promise<number | null>} */
  async headOffset(url) {
    const response = await fetch(url, { method: "HEAD", headers: { "Tus-Resumable": TUS_VERSION } });
    return response.ok ? Number(response.headers.get("Upload-Offset")) : null;
  }

  /**
   * One PATCH with the next piece; XMLHttpRequest because fetch reports no upload progress.
   * @param {string} url @returns {Promise<XMLHttpRequest>}
   */
  patch(url) {
    const start = this.offset;
    const piece = this.file.slice(start, Math.min(this.file.size, start + CHUNK_BYTES));
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("PATCH", url);
      request.setRequestHeader("Tus-Resumable", TUS_VERSION);
      request.setRequestHeader("Upload-Offset", String(start));
      request.setRequestHeader("Content-Type", "application/offset+octet-stream");
      request.upload.onprogress = (event) => this.progress(start + event.loaded);
      request.onload = () => resolve(request);
      request.onerror = () => reject(new Error("network error"));
      request.ontimeout = () => reject(new Error("timeout"));
      request.send(piece);
    });
  }
}

/** Uploads run one after another per page, so a batch does not starve each other of bandwidth. */
let queue = Promise.resolve();

/** @param {FileList | File[]} files */
function enqueue(files) {
  const list = document.getElementById("upload-list");
  const zone = /** @type {HTMLElement | null} */ (document.querySelector("[data-upload-zone]"));
  if (!list || !zone) return;
  for (const file of files) {
    const item = new UploadItem(file, zone.dataset.endpoint ?? "/api/cloud/uploads");
    list.prepend(item.element);
    queue = queue.then(() => item.run()).catch((error) => item.show(String(error), "refused"));
  }
}

/** Wires the zone once per element (htmx may bring a new page in; the running uploads stay). */
function wire() {
  const zone = /** @type {HTMLElement | null} */ (document.querySelector("[data-upload-zone]"));
  if (!zone || zone.dataset.wired) return;
  zone.dataset.wired = "true";
  const input = /** @type {HTMLInputElement} */ (zone.querySelector("[data-upload-input]"));
  input.addEventListener("change", () => {
    if (input.files) enqueue([...input.files]);
    input.value = "";
  });
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer?.files) enqueue([...event.dataTransfer.files]);
  });
}

wire();
document.addEventListener("htmx:after:swap", wire);
