// The official MCP TypeScript SDK as an MCP client would use it: auth() discovers the resource's protected-resource
// metadata (RFC 9728), the authorization server's metadata, registers (dynamic client registration) or names itself
// by a Client ID Metadata Document URL, starts PKCE, and hands the authorization URL to redirectToAuthorization, which
// here records it instead of opening a browser. Prints one JSON line: {result, authorizationUrl, clientId}.
//
// With LOGIN=1 in the environment it then finishes the login as a browser would (the authorization server's
// development login and consent pages, cookies kept), takes the code from the redirect to the client, exchanges it
// through auth() and adds the access token's audience to the line.
//
// Usage: node client.mjs <MCP server URL> <redirect URL> [<client ID metadata document URL>]
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';

const [serverUrl, redirectUrl, clientMetadataUrl] = process.argv.slice(2);

let clientInformation;
let tokens;
let codeVerifier;
let authorizationUrl;

const provider = {
  get redirectUrl() {
    return redirectUrl;
  },
  get clientMetadata() {
    return {
      client_name: 'mcptrace end-to-end client',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    };
  },
  clientMetadataUrl,
  clientInformation: () => clientInformation,
  saveClientInformation: (information) => { clientInformation = information; },
  tokens: () => tokens,
  saveTokens: (saved) => { tokens = saved; },
  redirectToAuthorization: (url) => { authorizationUrl = url.toString(); },
  saveCodeVerifier: (verifier) => { codeVerifier = verifier; },
  codeVerifier: () => codeVerifier,
};

// a browser's part of the login: follow redirects by hand, keep cookies, log in and consent on the server's own
// development pages, stop at the redirect back to the client and answer the code
async function browse(startUrl) {
  const cookies = new Map();
  let url = new URL(startUrl);
  let method = 'GET';
  let body;
  for (let step = 0; step < 20; step += 1) {
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUrl)) {
        return next.searchParams.get('code');
      }
      url = next;
      method = 'GET';
      body = undefined;
    } else if (response.status === 200 && url.pathname.startsWith('/interaction/')) {
      const page = await response.text();
      const prompt = page.includes('name="login"') ? 'login' : 'consent';
      method = 'POST';
      body = prompt === 'login' ? 'prompt=login&login=mcptrace-e2e&password=any' : 'prompt=consent';
    } else {
      throw new Error(`login stopped at ${url} with ${response.status}: ${(await response.text()).slice(0, 300)}`);
    }
  }
  throw new Error('login did not finish in 20 steps');
}

try {
  const result = await auth(provider, { serverUrl });
  const line = { result, authorizationUrl, clientId: clientInformation?.client_id };
  if (process.env.LOGIN === '1' && result === 'REDIRECT') {
    const code = await browse(authorizationUrl);
    line.result = await auth(provider, { serverUrl, authorizationCode: code });
    const [, payload] = tokens.access_token.split('.');
    line.audience = JSON.parse(Buffer.from(payload, 'base64url').toString()).aud;
  }
  console.log(JSON.stringify(line));
} catch (error) {
  console.log(JSON.stringify({ error: String(error?.stack ?? error) }));
  process.exit(1);
}
