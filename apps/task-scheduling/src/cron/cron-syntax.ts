import { CronError, CronFieldName } from './cron-error';

// Our own strict reading of a cron expression. Croner (like most cron libraries) quietly accepts
// things such as `5L` as "every Friday", `L5` as "the 5th and the last day", `*/60` or `?` (which
// it replaces with the current time), so we validate first and hand croner only explicit numeric
// lists it cannot misread.

export interface CronSyntax {
  hasSeconds: boolean;
  // Vixie cron: when both day fields are restricted a day matches either of them, otherwise both.
  dayFieldsOr: boolean;
  // Six numeric fields with expanded lists, for croner.
  cronerPattern: string;
  // The expression with names and macros resolved but its shape kept, for cronstrue.
  displayPattern: string;
}

interface FieldSpec {
  name: CronFieldName;
  min: number;
  max: number;
  // Highest value a `*` or open-ended step reaches (day-of-week accepts 7 but stops at 6).
  last: number;
  names?: Readonly<Record<string, number>>;
}

interface ParsedField {
  any: boolean;
  // Vixie's DOM_STAR/DOW_STAR: the field text starts with `*`, so `*/2` counts as unrestricted.
  star: boolean;
  values: Set<number>;
  lastDayOfMonth: boolean;
  nthWeekdays: Set<string>;
  display: string;
}

const MONTH_NAMES = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
} as const;
const WEEKDAY_NAMES = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 } as const;

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59, last: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59, last: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23, last: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31, last: 31 };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, last: 12, names: MONTH_NAMES };
const DAY_OF_WEEK: FieldSpec = { name: 'day-of-week', min: 0, max: 7, last: 6, names: WEEKDAY_NAMES };

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

// Longest month lengths, February counted as 29 so leap-day schedules stay valid.
const MAX_DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function fail(spec: FieldSpec, message: string): never {
  throw new CronError(`${spec.name}: ${message}`, spec.name);
}

function parseValue(spec: FieldSpec, token: string, isRangeEnd: boolean): number {
  if (/^[0-9]+$/.test(token)) {
    const value = Number(token);
    if (value < spec.min || value > spec.max) {
      fail(spec, `${value} is out of range ${spec.min}-${spec.max}`);
    }
    return value;
  }
  if (token === 'L') {
    fail(
      spec,
      spec === DAY_OF_WEEK
        ? 'L needs a weekday before it, e.g. 5L for the last Friday'
        : spec === DAY_OF_MONTH
          ? 'L must stand alone in a list item'
          : 'L is only allowed in day-of-month and day-of-week',
    );
  }
  if (spec === DAY_OF_MONTH && /^[0-9L]+W$/.test(token)) {
    fail(spec, `W (nearest weekday) is not supported (${token})`);
  }
  if (/^[A-Z]+$/.test(token)) {
    if (!spec.names) {
      return fail(spec, `${token} is not a number`);
    }
    const named = spec.names[token];
    if (named === undefined) {
      return fail(spec, `unknown name ${token}`);
    }
    // `FRI-SUN` means Friday to Sunday, so a Sunday closing a range is 7, as in Vixie cron.
    return spec === DAY_OF_WEEK && isRangeEnd && named === 0 ? 7 : named;
  }
  if (token.includes('#')) {
    return fail(
      spec,
      spec === DAY_OF_WEEK
        ? `# applies to one weekday, not to a range or step (${token})`
        : `# is only allowed in day-of-week (${token})`,
    );
  }
  return fail(spec, `invalid value "${token}"`);
}

function parseStep(spec: FieldSpec, item: string, token: string): number {
  const maxStep = spec.last - spec.min;
  if (token === '') {
    fail(spec, `missing step after / in ${item}`);
  }
  if (!/^[0-9]+$/.test(token)) {
    fail(spec, `step ${token} is not a number`);
  }
  const step = Number(token);
  if (step < 1 || step > maxStep) {
    fail(spec, `step ${step} is out of range 1-${maxStep}`);
  }
  return step;
}

