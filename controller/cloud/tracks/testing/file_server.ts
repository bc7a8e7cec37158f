/**
 * @module
 * Serves one file over loopback HTTP with Range support, in a process of its own, so a test or benchmark
 * can download at full speed without the server taking time from the process under test. Prints one JSON
 * line `{port}`, then serves until killed.
 *
 * Usage: bun controller/cloud/tracks/testing/file_server.ts <file>
 */
const path = Bun.argv[2];
if (!path) throw new Error("usage: file_server.ts <file>");
const file = Bun.file(path);
const size = file.size;

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(request) {
    const range = request.headers.get("range")?.match(/^bytes=(\d+)-$/);
    if (!range) return new Response(file, { headers: { "accept-ranges": "bytes" } });
    const start = Number(range[1]);
    if (start >= size) return new Response(null, { status: 416 });
    return new Response(file.slice(start), {
      status: 206,
      headers: { "content-range": `bytes ${start}-${size - 1}/${size}`, "accept-ranges": "bytes" },
    });
  },
});
console.log(JSON.stringify({ port: server.port }));
