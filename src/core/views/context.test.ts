import { execFileSync } from "node:child_process";
import { createContext, jsx, useContext } from "hono/jsx";
import { describe, expect, it } from "vitest";
import { renderWithoutAsyncHooks } from "./context.js";

/**
 * A provider around two components: one reads the context at once (as every view of the portal
 * does), one only after an `await`. Renders to "sync:<value> async:<value>".
 */
const PROBE = `
  const Ctx = createContext("default");
  const Sync = () => "sync:" + useContext(Ctx);
  const Async = async () => { await new Promise((r) => setTimeout(r, 1)); return " async:" + useContext(Ctx); };
  const html = await jsx(Ctx.Provider, { value: "provided" }, jsx(Sync, {}), jsx(Async, {})).toString();
`;

describe("renderWithoutAsyncHooks", () => {
  it("renders without AsyncLocalStorage: a view reads its context, only an await would lose it", async () => {
    renderWithoutAsyncHooks();
    const html = await new Function("createContext", "jsx", "useContext", `return (async () => { ${PROBE} return html; })();`)(
      createContext,
      jsx,
      useContext,
    );
    expect(String(html)).toBe("sync:provided async:default");
    // The module is offered again to everyone else.
    expect(
      typeof (process as { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: unknown } }).getBuiltinModule?.("node:async_hooks")
        ?.AsyncLocalStorage,
    ).toBe("function");
  });

  it("the control: without it, hono renders inside AsyncLocalStorage (a fresh process)", () => {
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { createContext, jsx, useContext } from "hono/jsx"; ${PROBE} process.stdout.write(String(html));`,
      ],
      { cwd: process.cwd(), encoding: "utf8" },
    );
    expect(out).toBe("sync:provided async:provided");
  });
});
