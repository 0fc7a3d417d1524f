// One HTTP/1.1 request over a plain socket, for what fetch() will not send: a Content-Length
// that the body never reaches, or a chunked upload. Resolves with the status and body text as
// soon as the server answers, even while the upload is unfinished.
import { connect } from "node:net";

export function rawRequest(base, method, path, headers, chunks, { keepOpen = false, timeoutMs = 20_000 } = {}) {
  const { hostname, port } = new URL(base);
  const chunked = Object.keys(headers).some((name) => name.toLowerCase() === "transfer-encoding");
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`no answer to ${method} ${path} within ${timeoutMs} ms`)), timeoutMs);
    function finish(error, result) {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(result);
    }
    socket.on("error", () => undefined); // the server may close while we still write: the answer counts
    socket.on("data", (data) => {
      received = Buffer.concat([received, data]);
      const parsed = parseResponse(received);
      if (parsed) finish(null, parsed);
    });
    socket.on("close", () => finish(new Error(`connection closed without a full answer: ${received.toString("utf8").slice(0, 200)}`)));
    socket.on("connect", () => {
      const lines = [`${method} ${path} HTTP/1.1`, `Host: ${hostname}:${port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${lines.join("\r\n")}\r\n\r\n`);
      for (const chunk of chunks) socket.write(chunked ? `${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n` : chunk);
      if (chunked && !keepOpen) socket.write("0\r\n\r\n");
    });
  });
}

function parseResponse(buffer) {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const head = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(head[0].split(" ")[1]);
  const headers = Object.fromEntries(head.slice(1).map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
  const rest = buffer.subarray(end + 4);
  if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    return rest.length >= length ? { status, headers, body: rest.subarray(0, length).toString("utf8") } : null;
  }
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
    const parts = [];
    let offset = 0;
    for (;;) {
      const lineEnd = rest.indexOf("\r\n", offset);
      if (lineEnd < 0) return null;
      const size = parseInt(rest.subarray(offset, lineEnd).toString("latin1"), 16);
      if (size === 0) return { status, headers, body: Buffer.concat(parts).toString("utf8") };
      if (rest.length < lineEnd + 2 + size + 2) return null;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
    }
  }
  return null; // read until close: not used by the servers under test
}
