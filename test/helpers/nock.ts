/** nock wiring for unit-level HTTP: no real network, every interceptor used, a client on a fake API. */
import nock from 'nock';
import { FakeClock } from './clock.js';
import { ZoomLiveStreamClient, type ClientOptions } from '../../core/index.js';

export const API = 'https://api.zoom.test';
export const OAUTH = 'https://zoom.test';
export const TOKEN = 'unit-access-token-abcdef123456';
export const CREDS = { accountId: 'acc-123', clientId: 'cid-456', clientSecret: 'csecret-789-SECRET' };

export function useNock(): void {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(function () {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (this.currentTest?.state === 'passed' && pending.length) {
      throw new Error(`unused interceptors: ${pending.join(', ')}`);
    }
  });
}

export function unitClient(options: Partial<ClientOptions> = {}): { client: ZoomLiveStreamClient; clock: FakeClock } {
  const clock = new FakeClock();
  const client = new ZoomLiveStreamClient({
    auth: { accessToken: TOKEN },
    apiBaseUrl: `${API}/v2`,
    oauthTokenUrl: `${OAUTH}/oauth/token`,
    clock,
    random: () => 0.5,
    ...options,
  });
  return { client, clock };
}

/** Reads a multipart body into its ordered [name, value] fields with undici's parser. */
export async function formFields(body: string, contentType: string): Promise<[string, string][]> {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  return [...form.entries()].map(([k, v]) => [k, String(v)]);
}
