/** The SigV4 signer against AWS's published test suite (aws-sig-v4-test-suite: get-vanilla, post-vanilla). */
import assert from 'node:assert/strict';
import { signSigV4 } from '../../../core/confirm/sigv4.js';

const SUITE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const AT = Date.parse('2015-08-30T12:36:00Z');

describe('core/confirm: AWS Signature Version 4', () => {
  for (const [method, signature] of [
    ['GET', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    ['POST', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
  ] as const) {
    it(`${method.toLowerCase()}-vanilla`, () => {
      const headers = signSigV4(
        { method, url: 'https://example.amazonaws.com/', headers: {}, body: '' },
        SUITE,
        'us-east-1',
        'service',
        AT,
      );
      assert.equal(headers['x-amz-date'], '20150830T123600Z');
      assert.equal(
        headers.authorization,
        `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
      );
    });
  }

  it('a session token is sent and signed', () => {
    const headers = signSigV4(
      { method: 'POST', url: 'https://ivs.us-west-2.amazonaws.com/GetStream', headers: { 'content-type': 'application/json' }, body: '{}' },
      { ...SUITE, sessionToken: 'session-1' },
      'us-west-2',
      'ivs',
      AT,
    );
    assert.equal(headers['x-amz-security-token'], 'session-1');
    assert.match(headers.authorization!, /SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
  });
});
