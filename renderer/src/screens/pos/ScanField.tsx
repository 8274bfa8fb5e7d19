import { forwardRef, useState, type KeyboardEvent } from 'react';

interface Props {
  label: string;
  placeholder?: string;
  busy: boolean;
  onSubmit(query: string): void;
}

/**
 * The one search field of the till: a barcode (a scanner types digits, then
 * Enter, fast), a SKU in any case, or words of a name. Enter hands the text
 * over and clears the field at once, so the next scan can follow straight
 * away; the screen puts focus back here after every action.
 */
export const ScanField = forwardRef<HTMLInputElement, Props>(function ScanField(
  { label, placeholder = 'Barcode, SKU or name, then Enter', busy, onSubmit },
  ref,
) {
  const [text, setText] = useState('');
  const enter = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const q = text.trim();
    setText('');
    if (q) onSubmit(q);
  };
  return (
    <label className="pos-field scan-field">
      <span>{label}</span>
      <input
        ref={ref}
        name="scan"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={enter}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        aria-busy={busy}
      />
    </label>
  );
});
