import { initAll as initGovuk } from "../dist/govuk-frontend.min.js";
import { initAll as initMoj } from "../dist/moj-frontend.min.js";

initGovuk();
initMoj();
