import { brotliCompress, constants, gzipSync } from "node:zlib";

export type Encoding = "br" | "gzip";

/** Below this size compression saves less than the header costs. */
const MIN_BYTES = 1024;
/**
 * Text, and PDF: pdfkit compresses page contents, not the objects around them (links, the tags for
 * accessibility), so a roadmap PDF shrinks to a third (107 KB, 41 KB gzip, 35 KB Brotli).
 */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|pdf)|image\/svg)/;

export const isCompressible = (type: string, bytes: number) => bytes >= MIN_BYTES && COMPRESSIBLE.test(type);

/**
 * The content codings a client takes, best first (Brotli, then gzip), from its `Accept-Encoding`:
 * none when it names neither or refuses them with `q=0`; `*` counts as both.
 */
export function acceptedEncodings(accept: string | null | undefined): Encoding[] {
  if (!accept) return [];
  if (!accept.includes("q=")) {
    const star = accept.includes("*");
    const out: Encoding[] = [];
    if (star || accept.includes("br")) out.push("br");
    if (star || accept.includes("gzip")) out.push("gzip");
    return out;
  }
  const q = new Map<string, number>();
  for (const part of accept.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const star = q.get("*") ?? 0;
  const weight = (e: Encoding) => q.get(e) ?? star;
  return (["br", "gzip"] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a));
}

const BROTLI_BEST = {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
};

let brotliQueue: Promise<void> = Promise.resolve();

const view = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength) as Uint8Array<ArrayBuffer>;

/**
 * A body served many times, with its compressed copies made once: gzip at once when first asked
 * for (about a millisecond), Brotli at its best quality in the background on libuv's thread pool
 * (tens of milliseconds for a 40 KB page; gzip or the plain body is served until it is ready).
 * A copy that is not smaller than the body is never served.
 */
export class Variants {
  private gzip: Uint8Array<ArrayBuffer> | undefined;
  private br: Uint8Array<ArrayBuffer> | undefined;
  /** Resolves when the background Brotli copy is done (tests wait for it). */
  pending: Promise<void> | undefined;

  constructor(
    readonly body: Uint8Array<ArrayBuffer>,
    /** Told the size of each compressed copy as it is made (for a cache's byte budget). */
    private onCopy: (bytes: number) => void = () => {},
  ) {}

  /** The smallest body this client takes now, and its coding (undefined: the plain body). */
  pick(accepted: Encoding[]): { body: Uint8Array<ArrayBuffer>; encoding?: Encoding } {
    for (const e of accepted) {
      if (e === "br") {
        if (this.br) return this.smaller(this.br, "br");
        this.startBrotli();
      } else {
        if (!this.gzip) {
          this.gzip = view(gzipSync(this.body, { level: 9 }));
          this.onCopy(this.gzip.byteLength);
        }
        return this.smaller(this.gzip, "gzip");
      }
    }
    return { body: this.body };
  }

  private smaller(packed: Uint8Array<ArrayBuffer>, encoding: Encoding) {
    return packed.byteLength < this.body.byteLength ? { body: packed, encoding } : { body: this.body };
  }

  private startBrotli() {
    // One at a time: each takes a thread of libuv's small pool (shared with files, DNS and crypto).
    this.pending ??= brotliQueue = brotliQueue.then(() => this.brotli());
  }

  private brotli() {
    return new Promise<void>((resolve) => {
      brotliCompress(
        this.body,
        { ...BROTLI_BEST, params: { ...BROTLI_BEST.params, [constants.BROTLI_PARAM_SIZE_HINT]: this.body.byteLength } },
        (err, out) => {
          if (!err) {
            this.br = view(out);
            this.onCopy(this.br.byteLength);
          }
          resolve();
        },
      );
    });
  }

  /** Bytes held by the compressed copies. */
  get copyBytes() {
    return (this.gzip?.byteLength ?? 0) + (this.br?.byteLength ?? 0);
  }
}
