/**
 * Waits for a condition instead of a fixed sleep: checks it every few milliseconds and fails with
 * what was awaited once the deadline passes. The deadline is generous (a busy machine is slow, not
 * wrong); a test that needs "nothing happened" waits for a later marker instead of for time.
 */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
