// Contract channels for analyses: create, list, read, change and delete the review's stored analyses,
// run one on the current values, and export its plots (SVG, PNG), R script or JSON. Layer: shared.
import { z } from 'zod';
import type { Analysis } from '../analysis/model';
import type { AnalysisRun } from '../analysis/run';
import { MEASURES } from '../stats/effectSizes';
import { TAU2_METHODS } from '../stats/tau2';
import { channel } from './channel';

const id = z.string().min(1).max(100);
const name = z
  .string()
  .max(200, 'the analysis name is longer than 200 characters')
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, 'the analysis name is empty');
const armName = z.string().trim().min(1, 'the arm name is empty').max(500);

export const comparisonSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('arms'), intervention: armName, comparator: armName }),
  z.strictObject({ kind: z.literal('group'), arm: armName.nullable() }),
  z.strictObject({
    kind: z.literal('change'),
    arm: armName.nullable(),
    baselineTimepointId: id,
    correlation: z.number().min(-1).max(1),
  }),
  z.strictObject({ kind: z.literal('estimate') }),
]);

export const layerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('consensus') }),
  z.strictObject({ kind: z.literal('reviewer'), reviewerId: id }),
]);

const limit = z.number().finite().positive().nullable();

export const settingsSchema = z.strictObject({
  model: z.enum(['random', 'common']),
  tau2: z.enum(TAU2_METHODS),
  hartungKnapp: z.boolean(),
  predictionInterval: z.boolean(),
  level: z.number().gt(50).lt(100),
  convention: z.enum(['metafor', 'revman5']),
  doubleZero: z.strictObject({
    drop00: z.boolean(),
    add: z.number().min(0).max(10),
    to: z.enum(['only0', 'all', 'if0all', 'none']),
  }),
  subgroupFieldId: id.nullable(),
  sort: z.enum(['study', 'year', 'weight', 'effect']),
  axis: z.strictObject({ lower: z.number().finite().nullable(), upper: limit }),
  favours: z.strictObject({ left: z.string().max(100), right: z.string().max(100) }),
  funnelContours: z.boolean(),
  sensitivityExclude: z.array(id).max(10_000),
});

const measure = z.enum(MEASURES);
const method = z.enum(['IV', 'MH', 'PETO']);

export const analysisPatchSchema = z.strictObject({
  name: name.optional(),
  outcomeId: id.optional(),
  timepointId: id.optional(),
  comparison: comparisonSchema.optional(),
  layer: layerSchema.optional(),
  measure: measure.optional(),
  method: method.optional(),
  settings: settingsSchema.partial().optional(),
});

export type AnalysisPatch = z.input<typeof analysisPatchSchema>;

export const EXPORT_FORMATS = ['svg', 'png', 'r', 'json'] as const;

/** An exported file: text for SVG, R and JSON; base64 for PNG. */
export interface AnalysisExport {
  fileName: string;
  mediaType: string;
  text?: string;
  base64?: string;
}

export interface AnalysisListEntry extends Analysis {
  outcomeName: string;
  timepointLabel: string;
}

export const analysisChannels = {
  'analysis:list': channel(z.strictObject({})).returns<AnalysisListEntry[]>(),
  'analysis:get': channel(z.strictObject({ id })).returns<Analysis>(),
  /** A new analysis of an outcome with the defaults of its data type; anything given overrides them. */
  'analysis:create': channel(
    analysisPatchSchema.extend({ outcomeId: id, timepointId: id.optional() }),
  ).returns<Analysis>(),
  'analysis:update': channel(z.strictObject({ id, patch: analysisPatchSchema })).returns<Analysis>(),
  'analysis:delete': channel(z.strictObject({ id })).returns<null>(),
  /** Runs the analysis on the values as they are now; refits adds leave-one-out and cumulative. */
  'analysis:run': channel(z.strictObject({ id, refits: z.boolean().default(false) })).returns<AnalysisRun>(),
  'analysis:export': channel(
    z.strictObject({
      id,
      format: z.enum(EXPORT_FORMATS),
      plot: z.enum(['forest', 'funnel']).default('forest'),
      /** PNG width in millimetres: 85 (one column) or 174 (two columns) at 600 dpi. */
      widthMm: z.union([z.literal(85), z.literal(174)]).default(174),
    }),
  ).returns<AnalysisExport>(),
};
