/**
 * nginx SSI (Debian's /usr/sbin/nginx) as its users run it: pages are static files with
 * `<!--# include virtual -->`, fragments are proxied to the fragment server over keep-alive
 * upstream connections (`proxy_http_version 1.1`, empty `Connection`), `worker_processes N` (the run's `--workers`),
 * no access log. SSI runs on fragment responses too, so a fragment's includes nest.
 * Its prefix (config, pages, logs, temp paths) is a directory in the run's temp dir.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { FRAGMENT_TIMEOUT_MS, PAGE_HEAD, PAGE_TAIL, PAGES, type Page } from "../pages.ts";
import { freePort, spawnChild } from "../process.ts";
import type { System } from "./system.ts";

export const NGINX = "/usr/sbin/nginx";

function page(p: Page, nest: boolean): string {
  const include = (name: string) =>
    `<!--# include virtual="/f/${name}${nest && p.fragments.some((f) => f.name === name && f.children) ? "?nest=ssi" : ""}" -->`;
  return PAGE_HEAD + p.fragments.map((f) => include(f.name)).join("\n") + PAGE_TAIL;
}

function config(prefix: string, port: number, upstream: string, workers: number): string {
  const seconds = Math.ceil(FRAGMENT_TIMEOUT_MS / 1000);
  return `${process.getuid?.() === 0 ? "user root;\n" : ""}daemon off;
master_process on;
worker_processes ${workers};
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  default_type text/html;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  keepalive_requests 100000;
  upstream fragments {
    server ${upstream};
    keepalive 256;
  }
  server {
    listen 127.0.0.1:${port} reuseport backlog=4096;
    root ${prefix}/html;
    # Send what is composed at once (default: hold back until 1460 bytes), so the head and the
    # fragments above a slow one leave before it answers, as a streaming composer's do.
    location / { ssi on; postpone_output 0; }
    location /f/ {
      ssi on;
      postpone_output 0;
      proxy_pass http://fragments/frag/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout ${seconds}s;
    }
  }
}
`;
}

export const nginx: System = {
  name: "nginx",
  runtime: "nginx SSI, worker_processes N",
  async start({ fragments, tmp, workers }) {
    const port = await freePort();
    const prefix = `${tmp}/nginx`;
    for (const dir of ["conf", "html", "tmp"]) mkdirSync(`${prefix}/${dir}`, { recursive: true });
    writeFileSync(`${prefix}/conf/nginx.conf`, config(prefix, port, new URL(fragments).host, workers));
    writeFileSync(`${prefix}/html/three.html`, page(PAGES.three, false));
    writeFileSync(`${prefix}/html/nested.html`, page(PAGES.nested, true));
    writeFileSync(`${prefix}/html/slow.html`, page(PAGES.slow, false));
    const child = spawnChild(
      "nginx",
      [NGINX, "-p", prefix, "-e", `${prefix}/error.log`, "-c", `${prefix}/conf/nginx.conf`],
      {
        logFile: `${tmp}/nginx.log`,
      },
    );
    return {
      base: `http://127.0.0.1:${port}`,
      paths: { three: "/three.html", slow: "/slow.html" },
      nested: [{ path: "/nested.html", how: 'yes: <!--# include virtual="…" --> in a fragment\'s HTML' }],
      child,
    };
  },
};
