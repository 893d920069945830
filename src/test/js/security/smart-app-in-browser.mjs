// A parent signs in to a SMART app in a real browser (headless Chromium driven by playwright-core): the app, served
// here from 127.0.0.1 on a free port, uses the SMART JS client (fhirclient) for a standalone launch against Concord;
// the parent signs in on Concord's login page; the app reads the child's record and tries another patient's.
// Prints one JSON line for the Java test. Environment: CONCORD_FHIR_BASE, CHROMIUM, SCREENSHOTS (a folder).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const here = import.meta.dirname;
const files = {
  '/launch.html': join(here, 'app', 'launch.html'),
  '/callback': join(here, 'app', 'callback.html'),
  '/fhir-client.js': join(here, 'node_modules', 'fhirclient', 'build', 'fhir-client.js'),
};
const app = createServer((request, response) => {
  const file = files[new URL(request.url, 'http://127.0.0.1').pathname];
  if (!file) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : 'text/html' });
  response.end(readFileSync(file));
});
await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
const appUrl = `http://127.0.0.1:${app.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const fhirBase = process.env.CONCORD_FHIR_BASE;
  await page.goto(`${appUrl}/launch.html?iss=${encodeURIComponent(fhirBase)}`);
  await page.waitForURL(/\/login/, { timeout: 60_000 });
  const loginUrl = page.url();
  await page.screenshot({ path: join(process.env.SCREENSHOTS, 'smart-login.png'), fullPage: true });
  await page.fill('#username', 'claire');
  await page.fill('#password', 'claire-password');
  await page.click('button[type=submit]');
  await page.waitForSelector('body[data-result]', { timeout: 60_000 });
  const result = JSON.parse(await page.getAttribute('body', 'data-result'));
  await page.screenshot({ path: join(process.env.SCREENSHOTS, 'smart-app.png'), fullPage: true });
  console.log(JSON.stringify({ ...result, loginUrl, appUrl: page.url(), heading: await page.textContent('#name') }));
} finally {
  await browser.close();
  app.close();
}
