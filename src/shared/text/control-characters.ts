/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. NUL above all:
 * PostgreSQL's text types cannot hold it (SQLite can, so without this check the same request
 * would work on one database and fail on the other); the rest have no place in names, filters,
 * notes or policies and would only reach logs and screens as garbage.
 */
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** True when `text` holds a character no stored or filtered string may hold (see FORBIDDEN_CONTROL). */
export function hasForbiddenControl(text: string): boolean {
  return FORBIDDEN_CONTROL.test(text);
}

/** The reason given for such a string. */
export const FORBIDDEN_CONTROL_REASON = 'must not contain NUL or other control characters (tab, line feed and carriage return are allowed)';
