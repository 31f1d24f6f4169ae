/**
 * AWS Signature Version 4 for one request (AWS IVS's GetStream): the canonical request, the string
 * to sign, the key derived from the secret by date, region and service, and the headers that carry
 * the signature. Checked against AWS's published test suite (get-vanilla, post-vanilla).
 */

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignedRequest {
  method: string;
  url: string;
  /** Headers to sign besides host and x-amz-date (lower case names). */
  headers: Record<string, string>;
  body: string;
}

// node:crypto only when a request is signed (IVS): a command that signs nothing does not load it.
const crypto = () => process.getBuiltinModule('node:crypto');
const sha256 = (text: string) => crypto().createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string) => crypto().createHmac('sha256', key).update(text, 'utf8').digest();

/** 2015-08-30T12:36:00Z -> 20150830T123600Z. */
export const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/** The headers to send with the request: x-amz-date, x-amz-security-token with a session, authorization. */
export function signSigV4(
  request: SignedRequest,
  credentials: AwsCredentials,
  region: string,
  service: string,
  now: number,
): Record<string, string> {
  const url = new URL(request.url);
  const date = amzDate(now);
  const added: Record<string, string> = {
    'x-amz-date': date,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  };
  const signed = { ...request.headers, ...added, host: url.host };
  const names = Object.keys(signed)
    .map((name) => name.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(signed).map(([name, value]) => [name.toLowerCase(), value]));
  const canonicalHeaders = names.map((name) => `${name}:${lower[name]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const query = [...url.searchParams]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .sort()
    .join('&');
  const canonical = [request.method, url.pathname || '/', query, canonicalHeaders, names.join(';'), sha256(request.body)].join('\n');
  const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date.slice(0, 8)), region), service), 'aws4_request');
  const signature = hmac(key, toSign).toString('hex');
  return {
    ...added,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
