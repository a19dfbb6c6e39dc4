import type { Child } from "hono/jsx";
import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDate, LANGS, type Messages } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, CsrfField, ErrorSummary, Form, Input, Select, Submit } from "../../core/views/forms.js";
import { url } from "../../routes.js";
import { ORG_KINDS, ORG_STATUSES, type organisations, POSITIONS, type Position } from "./schema.js";
import type { BoardWithMembers } from "./service.js";

type Org = typeof organisations.$inferSelect;
type FormProps = { values?: FormValues; errors?: FieldErrors };

/** The organisation form's field names, as the error summary names them. */
function useOrgLabels() {
  const { t } = usePage();
  const o = t.org;
  return {
    name: o.fields.name,
    kind: o.fields.kind,
    faculty: o.fields.faculty,
    website: o.fields.website,
    contactUrl: o.fields.contactUrl,
    email: o.fields.email,
    lang: o.fields.lang,
    memberCount: o.fields.memberCount,
    status: o.fields.status,
  };
}

export const orgValues = (org: Org): FormValues => ({
  name: org.name,
  kind: org.kind,
  faculty: org.faculty ?? "",
  website: org.website ?? "",
  contactUrl: org.contactUrl ?? "",
  email: org.email ?? "",
  lang: org.lang,
  memberCount: org.memberCount?.toString() ?? "",
  status: org.status,
});

export function OrgFields({ values, errors, withStatus }: FormProps & { withStatus?: boolean }) {
  const { t } = usePage();
  const o = t.org;
  return (
    <>
      <Input name="name" label={o.fields.name} required autocomplete="organization" values={values} errors={errors} />
      <Select
        name="kind"
        label={o.fields.kind}
        required
        placeholder=""
        options={ORG_KINDS.map((k) => ({ value: k, label: o.kinds[k] }))}
        values={values}
        errors={errors}
      />
      <Input name="faculty" label={o.fields.faculty} hint={o.fields.facultyHint} values={values} errors={errors} />
      <Input name="website" type="url" label={o.fields.website} autocomplete="url" values={values} errors={errors} />
      <Input name="contactUrl" type="url" label={o.fields.contactUrl} hint={o.fields.contactUrlHint} values={values} errors={errors} />
      <Input name="email" type="email" label={o.fields.email} values={values} errors={errors} />
      <Select
        name="lang"
        label={o.fields.lang}
        required
        options={LANGS.map((l) => ({ value: l, label: o.langs[l] }))}
        values={values}
        errors={errors}
      />
      <Input name="memberCount" type="text" inputmode="numeric" width="s" label={o.fields.memberCount} values={values} errors={errors} />
      {withStatus && (
        <Select
          name="status"
          label={o.fields.status}
          required
          options={ORG_STATUSES.map((s) => ({ value: s, label: o.statuses[s] }))}
          values={values}
          errors={errors}
        />
      )}
    </>
  );
}

export function OrgDetails({ org }: { org: Org }) {
  const { t } = usePage();
  const o = t.org;
  const dash = "–";
  return (
    <dl class="details">
      <dt>{o.fields.kind}</dt>
      <dd>{o.kinds[org.kind]}</dd>
      <dt>{o.fields.faculty}</dt>
      <dd>{org.faculty ?? dash}</dd>
      <dt>{o.fields.website}</dt>
      <dd>{org.website ? <a href={org.website}>{org.website}</a> : dash}</dd>
      <dt>{o.fields.contactUrl}</dt>
      <dd>{org.contactUrl ? <a href={org.contactUrl}>{org.contactUrl}</a> : dash}</dd>
      <dt>{o.fields.email}</dt>
      <dd>{org.email ? <a href={`mailto:${org.email}`}>{org.email}</a> : dash}</dd>
      <dt>{o.fields.lang}</dt>
      <dd>{o.langs[org.lang]}</dd>
      <dt>{o.fields.memberCount}</dt>
      <dd>{org.memberCount ?? dash}</dd>
      <dt>{o.fields.status}</dt>
      <dd>
        <span class={`badge ${org.status === "active" ? "ok" : "neutral"}`}>{o.statuses[org.status]}</span>
      </dd>
    </dl>
  );
}

