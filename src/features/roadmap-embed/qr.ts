import { createHash } from "node:crypto";

/** Width and height of the QR image in pixels. */
export const QR_SIZE = 600;
/** Bump when the drawing options below change, so browsers fetch the new image. */
export const QR_LAYOUT_VERSION = 1;

/**
 * A strong ETag for the image of `text` at `size` pixels. Drawing is deterministic (the same input
 * gives the same bytes), so the tag is known without drawing: a revalidation costs no CPU at all.
 */
export const qrEtag = (text: string, size: number) =>
  `"qr-${createHash("sha256").update(`${QR_LAYOUT_VERSION}\n${size}\n${text}`).digest("base64url").slice(0, 22)}"`;

/** Draws a QR code as PNG. `qrcode` is loaded on first use: serving pages never needs it. */
export async function drawQr(text: string, size: number): Promise<Uint8Array> {
  const QRCode = (await import("qrcode")).default;
  const png = await QRCode.toBuffer(text, { type: "png", width: size, margin: 2, errorCorrectionLevel: "M" });
  return new Uint8Array(png);
}

/**
 * QR images in memory, per (text, size): drawing one costs 60-140 ms of CPU. At most `max` images
 * are kept, the least recently used one goes first; concurrent requests for the same image share
 * one drawing, and a failed drawing is not kept.
 */
export class QrCache {
  private readonly entries = new Map<string, Promise<Uint8Array>>();

  constructor(
    private readonly max = 16,
    private readonly draw: (text: string, size: number) => Promise<Uint8Array> = drawQr,
  ) {}

  get(text: string, size: number): Promise<Uint8Array> {
    const key = `${size}\n${text}`;
    let hit = this.entries.get(key);
    if (hit) {
      // Most recently used last: a Map keeps insertion order.
      this.entries.delete(key);
    } else {
      hit = this.draw(text, size);
      hit.catch(() => {
        if (this.entries.get(key) === hit) this.entries.delete(key);
      });
    }
    this.entries.set(key, hit);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return hit;
  }

  get size() {
    return this.entries.size;
  }
}
