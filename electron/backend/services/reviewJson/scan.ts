// Reads a JSON file whose top level is an object, one value at a time and in bounded memory: each
// top-level value is handed over whole (parsed), except arrays, whose elements are handed over one by
// one. Any layout is read (one record per line as Caliper writes it, pretty-printed, or all on one
// line); memory holds one element, never the file. A syntax error names its line and column.
// Layer: electron/backend.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export interface ScanHandler {
  /** A top-level value that is not an array, parsed. */
  value(key: string, value: unknown): void;
  arrayStart(key: string): void;
  /** One element of a top-level array, parsed; `index` counts from 0. */
  element(key: string, index: number, value: unknown): void;
  arrayEnd(key: string, count: number): void;
}

export class ScanError extends Error {}

const CHUNK_BYTES = 1024 * 1024;

type State =
  | 'start'
  | 'keyOrEnd'
  | 'keyNext'
  | 'key'
  | 'colon'
  | 'value'
  | 'elementOrEnd'
  | 'element'
  | 'capture'
  | 'afterElement'
  | 'afterValue'
  | 'done';

const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\r' || c === '\t';

class Scanner {
  private state: State = 'start';
  private line = 1;
  private column = 0;
  private key = '';
  private keyText = '';
  private inArray = false;
  private index = 0;
  // The value being captured: its text so far, nesting depth, whether in a string, after a backslash.
  private parts: string[] = [];
  private size = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;
  private readonly seen = new Set<string>();

  constructor(
    private readonly handler: ScanHandler,
    private readonly maxValueChars: number,
  ) {}

  private fail(message: string): never {
    throw new ScanError(`line ${this.line}, column ${this.column}: ${message}`);
  }

  private where(): string {
    return this.inArray ? `${this.key}[${this.index}]` : this.key;
  }

  private begin(): void {
    this.parts = [];
    this.size = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.scalar = false;
    this.state = 'capture';
  }

  private finish(): void {
    const text = this.parts.join('');
    this.parts = [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ScanError(`${this.where()}: is not JSON (${(error as Error).message})`);
    }
    if (this.inArray) {
      this.handler.element(this.key, this.index, value);
      this.index++;
      this.state = 'afterElement';
    } else {
      this.handler.value(this.key, value);
      this.state = 'afterValue';
    }
  }

