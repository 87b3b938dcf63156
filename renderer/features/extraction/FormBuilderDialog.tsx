// The form builder: sections and study-level fields (with their choices), outcomes with their data
// type, unit and timepoints; add, rename, reorder and remove. Editing a form in use never loses data:
// removing a field, outcome or timepoint that has values archives it (values are kept and exported,
// and the item can be restored), and a type change that would lose data is refused with the reason.
// Every edit is a new form version. The parts live in ./formBuilder. Layer: renderer.
import { useEffect, useState } from 'react';
import type { FormEdit } from '../../../shared/contract/extraction';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';
import { FieldRow } from './formBuilder/FieldRow';
import { NewFieldForm, NewOutcomeForm, NewSectionForm } from './formBuilder/NewItemForms';
import { OutcomeRow } from './formBuilder/OutcomeRow';

interface FormVersion {
  version: number;
  at: string;
  reviewerId: string | null;
  summary: string;
}

export function FormBuilderDialog() {
  const form = useApp((s) => s.form);
  const editForm = useApp((s) => s.editForm);
  const closeDialog = useApp((s) => s.closeDialog);
  const api = useApp((s) => s.api);
  const reviewers = useApp((s) => s.reviewers);
  const [error, setError] = useState<string | null>(null);
  const [versions, setVersions] = useState<FormVersion[]>([]);
  useEffect(() => {
    api.call('form:versions', {}).then(setVersions, () => setVersions([]));
  }, [api, form?.version]);

  const edit = async (change: FormEdit) => {
    try {
      await editForm(change);
      setError(null);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  };
  if (!form) return null;

  return (
    <Dialog title={`Edit form (version ${form.version})`} onClose={closeDialog} wide>
      <div className="form form-builder">
        <FormError message={error} />
        <h3 className="small-heading">Study-level fields</h3>
        {form.sections.map((section) => {
          const fields = form.fields.filter((f) => f.sectionId === section.id);
          return (
            <fieldset key={section.id}>
              <legend>
                <input
                  aria-label={`Section title: ${section.title}`}
                  defaultValue={section.title}
                  size={Math.max(16, section.title.length + 2)}
                  onBlur={(e) =>
                    e.target.value !== section.title &&
                    void edit({ op: 'renameSection', sectionId: section.id, title: e.target.value })
                  }
                />
              </legend>
              {fields.map((field, index) => (
                <FieldRow
                  key={field.id}
                  field={field}
                  index={index}
                  count={fields.length}
                  edit={edit}
                  onRefused={setError}
                />
              ))}
            </fieldset>
          );
        })}
        <NewSectionForm edit={edit} />
        <NewFieldForm form={form} edit={edit} onRefused={setError} />

        <h3 className="small-heading">Outcomes</h3>
        {form.outcomes.map((outcome, index) => (
          <OutcomeRow key={outcome.id} outcome={outcome} index={index} count={form.outcomes.length} edit={edit} />
        ))}
        <NewOutcomeForm edit={edit} />
        <details className="versions">
          <summary>Form versions ({versions.length})</summary>
          <ol reversed>
            {versions.map((v) => (
              <li key={v.version}>
                Version {v.version} · {new Date(v.at).toLocaleString()} ·{' '}
                {reviewers.find((r) => r.id === v.reviewerId)?.name ?? 'no reviewer'}: {v.summary}
              </li>
            ))}
          </ol>
        </details>
        <div className="buttons">
          <button type="button" onClick={() => void edit({ op: 'applyTemplate', template: 'intervention' })}>
            Add the intervention-review fields
          </button>
          <button type="button" className="primary" onClick={closeDialog}>
            Done
          </button>
        </div>
      </div>
    </Dialog>
  );
}
