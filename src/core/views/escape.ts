import { escapeToBuffer } from "hono/utils/html";

/** Escaped as hono/jsx escapes text and attribute values (for texts filled into a frame rendered once). */
export function escaped(s: string) {
  const buffer = [""];
  escapeToBuffer(s, buffer);
  return buffer[0]!;
}
