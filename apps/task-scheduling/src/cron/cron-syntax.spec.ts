import { CronError } from './cron-error';
import { parseCronSyntax } from './cron-syntax';

const messageOf = (expression: string): string => {
  try {
    parseCronSyntax(expression);
  } catch (error) {
    if (error instanceof CronError) {
      return error.message;
    }
    throw error;
  }
  throw new Error(`"${expression}" was accepted`);
};

describe(parseCronSyntax.name, () => {
  describe('invalid expressions', () => {
    it.each([
      ['', 'expression is empty'],
      ['   ', 'expression is empty'],
      ['* * * *', 'expected 5 or 6 fields, got 4'],
      ['* * * * * * *', 'expected 5 or 6 fields, got 7'],
      // Six fields put seconds first, so a Quartz-style trailing year lands in day-of-week.
      ['0 0 1 1 * 2026', 'day-of-week: 2026 is out of range 0-7'],
      ['60 * * * *', 'minute: 60 is out of range 0-59'],
      ['0 24 * * *', 'hour: 24 is out of range 0-23'],
      ['0 0 0 * *', 'day-of-month: 0 is out of range 1-31'],
      ['0 0 32 * *', 'day-of-month: 32 is out of range 1-31'],
      ['0 0 * 0 *', 'month: 0 is out of range 1-12'],
      ['0 0 * 13 *', 'month: 13 is out of range 1-12'],
      ['0 0 * * 8', 'day-of-week: 8 is out of range 0-7'],
      ['60 0 0 * * *', 'second: 60 is out of range 0-59'],
      ['0 0 * FOO *', 'month: unknown name FOO'],
      ['0 0 * * FOO', 'day-of-week: unknown name FOO'],
      ['0 0 * * MONDAY', 'day-of-week: unknown name MONDAY'],
      ['0 0 * JANUARY *', 'month: unknown name JANUARY'],
      ['0 0 * MON *', 'month: unknown name MON'],
      ['0 0 * * JAN', 'day-of-week: unknown name JAN'],
      ['0 0 * JAN-FOO *', 'month: unknown name FOO'],
      ['0 FOO * * *', 'hour: FOO is not a number'],
      ['@every 5m', 'a macro stands alone, got "@every 5m"'],
      ['@every', 'unknown macro @every'],
      ['@reboot', 'unknown macro @reboot'],
      ['@daily 0', 'a macro stands alone'],
      ['*/0 * * * *', 'minute: step 0 is out of range 1-59'],
      ['*/60 * * * *', 'minute: step 60 is out of range 1-59'],
      ['0 */24 * * *', 'hour: step 24 is out of range 1-23'],
      ['0 0 * * */7', 'day-of-week: step 7 is out of range 1-6'],
      ['*/ * * * *', 'minute: missing step after / in */'],
      ['*/x * * * *', 'minute: step X is not a number'],
      ['1/2/3 * * * *', 'minute: invalid step in 1/2/3'],
      ['0 22-2 * * *', 'hour: range 22-2 is reversed (22 > 2)'],
      ['0 0 * * FRI-MON', 'day-of-week: range FRI-MON is reversed (5 > 1)'],
      ['0 0 1-5-7 * *', 'day-of-month: invalid range 1-5-7'],
      ['0 -1 * * *', 'hour: invalid range -1'],
      ['0 1- * * *', 'hour: invalid range 1-'],
      ['0 0 1,,2 * *', 'day-of-month: empty item in list'],
      ['0 0 1, * *', 'day-of-month: empty item in list'],
      ['0 0 ,1 * *', 'day-of-month: empty item in list'],
      ['1.5 * * * *', 'minute: invalid value "1.5"'],
      ['0 0 * * 1;2', 'day-of-week: invalid value "1;2"'],
      ['0x5 * * * *', 'minute: invalid value "0X5"'],
      ['+5 * * * *', 'minute: invalid value "+5"'],
      ['0 0 L5 * *', 'day-of-month: invalid value "L5"'],
      ['0 0 5L * *', 'day-of-month: invalid value "5L"'],
      ['0 0 LW * *', 'day-of-month: W (nearest weekday) is not supported (LW)'],
      ['0 0 15W * *', 'day-of-month: W (nearest weekday) is not supported (15W)'],
      ['0 0 L-2 * *', 'day-of-month: L must stand alone in a list item'],
      ['L * * * *', 'minute: L is only allowed in day-of-month and day-of-week'],
      ['0 0 * * L', 'day-of-week: L needs a weekday before it, e.g. 5L for the last Friday'],
      ['0 0 * * 5#6', 'day-of-week: occurrence 6 in 5#6 is out of range 1-5'],
      ['0 0 * * 5#0', 'day-of-week: occurrence 0 in 5#0 is out of range 1-5'],
      ['0 0 * * 8#1', 'day-of-week: 8 is out of range 0-7'],
      ['0 0 1#2 * *', 'day-of-month: # is only allowed in day-of-week (1#2)'],
      ['0 0 * * 1-5#2', 'day-of-week: # applies to one weekday, not to a range or step (5#2)'],
      ['? 0 * * *', 'minute: ? is only allowed in day-of-month and day-of-week'],
      ['0 0 * ? *', 'month: ? is only allowed in day-of-month and day-of-week'],
      ['0 0 30 2 *', 'day-of-month: none of the selected days exists in the selected months'],
      ['0 0 31 4,6,9,11 *', 'day-of-month: none of the selected days exists in the selected months'],
    ])('should reject %j with "%s"', (expression, message) => {
      expect(messageOf(expression)).toContain(message);
    });

    it('should tag each error with its field', () => {
      expect.assertions(1);
      try {
        parseCronSyntax('0 0 * 13 *');
      } catch (error) {
        expect((error as CronError).subject).toBe('month');
      }
    });
  });

  describe('valid expressions', () => {
    it.each([
      ['0 9 * * 1-5', '0 0 9 * * 1,2,3,4,5', false],
      ['*/15 * * * * *', '0,15,30,45 * * * * *', false],
      ['0 0 L * *', '0 0 0 L * *', false],
      ['0 0 L,15 * *', '0 0 0 15,L * *', false],
      ['0 0 * * 5L', '0 0 0 * * 5#L', false],
      ['0 0 * * fri#2,1', '0 0 0 * * 1,5#2', false],
      ['0 0 * * FRI-SUN', '0 0 0 * * 0,5,6', false],
      ['0 0 * * 0-7', '0 0 0 * * 0,1,2,3,4,5,6', false],
      ['0 0 13 * 5', '0 0 0 13 * 5', true],
      ['0 0 */10 * 1', '0 0 0 1,11,21,31 * 1', false],
      ['0 0 1 * *', '0 0 0 1 * *', false],
      ['0 0 ? * MON', '0 0 0 * * 1', false],
      ['5/20 * * * *', '0 5,25,45 * * * *', false],
      ['0 0 31 2,3 *', '0 0 0 31 2,3 *', false],
      ['0 0 30 2 1', '0 0 0 30 2 1', true],
      ['@weekly', '0 0 0 * * 0', false],
      ['0\t0  *  * *', '0 0 0 * * *', false],
    ])('should read %j as croner %j (OR days: %s)', (expression, cronerPattern, dayFieldsOr) => {
      const syntax = parseCronSyntax(expression);
      expect(syntax.cronerPattern).toBe(cronerPattern);
      expect(syntax.dayFieldsOr).toBe(dayFieldsOr);
    });

    it('should keep the shape of the expression for the description', () => {
      expect(parseCronSyntax('0 9 * jan-mar MON-FRI').displayPattern).toBe('0 9 * 1-3 1-5');
      expect(parseCronSyntax('@hourly').displayPattern).toBe('0 * * * *');
      expect(parseCronSyntax('*/5 * * * * *').displayPattern).toBe('*/5 * * * * *');
      expect(parseCronSyntax('0 0 * * FRI#L').displayPattern).toBe('0 0 * * 5L');
    });

    it('should know whether a seconds field was given', () => {
      expect(parseCronSyntax('* * * * * *').hasSeconds).toBe(true);
      expect(parseCronSyntax('* * * * *').hasSeconds).toBe(false);
      expect(parseCronSyntax('@daily').hasSeconds).toBe(false);
    });
  });
});
