import { expect } from 'chai';
import { describeEachDatabase } from '../helpers/databases';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server';
import { buildAgent } from '../factories';
import { Session } from '../../server/models/Session';
import { hashToken } from '../../server/auth/tokens';

interface ErrorBody {
  error: { code: string; message: string };
}

describeEachDatabase('auth', (database) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(database, { LOGIN_RATE_LIMIT: '5' });
  });
  after(async () => server?.close());

  it('answers health without authentication', async () => {
    const response = await server.request('GET', '/api/health');
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal({ status: 'ok' });
  });

  it('creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD and logs in with a bearer token and a cookie', async () => {
    const response = await server.request<{ token: string; agent: { email: string; role: string } }>('POST', '/api/auth/login', {
      body: { email: ADMIN.email.toUpperCase(), password: ADMIN.password },
    });
    expect(response.status).to.equal(200);
    expect(response.body.token).to.be.a('string').with.length.greaterThan(30);
    expect(response.body.agent).to.include({ email: ADMIN.email, role: 'admin' });
    expect(response.body.agent).not.to.have.property('passwordHash');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).to.match(/hd_session=/).and.match(/HttpOnly/i).and.match(/SameSite=Lax/i);

    const me = await server.request<{ email: string }>('GET', '/api/me', { token: response.body.token });
    expect(me.status).to.equal(200);
    expect(me.body.email).to.equal(ADMIN.email);

    const byCookie = await server.request<{ email: string }>('GET', '/api/me', { headers: { cookie: cookie.split(';')[0] } });
    expect(byCookie.status).to.equal(200);
    expect(byCookie.body.email).to.equal(ADMIN.email);
  });

  it('stores only the hash of a token', async () => {
    const token = await server.login();
    expect(await Session.count({ where: { tokenHash: token } })).to.equal(0);
    expect(await Session.count({ where: { tokenHash: hashToken(token) } })).to.equal(1);
  });

  it('answers 401 with the contract error shape for a wrong password, an unknown email, no token and a bad token', async () => {
    const wrong = await server.request<ErrorBody>('POST', '/api/auth/login', { body: { email: ADMIN.email, password: 'nope-nope' } });
    expect(wrong.status).to.equal(401);
    expect(wrong.body.error.code).to.equal('invalid_credentials');
    const unknown = await server.request<ErrorBody>('POST', '/api/auth/login', { body: { email: 'who@example.test', password: 'nope-nope' } });
    expect(unknown.status).to.equal(401);
    expect(unknown.body.error.message).to.equal(wrong.body.error.message);

    const none = await server.request<ErrorBody>('GET', '/api/me');
    expect(none.status).to.equal(401);
    expect(none.body.error.code).to.equal('unauthorized');
    const bad = await server.request<ErrorBody>('GET', '/api/me', { token: 'not-a-real-token' });
    expect(bad.status).to.equal(401);
    expect(bad.body.error.code).to.equal('invalid_token');
  });

  it('answers 400 for malformed JSON and for missing fields', async () => {
    const malformed = await server.request<ErrorBody>('POST', '/api/auth/login', { body: '{"email": "a@b.c", ' });
    expect(malformed.status).to.equal(400);
    expect(malformed.body.error.code).to.equal('bad_json');
    const missing = await server.request<ErrorBody>('POST', '/api/auth/login', { body: { email: ADMIN.email } });
    expect(missing.status).to.equal(400);
    expect(missing.body.error.code).to.equal('validation_error');
    expect(missing.body.error.message).to.contain('password');
  });

  it('rate-limits failed logins per address and account, and a good login is not counted', async () => {
    const { email, password } = await buildAgent(server.server.ctx);
    expect((await server.request('POST', '/api/auth/login', { body: { email, password } })).status).to.equal(200);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await server.request('POST', '/api/auth/login', { body: { email, password: `wrong-${i}` } })).status);
    }
    expect(statuses.slice(0, 5)).to.deep.equal([401, 401, 401, 401, 401]);
    expect(statuses[5]).to.equal(429);
    const blocked = await server.request<ErrorBody>('POST', '/api/auth/login', { body: { email, password } });
    expect(blocked.status).to.equal(429);
    expect(blocked.body.error.code).to.equal('rate_limited');
    // Another account from the same address is not locked out by it.
    expect((await server.request('POST', '/api/auth/login', { body: ADMIN })).status).to.equal(200);
  });

  it('logs out: the token stops working', async () => {
    const token = await server.login();
    expect((await server.request('POST', '/api/auth/logout', { token })).status).to.equal(204);
    expect((await server.request('GET', '/api/me', { token })).status).to.equal(401);
  });

  it('refuses cookie-authenticated writes without X-Requested-With (CSRF)', async () => {
    const login = await server.request('POST', '/api/auth/login', { body: ADMIN });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const forged = await server.request<ErrorBody>('POST', '/api/auth/logout', { headers: { cookie } });
    expect(forged.status).to.equal(403);
    expect(forged.body.error.code).to.equal('csrf');
    const genuine = await server.request('POST', '/api/auth/logout', { headers: { cookie, 'x-requested-with': 'helpdesk-console' } });
    expect(genuine.status).to.equal(204);
  });

  it('a deactivated agent can neither log in nor use an old token', async () => {
    const admin = await server.login();
    const { actor, email, password } = await buildAgent(server.server.ctx);
    const token = await server.login(email, password);
    const patch = await server.request('PATCH', `/api/agents/${actor.agent.id}`, { token: admin, body: { active: false } });
    expect(patch.status).to.equal(200);
    expect((await server.request('GET', '/api/me', { token })).status).to.equal(401);
    expect((await server.request('POST', '/api/auth/login', { body: { email, password } })).status).to.equal(401);
  });

  it('serves security headers', async () => {
    const response = await server.request('GET', '/api/health');
    expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(response.headers.get('x-powered-by')).to.equal(null);
  });
});