function addNthWeekday(field: ParsedField, item: string): boolean {
  const match = /^([0-9]+|[A-Z]+)(?:(L)|#([0-9]+|L))$/.exec(item);
  if (!match) {
    return false;
  }
  const [, dayToken, lastSuffix, nthToken] = match;
  if (lastSuffix && !/^[0-9]+$/.test(dayToken)) {
    return false;
  }
  const weekday = parseValue(DAY_OF_WEEK, dayToken, false) % 7;
  const nth = lastSuffix ?? nthToken;
  if (nth !== 'L' && (Number(nth) < 1 || Number(nth) > 5)) {
    fail(DAY_OF_WEEK, `occurrence ${nth} in ${item} is out of range 1-5`);
  }
  field.nthWeekdays.add(`${weekday}#${nth}`);
  field.display = appendItem(field.display, nth === 'L' ? `${weekday}L` : `${weekday}#${nth}`);
  return true;
}

function appendItem(display: string, item: string): string {
  return display === '' ? item : `${display},${item}`;
}

function addItem(spec: FieldSpec, field: ParsedField, item: string): void {
  if (item === '') {
    fail(spec, 'empty item in list');
  }
  if (spec === DAY_OF_MONTH && item === 'L') {
    field.lastDayOfMonth = true;
    field.display = appendItem(field.display, 'L');
    return;
  }
  if (spec === DAY_OF_WEEK && addNthWeekday(field, item)) {
    return;
  }
  const slashParts = item.split('/');
  if (slashParts.length > 2) {
    fail(spec, `invalid step in ${item}`);
  }
  const [base, stepToken] = slashParts;
  const step = stepToken === undefined ? 1 : parseStep(spec, item, stepToken);
  let from: number;
  let to: number;
  let baseDisplay: string;
  if (base === '*') {
    [from, to, baseDisplay] = [spec.min, spec.last, '*'];
  } else {
    const bounds = base.split('-');
    if (bounds.length > 2 || bounds.some((bound) => bound === '')) {
      fail(spec, `invalid range ${item}`);
    }
    from = parseValue(spec, bounds[0], false);
    to = bounds.length === 2 ? parseValue(spec, bounds[1], true) : stepToken === undefined ? from : spec.last;
    if (from > to) {
      fail(spec, `range ${bounds.join('-')} is reversed (${from} > ${to})`);
    }
    baseDisplay = bounds.length === 2 ? `${from}-${to}` : `${from}`;
  }
  for (let value = from; value <= to; value += step) {
    field.values.add(spec === DAY_OF_WEEK ? value % 7 : value);
  }
  field.display = appendItem(field.display, stepToken === undefined ? baseDisplay : `${baseDisplay}/${step}`);
}

function parseField(spec: FieldSpec, raw: string): ParsedField {
  const text = raw.toUpperCase();
  const field: ParsedField = {
    any: text === '*' || text === '?',
    star: text.startsWith('*') || text === '?',
    values: new Set<number>(),
    lastDayOfMonth: false,
    nthWeekdays: new Set<string>(),
    display: '',
  };
  if (text === '?' && spec !== DAY_OF_MONTH && spec !== DAY_OF_WEEK) {
    fail(spec, '? is only allowed in day-of-month and day-of-week');
  }
  if (field.any) {
    field.display = text;
    return field;
  }
  for (const item of text.split(',')) {
    addItem(spec, field, item);
  }
  return field;
}

function cronerField(field: ParsedField): string {
  if (field.any) {
    return '*';
  }
  const items: string[] = [...field.values].sort((a, b) => a - b).map(String);
  if (field.lastDayOfMonth) {
    items.push('L');
  }
  items.push(...field.nthWeekdays);
  return items.join(',');
}

function expandMacro(expression: string): string {
  if (/\s/.test(expression)) {
    throw new CronError(`a macro stands alone, got "${expression}"`);
  }
  const expanded = MACROS[expression.toLowerCase()];
  if (!expanded) {
    throw new CronError(`unknown macro ${expression} (expected one of ${Object.keys(MACROS).join(', ')})`);
  }
  return expanded;
}

function assertDayExists(dayOfMonth: ParsedField, month: ParsedField): void {
  const months = month.any ? [...Array(12).keys()].map((index) => index + 1) : [...month.values];
  const exists = [...dayOfMonth.values].some((day) => months.some((m) => day <= MAX_DAYS_IN_MONTH[m]));
  if (!exists) {
    fail(DAY_OF_MONTH, 'none of the selected days exists in the selected months');
  }
}

export function parseCronSyntax(expression: string): CronSyntax {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new CronError('expression is empty');
  }
  const trimmed = expression.trim();
  const source = trimmed.startsWith('@') ? expandMacro(trimmed) : trimmed;
  const texts = source.split(/\s+/);
  if (texts.length !== 5 && texts.length !== 6) {
    throw new CronError(`expected 5 or 6 fields, got ${texts.length}`);
  }
  const hasSeconds = texts.length === 6;
  const specs = hasSeconds
    ? [SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK]
    : [MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK];
  const fields = specs.map((spec, index) => parseField(spec, texts[index]));
  const [dayOfMonth, month, dayOfWeek] = fields.slice(-3);
  const dayFieldsOr = !dayOfMonth.star && !dayOfWeek.star;
  if (!dayFieldsOr && !dayOfMonth.any && !dayOfMonth.lastDayOfMonth) {
    assertDayExists(dayOfMonth, month);
  }
  // Croner always gets the six-field form so it never guesses which field is which.
  const cronerFields = [...(hasSeconds ? [] : ['0']), ...fields.map(cronerField)];
  return {
    hasSeconds,
    dayFieldsOr,
    cronerPattern: cronerFields.join(' '),
    displayPattern: fields.map((field) => field.display).join(' '),
  };
}
