import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * A labelled form control with its hint and error. The error is announced (role="alert") and tied
 * to the control with aria-describedby / aria-invalid, so a screen reader reads it with the field.
 */
interface Common {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  name: string;
  value: string;
  onValue: (value: string) => void;
  disabled?: boolean;
}

/** The few native attributes the console's inputs use. */
interface Native {
  type?: 'text' | 'password' | 'email' | 'url' | 'search' | 'number' | 'date';
  autoComplete?: string;
  spellcheck?: boolean;
  placeholder?: string;
  inputMode?: 'text' | 'numeric' | 'url' | 'email' | 'search';
  maxLength?: number;
  readOnly?: boolean;
  rows?: number;
}

type InputProps = Common & Native & { kind?: 'input' };
type AreaProps = Common & Native & { kind: 'textarea' };
type SelectProps = Common & { kind: 'select'; children: ComponentChildren };

export const Field = (props: InputProps | AreaProps | SelectProps) => {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const shared = {
    id,
    name: props.name,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy,
  };
  let control;
  if (props.kind === 'select') {
    control = (
      <select {...shared} value={props.value} disabled={props.disabled} onChange={(e) => props.onValue((e.target as HTMLSelectElement).value)}>
        {props.children}
      </select>
    );
  } else if (props.kind === 'textarea') {
    const { label: _l, error: _e, hint: _h, kind: _k, onValue, ...rest } = props;
    control = <textarea {...rest} {...shared} onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)} />;
  } else {
    const { label: _l, error: _e, hint: _h, kind: _k, onValue, type = 'text', ...rest } = props;
    control = <input {...(rest as object)} type={type as 'text'} {...shared} onInput={(e) => onValue((e.target as HTMLInputElement).value)} />;
  }
  return (
    <div class={`field${props.error ? ' field--error' : ''}`}>
      <label for={id}>{props.label}</label>
      {control}
      {props.hint && (
        <p class="field__hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field__error" id={errorId} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
};

/** The form-level error (one the API raised without naming a field). */
export const FormError = ({ error }: { error?: string | undefined }) =>
  error ? (
    <p class="alert alert--error" role="alert">
      {error}
    </p>
  ) : null;
