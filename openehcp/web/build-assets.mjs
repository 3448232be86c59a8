// Builds the static front-end into openehcp/web/frontend/dist (git-ignored):
// compiles the Sass with the council font stack and copies the precompiled
// GOV.UK Frontend and MOJ Frontend JavaScript and images.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const dist = join(here, "frontend", "dist");
const modules = join(root, "node_modules");
mkdirSync(dist, { recursive: true });

const css = sass.compile(join(here, "frontend", "openehcp.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  loadPaths: [root],
  quietDeps: true,
  silenceDeprecations: ["import"],
  // GOV.UK Frontend warns when MOJ Frontend uses its deprecated mixins: nothing we can change,
  // so only warnings about our own Sass are shown.
  logger: {
    warn(message, { stack }) {
      if (!(stack ?? "").startsWith("node_modules/")) console.warn(message);
    },
  },
});
writeFileSync(join(dist, "openehcp.css"), css.css);

const govuk = join(modules, "govuk-frontend", "dist", "govuk");
const moj = join(modules, "@ministryofjustice", "frontend", "moj");
cpSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(dist, "images"), { recursive: true });
cpSync(join(moj, "moj-frontend.min.js"), join(dist, "moj-frontend.min.js"));
cpSync(join(moj, "assets", "images"), join(dist, "images"), { recursive: true, force: true });
cpSync(join(root, "node_modules", "axe-core", "axe.min.js"), join(dist, "axe.min.js"));
console.log("built front-end assets into", dist);
