// Starting and stopping the processes an end-to-end run needs: the Waymark dev stack
// (embedded PostgreSQL and Redis, simulators, API, real Celery workers) and the built UI.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Spawn in its own process group, output to a log file; `stop()` ends the whole group. */
export function launch(name, command, args, { env, cwd, logDir }) {
  const logPath = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logPath);
  // a null value removes the variable (an empty one would still count as set)
  const merged = { ...process.env, ...env };
  for (const [key, value] of Object.entries(merged)) if (value === null || value === undefined) delete merged[key];
  const child = spawn(command, args, { cwd, env: merged, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  let done = false;
  exited.then(() => (done = true));
  return {
    name,
    pid: child.pid,
    logPath,
    exited,
    get running() {
      return !done;
    },
    async stop(graceMs = 60_000) {
      if (done) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function waitFor(description, probe, { timeoutMs = 180_000, intervalMs = 500, process: watched } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (watched && !watched.running) throw new Error(`${watched.name} exited while waiting for ${description}; see ${watched.logPath}`);
    try {
      if (await probe()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${description}${last ? `: ${last.message}` : ""}`);
}

export async function ok(url, init) {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  return response.ok;
}

export function tail(file, lines = 40) {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

export function tempDir(prefix) {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
