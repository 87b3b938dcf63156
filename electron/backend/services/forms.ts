// The extraction form: read it, edit it (one transaction per edit, each a new version with a
// snapshot), list its versions, and build it from templates. Editing never loses data: ids are
// stable, removing a field or outcome archives it (its values stay), renaming touches no value, and
// a type change that would lose data is refused with the reason. Layer: electron/backend.
import type Database from 'better-sqlite3';
import type { ParsedRequestOf } from '../../../shared/contract/contract';
import { CaliperError } from '../../../shared/contract/result';
import type {
  CellValue,
  ExtractionForm,
  FieldType,
  FormField,
  OutcomeDefinition,
} from '../../../shared/model/extraction';
import type { RequestContext } from '../context';
import { writeTransaction, type Audit } from '../db/repositories/audit';
import { countValuesOfOutcome, setValueJson, valueRowsOfField } from '../db/repositories/extraction';
import { listFormVersions, readForm, saveFormVersion, type FormVersionRow } from '../db/repositories/forms';
import { TEMPLATES, type TemplateName } from './formTemplates';
import { convertForType } from '../../../shared/extraction/rules';
import { newRowId } from '../db/ids';

type ParsedEdit = ParsedRequestOf<'form:edit'>['edit'];

const TYPE_WORDS: Record<FieldType, string> = {
  text: 'text',
  long_text: 'long text',
  number: 'number',
  integer: 'whole number',
  single_choice: 'single choice',
  multiple_choice: 'multiple choice',
  yes_no_unclear: 'yes/no/unclear',
  date: 'date',
};

const clone = (form: ExtractionForm): ExtractionForm => structuredClone(form);

/** Adds a template's sections, fields and outcomes, skipping those the form already has by name. */
export function addTemplate(form: ExtractionForm, template: TemplateName): number {
  const content = TEMPLATES[template];
  let added = 0;
  for (const section of content.sections) {
    let target = form.sections.find((s) => s.title.toLowerCase() === section.title.toLowerCase());
    if (!target) {
      target = { id: newRowId(), title: section.title };
      form.sections.push(target);
      added++;
    }
    for (const field of section.fields) {
      if (form.fields.some((f) => !f.archived && f.label.toLowerCase() === field.label.toLowerCase())) continue;
      form.fields.push({
        id: newRowId(),
        sectionId: target.id,
        label: field.label,
        type: field.type,
        options: field.options ?? [],
        archived: false,
      });
      added++;
    }
  }
  for (const outcome of content.outcomes) {
    if (form.outcomes.some((o) => !o.archived && o.name.toLowerCase() === outcome.name.toLowerCase())) continue;
    form.outcomes.push({
      id: newRowId(),
      name: outcome.name,
      dataType: outcome.dataType,
      unit: outcome.unit,
      measure: outcome.measure,
      timepoints: outcome.timepoints.map((label) => ({ id: newRowId(), label })),
      archived: false,
    });
    added++;
  }
  return added;
}

/**
 * Creates the review's form from templates (inside the caller's transaction). Not audited here: a
 * new review's form is part of creating the file, like its metadata; its version 1 records it.
 */
export function createForm(
  db: Database.Database,
  now: string,
  reviewerId: string | null,
  templates: TemplateName[],
): ExtractionForm {
  const form: ExtractionForm = { id: newRowId(), version: 1, sections: [], fields: [], outcomes: [], updatedAt: now };
  for (const template of templates) addTemplate(form, template);
  const summary = `Created from the ${templates.join(' and ')} template${templates.length > 1 ? 's' : ''}`;
  saveFormVersion(db, form, reviewerId, summary);
  return form;
}

/**
 * Gives a review made before forms existed the default (intervention) form, audited. Run when a
 * review is opened for writing (with the migrations), never on a read: reads only read.
 */
export function createMissingForm(db: Database.Database): void {
  if (readForm(db)) return;
  writeTransaction(db, null, (audit, now) => {
    const form = createForm(db, now, null, ['intervention']);
    audit({ entity: 'form', entityId: form.id, action: 'create', after: { version: 1 } });
  });
}

