// A value's target in words, as the reviewer sees it in the form: "LVEF, Baseline, CRT, SD".
// Layer: renderer.
import type { Arm, ExtractionForm, ValueTarget } from '../../../shared/model/extraction';

export function describeTarget(form: ExtractionForm, arms: Arm[], target: ValueTarget): string {
  if (target.kind === 'field') return form.fields.find((f) => f.id === target.fieldId)?.label ?? 'a removed field';
  const outcome = form.outcomes.find((o) => o.id === target.outcomeId);
  const timepoint = outcome?.timepoints.find((t) => t.id === target.timepointId);
  const arm = arms.find((a) => a.id === target.armId);
  return [
    outcome?.name ?? 'a removed outcome',
    timepoint?.label,
    arm?.label,
    target.component === 'sd' ? 'SD' : target.component,
  ]
    .filter(Boolean)
    .join(', ');
}
