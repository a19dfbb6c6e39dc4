import type { PersonalDataProvider } from "../../core/privacy.js";
import { subscriptionIdOf } from "../mailing-list/service.js";
import { deliveriesOf } from "./service.js";

/**
 * The campaigns sent to the account's subscription (subject, status, when), a part of its
 * mailing-list data. Erasing: nothing of its own, the subscription's deletion takes its deliveries
 * with it (a cascade).
 */
export const campaignDeliveriesPrivacy: PersonalDataProvider = {
  name: "campaigns",
  async export(db, who) {
    const id = await subscriptionIdOf(db, who.email);
    return id ? deliveriesOf(db, id) : [];
  },
  async erase() {},
};
