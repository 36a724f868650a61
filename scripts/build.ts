/**
 * Builds what the browser loads: each team's federated remote (rspack) and the shell (Bun).
 * Prints one line per step. Run by `npm start`, `npm test` and `npm run build`.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");

async function run(label: string, cmd: string[], cwd: string): Promise<void> {
  const started = performance.now();
  process.stdout.write(`• building ${label}…\n`);
  const proc = Bun.spawn(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) {
    process.stderr.write(
      `${out}${err}\n✗ building ${label} failed (exit ${code}); the command was: ${cmd.join(" ")} in ${cwd}\n`,
    );
    process.exit(1);
  }
  const summary = out.trim().split("\n").filter(Boolean).at(-1) ?? "";
  process.stdout.write(
    `  ✓ ${label} in ${Math.round(performance.now() - started)} ms ${summary ? `— ${summary}` : ""}\n`,
  );
}

/** Builds every fragment remote and the shell. */
export async function buildAll(): Promise<void> {
  const bin = join(root, "node_modules", ".bin");
  for (const team of readdirSync(join(root, "fragments"))) {
    if (!existsSync(join(root, "fragments", team, "rspack.config.mjs"))) continue; // no federated components
    await run(
      `fragments/${team} (federated remote)`,
      [join(bin, "rspack"), "build", "-c", "rspack.config.mjs"],
      join(root, "fragments", team),
    );
  }
  await run("shell", [process.execPath, "shell/build.ts"], root);
}

if (import.meta.main) await buildAll();
