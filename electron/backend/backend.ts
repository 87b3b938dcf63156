// The application backend: owns the data folder, the app settings, the one open review (one SQLite
// connection) and the event bus. No `electron` import: Electron's main process, the web host, the CLI
// and the tests all create a Backend and talk to it through the router. Layer: electron/backend.
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CaliperError } from '../../shared/contract/result';
import type { ReviewInfo } from '../../shared/model/types';
import { reviewsDirOf } from './dataDir';
import { LOCAL_SESSION, RequestContext, SessionStore } from './context';
import { findReviewer, passcodeHashOf } from './db/repositories/reviewers';
import { closeReviewDb } from './db/open';
import { EventBus } from './events';
import type { PdfInfo } from './importers/pdf';
import { Lru } from './lru';
import { resources } from './resources';
import { releasePreviews, type ImportState } from './services/importReferences';
import { SettingsStore } from './settings';

function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}

export interface BackendOptions {
  dataDir: string;
  host: 'electron' | 'web';
  /** Runtime versions shown in About (node, electron, chrome, ...). */
  versions?: Record<string, string>;
  migrationsDir?: string;
  sampleDir?: string;
}

export interface OpenReview {
  db: Database.Database;
  info: ReviewInfo;
}

export class Backend {
  readonly dataDir: string;
  readonly reviewsDir: string;
  readonly host: 'electron' | 'web';
  readonly versions: Record<string, string>;
  readonly migrationsDir: string;
  readonly sampleDir: string;
  readonly settings: SettingsStore;
  readonly events = new EventBus();
  /** Windows and web-host tabs, each with its own reviewer. */
  readonly sessions = new SessionStore();
  /** Reference-file previews waiting to be committed, and the imports running (to cancel them). */
  readonly imports: ImportState = { previews: new Map(), running: new Map() };
  /**
   * What pdf.js read from recent PDFs, by SHA-256, so a PDF matched for folder import and then
   * imported is read once. Small: folder import goes one PDF at a time.
   */
  readonly recentPdfReads = new Lru<string, PdfInfo>(8);
  private open: OpenReview | null = null;
  /**
   * The desktop app's save dialog for exports (set by electron/main): resolves to the chosen path, or
   * null when the user cancels. Null where there is none (the web host, the command line).
   */
  chooseSavePath:
    ((suggestedName: string, format: { label: string; extension: string }) => Promise<string | null>) | null = null;

  constructor(options: BackendOptions) {
    this.dataDir = options.dataDir;
    this.reviewsDir = reviewsDirOf(options.dataDir);
    this.host = options.host;
    this.versions = { node: process.versions.node, ...options.versions, sqlite: sqliteVersion() };
    this.migrationsDir = options.migrationsDir ?? resources.migrationsDir;
    this.sampleDir = options.sampleDir ?? resources.sampleDir;
    mkdirSync(this.reviewsDir, { recursive: true });
    this.settings = new SettingsStore(this.dataDir);
  }

  get current(): OpenReview | null {
    return this.open;
  }

  /** The open review (its database and facts, no reviewer), or a clear error when none is open. */
  requireReview(): OpenReview {
    if (!this.open) throw new CaliperError('no_review', 'No review is open. Create or open a review first.');
    return this.open;
  }

  /** The context a request of this session is served in. */
  context(sessionId: string = LOCAL_SESSION): RequestContext {
    return new RequestContext(this, this.sessions.get(sessionId));
  }

  /** Who a session that has not chosen a reviewer starts as: the one last chosen in this review. */
  startingReviewer(review: OpenReview): string | null {
    const last = this.settings.get().lastReviewerByReview[review.info.id];
    // A reviewer with a passcode is never started as: the new session has to ask for it.
    return last && findReviewer(review.db, last) && passcodeHashOf(review.db, last) === null ? last : null;
  }

  setOpen(review: OpenReview | null): void {
    // Import previews were made for the review open now: they go with it.
    if (this.open !== review) releasePreviews(this.imports);
    if (this.open && this.open !== review) closeReviewDb(this.open.db);
    this.open = review;
    this.events.emit('review:changed', { review: review?.info ?? null });
  }

  close(): void {
    releasePreviews(this.imports);
    if (this.open) {
      closeReviewDb(this.open.db);
      this.open = null;
    }
  }
}
