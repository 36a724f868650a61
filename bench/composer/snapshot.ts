/**
 * A runnable copy of the repository at a git ref, in a temp directory: for measuring a committed
 * composer while the working tree is being changed (`--tessera-ref=HEAD`). The copy gets this
 * benchmark (from the working tree) and a node_modules of links to the installed packages, with
 * the `@tessera/*` workspaces pointing into the copy. Reads git; writes only under `dest`.
 */
import { cpSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";

export async function snapshot(root: string, ref: string, dest: string): Promise<string> {
  mkdirSync(dest, { recursive: true });
  const archive = Bun.spawn(["git", "-C", root, "archive", "--format=tar", ref], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const untar = Bun.spawn(["tar", "-x", "-C", dest], { stdin: archive.stdout, stderr: "pipe" });
  const [archived, untarred] = await Promise.all([archive.exited, untar.exited]);
  if (archived !== 0 || untarred !== 0)
    throw new Error(
      `cannot copy git ref "${ref}" of ${root}: ${await new Response(archive.stderr).text()}${await new Response(untar.stderr).text()}`,
    );
  cpSync(join(root, "bench", "composer"), join(dest, "bench", "composer"), { recursive: true });
  const modules = join(dest, "node_modules");
  mkdirSync(join(modules, "@tessera"), { recursive: true });
  for (const entry of readdirSync(join(root, "node_modules"))) {
    if (entry === "@tessera") continue;
    symlinkSync(join(root, "node_modules", entry), join(modules, entry));
  }
  for (const name of readdirSync(join(root, "node_modules", "@tessera"))) {
    const target = resolve(
      join(root, "node_modules", "@tessera"),
      readlinkSync(join(root, "node_modules", "@tessera", name)),
    );
    const inCopy = join(dest, target.slice(root.length + 1));
    symlinkSync(inCopy, join(modules, "@tessera", name));
  }
  return dest;
}
