/** A suite or test that needs what this machine lacks says so in one line and is skipped, never failed. */
import type { Context } from 'mocha';

export function skipWithout(ctx: Context, missing: string | undefined): void {
  if (!missing) return;
  console.log(`      skipped: ${missing}`);
  ctx.skip();
}