  feed(chunk: string): void {
    let captureFrom = this.state === 'capture' ? 0 : -1;
    const length = chunk.length;
    for (let i = 0; i < length; i++) {
      if (this.inString && !this.escaped && this.state === 'capture') {
        // Most of a record is text inside strings: skip to the next quote, backslash or line end.
        let j = i;
        for (; j < length; j++) {
          const code = chunk.charCodeAt(j);
          if (code === 0x22 || code === 0x5c || code === 0x0a) break;
        }
        this.column += j - i;
        i = j;
        if (i === length) break;
      }
      const c = chunk[i]!;
      if (c === '\n') {
        this.line++;
        this.column = 0;
      } else this.column++;
      switch (this.state) {
        case 'capture': {
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === '\\') this.escaped = true;
            else if (c === '"') {
              this.inString = false;
              if (this.depth === 0) {
                this.parts.push(chunk.slice(captureFrom, i + 1));
                captureFrom = -1;
                this.finish();
              }
            }
            continue;
          }
          if (this.scalar) {
            if (c === ',' || c === '}' || c === ']' || isSpace(c)) {
              this.parts.push(chunk.slice(captureFrom, i));
              captureFrom = -1;
              this.finish();
              i--; // the delimiter belongs to what follows
              if (c === '\n') this.line--;
              else this.column--;
            }
            continue;
          }
          if (c === '"') this.inString = true;
          else if (c === '{' || c === '[') this.depth++;
          else if (c === '}' || c === ']') {
            this.depth--;
            if (this.depth === 0) {
              this.parts.push(chunk.slice(captureFrom, i + 1));
              captureFrom = -1;
              this.finish();
            }
          }
          continue;
        }
        case 'key': {
          if (this.escaped) this.escaped = false;
          else if (c === '\\') this.escaped = true;
          else if (c === '"') {
            try {
              this.key = JSON.parse(`"${this.keyText}"`) as string;
            } catch {
              this.fail('a key is not a valid JSON string');
            }
            if (this.seen.has(this.key)) this.fail(`"${this.key}" appears twice`);
            this.seen.add(this.key);
            this.state = 'colon';
            continue;
          }
          this.keyText += c;
          if (this.keyText.length > 1000) this.fail('a key is too long');
          continue;
        }
      }
      if (isSpace(c)) continue;
      switch (this.state) {
        case 'start':
          if (c !== '{') this.fail('expected "{" (a Caliper review export is a JSON object)');
          this.state = 'keyOrEnd';
          break;
        case 'keyOrEnd':
        case 'keyNext':
          if (c === '}' && this.state === 'keyOrEnd') {
            this.state = 'done';
            break;
          }
          if (c !== '"') this.fail('expected a key in double quotes');
          this.keyText = '';
          this.escaped = false;
          this.state = 'key';
          break;
        case 'afterValue':
          if (c === '}') this.state = 'done';
          else if (c === ',') this.state = 'keyNext';
          else this.fail('expected "," or "}"');
          break;
        case 'colon':
          if (c !== ':') this.fail('expected ":"');
          this.state = 'value';
          break;
        case 'value':
          if (c === '[') {
            this.inArray = true;
            this.index = 0;
            this.handler.arrayStart(this.key);
            this.state = 'elementOrEnd';
            break;
          }
          this.inArray = false;
          this.startCapture(c);
          captureFrom = i;
          break;
        case 'elementOrEnd':
        case 'element':
          if (c === ']' && this.state === 'elementOrEnd') {
            this.handler.arrayEnd(this.key, this.index);
            this.inArray = false;
            this.state = 'afterValue';
            break;
          }
          this.startCapture(c);
          captureFrom = i;
          break;
        case 'afterElement':
          if (c === ',') this.state = 'element';
          else if (c === ']') {
            this.handler.arrayEnd(this.key, this.index);
            this.inArray = false;
            this.state = 'afterValue';
          } else this.fail('expected "," or "]"');
          break;
        case 'done':
          this.fail('there is more after the end of the object');
      }
    }
    if (captureFrom !== -1 && this.state === 'capture') {
      const piece = chunk.slice(captureFrom);
      this.parts.push(piece);
      this.size += piece.length;
      if (this.size > this.maxValueChars)
        this.fail(`${this.where()} is too large (over ${this.maxValueChars} characters)`);
    }
  }

  /** Starts capturing a value at its first character c. */
  private startCapture(c: string): void {
    this.begin();
    if (c === '"') this.inString = true;
    else if (c === '{' || c === '[') this.depth = 1;
    else if (c === '-' || (c >= '0' && c <= '9') || c === 't' || c === 'f' || c === 'n') this.scalar = true;
    else this.fail(`unexpected "${c}"`);
  }

  end(): void {
    if (this.state === 'capture' && this.scalar) {
      this.finish();
    }
    if (this.state !== 'done') this.fail('the file ends before the object does (cut short?)');
  }
}

/** Reads the JSON file at `file` through the handler; throws ScanError for a syntax error. */
export function scanJsonFile(
  file: string,
  handler: ScanHandler,
  maxValueChars: number,
  chunkBytes = CHUNK_BYTES,
): void {
  const scanner = new Scanner(handler, maxValueChars);
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.alloc(chunkBytes);
  const fd = openSync(file, 'r');
  try {
    let first = true;
    for (;;) {
      const read = readSync(fd, buffer, 0, chunkBytes, null);
      if (read === 0) break;
      let text = decoder.write(buffer.subarray(0, read));
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      scanner.feed(text);
    }
    scanner.feed(decoder.end());
    scanner.end();
  } finally {
    closeSync(fd);
  }
}
