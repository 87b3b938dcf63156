// Contract channels for reconciliation: the review's settings (pair, tolerance, automatic agreement,
// arbiter), each study's reconcile status for the library, one study's cells side by side, a
// decision on one cell, and the agreement figures. Layer: shared.
import { z } from 'zod';
import type {
  AgreementSummary,
  ReconcileSettings,
  StudyReconcileStatus,
  StudyReconciliation,
} from '../model/reconcile';
import { channel } from './channel';
import { cellValue, conversionSchema, provenanceSchema } from './extraction';

const id = z.string().min(1).max(100);

const tolerance = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('exact') }),
  z.strictObject({ kind: z.literal('absolute'), amount: z.number().finite().positive() }),
  z.strictObject({ kind: z.literal('relative'), percent: z.number().finite().positive().max(100) }),
]);

/** Another value entered at reconciliation: typed, mapped from a highlight or converted, like any value. */
const entered = z.strictObject({
  state: z.enum(['value', 'not_reported']),
  value: cellValue.optional(),
  origin: z.enum(['typed', 'mapped', 'converted']).default('typed'),
  provenance: provenanceSchema.nullable().optional(),
  conversion: conversionSchema.nullable().optional(),
});

export const reconcileChannels = {
  'reconcile:settings': channel(z.strictObject({})).returns<ReconcileSettings>(),
  'reconcile:setSettings': channel(
    z.strictObject({
      pair: z.tuple([id, id]).nullable().optional(),
      tolerance: tolerance.optional(),
      autoAgree: z.boolean().optional(),
      arbiterId: id.nullable().optional(),
    }),
  ).returns<ReconcileSettings>(),
  /** Every study's reconcile status, for the library. */
  'reconcile:overview': channel(z.strictObject({})).returns<StudyReconcileStatus[]>(),
  /** One study's cells side by side; takes agreements into the consensus when the review says so. */
  'reconcile:get': channel(z.strictObject({ studyId: id })).returns<StudyReconciliation>(),
  /** Decides one cell: take A's, take B's, or enter another value; with an optional note. */
  'reconcile:decide': channel(
    z
      .strictObject({
        studyId: id,
        key: z.string().min(1).max(400),
        take: z.enum(['a', 'b', 'entered']),
        entered: entered.optional(),
        note: z
          .string()
          .max(2_000, 'the note is longer than 2,000 characters')
          .transform((s) => s.trim())
          .optional(),
      })
      .refine((r) => (r.take === 'entered') === (r.entered !== undefined), {
        message: 'an entered decision needs its value, and taking a side takes none',
        path: ['entered'],
      }),
  ).returns<StudyReconciliation>(),
  /** Agreement between the pair, over the studies both marked complete, from the values as extracted. */
  'reconcile:agreement': channel(z.strictObject({ tolerance: tolerance.optional() })).returns<AgreementSummary>(),
};
