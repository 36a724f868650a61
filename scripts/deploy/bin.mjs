#!/usr/bin/env node
// `npx tessera …`: the same as `npm run tessera -- …` (installs what is missing, then runs
// scripts/tessera.ts under Bun).
process.argv.splice(2, 0, "tessera");
await import("../bootstrap.mjs");
