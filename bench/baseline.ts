/**
 * The baseline for `npm run bench`: a bare Hono hello-world on @hono/node-server, started as its own
 * child process by bench/run.ts so that it runs on the same machine, runtime and loader as the portal.
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error("baseline: PORT must be set");
  process.exit(1);
}

const app = new Hono().get("/", (c) => c.text("hi"));
serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => console.log(`baseline listening on 127.0.0.1:${port}`));

// Nothing to flush: exit at once, even with keep-alive connections still open.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