/** The review's form. Every review opened for writing has one (see createMissingForm). */
export function requireForm(db: Database.Database): ExtractionForm {
  const form = readForm(db);
  if (!form) {
    throw new CaliperError(
      'not_found',
      'This review has no extraction form: Caliper gives a review made before forms existed the default form when it opens the review for writing (a read-only review cannot be given one; open a copy you can write to).',
    );
  }
  return form;
}

export function formGet(ctx: RequestContext): ExtractionForm {
  return requireForm(ctx.requireReview().db);
}

export function formVersions(ctx: RequestContext): FormVersionRow[] {
  const { db } = ctx.requireReview();
  return listFormVersions(db, requireForm(db).id);
}

function notFound(what: string, id: string): CaliperError {
  return new CaliperError('not_found', `The form has no ${what} with id ${id}.`);
}

function field(form: ExtractionForm, id: string): FormField {
  const found = form.fields.find((f) => f.id === id);
  if (!found) throw notFound('field', id);
  return found;
}

function outcome(form: ExtractionForm, id: string): OutcomeDefinition {
  const found = form.outcomes.find((o) => o.id === id);
  if (!found) throw notFound('outcome', id);
  return found;
}

function refuse(message: string): never {
  throw new CaliperError('validation', message);
}

function refuseDuplicateField(form: ExtractionForm, label: string, except?: string): void {
  if (form.fields.some((f) => f.id !== except && !f.archived && f.label.toLowerCase() === label.toLowerCase()))
    refuse(`The form already has a field called "${label}".`);
}

function refuseDuplicateOutcome(form: ExtractionForm, name: string, except?: string): void {
  if (form.outcomes.some((o) => o.id !== except && !o.archived && o.name.toLowerCase() === name.toLowerCase()))
    refuse(`The form already has an outcome called "${name}".`);
}

function move<T>(list: T[], item: T, toIndex: number): void {
  list.splice(list.indexOf(item), 1);
  list.splice(Math.min(toIndex, list.length), 0, item);
}

/**
 * Changes a field's type or choices, converting every reviewer's stored values (audited), or
 * refuses with the first value that would not survive.
 */
