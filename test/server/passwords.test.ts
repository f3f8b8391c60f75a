import { expect } from 'chai';
import { hashPassword, verifyPassword } from '../../server/auth/passwords';

describe('password hashing', () => {
  it('uses salted scrypt and verifies only the right password', async () => {
    const a = await hashPassword('密码 correct horse');
    const b = await hashPassword('密码 correct horse');
    expect(a).to.match(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.to.equal(b);
    expect(await verifyPassword('密码 correct horse', a)).to.equal(true);
    expect(await verifyPassword('密码 correct horsE', a)).to.equal(false);
    expect(await verifyPassword('anything', 'plain-text-not-a-hash')).to.equal(false);
  });
});
