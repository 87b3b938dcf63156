// Contract channels for extraction: the review's form (read, edit, versions), study arms, and each
// reviewer's values (read, write with provenance, undo and redo, status). Layer: shared.
import { z } from 'zod';
import {
  FIELD_TYPES,
  OUTCOME_DATA_TYPES,
  type Arm,
  type ExtractedValue,
  type ExtractionChange,
  type UndoChange,
  type ExtractionForm,
  type StudyExtraction,
} from '../model/extraction';
import type { Highlight } from '../model/types';
import { selection } from './highlights';
import { EXTRACTION_STATUSES } from '../model/types';
import { channel } from './channel';

const id = z.string().min(1).max(100);
const label = (what: string) =>
  z
    .string()
    .max(500, `${what} is longer than 500 characters`)
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, `${what} is empty`);
const options = z.array(label('an option')).max(200, 'more than 200 options');

export const TEMPLATE_NAMES = ['intervention', 'sample_crt'] as const;

/** One change to the form. Removing archives (values are kept); a type change that would lose data is refused. */
export const formEditSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('addSection'), title: label('the section title') }),
  z.strictObject({ op: z.literal('renameSection'), sectionId: id, title: label('the section title') }),
  z.strictObject({
    op: z.literal('addField'),
    sectionId: id,
    label: label('the field label'),
    type: z.enum(FIELD_TYPES),
    options: options.default([]),
  }),
  z.strictObject({
    op: z.literal('updateField'),
    fieldId: id,
    label: label('the field label').optional(),
    type: z.enum(FIELD_TYPES).optional(),
    options: options.optional(),
  }),
  z.strictObject({
    op: z.literal('moveField'),
    fieldId: id,
    sectionId: id.optional(),
    toIndex: z.number().int().min(0),
  }),
  z.strictObject({ op: z.literal('removeField'), fieldId: id }),
  z.strictObject({ op: z.literal('restoreField'), fieldId: id }),
  z.strictObject({
    op: z.literal('addOutcome'),
    name: label('the outcome name'),
    dataType: z.enum(OUTCOME_DATA_TYPES),
    unit: z.string().max(100).nullable().default(null),
    measure: z.string().max(20).nullable().default(null),
    timepoints: z.array(label('a timepoint')).min(1, 'an outcome needs at least one timepoint').max(50),
  }),
  z.strictObject({
    op: z.literal('updateOutcome'),
    outcomeId: id,
    name: label('the outcome name').optional(),
    dataType: z.enum(OUTCOME_DATA_TYPES).optional(),
    unit: z.string().max(100).nullable().optional(),
    measure: z.string().max(20).nullable().optional(),
  }),
  z.strictObject({
    op: z.literal('renameChoice'),
    fieldId: id,
    from: z.string().min(1).max(200),
    to: label('the choice'),
  }),
  z.strictObject({ op: z.literal('addTimepoint'), outcomeId: id, label: label('the timepoint') }),
  z.strictObject({ op: z.literal('renameTimepoint'), outcomeId: id, timepointId: id, label: label('the timepoint') }),
  z.strictObject({ op: z.literal('removeTimepoint'), outcomeId: id, timepointId: id }),
  z.strictObject({ op: z.literal('restoreTimepoint'), outcomeId: id, timepointId: id }),
  z.strictObject({ op: z.literal('moveOutcome'), outcomeId: id, toIndex: z.number().int().min(0) }),
  z.strictObject({ op: z.literal('removeOutcome'), outcomeId: id }),
  z.strictObject({ op: z.literal('restoreOutcome'), outcomeId: id }),
  z.strictObject({ op: z.literal('applyTemplate'), template: z.enum(TEMPLATE_NAMES) }),
]);

export type FormEdit = z.input<typeof formEditSchema>;

const target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('field'), fieldId: id }),
  z.strictObject({
    kind: z.literal('outcome'),
    outcomeId: id,
    timepointId: id,
    armId: id.nullable(),
    component: z.string().min(1).max(40),
  }),
]);

export const cellValue = z.union([
  z.number().finite(),
  z.string().max(100_000),
  z.array(z.string().max(500)).max(200),
  z.null(),
]);

/** Where a mapped value came from: its highlight, the raw text and the recogniser's reading. */
export const provenanceSchema = z.strictObject({
  highlightId: id,
  rawText: z.string().min(1).max(10_000),
  reading: z.unknown(),
});

/** How a converted value was obtained: the method, its source and its inputs. */
export const conversionSchema = z.strictObject({
  method: z.string().min(1).max(100),
  source: z.string().max(1_000),
  inputs: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
});

const write = z.strictObject({
  target,
  state: z.enum(['value', 'not_reported', 'empty']),
  value: cellValue.optional(),
  origin: z.enum(['typed', 'mapped', 'converted']).default('typed'),
  provenance: provenanceSchema.nullable().optional(),
  conversion: conversionSchema.nullable().optional(),
  /** A typed number as the reviewer wrote it ("32.0"), so it shows again with the decimals reported. */
  written: z.string().min(1).max(100).optional(),
});

/** A value read from a selection: its provenance is the highlight made from that selection. */
const mappedWrite = z.strictObject({
  target,
  value: cellValue,
  provenance: z.strictObject({ rawText: z.string().min(1).max(10_000), reading: z.unknown() }),
});

export const extractionChannels = {
  'form:get': channel(z.strictObject({})).returns<ExtractionForm>(),
  'form:edit': channel(z.strictObject({ edit: formEditSchema })).returns<ExtractionForm>(),
  'form:versions': channel(z.strictObject({})).returns<
    { version: number; at: string; reviewerId: string | null; summary: string }[]
  >(),
  'arm:add': channel(z.strictObject({ studyId: id, label: label('the arm name') })).returns<Arm>(),
  'arm:rename': channel(z.strictObject({ armId: id, label: label('the arm name') })).returns<Arm>(),
  'arm:remove': channel(z.strictObject({ armId: id })).returns<null>(),
  'extraction:get': channel(z.strictObject({ studyId: id })).returns<StudyExtraction>(),
  /** Writes all or nothing; a refused value names its field and the reason, and what was there stays. */
  'extraction:write': channel(
    z.strictObject({
      studyId: id,
      writes: z.array(write).min(1, 'nothing to write').max(500, 'more than 500 values at once'),
    }),
  ).returns<ExtractionChange>(),
  /**
   * Highlights a selection and writes the values read from it, in one transaction: a refused value
   * leaves no highlight behind. Each write's provenance is the new highlight.
   */
  'extraction:map': channel(
    z.strictObject({
      studyId: id,
      highlight: selection,
      writes: z.array(mappedWrite).min(1, 'nothing to write').max(50, 'more than 50 values from one selection'),
    }),
  ).returns<{ highlight: Highlight; change: ExtractionChange }>(),
  'extraction:undo': channel(z.strictObject({ studyId: id })).returns<UndoChange>(),
  'extraction:redo': channel(z.strictObject({ studyId: id })).returns<UndoChange>(),
  'extraction:setStatus': channel(
    z.strictObject({ studyId: id, status: z.enum(EXTRACTION_STATUSES) }),
  ).returns<ExtractionChange>(),
  'extraction:valuesForHighlight': channel(z.strictObject({ highlightId: id })).returns<ExtractedValue[]>(),
};
