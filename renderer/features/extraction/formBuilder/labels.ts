// The words the form builder shows for field types and outcome data types. Layer: renderer.
import type { FieldType, OutcomeDataType } from '../../../../shared/model/extraction';

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text',
  long_text: 'Long text',
  number: 'Number',
  integer: 'Whole number',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  yes_no_unclear: 'Yes / no / unclear',
  date: 'Date',
};

export const DATA_TYPE_LABELS: Record<OutcomeDataType, string> = {
  dichotomous: 'Dichotomous (events, total per arm)',
  continuous: 'Continuous (mean, SD, n per arm)',
  change: 'Change from baseline (per arm)',
  proportion: 'One-group proportion (events, total)',
  mean: 'One-group mean (mean, SD, n)',
  effect_estimate: 'Effect estimate with CI or SE',
};

export const isChoiceType = (type: FieldType): boolean => type === 'single_choice' || type === 'multiple_choice';
