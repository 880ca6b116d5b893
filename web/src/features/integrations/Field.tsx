import type { ReactNode } from 'react';

/** A labelled form control with its error line. */
export const Field = ({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
}) => (
  <div className="field">
    <label htmlFor={id}>{label}</label>
    {children}
    {hint && (
      <span className="faint" style={{ fontSize: 12 }}>
        {hint}
      </span>
    )}
    {error && <span className="field-error">{error}</span>}
  </div>
);
