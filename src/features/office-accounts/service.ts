import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";
import { FieldError } from "../../core/errors.js";
import type { Db } from "../../db/index.js";
import { audit } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { endSessions } from "../auth/service.js";
import type { StaffRole } from "./forms.js";

/**
 * Office accounts are users with a `staff_role`. Removing one takes the role away; the person
 * keeps their account (and any seat on a board). There is always an administrator left: every
 * change that could take the last one away first locks the administrators' rows, so two such
 * changes at once run one after the other and the second sees the first's outcome.
 */

export function listOfficeAccounts(db: Db) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.staffRole })
    .from(users)
    .where(isNotNull(users.staffRole))
    .orderBy(asc(users.email));
}

/** One office account, or null when the id is no office account. */
export async function getOfficeAccount(db: Db, id: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.staffRole })
    .from(users)
    .where(and(eq(users.id, id), isNotNull(users.staffRole)));
  return row ? { ...row, role: row.role as StaffRole } : null;
}

/**
 * Gives an address access to the office (creating the account if needed). An address that
 * already has an office role is refused: its role changes on its own page, under the guard.
 */
export async function addOfficeAccount(db: Db, actorId: string, input: { email: string; name: string | null; role: StaffRole }) {
  return db.transaction(async (tx) => {
    // One statement: a new user, or an existing one without an office role, gets the role.
    const [u] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, staffRole: input.role })
      .onConflictDoUpdate({ target: users.email, set: { staffRole: input.role }, setWhere: isNull(users.staffRole) })
      .returning({ id: users.id });
    if (!u) throw new FieldError("email", "alreadyStaff");
    await audit(tx, {
      actorId,
      entity: "user",
      entityId: u.id,
      subjectId: u.id,
      action: "staff.add",
      changes: { role: { to: input.role } },
    });
    return u;
  });
}

/**
 * Locks the office account `userId` and every administrator's row (in id order, so concurrent
 * changes queue instead of deadlocking), and tells whether another administrator stays.
 * Under READ COMMITTED a transaction that waited for a lock sees the rows as the one before it
 * left them: an administrator demoted meanwhile is no longer counted.
 */
async function lockForChange(tx: Db, userId: string) {
  const admins = await tx.select({ id: users.id }).from(users).where(eq(users.staffRole, "admin")).orderBy(asc(users.id)).for("update");
  const [account] = await tx
    .select({ id: users.id, role: users.staffRole })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.staffRole)))
    .for("update");
  if (!account) return null;
  return { role: account.role as StaffRole, otherAdmin: admins.some((a) => a.id !== userId) };
}

/**
 * Changes an office account's role. The last administrator can't be demoted (a field error at
 * `role`); someone who stops being an administrator is signed out everywhere. Null: no such
 * office account.
 */
export async function changeOfficeRole(db: Db, a: { actorId: string; userId: string; role: StaffRole; now: Date }) {
  return db.transaction(async (tx) => {
    const locked = await lockForChange(tx, a.userId);
    if (!locked) return null;
    if (locked.role === a.role) return { changed: false };
    if (locked.role === "admin" && !locked.otherAdmin) throw new FieldError("role", "lastAdmin");
    await tx.update(users).set({ staffRole: a.role }).where(eq(users.id, a.userId));
    if (locked.role === "admin") await endSessions(tx, a.userId, { now: a.now });
    await audit(tx, {
      actorId: a.actorId,
      entity: "user",
      entityId: a.userId,
      subjectId: a.userId,
      action: "staff.role",
      changes: { role: { from: locked.role, to: a.role } },
    });
    return { changed: true };
  });
}

/**
 * Takes an office account's role away and ends its sessions; the account itself (and any board
 * seat) stays. The last administrator can't be removed (a field error at `role`). Null: no such
 * office account.
 */
export async function removeOfficeAccount(db: Db, a: { actorId: string; userId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const locked = await lockForChange(tx, a.userId);
    if (!locked) return null;
    if (locked.role === "admin" && !locked.otherAdmin) throw new FieldError("role", "lastAdmin");
    await tx.update(users).set({ staffRole: null }).where(eq(users.id, a.userId));
    await endSessions(tx, a.userId, { now: a.now });
    await audit(tx, {
      actorId: a.actorId,
      entity: "user",
      entityId: a.userId,
      subjectId: a.userId,
      action: "staff.remove",
      changes: { role: { from: locked.role, to: null } },
    });
    return { removed: true };
  });
}
