import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../server/config';

describe('configuration', () => {
  it('has the contract’s defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).to.equal(3000);
    expect(config.HOST).to.equal('0.0.0.0');
    expect(config.DATABASE_URL).to.equal('sqlite:./data/helpdesk.sqlite');
    expect(config.publicUrl).to.equal('http://localhost:3000');
    expect(config.IMAP_PORT).to.equal(993);
    expect(config.IMAP_SECURE).to.equal(true);
    expect(config.IMAP_MAILBOX).to.equal('INBOX');
    expect(config.SMTP_PORT).to.equal(587);
    expect(config.SMTP_SECURE).to.equal(false);
    expect(config.ALERT_AFTER_HOURS).to.equal(12);
    expect(config.ALERT_SCAN_SECONDS).to.equal(60);
    expect(config.ADMIN_EMAIL).to.equal('admin@example.com');
    expect(config.REDIS_URL).to.equal(undefined);
  });

  it('parses values: fractions of hours, booleans, MAIL_FROM falling back to IMAP_USER, PUBLIC_URL without trailing slash', () => {
    const config = loadConfig({ ALERT_AFTER_HOURS: '0.001', SMTP_SECURE: 'true', IMAP_USER: 'support@shop.test', PUBLIC_URL: 'https://help.shop.test/', PORT: '8080' });
    expect(config.ALERT_AFTER_HOURS).to.equal(0.001);
    expect(config.SMTP_SECURE).to.equal(true);
    expect(config.mailFrom).to.equal('support@shop.test');
    expect(config.publicUrl).to.equal('https://help.shop.test');
  });

  it('names the variable in a clear error when a value is invalid, and hides secrets', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: 'eighty' }, /PORT must be a number \(got "eighty"\)/],
      [{ ALERT_AFTER_HOURS: '-1' }, /ALERT_AFTER_HOURS must be greater than 0/],
      [{ DATABASE_URL: 'postgres://x' }, /DATABASE_URL must start with sqlite: or mysql:\/\//],
      [{ IMAP_SECURE: 'maybe' }, /IMAP_SECURE must be true or false/],
      [{ SMS_WEBHOOK_URL: 'not a url' }, /SMS_WEBHOOK_URL must be a URL/],
      [{ ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD must be at least 8 characters \(got \(hidden\)\)/],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig(env)).to.throw(ConfigError, message);
    }
  });
});