/** Notices after a change to a board's members, on the board's and on the office's page (`removed`: who was). */
export function memberNotice(t: Messages, done: string | undefined, removed?: string | null) {
  const p = t.org.page;
  if (done === "removed") return removed ? p.removedWho(removed) : p.removed;
  return done === "position" ? p.positionChanged : done === "withdrawn" ? p.withdrawn : null;
}

/** "Remove this member?": who, from which board, what follows; the button POSTs (no JavaScript needed). */
export function RemoveMemberPage({
  orgName,
  member,
  year,
  action,
  cancel,
}: {
  orgName: string;
  member: { name: string | null; email: string; position: Position };
  year: number;
  action: string;
  cancel: string;
}) {
  const { t } = usePage();
  const o = t.org;
  const who = member.name ?? member.email;
  return (
    <div class="narrow">
      <h1>{o.page.removeTitle(member.name ? `${member.name} (${member.email})` : member.email)}</h1>
      <dl class="details">
        <dt>{o.fields.personName}</dt>
        <dd>{member.name ?? "–"}</dd>
        <dt>{o.fields.personEmail}</dt>
        <dd>{member.email}</dd>
        <dt>{o.fields.position}</dt>
        <dd>{o.positions[member.position]}</dd>
        <dt>{o.fields.board}</dt>
        <dd>{`${orgName}, ${o.year(year)}`}</dd>
      </dl>
      <p>{o.page.removeWhatFollows(who)}</p>
      <Form action={action}>
        <Submit
          label={o.page.removeConfirm(who)}
          danger
          secondary={
            <a href={cancel} class="button secondary">
              {t.common.cancel}
            </a>
          }
        />
      </Form>
    </div>
  );
}

/** An open invitation to one of the boards shown (listed, with a withdraw button where allowed). */
export type BoardInvitation = { id: string; boardId: string; email: string; position: Position; expiresAt: Date };

/** What the viewer may change on the boards shown: posting to `orgId`'s member pages. */
export type BoardManage = {
  orgId: string;
  /** Boards on which the viewer may change the chair's seat (see `mayChangeChair`). */
  chairBoards: Set<string>;
};

function MemberActions({
  board,
  member,
  manage,
}: {
  board: BoardWithMembers;
  member: BoardWithMembers["members"][number];
  manage: BoardManage;
}) {
  const { t, lang } = usePage();
  const o = t.org;
  const who = member.name ?? member.email;
  const chairAllowed = manage.chairBoards.has(board.id) || !board.members.some((m) => m.position === "chair");
  const options = POSITIONS.filter((p) => p === member.position || p !== "chair" || chairAllowed);
  const id = `position-${member.id}`;
  return (
    <div class="member-actions">
      <form method="post" action={url(lang, "orgMemberPosition", { id: manage.orgId, memberId: member.id })} class="inline">
        <CsrfField />
        <label class="visually-hidden" for={id}>
          {o.page.positionOf(who)}
        </label>
        <select id={id} name="position" class="input w-s">
          {options.map((p) => (
            <option value={p} selected={p === member.position}>
              {o.positions[p]}
            </option>
          ))}
        </select>{" "}
        <button type="submit" class="button secondary">
          {o.page.changePosition}
          <span class="visually-hidden">: {o.page.positionOf(who)}</span>
        </button>
      </form>{" "}
      {/* A link to a page that asks first and says who; only its button removes. */}
      <a class="button danger" href={url(lang, "orgMemberRemove", { id: manage.orgId, memberId: member.id })}>
        {o.page.remove}
        <span class="visually-hidden">: {who}</span>
      </a>
    </div>
  );
}

