/** `--version` and `--help` answered from the arguments alone say what the command proper says. */
import assert from 'node:assert/strict';
import { quickAnswer } from '../../cli/quick.js';
import { VERSION } from '../../core/index.js';
import { cli } from '../helpers/cli.js';

describe('cli: the answers given before the command is loaded', () => {
  it('--version, -V, --help and -h alone: the same text as the command gives', async () => {
    assert.equal(quickAnswer(['--version']), `${VERSION}\n`);
    assert.equal(quickAnswer(['-V']), `${VERSION}\n`);
    for (const [quick, full] of [
      [['--version'], ['--version']],
      [['--help'], ['--help']],
      [['-h'], ['--help']],
    ] as const) {
      const run = await cli([...full], {});
      assert.equal(run.code, 0);
      assert.equal(quickAnswer(quick), run.stdout);
    }
  });

  it('anything else is the command proper', () => {
    for (const argv of [[], ['start'], ['start', '--help'], ['--version', '--json'], ['--versions']])
      assert.equal(quickAnswer(argv), undefined);
  });
});
