import { z } from "zod";
import { clearSessionCookie, setSessionCookie } from "../../core/auth/session.js";
import { MINUTE } from "../../core/clock.js";
import { type FieldErrors, type FormValues, f, parseForm } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { clientKey, type RateRule, rateLimit } from "../../core/http/ratelimit.js";
import { type App, page } from "../../core/http/router.js";
import { ErrorSummary, Form, Input, Submit } from "../../core/views/forms.js";
import { render } from "../../core/views/render.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { deviceHint, endSession, normaliseEmail, requestSignIn, safeNext, signInWithToken, tokenIsUsable } from "./service.js";

const WINDOW = 15 * MINUTE;

/** Sign-in limits (ADR 004): per client network, per address, and for using links per client network. */
const limits = (env: Env) =>
  ({
    signInIp: { name: "signin-ip", limit: env.SIGNIN_LIMIT_PER_IP, windowMs: WINDOW },
    signInAddress: { name: "signin-address", limit: env.SIGNIN_LIMIT_PER_ADDRESS, windowMs: WINDOW },
    linkIp: { name: "signin-link-ip", limit: env.SIGNIN_LIMIT_PER_IP * 2, windowMs: WINDOW },
  }) satisfies Record<string, RateRule>;

function SignInForm({ c, values, errors }: { c: Ctx; values?: FormValues; errors?: FieldErrors }) {
  const { t, lang } = c.var;
  const next = safeNext(values?.next ?? c.req.query("next"));
  return (
    <div class="narrow">
      <h1>{t.auth.signInTitle}</h1>
      <p>{t.auth.signInIntro}</p>
      <ErrorSummary errors={errors} labels={{ email: t.auth.email }} />
      <Form action={url(lang, "signIn")}>
        {next && <input type="hidden" name="next" value={next} />}
        <Input
          name="email"
          type="email"
          label={t.auth.email}
          hint={t.auth.emailHint}
          autocomplete="email"
          required
          values={values}
          errors={errors}
        />
        <Submit label={t.auth.send} />
      </Form>
    </div>
  );
}

const signInSchema = z.object({ email: f.email(), next: z.string().optional() });

export function authRoutes(app: App) {
  page(app, "GET", "signIn", (c) => {
    if (c.var.user) return c.redirect(safeNext(c.req.query("next")) ?? url(c.var.lang, "dashboard"), 303);
    return render(c, { title: c.var.t.auth.signInTitle }, <SignInForm c={c} />);
  });

  page(app, "POST", "signIn", async (c) => {
    const { deps, lang, t } = c.var;
    await rateLimit(c, limits(deps.env).signInIp, clientKey(c));
    const form = await parseForm(c, signInSchema);
    if (!form.ok)
      return render(c, { title: t.auth.signInTitle, status: 422 }, <SignInForm c={c} values={form.values} errors={form.errors} />);
    await rateLimit(c, limits(deps.env).signInAddress, normaliseEmail(form.data.email));
    await requestSignIn(deps.db, deps, { email: form.data.email, lang, next: form.data.next, now: deps.clock.now() });
    return c.redirect(url(lang, "signInSent"), 303);
  });

  page(app, "GET", "signInSent", (c) => {
    const { t, lang } = c.var;
    return render(
      c,
      { title: t.auth.sentTitle },
      <div class="narrow">
        <h1>{t.auth.sentTitle}</h1>
        <p>{t.auth.sentBody}</p>
        <p class="muted">{t.auth.sentNoMail}</p>
        <p>
          <a href={url(lang, "signIn")}>{t.auth.again}</a>
        </p>
      </div>,
    );
  });

  // The link in the mail only shows a button: mail scanners that follow links cannot use the token.
  page(app, "GET", "signInLink", async (c) => {
    const { t, lang, deps } = c.var;
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    const token = c.req.query("token") ?? "";
    const usable = token.length >= 20 && token.length <= 100 && (await tokenIsUsable(deps.db, token, deps.clock.now()));
    if (!usable) return render(c, { title: t.auth.linkInvalidTitle, status: 404, noindex: true }, <LinkInvalid c={c} />);
    return render(
      c,
      { title: t.auth.linkTitle, noindex: true },
      <div class="narrow">
        <h1>{t.auth.linkTitle}</h1>
        <p>{t.auth.linkIntro}</p>
        <Form action={url(lang, "signInLink")}>
          <input type="hidden" name="token" value={token} />
          <Submit label={t.auth.linkButton} />
        </Form>
      </div>,
    );
  });

  page(app, "POST", "signInLink", async (c) => {
    const { t, lang, deps } = c.var;
    await rateLimit(c, limits(deps.env).linkIp, clientKey(c));
    const body = await c.req.parseBody();
    const token = typeof body.token === "string" ? body.token.slice(0, 100) : "";
    const device = deviceHint(c.req.header("user-agent"));
    const result = token ? await signInWithToken(deps.db, token, { now: deps.clock.now(), lang, device }) : null;
    if (!result) return render(c, { title: t.auth.linkInvalidTitle, status: 404, noindex: true }, <LinkInvalid c={c} />);
    // A new session id at every sign-in; any session the browser had before is ended.
    if (c.var.sessionIdHash) await endSession(deps.db, c.var.sessionIdHash, deps.clock.now());
    setSessionCookie(c, result.sessionToken);
    const home = result.user.staffRole ? url(result.user.lang, "staffHome") : url(result.user.lang, "dashboard");
    return c.redirect(safeNext(result.next) ?? home, 303);
  });

  page(app, "POST", "signOut", async (c) => {
    const { deps, lang } = c.var;
    if (c.var.sessionIdHash) await endSession(deps.db, c.var.sessionIdHash, deps.clock.now());
    clearSessionCookie(c);
    return c.redirect(url(lang, "home"), 303);
  });
}

function LinkInvalid({ c }: { c: Ctx }) {
  const { t, lang } = c.var;
  return (
    <div class="narrow">
      <h1>{t.auth.linkInvalidTitle}</h1>
      <p>{t.auth.linkInvalidBody}</p>
      <p>
        <a class="button primary" href={url(lang, "signIn")}>
          {t.auth.again}
        </a>
      </p>
    </div>
  );
}