/** One board with its members and open invitations; with `manage`, the changes the viewer may make. */
export function BoardCard({
  board,
  title,
  manage,
  invitations = [],
}: {
  board: BoardWithMembers;
  title: string;
  manage?: BoardManage;
  invitations?: BoardInvitation[];
}) {
  const { t, lang, user, env } = usePage();
  const o = t.org;
  const live = manage && board.state !== "past" ? manage : undefined;
  const mayTouch = (position: string) => position !== "chair" || Boolean(live?.chairBoards.has(board.id));
  const chairLocked = Boolean(live) && board.members.some((m) => m.position === "chair" && m.userId !== user?.id && !mayTouch(m.position));
  return (
    <div class="card board">
      <h3>{title}</h3>
      {/* Focusable and named: a wide table scrolls sideways, which keyboard users must reach (on phones it is cards). */}
      <section class="table-wrap" tabindex={0} aria-label={title}>
        <table class="table cards">
          <thead>
            <tr>
              <th scope="col">{o.fields.personName}</th>
              <th scope="col">{o.fields.personEmail}</th>
              <th scope="col">{o.fields.position}</th>
              {live && (
                <th scope="col">
                  <span class="visually-hidden">{t.common.actions}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {board.members.map((m) => (
              <tr>
                <td data-label={o.fields.personName}>{m.name ?? "–"}</td>
                <td data-label={o.fields.personEmail}>{m.email}</td>
                <td data-label={o.fields.position}>{o.positions[m.position]}</td>
                {live && (
                  <td>{m.userId !== user?.id && mayTouch(m.position) && <MemberActions board={board} member={m} manage={live} />}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {chairLocked && <p class="hint">{o.page.chairRule}</p>}
      {invitations.length > 0 && (
        <>
          <h4>{o.page.invitations}</h4>
          <ul class="plain-list">
            {invitations.map((i) => (
              <li>
                {i.email} · {o.positions[i.position]} ·{" "}
                <span class="muted">{o.page.invitedUntil(formatDate(lang, i.expiresAt, env.TIME_ZONE))}</span>
                {live && mayTouch(i.position) && (
                  <>
                    {" "}
                    <ActionButton
                      action={url(lang, "orgInvitationWithdraw", { id: live.orgId, invitationId: i.id })}
                      label={o.page.withdraw}
                      context={i.email}
                    />
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Current board, incoming board and history: the same on the board's and the office's page. */
export function Boards({
  boards,
  manage,
  actions,
  invitations = [],
}: {
  boards: BoardWithMembers[];
  manage?: BoardManage;
  actions?: Child;
  invitations?: BoardInvitation[];
}) {
  const { t, lang } = usePage();
  const o = t.org;
  const current = boards.find((b) => b.state === "current");
  const incoming = boards.filter((b) => b.state === "incoming");
  const past = boards.filter((b) => b.state === "past");
  return (
    <>
      <h2>{current ? o.page.currentBoard(o.year(current.year)) : o.page.noBoard}</h2>
      {current && (
        <BoardCard
          board={current}
          title={o.page.currentBoard(o.year(current.year))}
          manage={manage}
          invitations={invitations.filter((i) => i.boardId === current.id)}
        />
      )}
      {actions}
      <h2>{o.page.incomingTitle}</h2>
      {incoming.length === 0 && <p>{o.page.noIncoming}</p>}
      {incoming.map((b) => (
        <BoardCard
          board={b}
          title={o.page.incomingBoard(o.year(b.year), formatDate(lang, b.startsOn))}
          manage={manage}
          invitations={invitations.filter((i) => i.boardId === b.id)}
        />
      ))}
      <h2>{o.page.history}</h2>
      {past.length === 0 ? (
        <p>{o.page.noHistory}</p>
      ) : (
        <ul class="plain-list">
          {past.map((b) => (
            <li>
              <details>
                <summary>
                  {o.year(b.year)} · {t.org.staff.members(b.members.length)}
                </summary>
                <BoardCard board={b} title={o.year(b.year)} />
              </details>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function OrgEditForm({
  title,
  action,
  cancel,
  values,
  errors,
  withStatus,
}: FormProps & { title: string; action: string; cancel: string; withStatus?: boolean }) {
  const { t } = usePage();
  return (
    <div class="narrow">
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={useOrgLabels()} />
      <Form action={action}>
        <OrgFields values={values} errors={errors} withStatus={withStatus} />
        <Submit
          label={t.common.save}
          secondary={
            <a href={cancel} class="button secondary">
              {t.common.cancel}
            </a>
          }
        />
      </Form>
    </div>
  );
}
