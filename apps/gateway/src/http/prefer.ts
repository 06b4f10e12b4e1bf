/**
 * Whether a `Prefer` header (RFC 7240) asks for `return=minimal`: preferences are a comma list of
 * `token[=value]` pairs (parameters after `;` ignored), case-insensitive, and several headers may come.
 */
export function prefersMinimal(header: string | string[] | undefined): boolean {
  const values = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return values
    .flatMap((value) => value.split(','))
    .map((preference) => preference.split(';')[0].replace(/\s+/g, '').toLowerCase())
    .includes('return=minimal');
}
