// One input of the extraction form (a study-level field or one component of an outcome cell). It
// commits when the reviewer leaves it or presses Enter; a refused value shows its reason beside the
// input and the stored value stays. "NR" marks the value as not reported (distinct from empty), and
// a mapped value links back to its highlight. Layer: renderer.
import { useEffect, useState, type KeyboardEvent } from 'react';
import { parseNumber } from '../../../shared/extraction/rules';
import type { CellValue, ExtractedValue, FieldType } from '../../../shared/model/extraction';

export type InputKind = FieldType | 'cell';

function display(value: ExtractedValue | undefined): string {
  if (!value || value.state !== 'value' || value.value === null) return '';
  return Array.isArray(value.value) ? value.value.join('; ') : String(value.value);
}

/** What the typed text means for a field of this kind: numbers for numeric inputs (text stays text so the backend can say why it is refused). */
export function parseInput(kind: InputKind, text: string): CellValue {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (kind === 'number' || kind === 'integer' || kind === 'cell') return parseNumber(trimmed) ?? trimmed;
  if (kind === 'multiple_choice') return trimmed.split(/\s*;\s*/).filter(Boolean);
  return trimmed;
}

export function FieldInput(props: {
  label: string;
  kind: InputKind;
  options?: string[];
  value: ExtractedValue | undefined;
  error: string | undefined;
  onCommit: (value: CellValue) => void;
  onNotReported: () => void;
  onGoToSource: ((highlightId: string) => void) | undefined;
  /** Offered when a conversion can fill this cell. */
  onConvert?: (() => void) | undefined;
  compact?: boolean;
  /** Escape gave up a refused value: its reason can go. */
  onDismissError?: () => void;
}) {
  const { label, kind, value, error, onCommit, onNotReported, onGoToSource } = props;
  const stored = display(value);
  const [text, setText] = useState(stored);
  useEffect(() => setText(stored), [stored]);
  const notReported = value?.state === 'not_reported';

  const commit = (next: string) => {
    if (next === stored && !error) return;
    onCommit(parseInput(kind, next));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && kind !== 'long_text') {
      e.preventDefault();
      commit(text);
    } else if (e.key === 'Escape') {
      setText(stored);
      props.onDismissError?.();
    } else if (e.altKey && (e.key === 'n' || e.key === 'N')) {
      e.preventDefault();
      onNotReported();
    }
  };

  let input;
  if (kind === 'single_choice' || kind === 'yes_no_unclear') {
    const choices = kind === 'yes_no_unclear' ? ['Yes', 'No', 'Unclear'] : (props.options ?? []);
    input = (
      <select
        aria-label={label}
        className={notReported ? 'not-reported' : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onCommit(e.target.value || null);
        }}
        onKeyDown={onKeyDown}
      >
        <option value="">{notReported ? 'Not reported' : ''}</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  } else if (kind === 'long_text') {
    input = (
      <textarea
        aria-label={label}
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => commit(text)}
        onKeyDown={onKeyDown}
        placeholder={notReported ? 'Not reported' : ''}
        className={error ? 'invalid' : notReported ? 'not-reported' : ''}
      />
    );
  } else {
    input = (
      <input
        aria-label={label}
        type={kind === 'date' ? 'date' : 'text'}
        inputMode={kind === 'number' || kind === 'integer' || kind === 'cell' ? 'decimal' : undefined}
        value={text}
        placeholder={
          notReported
            ? props.compact
              ? 'NR'
              : 'Not reported'
            : kind === 'multiple_choice'
              ? (props.options ?? []).join('; ')
              : ''
        }
        onChange={(e) => setText(e.target.value)}
        onBlur={() => commit(text)}
        onKeyDown={onKeyDown}
        className={
          error
            ? 'invalid'
            : notReported
              ? 'not-reported'
              : value?.origin === 'mapped'
                ? 'mapped'
                : value?.origin === 'converted'
                  ? 'converted'
                  : ''
        }
        title={
          value?.conversion
            ? `Converted: ${value.conversion.method} (${value.conversion.source})`
            : value?.origin === 'typed'
              ? 'Typed'
              : undefined
        }
      />
    );
  }
  return (
    <span className={props.compact ? 'field-input compact' : 'field-input'}>
      {input}
      <button
        type="button"
        className={notReported ? 'nr on' : 'nr'}
        aria-pressed={notReported}
        aria-label={`${label}: not reported`}
        title="Not reported (Alt+N)"
        onClick={onNotReported}
      >
        NR
      </button>
      {props.onConvert && (
        <button
          type="button"
          className="source"
          aria-label={`${label}: convert`}
          title="Convert from what the study reports"
          onClick={props.onConvert}
        >
          ⇄
        </button>
      )}
      {value?.provenance && onGoToSource && (
        <button
          type="button"
          className="source"
          aria-label={`${label}: go to source`}
          title={`From “${value.provenance.rawText}”`}
          onClick={() => onGoToSource(value.provenance!.highlightId)}
        >
          ↗
        </button>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
