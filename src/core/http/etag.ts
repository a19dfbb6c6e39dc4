/** RFC 9110 weak comparison of an ETag against every tag of an If-None-Match header (or `*`). */
export function etagMatches(header: string | undefined, etag: string) {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  const mine = bare(etag);
  return header.split(",").some((t) => t.trim() === "*" || bare(t) === mine);
}