function retypeValues(db: Database.Database, audit: Audit, before: FormField, after: FormField): void {
  const changes: { id: string; from: CellValue; to: CellValue }[] = [];
  for (const row of valueRowsOfField(db, before.id)) {
    if (row.state !== 'value' || row.value === null) continue;
    const value = JSON.parse(row.value) as CellValue;
    const converted = convertForType(value, after);
    if (!converted.ok) {
      const what =
        before.type === after.type
          ? `change the choices of "${before.label}"`
          : `change "${before.label}" from ${TYPE_WORDS[before.type]} to ${TYPE_WORDS[after.type]}`;
      const reason =
        /^["[]/.test(converted.reason) || converted.reason.startsWith('a value')
          ? converted.reason
          : `a value ${converted.reason}`;
      refuse(`Cannot ${what}: ${reason}. Change or clear that value first.`);
    }
    // The same number stays as stored (with the decimals it was typed with); a number becoming text
    // becomes the text it was typed as ("32.0", not "32").
    if (converted.value === value) continue;
    const to =
      typeof value === 'number' && converted.value === String(value) && row.value !== JSON.stringify(value)
        ? row.value
        : converted.value;
    if (JSON.stringify(to) !== row.value) changes.push({ id: row.id, from: value, to });
  }
  for (const change of changes) {
    setValueJson(db, change.id, change.to === null ? null : JSON.stringify(change.to));
    audit({
      entity: 'extraction_value',
      entityId: change.id,
      action: 'update',
      field: 'value',
      before: change.from,
      after: change.to,
    });
  }
}

/** Renaming a choice carries every reviewer's values that chose it along (audited). */
function renameChoiceValues(db: Database.Database, audit: Audit, fieldId: string, from: string, to: string): void {
  for (const row of valueRowsOfField(db, fieldId)) {
    if (row.state !== 'value' || row.value === null) continue;
    const value = JSON.parse(row.value) as CellValue;
    const renamed =
      value === from
        ? to
        : Array.isArray(value) && value.includes(from)
          ? value.map((v) => (v === from ? to : v))
          : null;
    if (renamed === null) continue;
    setValueJson(db, row.id, JSON.stringify(renamed));
    audit({
      entity: 'extraction_value',
      entityId: row.id,
      action: 'update',
      field: 'value',
      before: value,
      after: renamed,
    });
  }
}

interface Applied {
  summary: string;
  before: unknown;
  after: unknown;
}

function applyEdit(db: Database.Database, audit: Audit, form: ExtractionForm, edit: ParsedEdit): Applied {
  switch (edit.op) {
    case 'addSection': {
      const section = { id: newRowId(), title: edit.title };
      form.sections.push(section);
      return { summary: `Added section "${edit.title}"`, before: null, after: section };
    }
    case 'renameSection': {
      const section = form.sections.find((s) => s.id === edit.sectionId);
      if (!section) throw notFound('section', edit.sectionId);
      const before = { ...section };
      section.title = edit.title;
      return { summary: `Renamed section "${before.title}" to "${edit.title}"`, before, after: { ...section } };
    }
    case 'addField': {
      if (!form.sections.some((s) => s.id === edit.sectionId)) throw notFound('section', edit.sectionId);
      refuseDuplicateField(form, edit.label);
      const added: FormField = {
        id: newRowId(),
        sectionId: edit.sectionId,
        label: edit.label,
        type: edit.type,
        options: edit.type === 'single_choice' || edit.type === 'multiple_choice' ? edit.options : [],
        archived: false,
      };
      form.fields.push(added);
      return { summary: `Added field "${edit.label}"`, before: null, after: added };
    }
    case 'updateField': {
      const target = field(form, edit.fieldId);
      if (target.archived) refuse(`"${target.label}" was removed from the form; restore it first.`);
      const before = structuredClone(target);
      const type = edit.type ?? target.type;
      const choice = type === 'single_choice' || type === 'multiple_choice';
      const after: FormField = {
        ...target,
        label: edit.label ?? target.label,
        type,
        options: choice ? (edit.options ?? target.options) : [],
      };
      if (after.label !== before.label) refuseDuplicateField(form, after.label, target.id);
      if (after.type !== before.type || JSON.stringify(after.options) !== JSON.stringify(before.options)) {
        retypeValues(db, audit, before, after);
      }
      Object.assign(target, after);
      const parts: string[] = [];
      if (after.label !== before.label) parts.push(`renamed "${before.label}" to "${after.label}"`);
      if (after.type !== before.type)
        parts.push(`changed "${after.label}" from ${TYPE_WORDS[before.type]} to ${TYPE_WORDS[after.type]}`);
      if (JSON.stringify(after.options) !== JSON.stringify(before.options) && after.type === before.type)
        parts.push(`changed the choices of "${after.label}"`);
      const summary = parts.length ? parts.join('; ') : `Updated field "${after.label}" (no change)`;
      return { summary: summary[0]!.toUpperCase() + summary.slice(1), before, after: structuredClone(target) };
    }
    case 'renameChoice': {
      const target = field(form, edit.fieldId);
      if (target.archived) refuse(`"${target.label}" was removed from the form; restore it first.`);
      const index = target.options.indexOf(edit.from);
      if (index < 0) refuse(`"${edit.from}" is not a choice of "${target.label}".`);
      if (target.options.some((o, i) => i !== index && o.toLowerCase() === edit.to.toLowerCase()))
        refuse(`"${edit.to}" is already a choice of "${target.label}".`);
      const before = [...target.options];
      target.options = target.options.map((o, i) => (i === index ? edit.to : o));
      renameChoiceValues(db, audit, target.id, edit.from, edit.to);
      return {
        summary: `Renamed choice "${edit.from}" of "${target.label}" to "${edit.to}"`,
        before: { options: before },
        after: { options: [...target.options] },
      };
    }
    case 'moveField': {
      const target = field(form, edit.fieldId);
      const sectionId = edit.sectionId ?? target.sectionId;
      if (!form.sections.some((s) => s.id === sectionId)) throw notFound('section', sectionId);
      const before = {
        sectionId: target.sectionId,
        index: form.fields.filter((f) => f.sectionId === target.sectionId).indexOf(target),
      };
      form.fields.splice(form.fields.indexOf(target), 1);
      target.sectionId = sectionId;
      const siblings = form.fields.filter((f) => f.sectionId === sectionId);
      const index = Math.min(edit.toIndex, siblings.length);
      const anchor = siblings[index];
      if (anchor) form.fields.splice(form.fields.indexOf(anchor), 0, target);
      else if (siblings.length) form.fields.splice(form.fields.indexOf(siblings[siblings.length - 1]!) + 1, 0, target);
      else form.fields.push(target);
      return { summary: `Moved field "${target.label}"`, before, after: { sectionId, index } };
    }
    case 'removeField':
    case 'restoreField': {
      const target = field(form, edit.fieldId);
      const archive = edit.op === 'removeField';
      if (target.archived === archive) refuse(`"${target.label}" is ${archive ? 'already removed' : 'not removed'}.`);
      if (!archive) refuseDuplicateField(form, target.label, target.id);
      target.archived = archive;
      return {
        summary: `${archive ? 'Removed' : 'Restored'} field "${target.label}"${archive ? ' (its values are kept)' : ''}`,
        before: { archived: !archive },
        after: { archived: archive },
      };
    }
    case 'addOutcome': {
      refuseDuplicateOutcome(form, edit.name);
      const added: OutcomeDefinition = {
        id: newRowId(),
        name: edit.name,
        dataType: edit.dataType,
        unit: edit.unit?.trim() || null,
        measure: edit.measure?.trim() || null,
        timepoints: edit.timepoints.map((label) => ({ id: newRowId(), label })),
        archived: false,
      };
      form.outcomes.push(added);
      return { summary: `Added outcome "${edit.name}"`, before: null, after: added };
    }
    case 'updateOutcome': {
      const target = outcome(form, edit.outcomeId);
      if (target.archived) refuse(`"${target.name}" was removed from the form; restore it first.`);
      const before = structuredClone(target);
      if (edit.name !== undefined && edit.name !== target.name) refuseDuplicateOutcome(form, edit.name, target.id);
      if (edit.dataType !== undefined && edit.dataType !== target.dataType) {
        const n = countValuesOfOutcome(db, target.id);
        if (n > 0)
          refuse(
            `Cannot change the data type of "${target.name}": it has ${n} extracted value${n === 1 ? '' : 's'}, which would not fit ${edit.dataType} data. Add a new outcome instead.`,
          );
        target.dataType = edit.dataType;
      }
      if (edit.name !== undefined) target.name = edit.name;
      if (edit.unit !== undefined) target.unit = edit.unit?.trim() || null;
      if (edit.measure !== undefined) target.measure = edit.measure?.trim() || null;
      return { summary: `Updated outcome "${target.name}"`, before, after: structuredClone(target) };
    }
    case 'addTimepoint': {
      const target = outcome(form, edit.outcomeId);
      if (target.timepoints.some((t) => t.label.toLowerCase() === edit.label.toLowerCase()))
        refuse(`"${target.name}" already has a timepoint "${edit.label}".`);
      const timepoint = { id: newRowId(), label: edit.label };
      target.timepoints.push(timepoint);
      return { summary: `Added timepoint "${edit.label}" to "${target.name}"`, before: null, after: timepoint };
    }
    case 'renameTimepoint': {
      const target = outcome(form, edit.outcomeId);
      const timepoint = target.timepoints.find((t) => t.id === edit.timepointId);
      if (!timepoint) throw notFound('timepoint', edit.timepointId);
      if (target.timepoints.some((t) => t.id !== timepoint.id && t.label.toLowerCase() === edit.label.toLowerCase()))
        refuse(`"${target.name}" already has a timepoint "${edit.label}".`);
      const before = { ...timepoint };
      timepoint.label = edit.label;
      return {
        summary: `Renamed timepoint "${before.label}" of "${target.name}" to "${edit.label}"`,
        before,
        after: { ...timepoint },
      };
    }
    case 'removeTimepoint': {
      const target = outcome(form, edit.outcomeId);
      const timepoint = target.timepoints.find((t) => t.id === edit.timepointId);
      if (!timepoint) throw notFound('timepoint', edit.timepointId);
      if (target.timepoints.length === 1) refuse(`"${target.name}" needs at least one timepoint.`);
      target.timepoints.splice(target.timepoints.indexOf(timepoint), 1);
      // A timepoint with values is archived, as a field is: its values stay (shown as removed) and it
      // can be restored. One without values simply goes.
      const n = countValuesOfOutcome(db, target.id, timepoint.id);
      if (n > 0) target.archivedTimepoints = [...(target.archivedTimepoints ?? []), timepoint];
      return {
        summary: `Removed timepoint "${timepoint.label}" from "${target.name}"${n > 0 ? ' (its values are kept)' : ''}`,
        before: timepoint,
        after: n > 0 ? { archived: true } : null,
      };
    }
    case 'restoreTimepoint': {
      const target = outcome(form, edit.outcomeId);
      const timepoint = target.archivedTimepoints?.find((t) => t.id === edit.timepointId);
      if (!timepoint) throw notFound('removed timepoint', edit.timepointId);
      if (target.timepoints.some((t) => t.label.toLowerCase() === timepoint.label.toLowerCase()))
        refuse(`"${target.name}" already has a timepoint "${timepoint.label}"; rename it first.`);
      target.archivedTimepoints = target.archivedTimepoints!.filter((t) => t !== timepoint);
      if (target.archivedTimepoints.length === 0) delete target.archivedTimepoints;
      target.timepoints.push(timepoint);
      return {
        summary: `Restored timepoint "${timepoint.label}" of "${target.name}"`,
        before: { archived: true },
        after: timepoint,
      };
    }
    case 'moveOutcome': {
      const target = outcome(form, edit.outcomeId);
      const before = form.outcomes.indexOf(target);
      move(form.outcomes, target, edit.toIndex);
      return {
        summary: `Moved outcome "${target.name}"`,
        before: { index: before },
        after: { index: form.outcomes.indexOf(target) },
      };
    }
    case 'removeOutcome':
    case 'restoreOutcome': {
      const target = outcome(form, edit.outcomeId);
      const archive = edit.op === 'removeOutcome';
      if (target.archived === archive) refuse(`"${target.name}" is ${archive ? 'already removed' : 'not removed'}.`);
      if (!archive) refuseDuplicateOutcome(form, target.name, target.id);
      target.archived = archive;
      return {
        summary: `${archive ? 'Removed' : 'Restored'} outcome "${target.name}"${archive ? ' (its values are kept)' : ''}`,
        before: { archived: !archive },
        after: { archived: archive },
      };
    }
    case 'applyTemplate': {
      const added = addTemplate(form, edit.template);
      if (added === 0) refuse(`The form already has everything in the ${edit.template} template.`);
      return {
        summary: `Applied the ${edit.template} template (${added} added)`,
        before: null,
        after: { template: edit.template, added },
      };
    }
  }
}

function sameDefinition(a: ExtractionForm, b: ExtractionForm): boolean {
  return JSON.stringify([a.sections, a.fields, a.outcomes]) === JSON.stringify([b.sections, b.fields, b.outcomes]);
}

export function formEdit(ctx: RequestContext, request: { edit: ParsedEdit }): ExtractionForm {
  const review = ctx.requireReview();
  const { db } = review;
  requireForm(db);
  return writeTransaction(db, review.reviewerId, (audit, now) => {
    const current = readForm(db)!;
    const form = clone(current);
    const applied = applyEdit(db, audit, form, request.edit);
    // An edit that changes nothing (a rename to the same name, a move to the same place) is no version.
    if (sameDefinition(form, current)) return current;
    form.version = current.version + 1;
    form.updatedAt = now;
    saveFormVersion(db, form, review.reviewerId, applied.summary);
    audit({
      entity: 'form',
      entityId: form.id,
      action: 'update',
      field: request.edit.op,
      before: { version: current.version, item: applied.before },
      after: { version: form.version, summary: applied.summary, item: applied.after },
    });
    return form;
  });
}
