// A real OpenID Connect provider for tests: oidc-provider with its development sign-in pages (any login
// name and password sign in; the login name becomes the subject; a login name starting with "unverified"
// gets no email_verified claim, as many providers send). One confidential client, from env:
//   OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI
// Prints "oidc-provider ready <issuer>" once it listens.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://localhost:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID,
    client_secret: process.env.OIDC_CLIENT_SECRET,
    redirect_uris: [process.env.OIDC_REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  async findAccount(_, id) {
    return {
      accountId: id,
      async claims() {
        const claims = { sub: id, email: `${id}@oidc.example`, email_verified: true, name: `${id} (OIDC)` };
        if (id.startsWith('unverified')) delete claims.email_verified;
        return claims;
      },
    };
  },
  cookies: { keys: ['gsp-test-oidc-cookie-key'] },
  features: { devInteractions: { enabled: true } },
});

provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider ready ${issuer}`));
process.on('SIGTERM', () => process.exit(0));
