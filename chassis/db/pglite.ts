/**
 * Embedded PostgreSQL (PGlite), one data directory per service, kept light: a small buffer
 * configuration and a data directory made from a template dump instead of running initdb each
 * time (see BACKEND-FACTS.md: ~175 MB → ~50 MB per instance, ~4.5 s → well under 1 s to create).
 */
import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

/** Small buffers: seven services share one process in the embedded mode. */
export const LIGHT_POSTGRES_CONF = [
  "shared_buffers=8MB",
  "work_mem=1MB",
  "maintenance_work_mem=4MB",
  "wal_buffers=256kB",
];

const TEMPLATE_PATH = join(tmpdir(), "tessera-pglite-template-0.5.16.tar.gz");
let templatePromise: Promise<Blob> | undefined;

/** A gzipped, freshly initialised data directory, made once per machine and reused. */
export function pgliteTemplate(): Promise<Blob> {
  templatePromise ??= (async () => {
    const file = Bun.file(TEMPLATE_PATH);
    if (await file.exists()) return new Blob([await file.arrayBuffer()]);
    const fresh = await PGlite.create({ postgresqlconf: LIGHT_POSTGRES_CONF });
    const dump = await fresh.dumpDataDir("gzip");
    await fresh.close();
    const temporary = `${TEMPLATE_PATH}.${process.pid}.tmp`;
    await writeFile(temporary, new Uint8Array(await dump.arrayBuffer()));
    await rename(temporary, TEMPLATE_PATH);
    return dump;
  })();
  return templatePromise;
}

/**
 * Opens (creating when missing) a PGlite database. `dataDir` undefined means in memory
 * (tests); a new directory is made from the template.
 */
export async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  const fresh = dataDir === undefined || !existsSync(join(dataDir, "PG_VERSION"));
  if (dataDir !== undefined) await mkdir(dirname(dataDir), { recursive: true });
  const loadDataDir = fresh ? await pgliteTemplate() : undefined;
  return PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(loadDataDir ? { loadDataDir } : {}),
    postgresqlconf: LIGHT_POSTGRES_CONF,
  });
}
