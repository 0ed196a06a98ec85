// The official MCP TypeScript SDK as an MCP client would use it: auth() discovers the resource's protected-resource
// metadata (RFC 9728), the authorization server's metadata, registers (dynamic client registration) or names itself
// by a Client ID Metadata Document URL, starts PKCE, and hands the authorization URL to redirectToAuthorization, which
// here records it instead of opening a browser. Prints one JSON line: {result, authorizationUrl, clientId}.
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

try {
  const result = await auth(provider, { serverUrl });
  console.log(JSON.stringify({ result, authorizationUrl, clientId: clientInformation?.client_id }));
} catch (error) {
  console.log(JSON.stringify({ error: String(error?.stack ?? error) }));
  process.exit(1);
}
