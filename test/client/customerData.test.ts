/**
 * The admin "Customer data" page in Chromium, against the real server: importing a customers CSV
 * all-or-nothing (refused, nothing written) and then partially, creating a care campaign, the
 * CSAT section, and changing a role permission.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildAgent } from '../factories';
import { useConsoleSession } from '../helpers/consoleSession';
import { describeEachDatabase } from '../helpers/databases';
import type { TestServer } from '../helpers/server';


interface CustomerJson {
  id: number;
  name: string | null;
  emails: string[];
}
interface CampaignJson {
  id: number;
  name: string;
  audience: string;
  inactiveDays: number;
  segment: string | null;
  templateId: number;
  subject: string;
  sendTime: string;
  timeZone: string;
  active: boolean;
}
interface RolesJson {
  roles: Array<{ name: string; label: string | null; permissions: string[]; agents: number }>;
  permissions: string[];
}
const permissionsOf = (settings: RolesJson, role: string) => settings.roles.find((r) => r.name === role)?.permissions ?? [];

describeEachDatabase('the customer data page (Chromium)', (database) => {
  const session = useConsoleSession(database, 'customer-data');
  const shot = (name: string) => session.shot(name);
  const logIn = (email?: string, password?: string) => session.logIn(email, password);
  // This test's page and the suite's server, by their short names (the session sets them up).
  let server: TestServer;
  let page: Page;
  let token: string;
  let tempDir: string;
  before(() => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'customer-data-'));
  });
  after(() => {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });
  beforeEach(() => ({ server, page, token } = session));

  async function openPage(): Promise<void> {
    await logIn();
    await page.click('[data-testid="nav-settings"]');
    await page.click('[data-testid="nav-customer-data"]');
    await page.locator('[data-testid="customer-data-page"]').waitFor();
  }

  async function customersMatching(q: string): Promise<CustomerJson[]> {
    const response = await server.request<{ data: CustomerJson[] }>('GET', `/api/customers?q=${encodeURIComponent(q)}`, { token });
    expect(response.status).to.equal(200);
    return response.body.data;
  }

  it('imports a customers CSV: all or nothing refuses a bad row, partial writes the good ones', async () => {
    const file = path.join(tempDir, 'kunden.csv');
    fs.writeFileSync(file, ['email,name,phone', 'ada@import-ui.test,Ada Importer,', 'not-an-email,Bad Row,', 'bo@import-ui.test,Bo Importer,'].join('\n'));

    await openPage();
    const panel = page.locator('[data-testid="import-panel"]');
    expect(await panel.locator('[data-testid="export-customers"]').getAttribute('href')).to.equal('/api/exports/customers.csv');
    // The purchases-only option appears for purchases only.
    expect(await panel.locator('[data-testid="import-create-missing"]').count()).to.equal(0);
    await panel.locator('input[name="kind"][value="purchases"]').check();
    await panel.locator('[data-testid="import-create-missing"]').waitFor();
    await panel.locator('input[name="kind"][value="customers"]').check();
    await panel.locator('[data-testid="import-create-missing"]').waitFor({ state: 'detached' });

    // All or nothing (the default): one bad row and nothing is written.
    await page.setInputFiles('[data-testid="import-file"]', file);
    const [upload] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/imports/customers'),
      panel.locator('[data-testid="import-submit"]').click(),
    ]);
    expect(upload.status()).to.equal(202);
    expect(Object.fromEntries(new URL(upload.url()).searchParams)).to.deep.equal({ filename: 'kunden.csv', partial: 'false' });
    const report = panel.locator('[data-testid="import-report"]');
    await report.waitFor();
    expect(await report.getAttribute('data-committed')).to.equal('false');
    expect(await report.locator('[data-testid="report-committed"]').textContent()).to.contain('nothing was written');
    expect(await report.locator('[data-testid="report-imported"]').textContent()).to.equal('0');
    expect(await report.locator('[data-testid="report-rejected"]').textContent()).to.equal('1');
    const rejected = report.locator('[data-testid="rejected-row"]');
    expect(await rejected.count()).to.equal(1);
    expect(await rejected.getAttribute('data-row')).to.equal('3');
    expect(await rejected.locator('td').nth(1).textContent()).to.equal('email: "not-an-email" is not an email address');
    expect(await customersMatching('Ada Importer')).to.deep.equal([]);
    await shot('import-refused');

    // Partial: the two good rows are written, the bad one reported.
    await panel.locator('[data-testid="import-partial"]').check();
    const [partialUpload] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/imports/customers'),
      panel.locator('[data-testid="import-submit"]').click(),
    ]);
    expect(partialUpload.status()).to.equal(202);
    expect(new URL(partialUpload.url()).searchParams.get('partial')).to.equal('true');
    await page.locator('[data-testid="import-report"][data-committed="true"]').waitFor();
    expect(await report.locator('[data-testid="report-imported"]').textContent()).to.equal('2');
    expect(await report.locator('[data-testid="report-rejected"]').textContent()).to.equal('1');
    expect(await report.locator('[data-testid="report-committed"]').textContent()).to.contain('the rows were saved');
    const found = await customersMatching('Ada Importer');
    expect(found.map((c) => c.emails)).to.deep.equal([['ada@import-ui.test']]);
    await shot('import-partial');

    // A file that is not a spreadsheet is refused by the upload itself, with the server's message.
    const wrong = path.join(tempDir, 'notes.txt');
    fs.writeFileSync(wrong, 'hello');
    await page.setInputFiles('[data-testid="import-file"]', wrong);
    await panel.locator('[data-testid="import-submit"]').click();
    const error = panel.locator('[data-testid="import-error"]');
    await error.waitFor();
    expect((await error.textContent())?.length).to.be.greaterThan(0);
    expect(await panel.locator('[data-testid="import-report"]').count()).to.equal(0);
  });

  it('creates a care campaign through the form, lists it, and pauses it', async () => {
    const template = await server.request<{ id: number }>('POST', '/api/templates', { token, body: { title: 'Birthday greeting', body: 'Happy birthday, {{customer.name}}!', locale: 'en' } });
    expect(template.status, JSON.stringify(template.body)).to.equal(201);

    await openPage();
    const panel = page.locator('[data-testid="care-panel"]');
    await panel.locator('[data-testid="no-campaigns"]').waitFor();
    const form = panel.locator('[data-testid="campaign-form"]');
    await form.locator(`select[name="templateId"] option[value="${template.body.id}"]`).waitFor({ state: 'attached' });
    await form.locator('input[name="name"]').fill('Quiet customers');
    await form.locator('select[name="audience"]').selectOption('no_contact');
    await form.locator('input[name="inactiveDays"]').fill('45');
    await form.locator('select[name="templateId"]').selectOption(String(template.body.id));
    await form.locator('input[name="subject"]').fill('We miss you');
    await form.locator('input[name="sendTime"]').fill('10:30');
    await form.locator('[data-testid="campaign-create"]').click();

    const row = panel.locator('[data-testid="campaign-row"][data-name="Quiet customers"]');
    await row.waitFor();
    expect(await form.locator('[data-testid="campaign-form-notice"]').textContent()).to.equal('Campaign created.');
    expect(await row.textContent()).to.contain('Birthday greeting').and.contain('10:30 Asia/Shanghai');
    const listed = await server.request<{ data: CampaignJson[] }>('GET', '/api/care/campaigns', { token });
    const campaign = listed.body.data.find((c) => c.name === 'Quiet customers');
    expect(campaign).to.deep.include({ audience: 'no_contact', inactiveDays: 45, segment: null, templateId: template.body.id, subject: 'We miss you', sendTime: '10:30', timeZone: 'Asia/Shanghai', active: true });
    await shot('care-created');

    await row.locator('[data-testid="campaign-toggle"]').click();
    await panel.locator('[data-testid="campaign-row"][data-name="Quiet customers"][data-active="false"]').waitFor();
    const paused = await server.request<{ data: CampaignJson[] }>('GET', '/api/care/campaigns', { token });
    expect(paused.body.data.find((c) => c.id === campaign?.id)?.active).to.equal(false);

    await row.locator('[data-testid="campaign-deliveries"]').click();
    await row.locator('[data-testid="no-deliveries"]').waitFor();
  });

  it('shows the CSAT section and saves a role permission', async () => {
    await openPage();
    const csat = page.locator('[data-testid="csat-panel"]');
    await csat.locator('[data-testid="csat-responses"]').waitFor();
    expect(await csat.locator('h2').textContent()).to.equal('Customer satisfaction');
    expect(await csat.locator('[data-testid="csat-responses"]').textContent()).to.equal('0');

    const before = (await server.request<RolesJson>('GET', '/api/settings/roles', { token })).body;
    expect(permissionsOf(before, 'agent')).to.not.include('customers.restricted.read');
    const roles = page.locator('[data-testid="role-permissions"]');
    const box = roles.locator('[data-testid="permission-checkbox"][data-role="agent"][data-permission="customers.restricted.read"]');
    await box.waitFor();
    expect(await box.isChecked()).to.equal(false);
    await box.check();
    await roles.locator('[data-testid="save-permissions"]').click();
    await roles.locator('[data-testid="roles-notice"]', { hasText: 'Saved.' }).waitFor();
    const saved = (await server.request<RolesJson>('GET', '/api/settings/roles', { token })).body;
    expect(permissionsOf(saved, 'agent')).to.have.members([...permissionsOf(before, 'agent'), 'customers.restricted.read']);
    expect(permissionsOf(saved, 'supervisor')).to.have.members(permissionsOf(before, 'supervisor'));
    await shot('csat-and-roles');

    // After a reload the grid shows the saved state.
    await page.reload();
    await box.waitFor();
    await page.waitForFunction(() => (document.querySelector('[data-testid="permission-checkbox"][data-role="agent"][data-permission="customers.restricted.read"]') as HTMLInputElement | null)?.checked === true);
  });

  it('adds a role of its own in the grid, gives it to an agent, who then sees the import and nothing else of the page', async () => {
    await openPage();
    const roles = page.locator('[data-testid="role-permissions"]');
    const adder = roles.locator('[data-testid="new-role"]');
    await adder.getByLabel('Role name').fill('billing');
    await adder.getByLabel('Label').fill('财务');
    await adder.locator('[data-testid="add-role"]').click();
    // Taken names cannot be added twice.
    await adder.getByLabel('Role name').fill('agent');
    await adder.getByText('This role name is taken.').waitFor();
    expect(await adder.locator('[data-testid="add-role"]').isDisabled()).to.equal(true);
    await adder.getByLabel('Role name').fill('');
    await roles.getByLabel('财务: Import customers and purchases').check();
    await roles.getByLabel('财务: Read private customer fields').check();
    await roles.locator('[data-testid="save-permissions"]').click();
    await roles.locator('[data-testid="roles-notice"]', { hasText: 'Saved.' }).waitFor();
    const saved = (await server.request<RolesJson>('GET', '/api/settings/roles', { token })).body;
    expect(saved.roles.find((role) => role.name === 'billing')).to.deep.include({ label: '财务', agents: 0 });
    expect(permissionsOf(saved, 'billing')).to.have.members(['customers.import', 'customers.restricted.read']);
    await shot('custom-role');

    // The agents tab offers the new role by its label.
    const clerk = await buildAgent(server.server.ctx, { role: 'agent', name: 'Billing Clerk' });
    await page.click('[data-testid="nav-settings"]');
    await page.click('[data-testid="settings-tab-agents"]');
    const row = page.locator('[data-testid="agent-row"]', { hasText: clerk.email });
    await row.getByRole('button', { name: 'Edit Billing Clerk' }).click();
    await page.locator('[data-testid="agent-editor"] select[name="role"]').selectOption('billing');
    await page.locator('[data-testid="agent-editor"]').getByRole('button', { name: 'Save' }).click();
    await row.getByText('财务').waitFor();

    // The grid now refuses to delete it: an agent has it.
    await page.click('[data-testid="nav-customer-data"]');
    const column = page.locator('[data-testid="role-permissions"] th[data-role="billing"]');
    await column.getByText('agents: 1').waitFor();
    expect(await column.locator('[data-testid="delete-role"]').isDisabled()).to.equal(true);

    // The clerk finds the import from the customers page; care, CSAT and roles stay admin-only.
    await page.click('[data-testid="logout"]');
    await logIn(clerk.email, clerk.password);
    expect(await page.locator('[data-testid="nav-settings"]').count()).to.equal(0);
    await page.goto(`${server.url}/#/customers`);
    await page.click('[data-testid="customer-data-link"]');
    await page.locator('[data-testid="import-panel"] [data-testid="import-submit"]').waitFor();
    expect(await page.locator('[data-testid="export-customers"]').count()).to.equal(0);
    for (const adminOnly of ['care-panel', 'csat-panel', 'role-permissions']) expect(await page.locator(`[data-testid="${adminOnly}"]`).count(), adminOnly).to.equal(0);
    await shot('custom-role-clerk');

    // Put things back for the other tests: the clerk becomes an agent, the role goes.
    const clerkId = (await server.request<{ data: Array<{ id: number; email: string }> }>('GET', '/api/agents?limit=200', { token })).body.data.find((a) => a.email === clerk.email)?.id;
    await server.request('PATCH', `/api/agents/${clerkId}`, { token, body: { role: 'agent' } });
    const rest = saved.roles.filter((role) => role.name !== 'billing').map(({ name, label, permissions }) => ({ name, label, permissions }));
    expect((await server.request('PUT', '/api/settings/roles', { token, body: { roles: rest } })).status).to.equal(200);
  });

  it('reads in Chinese: imports, care, satisfaction and roles', async () => {
    await openPage();
    await page.click('[data-testid="locale-switch"]');
    await page.locator('[data-testid="customer-data-page"] h1', { hasText: '客户数据' }).waitFor();
    const headings = await page.locator('[data-testid="customer-data-page"] h2').allTextContents();
    for (const text of headings) expect(text, 'a heading in English').to.match(/[\u4e00-\u9fff]/);
    expect(await page.locator('[data-testid="csat-panel"] h2').textContent()).to.equal('客户满意度');
    await page.locator('[data-testid="role-permissions"]').getByText('添加角色').first().waitFor();
    await page.locator('[data-testid="role-permissions"] th[data-role="agent"]', { hasText: '客服' }).waitFor();
    await shot('zh-CN');
    await page.click('[data-testid="locale-switch"]');
  });

  it('shows no link to the page to a plain agent', async () => {
    const agent = await buildAgent(server.server.ctx, { role: 'agent', name: 'Plain Agent' });
    await logIn(agent.email, agent.password);
    expect(await page.locator('[data-testid="nav-customer-data"]').count()).to.equal(0);
  });
});
