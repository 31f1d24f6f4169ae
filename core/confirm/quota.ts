/**
 * A daily quota of API units (YouTube's: 10,000 a day by default, reset at midnight Pacific):
 * every call's units counted, for the report, and once the service says the quota is spent, no
 * call until its reset, so a fleet does not spend the next day's first minutes on refusals.
 */
export class QuotaMeter {
  /** Units spent through this meter (a call the service refused costs its units too). */
  units = 0;
  #closedUntil: number | undefined;

  /** `parent`: the run's meter, when this one counts one task of it (a fleet's entry). */
  constructor(private readonly parent?: QuotaMeter) {}

  /** A meter for one task: its own count, the run's closing. */
  child(): QuotaMeter {
    return new QuotaMeter(this);
  }

  /** When the service said the quota is spent: no call before this (ms since the epoch). */
  get closedUntil(): number | undefined {
    return this.parent ? this.parent.closedUntil : this.#closedUntil;
  }

  spend(units: number): void {
    this.units += units;
    this.parent?.spend(units);
  }

  /** The service refused a call for the quota: closed until the next midnight Pacific after `now`. */
  close(now: number): number {
    if (this.parent) return this.parent.close(now);
    return (this.#closedUntil = nextMidnightPacific(now));
  }

  /** Whether calls are closed at `now`; reopens itself at the reset. */
  closed(now: number): boolean {
    if (this.parent) return this.parent.closed(now);
    if (this.#closedUntil !== undefined && now >= this.#closedUntil) this.#closedUntil = undefined;
    return this.#closedUntil !== undefined;
  }

  /** Words for a face: "until 2026-12-07T08:00:00Z (midnight Pacific)". */
  untilText(): string {
    return `until ${new Date(this.closedUntil ?? 0).toISOString().replace('.000', '')} (midnight Pacific)`;
  }
}

/** Made when first needed: a formatter with a time zone loads ICU's zone data (about 30 ms), which a start-up must not pay. */
let pacific: Intl.DateTimeFormat | undefined;
const PACIFIC_FORMAT: Intl.DateTimeFormatOptions = {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  hourCycle: 'h23',
  minute: 'numeric',
  second: 'numeric',
};

/** Pacific time's offset from UTC at `at`, in ms (-8 h or -7 h). */
function pacificOffset(at: number): number {
  pacific ??= new Intl.DateTimeFormat('en-US', PACIFIC_FORMAT);
  const parts = Object.fromEntries(pacific.formatToParts(at).map((p) => [p.type, Number(p.value)]));
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - (at - (at % 1000));
}

/** The first midnight in Los Angeles after `now`, daylight saving included. */
export function nextMidnightPacific(now: number): number {
  const offset = pacificOffset(now);
  const local = new Date(now + offset);
  const midnightLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  // The offset at midnight itself can differ (the night of a change): take the one in force then.
  return midnightLocal - pacificOffset(midnightLocal - offset);
}
