// Row ids: UUIDs (so rows from two copies of a review can be merged), time-ordered as RFC 9562
// version 7 (48 bits of Unix milliseconds, then random bits). A random (version 4) key lands on a
// random page of its table's primary-key index and of every index that repeats it (reports by
// study, links by study, values by study): a 100,000-record import then rewrites pages all over
// those indexes. Ids that grow with time append to the right edge instead. Built on
// crypto.randomUUID for the random part: ten times faster than the uuid package's v7, which
// matters for imports of 100,000 records. Layer: electron/backend (db).
import { randomUUID } from 'node:crypto';

/**
 * A new row id: `tttttttt-tttt-7rrr-vrrr-rrrrrrrrrrrr`, where t is the time in milliseconds and the
 * rest (variant bits v included) comes from a version 4 UUID. Ids made in the same millisecond
 * share their prefix and are not ordered among themselves; nothing depends on their order.
 */
export function newRowId(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  // randomUUID(): 8 hex, '-', 4 hex, '-', '4' (the version, index 14), 3 hex, '-', variant + 3 hex, '-', 12 hex.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}
