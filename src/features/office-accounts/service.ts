import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { AppError, FieldError } from "../../core/errors.js";
import { readable } from "../../db/collation.js";
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

/** Every office account (with its language, for mail), by name. */
export function listOfficeAccounts(db: Db) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.staffRole, lang: users.lang })
    .from(users)
    .where(isNotNull(users.staffRole))
    .orderBy(asc(readable(sql`coalesce(${users.name}, ${users.email})`)), asc(users.email));
}

/** One office account, or null when the id is no office account. */
export async function getOfficeAccount(db: Db, id: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.staffRole })
    .from(users)
    .where(and(eq(users.id, id), isNotNull(users.staffRole)));
  return row ? { ...row, role: row.role as StaffRole } : null;
}

/** An existing account, as the office sees it when adding the address: who, and their office role (null: none). */
export type ExistingAccount = { id: string; email: string; name: string | null; role: StaffRole | null };

/**
 * The address already has an account: nothing changed. The page shows the account with its
 * current role and asks to confirm (`addOfficeAccount`'s `confirm`) before giving it the role.
 */
export class AccountExists extends AppError {
  constructor(readonly account: ExistingAccount) {
    super(409, "account_exists");
  }
}

async function accountByEmail(db: Db, email: string): Promise<ExistingAccount | null> {
  const [u] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.staffRole })
    .from(users)
    .where(eq(users.email, email));
  return u ? { ...u, role: u.role as StaffRole | null } : null;
}

/**
 * Gives an address access to the office. A new address gets an account with the role. An address
 * that already has an account never changes silently: without `confirm` (the account's id and the
 * role it was shown with) this throws `AccountExists`; with it, an account without an office role
 * gets the role, and an office account's role changes as on its own page (`changeOfficeRole`: the
 * last administrator stays one). When the account is no longer as shown, it asks again. The name
 * typed is for a new account only. Returns what happened.
 */
export async function addOfficeAccount(
  db: Db,
  actorId: string,
  input: { email: string; name: string | null; role: StaffRole },
  opts: { confirm?: { userId: string; role: StaffRole | null }; now?: Date } = {},
): Promise<"added" | "role" | "unchanged"> {
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const known = await accountByEmail(tx, input.email);
    if (!known) {
      const [u] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, staffRole: input.role })
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id });
      // Created meanwhile by someone else: show it as it is now.
      if (!u) throw new AccountExists((await accountByEmail(tx, input.email))!);
      await audit(tx, {
        actorId,
        entity: "user",
        entityId: u.id,
        subjectId: u.id,
        action: "staff.add",
        changes: { role: { to: input.role } },
      });
      return "added";
    }
    const c = opts.confirm;
    if (!c || c.userId !== known.id || c.role !== known.role) throw new AccountExists(known);
    if (known.role === input.role) return "unchanged";
    if (known.role) {
      const changed = await changeOfficeRole(tx, { actorId, userId: known.id, role: input.role, now });
      return changed?.changed ? "role" : "unchanged";
    }
    // One guarded statement: only while the account still has no office role.
    const [u] = await tx
      .update(users)
      .set({ staffRole: input.role })
      .where(and(eq(users.id, known.id), isNull(users.staffRole)))
      .returning({ id: users.id });
    if (!u) throw new AccountExists((await accountByEmail(tx, input.email))!);
    await audit(tx, {
      actorId,
      entity: "user",
      entityId: u.id,
      subjectId: u.id,
      action: "staff.add",
      changes: { role: { to: input.role } },
    });
    return "added";
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
