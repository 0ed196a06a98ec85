// The real parts behind the proxies in RealTrafficIT: an OAuth 2.1 authorization server (oidc-provider: PKCE
// required, RFC 8707 resource indicators, dynamic client registration, Client ID Metadata Documents) whose issuer is
// a proxy's URL, and a stub MCP resource server that serves its RFC 9728 protected-resource metadata. The test starts
// this process, reads one JSON line ("ready") from its output, and stops it by PID.
//
// Environment: AS_PORT, RS_PORT (loopback ports to listen on), ISSUER (the proxy's URL in front of the authorization
// server), CIMD_ORIGIN (the https origin the test's client ID metadata documents are named under).
import http from 'node:http';
import Provider from 'oidc-provider';

const AS_PORT = Number(process.env.AS_PORT);
const RS_PORT = Number(process.env.RS_PORT);
const ISSUER = process.env.ISSUER;
const CIMD_ORIGIN = process.env.CIMD_ORIGIN ?? 'https://client.mcptrace.test';
const RS_ORIGIN = `http://127.0.0.1:${RS_PORT}`;
const RESOURCE = `${RS_ORIGIN}/mcp`;

// what the test asks about: which clients the authorization server started an interaction for
const interactions = [];
// client ID metadata documents the test publishes, by client_id
const documents = new Map();

// CIMD client IDs must be https URLs, and oidc-provider refuses to fetch from loopback addresses (SSRF protection);
// this fetch serves the documents the test published instead of going to the network for them
async function fetchForProvider(url, options) {
  const href = String(url);
  if (href.startsWith(`${CIMD_ORIGIN}/`) && documents.has(href)) {
    return new Response(JSON.stringify(documents.get(href)), {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'max-age=0' },
    });
  }
  const { dispatcher, ...rest } = options ?? {};
  return globalThis.fetch(url, rest);
}

const provider = new Provider(ISSUER, {
  clients: [],
  scopes: ['openid', 'mcp'],
  pkce: { required: () => true },
  fetch: fetchForProvider,
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true },
    clientIdMetadataDocument: { enabled: true, ack: 'draft-02' },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => RESOURCE,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, resourceIndicator) => {
        if (resourceIndicator !== RESOURCE) {
          throw new Error(`unknown resource ${resourceIndicator}`);
        }
        return { scope: 'mcp', audience: RESOURCE, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
});
provider.on('interaction.started', (ctx, prompt) => {
  interactions.push({ clientId: ctx.oidc.client?.clientId ?? null, prompt: prompt?.name ?? null });
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const resourceServer = http.createServer((req, res) => {
  const url = new URL(req.url, RS_ORIGIN);
  if (url.pathname === '/.well-known/oauth-protected-resource/mcp'
      || url.pathname === '/.well-known/oauth-protected-resource') {
    return json(res, 200, {
      resource: RESOURCE,
      authorization_servers: [ISSUER],
      scopes_supported: ['mcp'],
      bearer_methods_supported: ['header'],
      resource_name: 'mcptrace end-to-end stub MCP server',
    });
  }
  if (url.pathname === '/mcp') {
    return json(res, 401, { error: 'unauthorized' }, {
      'www-authenticate': `Bearer resource_metadata="${RS_ORIGIN}/.well-known/oauth-protected-resource/mcp"`,
    });
  }
  // test hooks: publish a client ID metadata document, read the interactions started so far
  if (url.pathname === '/test/documents' && req.method === 'POST') {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const document = JSON.parse(body);
      documents.set(document.client_id, document);
      json(res, 201, { client_id: document.client_id });
    });
    return undefined;
  }
  if (url.pathname === '/test/interactions') {
    return json(res, 200, interactions);
  }
  return json(res, 404, { error: 'not found' });
});

await new Promise((resolve) => provider.listen(AS_PORT, '127.0.0.1', resolve));
await new Promise((resolve) => resourceServer.listen(RS_PORT, '127.0.0.1', resolve));
console.log(JSON.stringify({ ready: true, issuer: ISSUER, resource: RESOURCE, authorizationServer: `http://127.0.0.1:${AS_PORT}` }));

const stop = () => {
  resourceServer.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
