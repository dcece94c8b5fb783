// The findings page: a filter applies as soon as it changes.
'use strict';
for (const el of document.querySelectorAll('#filters .autosubmit')) {
  el.addEventListener('change', () => el.form.submit());
}
