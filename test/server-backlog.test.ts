/**
 * The server's listen queue (`LISTEN_BACKLOG` in src/server.ts). While a portal is busy, the kernel
 * completes new connections' handshakes into the listen queue, where they wait to be accepted. When
 * the queue is full the kernel drops the connection request, and the browser tries again only after
 * a second, then three: in the registration rush (1,000 presses within a second) that second was the
 * tail of the answers. Here the server runs in a process of its own whose event loop is kept busy
 * while CONNECTIONS connections open, and counts what it accepts right after: with the portal's
 * backlog, all of them; the control, Node's default backlog (511), leaves the rest to TCP's retry.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CONNECTIONS = 800;
const BUSY_MS = 2_500;

let child: ChildProcess | undefined;
let sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets) s.destroy();
  sockets = [];
  child?.kill("SIGKILL");
  child = undefined;
});

/** Starts the busy server with `backlog`, blocks it, opens the connections; how many the listen queue held. */
async function queuedWhileBusy(backlog: "default" | number) {
  const proc = spawn(process.execPath, ["--import", "tsx", "test/fixtures/busy-server.ts", String(backlog)], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  child = proc;
  const lines = createInterface({ input: proc.stdout! });
  const [first] = (await once(lines, "line")) as [string];
  const port = Number(first.split(" ")[1]);
  const answer = once(lines, "line");
  proc.stdin!.write(`block ${BUSY_MS}\n`);
  await new Promise((r) => setTimeout(r, 100));
  for (let i = 0; i < CONNECTIONS; i++) {
    const s = connect(port, "127.0.0.1");
    s.on("error", () => {});
    sockets.push(s);
  }
  const [line] = (await answer) as [string];
  return Number(line.split(" ")[1]);
}

describe("the listen queue", () => {
  it(`holds ${CONNECTIONS} connections that arrive while the portal is busy, none left to TCP's retry`, async () => {
    expect(await queuedWhileBusy("default")).toBe(CONNECTIONS);
  }, 20_000);

  it("control: with Node's default backlog (511) the rest wait for the retry", async () => {
    const n = await queuedWhileBusy(511);
    expect(n).toBeGreaterThan(300);
    expect(n).toBeLessThan(CONNECTIONS);
  }, 20_000);
});
