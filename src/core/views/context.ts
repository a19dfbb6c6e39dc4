import { createContext, useContext } from "hono/jsx";
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
