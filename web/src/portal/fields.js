// A labelled field with its message box, and showing a message in it: the
// request form's and the "Publish my choices" card's fields (the stance
// editor keeps messages per group, in stance-editor.js).
import { h, uid } from '../shared/dom.js';

// A labelled field of a form with its message box; `hint` is said under the input.
export function labelled(text, input, hint) {
  input.id = uid('q');
  const hintEl = hint ? h('small', { class: 'hint', id: uid('h') }, hint) : null;
  const box = h('small', { class: 'field-error', id: uid('e'), 'data-for': input.name, 'aria-live': 'polite' });
  box.hidden = true;
  input.setAttribute('aria-describedby', [hintEl?.id, box.id].filter(Boolean).join(' '));
  input.messageBox = box;
  return h('div', { class: 'field' }, h('label', { for: input.id }, text), input, hintEl, box);
}

// Shows `message` next to `input` (none: clears it); returns whether the field is fine.
export function mark(input, message) {
  input.messageBox.textContent = message;
  input.messageBox.hidden = !message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  return !message;
}
