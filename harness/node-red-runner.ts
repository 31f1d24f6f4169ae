/**
 * Starts a real Node-RED (its own red.js, its own loader) in a child process on 127.0.0.1 with a
 * throw-away or a kept user directory: this package linked into userDir/node_modules (or installed
 * from a tarball), optional flows and credentials. For the browser test, the install test and
 * `npm run node-red`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './root.js';
import { until } from './until.js';

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
  /**
   * For a person at the keyboard (`npm run node-red`): Node-RED's own log is shown as it comes, and no
   * probe tab is deployed with the flows (it would be shown in the editor and saved with them).
   */
  interactive?: boolean;
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

/**
 * Appended to settings.js: Node-RED listens on uiPort 0 (the system picks a free port, so nothing
 * can take it between a probe and the bind) and this prints the port it got, once, on stdout.
 */
const REPORT_PORT = `{
  const http = require('node:http');
  const listen = http.Server.prototype.listen;
  http.Server.prototype.listen = function (...args) {
    http.Server.prototype.listen = listen;
    this.once('listening', () => process.stdout.write('zoom-runner: listening on ' + this.address().port + '\\n'));
    return listen.apply(this, args);
  };
}`;

function prepareUserDir(options: NodeRedOptions): { userDir: string; seed: boolean } {
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
    uiPort: options.port ?? 0,
    flowFile: 'flows.json',
    credentialSecret: false,
    // No catalogue: this machine (and CI) has no route to it, and the editor would log the failure.
    editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] } },
    telemetry: { enabled: false },
    diagnostics: { enabled: false },
    logging: { console: { level: 'info', metrics: false, audit: false } },
    ...options.settings,
  };
  writeFileSync(
    join(userDir, 'settings.js'),
    `module.exports = ${JSON.stringify(settings, null, 2)};\n${REPORT_PORT}\n${options.settingsSource ?? ''}\n`,
  );
  // The flows are deployed through the admin API once it answers (see startNodeRed).
  const seed = !options.keepFlows || !existsSync(join(userDir, 'flows.json'));
  if (seed) writeFileSync(join(userDir, 'flows.json'), '[]');
  return { userDir, seed };
}

/** The flows with their credentials inside, as the editor deploys them. */
function withCredentials(flows: object[], credentials: Record<string, object> = {}): object[] {
  return flows.map((node) => {
    const id = (node as { id?: string }).id;
    return id && credentials[id] ? { ...node, credentials: credentials[id] } : node;
  });
}

/**
 * A deploy is answered before its flows have started, and Node-RED starts tabs one after another:
 * a last tab whose HTTP endpoint answers (anything but 404) says that every tab before it runs.
 */
function probeTab(path: string): object[] {
  return [
    { id: 'zoom-runner-probe', type: 'tab', label: 'test runner: flows started', disabled: false, info: '' },
    { id: 'zoom-runner-in', z: 'zoom-runner-probe', type: 'http in', url: path, method: 'get', wires: [['zoom-runner-out']] },
    { id: 'zoom-runner-out', z: 'zoom-runner-probe', type: 'http response', statusCode: '204', wires: [] },
  ];
}

/**
 * Starts Node-RED and resolves once it runs the flows: it is ready when its admin API answers, and
 * the flows given are deployed through that API, whose answer comes once they have started. A kept
 * user directory's own flows are started by Node-RED itself, with state "start" in /flows/state.
 */
export async function startNodeRed(options: NodeRedOptions = {}): Promise<RunningNodeRed> {
  const { userDir, seed } = prepareUserDir(options);
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
  let exited: number | null | undefined;
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (options.interactive) process.stdout.write(chunk);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (options.interactive) process.stderr.write(chunk);
  });
  child.on('exit', (code) => (exited = code));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await gone;
    }
    if (!options.userDir) rmSync(userDir, { recursive: true, force: true });
  };
  try {
    let port = 0;
    await until(() => {
      if (exited !== undefined) throw new Error(`Node-RED exited with ${exited}:\n${output}`);
      port = Number(/zoom-runner: listening on (\d+)/.exec(output)?.[1] ?? 0);
      return port > 0;
    }, `Node-RED to listen:\n${output}`);
    const url = `http://127.0.0.1:${port}`;
    const admin = `${url}${adminRoot(options.settings)}`;
    await until(async () => (await fetch(`${admin}/flows`).catch(() => undefined))?.ok === true, `Node-RED's admin API:\n${output}`);
    if (seed && options.flows) {
      const probe = options.interactive ? undefined : `/zoom-runner-ready-${process.pid}-${Date.now()}`;
      const deployed = await fetch(`${admin}/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
        body: JSON.stringify([...withCredentials(options.flows, options.credentials), ...(probe ? probeTab(probe) : [])]),
      });
      if (deployed.status !== 204) throw new Error(`deploying the flows answered ${deployed.status}: ${await deployed.text()}\n${output}`);
      const nodeRoot = typeof options.settings?.httpNodeRoot === 'string' ? options.settings.httpNodeRoot.replace(/\/+$/, '') : '';
      if (probe) {
        await until(
          async () => (await fetch(`${url}${nodeRoot}${probe}`).catch(() => undefined))?.status !== 404,
          `the flows to start:\n${output}`,
        );
      }
    }
    if (!seed || !options.flows || options.interactive) {
      await until(async () => {
        const state = await fetch(`${admin}/flows/state`).catch(() => undefined);
        return ((await state?.json()) as { state?: string } | undefined)?.state === 'start';
      }, `Node-RED to start its flows:\n${output}`);
    }
    return {
      url,
      nodeSets: async () => (await (await fetch(`${admin}/nodes`, { headers: { accept: 'application/json' } })).json()) as NodeSet[],
      userDir,
      output: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** httpAdminRoot as the URL path the admin API is under ("" for the default "/"). */
function adminRoot(settings: Record<string, unknown> = {}): string {
  const root = typeof settings.httpAdminRoot === 'string' ? settings.httpAdminRoot : '/';
  return root.replace(/\/+$/, '');
}
