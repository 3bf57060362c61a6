'use strict';
// A stand-in for the Bot Framework's identity services during load tests, so PipelineBot runs with JWT validation ON:
//   GET  /openid  OpenID metadata (issuer, jwks_uri), as login.botframework.com serves it
//   GET  /keys    the JWKS with one RSA key generated at start (endorsed for msteams)
//   POST /token   a client-credentials token answer for the bot's outbound calls
// At start it writes one Connector-style token (iss api.botframework.com, aud APP_ID, serviceUrl SERVICE_URL, 1 hour)
// to TOKEN_FILE: the load driver reuses it for every request, as Teams reuses a token.
// Env: PORT (3197), APP_ID, SERVICE_URL (http://127.0.0.1:3199/), TOKEN_FILE.
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');

const PORT = Number(process.env.PORT || 3197);
const APP_ID = process.env.APP_ID || '00000000-0000-0000-0000-00000000b07a';
const SERVICE_URL = process.env.SERVICE_URL || 'http://127.0.0.1:3199/';
const TOKEN_FILE = process.env.TOKEN_FILE || 'token.txt';
const base = `http://127.0.0.1:${PORT}`;

const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = crypto.randomBytes(8).toString('hex');
const jwk = { ...publicKey.export({ format: 'jwk' }), kid, kty: 'RSA', use: 'sig', alg: 'RS256', endorsements: ['msteams'] };

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const unsigned = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url({
  iss: 'https://api.botframework.com', aud: APP_ID, serviceUrl: SERVICE_URL, nbf: now - 60, iat: now, exp: now + 3600,
})}`;
const token = `${unsigned}.${crypto.sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
fs.writeFileSync(TOKEN_FILE, token);

const answers = {
  'GET /openid': { issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] },
  'GET /keys': { keys: [jwk] },
  'POST /token': { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'outbound-load-test-token' },
};

http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = answers[`${req.method} ${req.url.split('?')[0]}`];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body || { error: 'not found' }));
  });
}).listen(PORT, '127.0.0.1', () => console.log(`AUTH_READY ${base}`));
