/**
 * The answers the command gives from its arguments alone (`--version`, `--help`): cron, systemd
 * timers and monitors start it thousands of times a day, and these load nothing else.
 */
import { VERSION } from '../core/startup.js';
import { USAGE } from './usage.js';

/** The text for `--version` or `--help` given alone, or undefined for anything else (the command proper). */
export function quickAnswer(argv: readonly string[]): string | undefined {
  if (argv.length !== 1) return undefined;
  if (argv[0] === '--version' || argv[0] === '-V') return `${VERSION}\n`;
  if (argv[0] === '--help' || argv[0] === '-h') return USAGE;
  return undefined;
}
