import { createContext, jsx, useContext } from "hono/jsx";
import type { Env } from "../../env.js";
import type { SessionUser } from "../http/context.js";
import type { Lang, Messages } from "../i18n/index.js";
import type { Office } from "../office/shell.js";

/** What every view may know about the request it renders for. */
export type PageCtx = {
  lang: Lang;
  t: Messages;
  nonce: string;
  csrfToken: string;
  user: SessionUser | null;
  /** Path with query, to build the language switch. */
  path: string;
  env: Env;
  office: Office;
  /**
   * Set while a page is rendered as bytes (an anonymous page in its frame, render.tsx): HTML made
   * once and kept as UTF-8 (`rawBytes`) goes here, and a marker in its place.
   */
  chunks?: Uint8Array[][];
};

export const PageContext = createContext<PageCtx | null>(null);

export function usePage(): PageCtx {
  const ctx = useContext(PageContext);
  if (!ctx) throw new Error("usePage outside a page");
  return ctx;
}

/**
 * hono/jsx keeps its render's context in an AsyncLocalStorage when the runtime offers one, so that
 * an async component can read a context after an `await`. On Node 20, AsyncLocalStorage follows
 * every promise of the process through async hooks from its first use on: in the registration rush
 * (issue 9) that cost about a tenth of the portal's CPU, in requests that render nothing. The
 * portal's views are synchronous, and for them hono's fallback, a store set while the render runs,
 * gives exactly the same pages (render.test.tsx). So hono probes for AsyncLocalStorage once, here,
 * while `process.getBuiltinModule` does not offer `node:async_hooks`; hono keeps the answer for the
 * life of the process, and the module is offered again at once. Called before the first render (by
 * `createApp`); a render before it has already probed, and then this changes nothing.
 */
export function renderWithoutAsyncHooks() {
  const proc = process as { getBuiltinModule?: (id: string) => unknown };
  const offer = proc.getBuiltinModule;
  if (!offer) return;
  proc.getBuiltinModule = (id: string) => (/^(node:)?async_hooks$/.test(id) ? undefined : offer.call(process, id));
  try {
    // Any render makes hono probe (and only the first).
    String(jsx("i", {}));
  } finally {
    proc.getBuiltinModule = offer;
  }
}
