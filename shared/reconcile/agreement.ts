// Agreement between two reviewers, from their values as extracted (before any consensus): per field,
// per outcome and overall — cells compared, percent agreement (exact and within tolerance), counts of
// differences and cells only one filled, and Cohen's kappa with its 95% CI for choice and yes/no
// fields. Layer: shared (pure TypeScript).
import type { FieldType } from '../model/extraction';
import { normaliseNumber, type CellSide, type Comparison } from './compare';
import { cohenKappa } from './kappa';

/** One compared cell, with the field or outcome it belongs to. */
export interface AgreementItem {
  groupId: string;
  groupName: string;
  /** A field's type, or "outcome". */
  kind: FieldType | 'outcome';
  a: CellSide | null;
  b: CellSide | null;
  comparison: Comparison;
}

export interface AgreementFigures {
  cells: number;
  agree: number;
  differ: number;
  onlyOne: number;
  bothNotReported: number;
  /** Percent of cells with the same value (or both not reported); null when no cells. */
  percent: number | null;
  percentWithinTolerance: number | null;
}

export interface GroupAgreement extends AgreementFigures {
  id: string;
  field: string;
  kind: FieldType | 'outcome';
  /** Cohen's kappa for single-choice and yes/no fields (null elsewhere, or when it is undefined). */
  kappa: number | null;
  kappaLower: number | null;
  kappaUpper: number | null;
  /** Pairs the kappa was computed on (cells both reviewers filled). */
  kappaPairs: number | null;
}

export interface AgreementReport {
  overall: AgreementFigures;
  fields: GroupAgreement[];
}

export const KAPPA_KINDS: readonly string[] = ['single_choice', 'yes_no_unclear'];

/** The category a side rates in, for kappa: its choice, or "not reported". */
export function categoryOf(side: CellSide): string {
  if (side.state === 'not_reported') return '(not reported)';
  const n = normaliseNumber(side.value);
  if (n !== null) return String(n);
  return String(side.value).normalize('NFC').trim().toLocaleLowerCase('en');
}

export function figures(items: readonly AgreementItem[]): AgreementFigures {
  let agree = 0;
  let differ = 0;
  let onlyOne = 0;
  let bothNotReported = 0;
  let exact = 0;
  let within = 0;
  for (const item of items) {
    const c = item.comparison;
    if (c.state === 'agree') agree++;
    else if (c.state === 'differ') differ++;
    else if (c.state === 'only_one') onlyOne++;
    else bothNotReported++;
    if (c.exact) exact++;
    if (c.withinTolerance) within++;
  }
  const cells = items.length;
  return {
    cells,
    agree,
    differ,
    onlyOne,
    bothNotReported,
    percent: cells ? (100 * exact) / cells : null,
    percentWithinTolerance: cells ? (100 * within) / cells : null,
  };
}

/** Figures per field or outcome (in the order first met) and overall. */
export function agreement(items: readonly AgreementItem[]): AgreementReport {
  const groups = new Map<string, AgreementItem[]>();
  for (const item of items) {
    const list = groups.get(item.groupId);
    if (list) list.push(item);
    else groups.set(item.groupId, [item]);
  }
  const fields = [...groups.values()].map((list): GroupAgreement => {
    const first = list[0]!;
    const kappa = KAPPA_KINDS.includes(first.kind)
      ? cohenKappa(list.filter((i) => i.a && i.b).map((i) => [categoryOf(i.a!), categoryOf(i.b!)] as const))
      : null;
    return {
      id: first.groupId,
      field: first.groupName,
      kind: first.kind,
      ...figures(list),
      kappa: kappa?.kappa ?? null,
      kappaLower: kappa?.lower ?? null,
      kappaUpper: kappa?.upper ?? null,
      kappaPairs: kappa ? kappa.n : null,
    };
  });
  return { overall: figures(items), fields };
}
