/**
 * A response's header fields as they came on the wire, read without building a `Headers`: the
 * wire client's answers carry them, and their callers look up two or three names (a composer
 * reads a fragment's content type, cache directives and validator). `toHeaders()` makes the
 * `Headers` when one is needed (a stored copy, a proxied response).
 *
 * @example
 * const fields = new HeaderFields(["content-type", "text/html", "etag", '"v1"']);
 * fields.get("ETag"); // '"v1"'
 */

/** What reading a header needs: `Headers` and {@link HeaderFields} both are one. */
export interface HeaderLookup {
  get(name: string): string | null;
}

/** True when the field `name` (any case) is `lower`: lengths first, so most names are never lower-cased. */
function named(name: string, lower: string): boolean {
  return name.length === lower.length && (name === lower || name.toLowerCase() === lower);
}

export class HeaderFields implements HeaderLookup, Iterable<[string, string]> {
  /** `fields`: names (as sent, any case) and their values, alternating, in the order received. */
  constructor(private readonly fields: readonly string[]) {}

  /** The fields of a `Headers` (a `fetch` answer given the wire client's shape). */
  static of(headers: Headers): HeaderFields {
    const fields: string[] = [];
    headers.forEach((value, name) => {
      fields.push(name, value);
    });
    return new HeaderFields(fields);
  }

  /** The field's value, several joined with ", " (as `Headers.get`), or null. */
  get(name: string): string | null {
    const wanted = name.toLowerCase();
    const fields = this.fields;
    let found: string | null = null;
    for (let i = 0; i < fields.length; i += 2)
      if (named(fields[i] as string, wanted))
        found = found === null ? (fields[i + 1] as string) : `${found}, ${fields[i + 1]}`;
    return found;
  }

  has(name: string): boolean {
    const wanted = name.toLowerCase();
    for (let i = 0; i < this.fields.length; i += 2) if (named(this.fields[i] as string, wanted)) return true;
    return false;
  }

  /** Every `set-cookie` value on its own (they cannot be joined). */
  getSetCookie(): string[] {
    const cookies: string[] = [];
    for (let i = 0; i < this.fields.length; i += 2)
      if (named(this.fields[i] as string, "set-cookie")) cookies.push(this.fields[i + 1] as string);
    return cookies;
  }

  /** The fields in the order received, names lower-case. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (let i = 0; i < this.fields.length; i += 2)
      yield [(this.fields[i] as string).toLowerCase(), this.fields[i + 1] as string];
  }

  toHeaders(): Headers {
    const headers = new Headers();
    for (let i = 0; i < this.fields.length; i += 2)
      headers.append(this.fields[i] as string, this.fields[i + 1] as string);
    return headers;
  }
}
