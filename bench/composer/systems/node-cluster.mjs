/**
 * Runs a Node server script in N processes with node:cluster, as Node users scale a server over
 * the cores: the primary forks WORKERS workers of SCRIPT (argv[2]); their `listen` on one port is
 * shared (the primary accepts and hands connections round robin). A worker that dies is
 * replaced; SIGTERM stops every worker, then the primary. WORKERS=1 runs the script directly.
 *
 * Usage: WORKERS=2 node node-cluster.mjs ./tailor-server.mjs
 */
import cluster from "node:cluster";
import { pathToFileURL } from "node:url";

const script = process.argv[2];
const workers = Number(process.env.WORKERS ?? 1);

if (workers <= 1 || !cluster.isPrimary) {
  await import(pathToFileURL(script).href);
} else {
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} exited (${code ?? signal}); forking another`);
    cluster.fork();
  });
  process.on("SIGTERM", () => {
    stopping = true;
    const all = Object.values(cluster.workers ?? {});
    let left = all.length;
    if (left === 0) process.exit(0);
    for (const worker of all) {
      worker.once("exit", () => {
        if (--left === 0) process.exit(0);
      });
      worker.process.kill("SIGTERM");
    }
  });
}
