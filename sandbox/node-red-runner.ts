/**
 * Starts a real Node-RED (its own red.js, its own loader) in a child process on 127.0.0.1 with a
 * throw-away or a kept user directory: this package linked into userDir/node_modules (or installed
 * from a tarball), optional flows and credentials. For the browser test, the install test and
 * `npm run node-red`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './action-runner.js';

const require = createRequire(import.meta.url);
export const PACKAGE_NAME = (require(join(ROOT, 'package.json')) as { name: string }).name;

export interface NodeRedOptions {
  /** Node binary (default: this process's). */
  node?: string;
  /** npm package of Node-RED to run: node-red (4) or node-red-5. */
  nodeRedPackage?: string;
  port?: number;
  flows?: object[];
  credentials?: Record<string, object>;
  /**
   * Use this user directory (kept after stop); without one, a throw-away directory. Either way the
   * repo is linked in unless the package is already installed there (the tarball test).
   */
  userDir?: string;
  /** Write `flows` and `credentials` only if the directory has no flows yet (the demo keeps the user's edits). */
  keepFlows?: boolean;
  env?: Record<string, string>;
  /** More settings.js entries, as JSON (httpNodeRoot, httpAdminRoot). */
  settings?: Record<string, unknown>;
  /** JavaScript appended to settings.js, for what JSON cannot say (an httpNodeMiddleware function). */
  settingsSource?: string;
}

export interface NodeSet {
  id: string;
  module: string;
  enabled: boolean;
  types: string[];
  err?: string;
}

export interface RunningNodeRed {
  url: string;
  /** GET /nodes: the node sets the runtime registered. */
  nodeSets(): Promise<NodeSet[]>;
  userDir: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function prepareUserDir(options: NodeRedOptions, port: number): string {
  const userDir = options.userDir ?? mkdtempSync(join(tmpdir(), 'zoom-node-red-'));
  const link = join(userDir, 'node_modules', PACKAGE_NAME);
  if (!existsSync(link)) {
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(ROOT, link, 'dir');
  }
  if (!existsSync(join(userDir, 'package.json'))) {
    writeFileSync(
      join(userDir, 'package.json'),
      JSON.stringify({ name: 'node-red-project', private: true, dependencies: { [PACKAGE_NAME]: '*' } }),
    );
  }
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: port,
    flowFile: 'flows.json',
    credentialSecret: false,
    // No catalogue: this machine (and CI) has no route to it, and the editor would log the failure.
    editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] } },
    telemetry: { enabled: false },
    diagnostics: { enabled: false },
    logging: { console: { level: 'info', metrics: false, audit: false } },
    ...options.settings,
  };
  writeFileSync(join(userDir, 'settings.js'), `module.exports = ${JSON.stringify(settings, null, 2)};\n${options.settingsSource ?? ''}\n`);
  const seed = !options.keepFlows || !existsSync(join(userDir, 'flows.json'));
  if (seed && options.flows) writeFileSync(join(userDir, 'flows.json'), JSON.stringify(options.flows, null, 2));
  if (seed && options.credentials) writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(options.credentials, null, 2));
  return userDir;
}

export async function startNodeRed(options: NodeRedOptions = {}): Promise<RunningNodeRed> {
  const port = options.port ?? (await freePort());
  const userDir = prepareUserDir(options, port);
  const red = require.resolve(`${options.nodeRedPackage ?? 'node-red'}/red.js`);
  const child: ChildProcess = spawn(
    options.node ?? process.execPath,
    [red, '--userDir', userDir, '--settings', join(userDir, 'settings.js')],
    {
      cwd: userDir,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Node-RED did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Started flows')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Node-RED exited with ${code}:\n${output}`));
    });
  });
  await ready;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    nodeSets: async () => (await (await fetch(`${url}/nodes`, { headers: { accept: 'application/json' } })).json()) as NodeSet[],
    userDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
      if (!options.userDir) rmSync(userDir, { recursive: true, force: true });
    },
  };
}

/**
 * A `zoom-livestream` node for flows written in tests and benchmarks: on account `acc`, a meeting
 * given by msg.meetingId, action start, wired to nothing; `fields` override.
 */
export function liveStreamFlowNode(id: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    type: 'zoom-livestream',
    account: 'acc',
    targetKind: 'meeting',
    target: '',
    targetType: 'str',
    action: 'start',
    actionType: 'action',
    wires: [[]],
    ...fields,
  };
}

/** A `zoom-account` node `acc` on the sandbox (its credentials go in flows_cred.json). */
export function sandboxAccountNode(sandbox: { apiBaseUrl: string; oauthTokenUrl: string }, fields: Record<string, unknown> = {}) {
  return {
    id: 'acc',
    type: 'zoom-account',
    authType: 'oauth',
    apiBaseUrl: sandbox.apiBaseUrl,
    oauthTokenUrl: sandbox.oauthTokenUrl,
    ...fields,
  };
}

/**
 * The package's examples/ as one deployable flow: each example on its own tab (`tab1`, `tab2`, ...,
 * node ids prefixed with the tab), sharing one `zoom-account` node with the given properties.
 */
export function exampleFlows(account: { apiBaseUrl: string; oauthTokenUrl: string }): Record<string, unknown>[] {
  const flows: Record<string, unknown>[] = [];
  const files = readdirSync(join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const [index, file] of files.entries()) {
    const tab = `tab${index + 1}`;
    const local = (id: string) => `${tab}-${id}`;
    flows.push({ id: tab, type: 'tab', label: file.replace(/\.json$/, ''), disabled: false, info: '' });
    for (const node of JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as Record<string, unknown>[]) {
      if (node.type === 'zoom-account') continue;
      const copy: Record<string, unknown> = { ...node, id: local(String(node.id)), z: tab };
      copy.wires = ((node.wires as string[][]) ?? []).map((wire) => wire.map(local));
      if (Array.isArray(node.scope)) copy.scope = (node.scope as string[]).map(local);
      flows.push(copy);
    }
  }
  flows.push({ id: 'zoomacc', type: 'zoom-account', name: 'Zoom sandbox', authType: 'oauth', ...account });
  return flows;
}
