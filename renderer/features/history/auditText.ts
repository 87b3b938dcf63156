// The audit log in a reviewer's words: who changed what, when, from what to what. Entries are stored
// as entity, action, field and before/after JSON; this turns each into one line of a history table,
// naming fields, outcomes, timepoints and arms from the form. Pure functions. Layer: renderer.
import type { Arm, ExtractionForm } from '../../../shared/model/extraction';
import type { AuditEntry } from '../../../shared/model/types';

export interface HistoryRow {
  seq: number;
  at: string;
  who: string;
  what: string;
  from: string;
  to: string;
}

export interface HistoryContext {
  reviewerName(id: string | null): string;
  form: ExtractionForm | null;
  arms: readonly Arm[];
}

const STATUS_WORDS: Record<string, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  complete: 'Complete',
};

const COMPONENT_WORDS: Record<string, string> = {
  events: 'events',
  total: 'total',
  mean: 'mean',
  sd: 'SD',
  n: 'n',
  mean_change: 'mean change',
  sd_change: 'SD change',
  estimate: 'estimate',
  lower: 'CI lower',
  upper: 'CI upper',
  se: 'SE',
};

const MAX_TEXT = 160;

function parse(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

function short(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** A stored value or object as short text: strings as they are, lists joined, objects as key: value. */
export function plainValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return short(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return short(value.map(plainValue).join(', '));
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
  return short(entries.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; '));
}

/** "LVEF, Baseline, CRT, SD" or "Age" for a value's target key ("field:id" or "outcome:o:t:arm:component"). */
export function describeTargetKey(key: string, ctx: HistoryContext): string {
  const [kind, ...parts] = key.split(':');
  if (kind === 'field') {
    return ctx.form?.fields.find((f) => f.id === parts[0])?.label ?? 'a removed field';
  }
  const [outcomeId, timepointId, armId, component] = parts;
  const outcome = ctx.form?.outcomes.find((o) => o.id === outcomeId);
  const timepoint =
    outcome?.timepoints.find((t) => t.id === timepointId) ??
    outcome?.archivedTimepoints?.find((t) => t.id === timepointId);
  const arm = armId && armId !== '-' ? (ctx.arms.find((a) => a.id === armId)?.label ?? 'a removed arm') : null;
  return [
    outcome?.name ?? 'a removed outcome',
    timepoint?.label ?? 'a removed timepoint',
    arm,
    component ? (COMPONENT_WORDS[component] ?? component) : null,
  ]
    .filter(Boolean)
    .join(', ');
}

/** A cell's state as stored in its audit entry: "4.3 (typed)", "not reported", or "—". */
function cellText(view: unknown): string {
  if (!view || typeof view !== 'object') return '—';
  const cell = view as { state?: string; value?: unknown; origin?: string };
  if (cell.state === 'not_reported') return 'not reported';
  if (cell.state !== 'value') return cell.state ?? '—';
  return `${plainValue(cell.value)}${cell.origin ? ` (${cell.origin})` : ''}`;
}

export function historyRow(entry: AuditEntry, ctx: HistoryContext): HistoryRow {
  const before = parse(entry.before);
  const after = parse(entry.after);
  const base = { seq: entry.seq, at: entry.at, who: ctx.reviewerName(entry.reviewerId) };
  const field = entry.field ?? '';
  switch (entry.entity) {
    case 'extraction_value':
    case 'consensus_value': {
      const slash = field.indexOf('/');
      const rest = slash >= 0 ? field.slice(slash + 1) : field;
      const how = /\s\((undo|redo)\)$/.exec(rest)?.[1];
      const key = how ? rest.slice(0, rest.length - how.length - 3) : rest;
      const target = describeTargetKey(key, ctx);
      const whose = entry.entity === 'consensus_value' ? 'Consensus: ' : '';
      return {
        ...base,
        what: `${whose}${target}${how ? ` (${how})` : ''}`,
        from: entry.entity === 'extraction_value' ? cellText(before) : plainValue(before),
        to: entry.entity === 'extraction_value' ? cellText(after) : plainValue(after),
      };
    }
    case 'extraction_status':
      return {
        ...base,
        what: `Status (${ctx.reviewerName(field || null)})`,
        from: STATUS_WORDS[String(before)] ?? plainValue(before),
        to: STATUS_WORDS[String(after)] ?? plainValue(after),
      };
    case 'arm': {
      const label = (v: unknown) => (typeof v === 'string' ? v : ((v as { label?: string } | null)?.label ?? '—'));
      const what = { create: 'Added arm', update: 'Renamed arm', delete: 'Removed arm' }[entry.action];
      return {
        ...base,
        what,
        from: entry.action === 'create' ? '—' : label(before),
        to: entry.action === 'delete' ? '—' : label(after),
      };
    }
    case 'highlight': {
      const exact = (v: unknown) => (v as { exact?: string } | null)?.exact;
      const what =
        entry.action === 'create'
          ? 'Highlighted text'
          : entry.action === 'delete'
            ? 'Deleted a highlight'
            : 'Highlight moved to a new version of the PDF';
      return {
        ...base,
        what,
        from: entry.action === 'create' ? '—' : short(`“${exact(before) ?? plainValue(before)}”`),
        to: entry.action === 'delete' ? '—' : short(`“${exact(after) ?? plainValue(after)}”`),
      };
    }
    case 'study':
      return {
        ...base,
        what: entry.action === 'create' ? 'Added the study' : `Study ${entry.action}d`,
        from: plainValue(before),
        to: plainValue(after),
      };
    case 'report': {
      const title = (after as { title?: string } | null)?.title;
      return { ...base, what: 'Added a citation record', from: '—', to: title ? short(title) : plainValue(after) };
    }
    case 'study_document': {
      const fileName = (after as { fileName?: string } | null)?.fileName;
      return {
        ...base,
        what: entry.action === 'create' ? 'Attached a document' : 'Replaced a document',
        from: entry.action === 'create' ? '—' : plainValue(before),
        to: fileName ?? (entry.action === 'create' ? plainValue(after) : '—'),
      };
    }
    case 'form': {
      const summary = (after as { summary?: string } | null)?.summary;
      return {
        ...base,
        what: summary ? `Form: ${summary}` : 'Form created',
        from: versionText(before),
        to: versionText(after),
      };
    }
    case 'reviewer':
      return {
        ...base,
        what: entry.action === 'create' ? 'Reviewer added' : `Reviewer ${field || 'changed'}`,
        from: plainValue(before),
        to: plainValue(after),
      };
    default:
      return {
        ...base,
        what: `${entry.entity.replace(/_/g, ' ')} ${entry.action}${field ? ` (${field})` : ''}`,
        from: plainValue(before),
        to: plainValue(after),
      };
  }
}

function versionText(v: unknown): string {
  const version = (v as { version?: number } | null)?.version;
  return typeof version === 'number' ? `version ${version}` : '—';
}
