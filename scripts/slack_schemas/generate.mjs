// Writes slack_double/json_schemas/<Type>.json: JSON Schema (draft-07) of the Slack Web API argument
// types and Block Kit surfaces that the Slack double (slack_double/) checks every call against.
// Source: the TypeScript types Slack publishes in @slack/web-api (dist/types/request/*.d.ts) and
// @slack/types (Block Kit, views), at the versions pinned in package.json / package-lock.json.
// Same settings as `ts-json-schema-generator --no-type-check --type <Type>` (sorted keys, 2-space indent).
//
//   cd scripts/slack_schemas && npm ci && npm run generate
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import stringify from "safe-stable-stringify";
import { createGenerator } from "ts-json-schema-generator";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, "..", "..", "slack_double", "json_schemas");

// Types per source file. Add a type here when the double learns a new method (slack_double/schemas.py).
const SOURCES = {
  "node_modules/@slack/web-api/dist/types/request/index.d.ts": [
    "AppsConnectionsOpenArguments",
    "AuthTestArguments",
    "CanvasesDeleteArguments",
    "CanvasesEditArguments",
    "CanvasesSectionsLookupArguments",
    "ChatDeleteArguments",
    "ChatDeleteScheduledMessageArguments",
    "ChatGetPermalinkArguments",
    "ChatPostEphemeralArguments",
    "ChatPostMessageArguments",
    "ChatScheduleMessageArguments",
    "ChatUpdateArguments",
    "ConversationsArchiveArguments",
    "ConversationsCanvasesCreateArguments",
    "ConversationsCreateArguments",
    "ConversationsHistoryArguments",
    "ConversationsInfoArguments",
    "ConversationsInviteArguments",
    "ConversationsListArguments",
    "ConversationsMembersArguments",
    "ConversationsOpenArguments",
    "ConversationsSetTopicArguments",
    "ConversationsUnarchiveArguments",
    "FilesCompleteUploadExternalArguments",
    "FilesGetUploadURLExternalArguments",
    "FilesInfoArguments",
    "OAuthV2AccessArguments",
    "PinsAddArguments",
    "PinsRemoveArguments",
    "UsersInfoArguments",
    "UsersLookupByEmailArguments",
    "ViewsOpenArguments",
    "ViewsPublishArguments",
    "ViewsPushArguments",
    "ViewsUpdateArguments",
  ],
  "node_modules/@slack/types/dist/index.d.ts": ["HomeView", "KnownBlock", "ModalView"],
};

mkdirSync(out, { recursive: true });
for (const name of readdirSync(out)) {
  if (name.endsWith(".json")) rmSync(join(out, name));
}
for (const [path, types] of Object.entries(SOURCES)) {
  const generator = createGenerator({
    path: join(here, path),
    skipTypeCheck: true,
    expose: "export",
    jsDoc: "extended",
    topRef: true,
    sortProps: true,
    encodeRefs: true,
    functions: "comment",
    additionalProperties: false,
  });
  for (const type of types) {
    writeFileSync(join(out, `${type}.json`), stringify(generator.createSchema(type), null, 2));
    console.log(`${type}.json`);
  }
}
