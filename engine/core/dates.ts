/**
 * Dates are calendar days, held as ISO text `YYYY-MM-DD`: they sort and compare as strings and never
 * shift with a time zone. Excel hands dates over as serial numbers (1900 date system).
 */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
/** Serial 25569 is 1970-01-01 in Excel's 1900 date system. */
const UNIX_EPOCH_SERIAL = 25_569;
/** The 1904 date system (a workbook setting): its serial 0 is 1904-01-01, serial 1462 of the 1900 system. */
export const DAYS_1904 = 1462;
/** Excel's largest date, 9999-12-31. */
export const MAX_EXCEL_SERIAL = 2_958_465;

/** Converts an Excel serial day number to ISO, or null when it is not a day Excel can show. */
export function excelSerialToIso(serial: number): IsoDate | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial);
  if (day < 1 || day > MAX_EXCEL_SERIAL) return null;
  // Excel counts a 29 February 1900 that never was (serial 60); days before it are one off.
  if (day === 60) return null;
  const adjusted = day < 60 ? day + 1 : day;
  return new Date((adjusted - UNIX_EPOCH_SERIAL) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Converts an ISO date to Excel's serial day number. */
export function isoToExcelSerial(iso: IsoDate): number {
  const [y, m, d] = iso.split("-").map(Number);
  const days = Date.UTC(y, m - 1, d) / MS_PER_DAY + UNIX_EPOCH_SERIAL;
  return days <= 60 ? days - 1 : days;
}

/** Whether y-m-d is a real calendar day. */
export function isCalendarDay(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const time = Date.UTC(y, m - 1, d);
  const back = new Date(time);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}

export function isoFromParts(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
