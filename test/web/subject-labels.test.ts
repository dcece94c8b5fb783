// The findings list names a subject by its name; when two different subjects
// of the list share one (two access keys carry their user's name), each is
// shown with its id, so no two rows read alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/findings/finding.js';
import { sharedNames, subjectLabel } from '../../src/web/pages/findings-page.js';

const finding = (id: string, name: string | null, container = '111111111111', type = 'access-key'): Finding =>
  ({ id: `f_${id}`, subject: { source: 'aws', container, type, id, name } }) as unknown as Finding;

test("two keys of one user are told apart by their ids; a name only one subject has stays as it is", () => {
  const list = [finding('AKIAMYXGFJLMQ2AINPDF', 'terraform-admin'), finding('AKIAMYXGFJLMQ2AINPDF', 'terraform-admin'), finding('AKIAI3WXPBYNHSIFMTEN', 'terraform-admin'), finding('AKIAHXKTFSO46U6AMGX7', 'reporting-export')];
  const shared = sharedNames(list);
  assert.deepEqual(list.map((f) => subjectLabel(f, shared)), [
    'terraform-admin · AKIAMYXGFJLMQ2AINPDF',
    'terraform-admin · AKIAMYXGFJLMQ2AINPDF',
    'terraform-admin · AKIAI3WXPBYNHSIFMTEN',
    'reporting-export',
  ]);
});

test('one subject found by two rules keeps its plain name; a subject without a name shows its id', () => {
  const list = [finding('AKIAMYXGFJLMQ2AINPDF', 'terraform-admin'), finding('AKIAMYXGFJLMQ2AINPDF', 'terraform-admin'), finding('user:ana@example.com', null, 'proj', 'binding')];
  const shared = sharedNames(list);
  assert.deepEqual(list.map((f) => subjectLabel(f, shared)), ['terraform-admin', 'terraform-admin', 'user:ana@example.com']);
});
