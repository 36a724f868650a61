/**
 * A browser without JavaScript, as far as the security tier needs one: a cookie jar, page
 * views, and form posts carrying the CSRF token the last page's forms held — against the
 * composer over real HTTP.
 */
export class BrowserSession {
  readonly cookies = new Map<string, string>();
  private token = "";

  constructor(readonly base: string) {}

  private keep(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = (pair ?? "").indexOf("=");
      const name = (pair ?? "").slice(0, eq).trim();
      const value = (pair ?? "").slice(eq + 1).trim();
      if (/Max-Age=0/i.test(line) || !value) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  private get cookieHeader(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
  }

  /** Opens a page (remembering its forms' CSRF token). */
  async open(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = this.keep(
      await fetch(`${this.base}${path}`, {
        headers: { accept: "text/html", cookie: this.cookieHeader, ...headers },
        redirect: "manual",
      }),
    );
    const html = await response.clone().text();
    this.token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.token;
    return response;
  }

  /** Posts a form as the page's `<form method="post">` would (same origin, with the token). */
  async post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.keep(
      await fetch(`${this.base}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie: this.cookieHeader,
          origin: this.base,
          "sec-fetch-site": "same-origin",
        },
        body: new URLSearchParams({ ...fields, _csrf: this.token }).toString(),
        redirect: "manual",
      }),
    );
  }

  /** A JSON API call through the gateway. */
  async api(path: string, init: RequestInit = {}): Promise<Response> {
    return this.keep(
      await fetch(`${this.base}${path}`, {
        ...init,
        headers: {
          accept: "application/json",
          cookie: this.cookieHeader,
          ...(init.headers as Record<string, string>),
        },
        redirect: "manual",
      }),
    );
  }
}
