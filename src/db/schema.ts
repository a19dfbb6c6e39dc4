// The one Drizzle schema: every feature's tables, for both drivers and for drizzle-kit.
export * from "../core/content/schema.js";
export * from "../core/jobs/schema.js";
export * from "../core/mail/schema.js";
export * from "../core/ratelimit/schema.js";
export * from "../features/audit/schema.js";
export * from "../features/auth/schema.js";
export * from "../features/invitations/schema.js";
export * from "../features/key-figures/schema.js";
export * from "../features/org-requests/schema.js";
export * from "../features/organisations/schema.js";
export * from "../features/peer-listeners/schema.js";
export * from "../features/roadmap/schema.js";
export * from "../features/roadmap-print/schema.js";
export * from "../features/social-safety/schema.js";
export * from "../features/training-registrations/schema.js";
export * from "../features/trainings/schema.js";
