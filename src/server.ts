import { createServer } from "node:http";
import { serve } from "@hono/node-server";
import { hitOptions } from "./core/http/cache.js";
import type { Deps } from "./core/http/context.js";

type Fetch = (req: Request, ...rest: never[]) => Response | Promise<Response>;

/**
 * The HTTP server: @hono/node-server around the app, with the page cache as its front door. A
 * cached page is written straight to Node's response, before a `Request` object, routing or
 * middleware exist; everything else goes to the app (ADR 011).
 */
export function startServer(
  app: { fetch: Fetch },
  deps: Pick<Deps, "env" | "log" | "pageCache">,
  listen: { port: number; hostname?: string },
  onListening?: (info: { port: number }) => void,
) {
  const cache = deps.pageCache;
  const opts = hitOptions(deps);
  return serve(
    {
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
    },
    (info) => onListening?.(info),
  );
}
