import { and, count, eq } from "drizzle-orm";
import { FieldError } from "../../core/errors.js";
import type { Db } from "../../db/index.js";
import { UNDECIDED } from "./applications.js";
import { ATTACHMENT_KINDS, subsidyAttachments } from "./schema.js";
import { lockApplication, type SubsidyStatus } from "./service.js";

/**
 * Files with an application (a quote, the report's receipts): PDF, PNG or JPEG as their first
 * bytes say (never the name or the browser's type), at most `MAX_ATTACHMENT_BYTES` each and
 * `MAX_ATTACHMENTS` per application, kept in the database and served as downloads only.
 */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
export { ATTACHMENT_KINDS };

/** While the board may add files: until the report is in (receipts come with it). */
const OPEN_FOR_FILES: readonly SubsidyStatus[] = [...UNDECIDED, "approved", "held"];

const MAGIC: [string, number[]][] = [
  ["application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["image/jpeg", [0xff, 0xd8, 0xff]],
];
const EXTENSION: Record<string, string> = { "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg" };

/** The file's type by its first bytes, or null for anything else. */
export function sniffType(bytes: Uint8Array): string | null {
  for (const [mime, magic] of MAGIC) if (magic.every((b, i) => bytes[i] === b)) return mime;
  return null;
}

/** A name safe to store and send: no path, no control or quote characters, at most 100 characters, the extension of its real type. */
export function safeFilename(name: string, mime: string) {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}"';<>`]/gu, "")
    .replace(/\.[^.]*$/, "")
    .trim()
    .slice(0, 100);
  return `${base || "file"}.${EXTENSION[mime]}`;
}

/**
 * Adds a file to the organisation's application. Refused (FieldError on `file`) when it is no
 * PDF, PNG or JPEG, too large, one too many, or the application takes no more files. Null when the
 * organisation has no such application.
 */
export async function addAttachment(
  db: Db,
  a: { applicationId: string; orgId: string | null; actor: string; kind: AttachmentKind; filename: string; bytes: Uint8Array; now: Date },
) {
  if (a.bytes.length === 0) throw new FieldError("file", "required");
  if (a.bytes.length > MAX_ATTACHMENT_BYTES) throw new FieldError("file", "subsidyFileTooLarge");
  const mime = sniffType(a.bytes);
  if (!mime) throw new FieldError("file", "subsidyFileType");
  return db.transaction(async (tx) => {
    const app = await lockApplication(tx, a.applicationId);
    if (!app || (a.orgId !== null && app.organisationId !== a.orgId)) return null;
    if (!OPEN_FOR_FILES.includes(app.status)) throw new FieldError("file", "subsidyNoFilesNow");
    const [n] = await tx.select({ n: count() }).from(subsidyAttachments).where(eq(subsidyAttachments.applicationId, app.id));
    if ((n?.n ?? 0) >= MAX_ATTACHMENTS) throw new FieldError("file", "subsidyTooManyFiles");
    const [row] = await tx
      .insert(subsidyAttachments)
      .values({
        applicationId: app.id,
        kind: a.kind,
        filename: safeFilename(a.filename, mime),
        mime,
        size: a.bytes.length,
        data: Buffer.from(a.bytes),
        uploadedBy: a.actor,
        byOffice: a.orgId === null,
        at: a.now,
      })
      .returning({ id: subsidyAttachments.id });
    return row!.id;
  });
}

/** Removes a file the board added, before a decision. Null when there is no such file of the organisation's application. */
export async function removeAttachment(db: Db, a: { applicationId: string; attachmentId: string; orgId: string }) {
  return db.transaction(async (tx) => {
    const app = await lockApplication(tx, a.applicationId);
    if (!app || app.organisationId !== a.orgId) return null;
    if (!UNDECIDED.includes(app.status)) throw new FieldError("_form", "subsidyDecided");
    const [gone] = await tx
      .delete(subsidyAttachments)
      .where(
        and(
          eq(subsidyAttachments.id, a.attachmentId),
          eq(subsidyAttachments.applicationId, app.id),
          eq(subsidyAttachments.byOffice, false),
        ),
      )
      .returning({ id: subsidyAttachments.id });
    return gone?.id ?? null;
  });
}

/**
 * A file for download, with its bytes, or null. The caller has checked who asks (the
 * application's board, or the office); `downloadHeaders` gives the headers to send it with.
 */
export async function attachmentFor(db: Db, applicationId: string, attachmentId: string) {
  const [row] = await db
    .select()
    .from(subsidyAttachments)
    .where(and(eq(subsidyAttachments.id, attachmentId), eq(subsidyAttachments.applicationId, applicationId)));
  return row ?? null;
}

/** Headers for a download: always an attachment of its checked type, never sniffed, never cached by others. */
export function downloadHeaders(a: { filename: string; mime: string; size: number }) {
  const ascii = a.filename.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  return {
    "Content-Type": a.mime,
    "Content-Length": String(a.size),
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
  };
}
