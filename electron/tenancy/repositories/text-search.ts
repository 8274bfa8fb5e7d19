/**
 * A prefix search as a range, `col >= prefix AND col < prefix + U+10FFFF (the highest code point)`, so it
 * walks the (tenant_id, col) index; LIKE 'x%' would not use it under SQLite's
 * default case-insensitive LIKE.
 */
export function prefixRange(prefix: string): { from: string; to: string } {
  return { from: prefix, to: `${prefix}\u{10ffff}` };
}
