import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { hitOptions } from "./core/http/cache.js";
import type { Deps } from "./core/http/context.js";

type Fetch = (req: Request, ...rest: never[]) => Response | Promise<Response>;

/**
 * The HTTP server: @hono/node-server around the app, with the page cache as its front door. A
 * cached page is written straight to Node's response, before a `Request` object, routing or
 * middleware exist; everything else goes to the app (ADR 011).
 *
 * It listens with a queue of LISTEN_BACKLOG connections not yet accepted. Node's default (511)
 * overflows when many people press a button within the same second while the portal is busy (the
 * registration rush: 1,000 new connections in a second): the kernel then drops their connection
 * requests, and each browser tries again only after a second, then three (TCP's retransmission).
 * Linux caps the number at `net.core.somaxconn` (4,096 by default since 5.4).
 */
export function startServer(
  app: { fetch: Fetch },
  deps: Pick<Deps, "env" | "log" | "pageCache">,
  listen: { port: number; hostname?: string; backlog?: number },
  onListening?: (info: { port: number }) => void,
) {
  const cache = deps.pageCache;
  const opts = hitOptions(deps);
  const server = createAdaptorServer({
    fetch: app.fetch as never,
    port: listen.port,
    hostname: listen.hostname,
    createServer: ((options: object, listener: NonNullable<Parameters<typeof createServer>[1]>) =>
      createServer(options, (req, res) => {
        if (!cache) return listener(req, res);
        let answered: boolean | Promise<boolean>;
        try {
          answered = cache.serveNode(req, res, opts);
        } catch {
          answered = false;
        }
        if (answered === true) return;
        if (answered === false) return listener(req, res);
        answered.then(
          (done) => done || listener(req, res),
          () => listener(req, res),
        );
      })) as typeof createServer,
  });
  server.listen({ port: listen.port, host: listen.hostname, backlog: listen.backlog ?? LISTEN_BACKLOG }, () =>
    onListening?.(server.address() as AddressInfo),
  );
  return server;
}

/** Connections the kernel may hold for the portal before it accepts them (see `startServer`). */
export const LISTEN_BACKLOG = 4096;
