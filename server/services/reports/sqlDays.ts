/**
 * SQL fragments that differ between SQLite and MariaDB, for grouping by the reader's local day
 * in the database (so a report transfers a few hundred groups, not one row per ticket):
 * - the local date (YYYY-MM-DD) of a UTC timestamp column, given the zone's offset pieces;
 * - the milliseconds between two timestamp columns.
 * SQLite keeps dates as text `YYYY-MM-DD HH:MM:SS.SSS +00:00` (always UTC here); MariaDB as DATETIME(3) in UTC.
 */
export type SqlDialect = 'sqlite' | 'mysql';

export function sqlDialect(name: string): SqlDialect {
  return name === 'sqlite' ? 'sqlite' : 'mysql';
}

/** Offsets come from Intl, so they are integers; checked anyway since they are written into SQL. */
function minutes(offset: number): number {
  if (!Number.isInteger(offset) || Math.abs(offset) > 24 * 60) throw new Error(`Unexpected time-zone offset ${offset}`);
  return offset;
}

function shiftedDate(dialect: SqlDialect, column: string, offsetMinutes: number): string {
  const offset = minutes(offsetMinutes);
  return dialect === 'sqlite' ? `date(substr(${column}, 1, 19), '${offset >= 0 ? '+' : ''}${offset} minutes')` : `DATE_FORMAT(DATE_ADD(${column}, INTERVAL ${offset} MINUTE), '%Y-%m-%d')`;
}

/**
 * The local date of `column` as SQL. The cut instants are bound as replacements named
 * `${prefix}0`, `${prefix}1` …; returns the SQL and those values.
 */
export function localDateSql(dialect: SqlDialect, column: string, segments: Array<{ until: Date | null; offsetMinutes: number }>, prefix = 'cut'): { sql: string; replacements: Record<string, Date> } {
  const last = segments[segments.length - 1];
  if (!last) throw new Error('No offset segments');
  if (segments.length === 1) return { sql: shiftedDate(dialect, column, last.offsetMinutes), replacements: {} };
  const replacements: Record<string, Date> = {};
  const branches = segments.slice(0, -1).map((segment, i) => {
    replacements[`${prefix}${i}`] = segment.until as Date;
    return `WHEN ${column} < :${prefix}${i} THEN ${shiftedDate(dialect, column, segment.offsetMinutes)}`;
  });
  return { sql: `CASE ${branches.join(' ')} ELSE ${shiftedDate(dialect, column, last.offsetMinutes)} END`, replacements };
}

/** Milliseconds from `earlier` to `later` (both timestamp columns), as an integer. */
export function durationMsSql(dialect: SqlDialect, later: string, earlier: string): string {
  return dialect === 'sqlite'
    ? `CAST(ROUND((julianday(substr(${later}, 1, 23)) - julianday(substr(${earlier}, 1, 23))) * 86400000) AS INTEGER)`
    : `(TIMESTAMPDIFF(MICROSECOND, ${earlier}, ${later}) DIV 1000)`;
}

/**
 * Pins the index a table reference uses (SQLite `INDEXED BY`, MariaDB `FORCE INDEX`). For the
 * correlated NOT EXISTS checks both planners were seen picking the (author|action, time) index
 * instead of the per-ticket one, which makes the query quadratic (minutes on 100,000 tickets).
 */
export function useIndex(dialect: SqlDialect, index: string): string {
  if (!/^\w+$/.test(index)) throw new Error(`Bad index name ${index}`);
  return dialect === 'sqlite' ? ` INDEXED BY ${index}` : ` FORCE INDEX (${index})`;
}
