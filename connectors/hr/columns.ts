// The columns of the HR export (docs/snapshot-format.md "hr/"), named once for the
// reader and the config's column map.
export const PEOPLE_COLUMNS = [
  'employee_id',
  'email',
  'display_name',
  'department',
  'title',
  'manager_email',
  'country',
  'worker_type',
  'status',
  'start_date',
  'end_date',
] as const;
export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];

export const EVENT_COLUMNS = [
  'employee_id',
  'event',
  'effective_date',
  'from_department',
  'to_department',
  'from_title',
  'to_title',
] as const;
export type EventColumn = (typeof EVENT_COLUMNS)[number];
