// Ready-made form content: 'intervention' (the default form of a new review: the study
// characteristics every intervention review extracts) and 'sample_crt' (the outcomes of the sample
// review on cardiac resynchronization therapy, fitted to its four single-arm studies: means with SD
// at baseline and follow-up, and proportions). Each application gets fresh ids. Layer: electron/backend.
import type { TEMPLATE_NAMES } from '../../../shared/contract/extraction';
import type { FieldType, OutcomeDataType } from '../../../shared/model/extraction';

export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface TemplateContent {
  sections: { title: string; fields: { label: string; type: FieldType; options?: string[] }[] }[];
  outcomes: {
    name: string;
    dataType: OutcomeDataType;
    unit: string | null;
    measure: string | null;
    timepoints: string[];
  }[];
}

const INTERVENTION: TemplateContent = {
  sections: [
    {
      title: 'Methods',
      fields: [
        {
          label: 'Design',
          type: 'single_choice',
          options: [
            'Randomised controlled trial',
            'Cluster randomised trial',
            'Crossover trial',
            'Non-randomised controlled study',
            'Cohort study',
            'Case series',
            'Other',
          ],
        },
        { label: 'Country', type: 'text' },
        { label: 'Follow-up', type: 'text' },
      ],
    },
    {
      title: 'Participants',
      fields: [
        { label: 'N randomised', type: 'integer' },
        { label: 'N analysed', type: 'integer' },
        { label: 'Age', type: 'text' },
        { label: 'Sex', type: 'text' },
      ],
    },
    {
      title: 'Interventions',
      fields: [
        { label: 'Intervention', type: 'long_text' },
        { label: 'Comparator', type: 'long_text' },
      ],
    },
    {
      title: 'Funding and conflicts of interest',
      fields: [
        { label: 'Funding', type: 'long_text' },
        { label: 'Conflicts of interest', type: 'yes_no_unclear' },
      ],
    },
  ],
  outcomes: [],
};

const BASELINE_FOLLOW_UP = ['Baseline', 'Follow-up'];

const SAMPLE_CRT: TemplateContent = {
  sections: [],
  outcomes: [
    { name: 'QRS duration', dataType: 'mean', unit: 'ms', measure: null, timepoints: BASELINE_FOLLOW_UP },
    { name: 'LVEF', dataType: 'mean', unit: '%', measure: null, timepoints: BASELINE_FOLLOW_UP },
    { name: 'LV end-diastolic volume', dataType: 'mean', unit: 'ml', measure: null, timepoints: BASELINE_FOLLOW_UP },
    { name: 'LV end-systolic volume', dataType: 'mean', unit: 'ml', measure: null, timepoints: BASELINE_FOLLOW_UP },
    { name: 'NYHA class IV', dataType: 'proportion', unit: null, measure: null, timepoints: BASELINE_FOLLOW_UP },
    { name: 'Weaning from inotropes', dataType: 'proportion', unit: null, measure: null, timepoints: ['Follow-up'] },
    { name: '12-month survival', dataType: 'proportion', unit: null, measure: null, timepoints: ['12 months'] },
  ],
};

export const TEMPLATES: Record<TemplateName, TemplateContent> = { intervention: INTERVENTION, sample_crt: SAMPLE_CRT };
