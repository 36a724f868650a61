/** Logical subjects (`catalog.product-changed`) and the subjects on the wire (`<prefix>.catalog.product-changed`). */

/** Matches a subject against a filter with NATS wildcards (`*` one token, `>` the rest). */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split(".");
  const s = subject.split(".");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === ">") return s.length > i;
    if (i >= s.length || (f[i] !== "*" && f[i] !== s[i])) return false;
  }
  return f.length === s.length;
}

/** Checks a logical subject: dot-separated tokens of lower-case letters, digits, `-` and `_`. */
export function assertSubject(subject: string, wildcards = false): void {
  const token = wildcards ? /^([a-z0-9_-]+|\*|>)$/ : /^[a-z0-9_-]+$/;
  if (!subject.split(".").every((t) => token.test(t))) {
    throw new Error(
      `Bad subject "${subject}": use dot-separated tokens of a-z, 0-9, "-" and "_"${wildcards ? ' (or "*" and ">")' : ""}`,
    );
  }
}
