import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { releaseStoreConformance } from "../conformance.ts";
import { openFileStore } from "./file.ts";

releaseStoreConformance("file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tessera-releases-"));
  return {
    store: openFileStore({ dir, pollMs: 20 }),
    reopen: async () => openFileStore({ dir, pollMs: 20 }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
