// Checks of a review file made with plain file reads, before SQLite opens it: the 100-byte header,
// whether the file is as long as its header says (a file cut short reads as zeros, which SQLite's own
// checks may not notice), and what a crash left beside it (a write-ahead log or rollback journal).
// The write-ahead log is read frame by frame and checked with its own checksums, as SQLite does on
// recovery (https://www.sqlite.org/fileformat2.html#walformat). Layer: electron/backend.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export const SQLITE_MAGIC = 'SQLite format 3\0';

export interface SqliteHeader {
  pageSize: number;
  /** Pages the header says the file holds; null when the header's count is not valid (SQLite then trusts the file size). */
  pageCount: number | null;
  /** Header bytes 18/19 are 2: the file was left in WAL mode (rollback mode when 1). */
  walMode: boolean;
  userVersion: number;
  applicationId: number;
}

/** Reads the SQLite header of a buffer of at least 100 bytes that starts with the SQLite magic. */
export function parseHeader(header: Buffer): SqliteHeader {
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const inHeaderPages = header.readUInt32BE(28);
  const changeCounter = header.readUInt32BE(24);
  const validFor = header.readUInt32BE(92);
  return {
    pageSize,
    pageCount: inHeaderPages > 0 && changeCounter === validFor ? inHeaderPages : null,
    walMode: header[18] === 2 && header[19] === 2,
    userVersion: header.readUInt32BE(60),
    applicationId: header.readUInt32BE(68),
  };
}

export function isValidPageSize(pageSize: number): boolean {
  return pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0;
}

/** Size in bytes of a file beside the review (its -wal or -journal), 0 when there is none. */
export function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export interface WalContent {
  /** Pages written by transactions that committed, as the log holds them. */
  pages: Set<number>;
  /** The database's size in pages after the last committed transaction; 0 when none committed. */
  committedPageCount: number;
}

const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

/** SQLite's WAL checksum over `data` (a multiple of 8 bytes), continuing from [s0, s1]. */
function walChecksum(data: Buffer, bigEndian: boolean, s: [number, number]): [number, number] {
  let [s0, s1] = s;
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/**
 * What a write-ahead log holds for the database: the pages of committed transactions. Frames are
 * taken while their salts match the log's header and their checksums hold, up to the last commit,
 * exactly as SQLite's recovery takes them; anything else (a torn last frame, stale frames from
 * before the log was restarted, bytes that are not a log) counts for nothing. Reads one frame at a
 * time, so memory stays at one page whatever the log's size.
 */
export function readWal(walFile: string, pageSizeOfDb: number): WalContent {
  const none: WalContent = { pages: new Set(), committedPageCount: 0 };
  let fd: number;
  try {
    fd = openSync(walFile, 'r');
  } catch {
    return none;
  }
  try {
    const header = Buffer.alloc(WAL_HEADER_BYTES);
    if (readSync(fd, header, 0, WAL_HEADER_BYTES, 0) < WAL_HEADER_BYTES) return none;
    const magic = header.readUInt32BE(0);
    if (magic !== 0x377f0682 && magic !== 0x377f0683) return none;
    const bigEndian = magic === 0x377f0683;
    const pageSize = header.readUInt32BE(8);
    if (pageSize !== pageSizeOfDb || !isValidPageSize(pageSize)) return none;
    let sum = walChecksum(header.subarray(0, 24), bigEndian, [0, 0]);
    if (sum[0] !== header.readUInt32BE(24) || sum[1] !== header.readUInt32BE(28)) return none;
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);

    const frame = Buffer.alloc(FRAME_HEADER_BYTES + pageSize);
    const result: WalContent = { pages: new Set(), committedPageCount: 0 };
    const pending: number[] = [];
    for (let offset = WAL_HEADER_BYTES; ; offset += frame.length) {
      if (readSync(fd, frame, 0, frame.length, offset) < frame.length) break;
      const page = frame.readUInt32BE(0);
      const commitSize = frame.readUInt32BE(4);
      if (page === 0 || frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2) break;
      sum = walChecksum(frame.subarray(0, 8), bigEndian, sum);
      sum = walChecksum(frame.subarray(FRAME_HEADER_BYTES), bigEndian, sum);
      if (sum[0] !== frame.readUInt32BE(16) || sum[1] !== frame.readUInt32BE(20)) break;
      pending.push(page);
      if (commitSize > 0) {
        for (const p of pending) result.pages.add(p);
        pending.length = 0;
        result.committedPageCount = commitSize;
      }
    }
    return result;
  } finally {
    closeSync(fd);
  }
}

/**
 * Why the file is shorter than its content needs, or null when it is whole. A file may be shorter
 * than its header says while a write-ahead log beside it holds the missing pages (a crash during a
 * checkpoint leaves exactly that, and SQLite then reads those pages from the log); otherwise a short
 * file has lost data.
 */
export function missingPages(fileSize: number, header: SqliteHeader, walFile: string): string | null {
  const { pageSize } = header;
  const wholePages = Math.floor(fileSize / pageSize);
  const needed = header.pageCount ?? Math.ceil(fileSize / pageSize);
  if (wholePages >= needed) return null;
  const wal = sizeOf(walFile) > WAL_HEADER_BYTES ? readWal(walFile, pageSize) : null;
  if (wal && wal.committedPageCount > 0) {
    // The log's last commit says how long the database is now; each page past the file's end must be in the log.
    if (wal.committedPageCount - wholePages > wal.pages.size) {
      return describeShortfall(fileSize, pageSize, wal.committedPageCount);
    }
    for (let page = wholePages + 1; page <= wal.committedPageCount; page++) {
      if (!wal.pages.has(page)) return describeShortfall(fileSize, pageSize, wal.committedPageCount);
    }
    return null;
  }
  return describeShortfall(fileSize, pageSize, needed);
}

function describeShortfall(fileSize: number, pageSize: number, pages: number): string {
  const expected = pages * pageSize;
  return `it is ${fileSize.toLocaleString('en')} bytes long but should be ${expected.toLocaleString('en')}: it was cut short, perhaps by an interrupted copy or download`;
}
