import { parseQuery } from "../../core/forms.js";
import { type App, page } from "../../core/http/router.js";
import { render } from "../../core/views/render.js";
import { checkEligibility } from "../subsidies/eligibility.js";
import { currentYear, limitsOf, SUBSIDIES } from "../subsidies/service.js";
import { subsidyText } from "../subsidies/texts.js";
import { checkQuery } from "./forms.js";
import { CheckPage, CriteriaPage } from "./views.js";

/** The public subsidy pages: the criteria (the office's text and this year's amounts) and the eligibility check. */
export function subsidyPublicRoutes(app: App) {
  page(
    app,
    "GET",
    "subsidies",
    async (c) => {
      const { deps, t } = c.var;
      const limits = await limitsOf(deps.db, deps.env, currentYear(deps.env, deps.clock.now()));
      const body = await subsidyText(deps.db, "criteria");
      return render(c, { title: t.subsidies.title }, <CriteriaPage body={body} limits={limits} />);
    },
    { cache: { capability: SUBSIDIES } },
  );

  // A GET form: the answers are in the address, so the answer page can be kept, shared and cached.
  page(
    app,
    "GET",
    "subsidyCheck",
    async (c) => {
      const { deps, t } = c.var;
      const answers = parseQuery(c, checkQuery);
      const limits = await limitsOf(deps.db, deps.env, currentYear(deps.env, deps.clock.now()));
      return render(
        c,
        { title: t.subsidies.check.title },
        <CheckPage answers={answers} verdict={checkEligibility(answers, limits)} limits={limits} />,
      );
    },
    { cache: { capability: SUBSIDIES, params: Object.keys(checkQuery.shape), repeat: true } },
  );
}
