/** Who is deploying: `--by`, else `$TESSERA_USER`, the git user name, `$USER`, or "unknown". */
export function whoIsDeploying(by?: string): string {
  if (by?.trim()) return by.trim();
  if (process.env.TESSERA_USER) return process.env.TESSERA_USER;
  try {
    const git = Bun.spawnSync(["git", "config", "user.name"], { stdout: "pipe", stderr: "ignore" });
    const name = git.stdout.toString().trim();
    if (git.exitCode === 0 && name) return name;
  } catch {
    // no git here
  }
  return process.env.USER || process.env.USERNAME || "unknown";
}
