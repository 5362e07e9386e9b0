#!/usr/bin/env node
'use strict';
// The manual (../shared/seed/ddd-handleiding-vo.txt) played in a real
// browser, Debian's chromium through playwright-core, against a private
// stack: the decaan imports a list and sends the account mails; a new
// student activates from the mails, logs in, 'Activeer DDD', fills deel A
// on a phone and sends it; the mentor fills deel B on a laptop and sends
// it back; the student gives 'Akkoord' with a parent; the MBO downloads
// the PDF.  Every page visited is checked with axe-core (WCAG 2.1 A and
// AA) and for horizontal scrolling at 360 px and 1280 px; screenshots go
// to tests/browser/out/ (of the build tree).  TAP on stdout.
const fs = require('fs');
const path = require('path');
const tap = require('./lib/tap');
const { execFileSync } = require('child_process');
const { Stack, SRCDIR, BUILDDIR } = require('./lib/stack');
const B = require('./lib/browser');

const OUT = process.env.DDD_BROWSER_OUT || path.join(BUILDDIR, 'tests', 'browser', 'out');
const DEMO_PW = 'demo-wachtwoord';
const SCHOOL = 'de-brug';
const DECAAN = 'm.vandenberg@debrug.example';
const MENTOR = 'j.bakker@debrug.example';
const MBO_SCHOOL = 'roc-rijnland';
const MBO_USER = 'a.kuipers@rocrijnland.example';
const MBO_SLUG = 'roc-rijnland';
// A student who is not in the demo list: a new account to activate.
const NEW = { nr: '1009', roepnaam: 'Lotte', achternaam: 'Jansen', klas: '4K1',
  email: 'lotte.jansen@leerling.debrug.example', bsn: '111222333',
  password: 'mijn fiets is groen en snel' };

const S = {};   // what the stages hand to each other
const stages = [];
function stage(name, fn) {
  stages.push({ name, fn });
}

async function login(page, school, user, password) {
  // The school's own link opens the form on the school (the school
  // chooser itself: the activation stage and t_school_choice.py).
  await page.goto(S.stack.url + '/login?school=' + school);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(password);
  await B.go(page, page.getByRole('button', { name: 'Inloggen' }));
}

async function menu(page, name) {
  await B.go(page, page.locator('nav[aria-label="Portal"]').getByRole('link', { name }));
}

function expectText(text, part, what) {
  if (!text.includes(part))
    throw new Error(what + ': "' + part + '" not on the page:\n' + text.slice(0, 1500));
}

// Walk the steps listed in the page's step navigation: fill what is
// empty, save ('Opslaan'), fill what the answers made appear, save again.
async function fillSteps(page, label, shotPrefix, prefer) {
  const hrefs = await page.locator('nav.step-nav ol.steps a').evaluateAll(
    (as) => as.map((a) => a.getAttribute('href')));
  if (hrefs.length === 0)
    throw new Error('no steps in the navigation of ' + page.url());
  for (let i = 0; i < hrefs.length; i++) {
    const href = hrefs[i];
    if (new URL(page.url()).pathname !== href) {
      await B.go(page, page.locator('nav.step-nav ol.steps a[href="' + href + '"]'));
      await S.check(page, label + ' step ' + (i + 1) + ' opened', null);
    }
    const title = (await page.locator('h1').innerText()).trim();
    let all = false;
    const tried = new Set();
    for (let round = 1; ; round++) {
      const form = page.locator('main form[action="' + href + '"]');
      let n = await B.fillEmpty(page, form, prefer, all, tried);
      if (n === 0 && !all) {
        // Every required field (as the page marks them) is filled; if the
        // step is still short of 100%, fill the rest too.
        const pct = (await B.percentages(page))[i];
        if (pct && pct.percent < 100) {
          tap.note(label + ' step ' + (i + 1) + ' at ' + pct.percent +
            '% with every field marked "(verplicht)" filled: filling the others too');
          all = true;
          n = await B.fillEmpty(page, form, prefer, all, tried);
        }
      }
      if (n === 0)
        break;
      if (round > 6)
        throw new Error('step ' + title + ' keeps showing empty fields');
      await B.go(page, form.getByRole('button', { name: 'Opslaan', exact: true }));
      const err = await B.errorSummary(page);
      if (err)
        throw new Error('saving ' + title + ' was refused:\n' + err);
      await S.check(page, label + ' step ' + (i + 1) + ' "' + title + '" saved (' + n + ' fields)',
        round === 1 ? shotPrefix + '-stap-' + (i + 1) : null);
    }
  }
  const pct = await B.percentages(page);
  const low = pct.filter((p) => p.percent < 100);
  tap.ok(low.length === 0, label + ': every step at 100%',
    () => low.map((p) => p.step + ': ' + p.percent + '%').join('\n'));
}

// --- conditional questions (xslt/static/ddd.js) -----------------------

// The first conditional question of the page's forms that is hidden now
// and whose condition is a radio group on the same page: the ids of the
// radio that shows it and of one that does not, its label and first field.
async function findConditional(page) {
  return page.evaluate(() => {
    for (const w of document.querySelectorAll('main form [data-show-if]')) {
      const name = w.getAttribute('data-show-if');
      const value = w.getAttribute('data-show-value');
      const radios = [...w.closest('form').querySelectorAll('input[type="radio"]')]
        .filter((r) => r.name === name);
      const on = radios.find((r) => r.value === value);
      const off = radios.find((r) => r.value !== value);
      const label = w.querySelector('legend, label');
      const field = w.querySelector('input, textarea, select');
      if (w.hidden && on && off && label && field && field.id)
        return { name, value, on: on.id, off: off.id, field: field.id,
          label: label.textContent.replace(/\(verplicht\)/, '').replace(/\s+/g, ' ').trim() };
    }
    return null;
  });
}

// Where that question stands: hidden (attribute), seen (laid out), its
// first field disabled, and the focused element's id.
async function conditionalState(page, c) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    const w = el.closest('.question');
    return { hidden: w.hidden, seen: el.getClientRects().length > 0, disabled: el.disabled,
      focus: document.activeElement ? document.activeElement.id : '' };
  }, c.field);
}

// With script: answering the condition shows the question at once (no
// page load, focus stays on the answer), answering otherwise hides it
// again; it is left shown, for the filler to answer it.
async function conditionalLive(page, label, shot) {
  const c = await findConditional(page);
  if (!c)
    throw new Error('no hidden conditional question on ' + page.url());
  let loads = 0;
  const onNav = (f) => {
    if (f === page.mainFrame())
      loads++;
  };
  page.on('framenavigated', onNav);
  await page.evaluate(() => { window.dddSamePage = true; });
  const before = await conditionalState(page, c);
  tap.ok(before.hidden && !before.seen && before.disabled,
    label + ': "' + c.label + '" is hidden (and its field off) before ' + c.name + ' is ' + c.value,
    JSON.stringify(before));
  await page.locator('[id="' + c.on + '"]').check();
  const shown = await conditionalState(page, c);
  tap.ok(!shown.hidden && shown.seen && !shown.disabled && shown.focus === c.on,
    label + ': answering ' + c.value + ' shows "' + c.label + '" at once, focus stays on the answer',
    JSON.stringify(shown));
  await S.check(page, label + ' with a follow-up question shown by the script', shot);
  await page.locator('[id="' + c.off + '"]').check();
  const gone = await conditionalState(page, c);
  tap.ok(gone.hidden && !gone.seen && gone.disabled,
    label + ': another answer hides it again', JSON.stringify(gone));
  await page.locator('[id="' + c.on + '"]').check();
  const same = await page.evaluate(() => window.dddSamePage === true);
  page.off('framenavigated', onNav);
  tap.ok(loads === 0 && same, label + ': no page load for any of it', 'loads ' + loads);
  return c;
}

// --- the manual -------------------------------------------------------

stage('the decaan logs in (desktop)', async () => {
  const p = S.decaan = await S.person('decaan', B.DESKTOP);
  await p.goto(S.stack.url + '/');
  await S.check(p, 'log-in page', 'login');
  // Keyboard: the first Tab lands on the skip link, and it shows.
  await p.keyboard.press('Tab');
  const skip = await p.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { cls: a.className, href: a.getAttribute('href'),
      visible: r.left >= 0 && r.top >= 0 && r.width > 0 && r.right <= innerWidth };
  });
  tap.ok(skip.cls === 'skip' && skip.href === '#main' && skip.visible,
    'keyboard: the first Tab shows the skip link to #main', JSON.stringify(skip));
  // Every focused control shows a focus ring (:focus-visible).
  const rings = [];
  for (let i = 0; i < 6; i++) {
    await p.keyboard.press('Tab');
    rings.push(await p.evaluate(() => {
      const a = document.activeElement;
      const cs = getComputedStyle(a);
      return { el: a.tagName.toLowerCase() + (a.id ? '#' + a.id : ''),
        ring: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
    }));
  }
  tap.ok(rings.every((r) => r.ring), 'keyboard: each control reached by Tab shows a focus ring',
    JSON.stringify(rings));
  // A wrong password: the page says so, and passes the checks too.
  await login(p, SCHOOL, DECAAN, 'niet-het-wachtwoord');
  tap.ok(/\/login/.test(p.url()) && (await B.errorSummary(p)) !== '',
    'a wrong password is refused with a message', p.url());
  await S.check(p, 'log-in page with an error', 'login-fout', { status: [200, 401, 403, 422] });
  await login(p, SCHOOL, DECAAN, DEMO_PW);
  expectText(await p.innerText('main'), 'Portal', 'decaan portal');
  await S.check(p, 'Portal', 'portal-decaan');
});

stage('the dashboard before any dossier: words, no empty chart', async () => {
  const p = S.decaan;
  await menu(p, 'Dashboard');
  const text = await p.innerText('main');
  const charts = await p.locator('main figure.chart, main svg[role="img"]').count();
  tap.ok(/nog geen dossiers/i.test(text) && charts === 0,
    'all counters at zero: the dashboard says "nog geen dossiers" and draws no chart',
    'charts ' + charts + '\n' + text.slice(0, 600));
  await S.check(p, 'Dashboard (no dossiers yet)', 'dashboard-leeg');
  await p.goto(S.stack.url + '/');
});

stage('the decaan imports a student list with a new student', async () => {
  const p = S.decaan;
  await menu(p, 'Leerlinglijst inlezen');
  await S.check(p, 'Leerlinglijst inlezen', 'inlezen');
  const demo = fs.readFileSync(path.join(SRCDIR, 'tenants', 'demo',
    'leerlingen-de-brug.csv'), 'utf8').replace(/\s*$/, '\n');
  const csv = demo + [NEW.nr, NEW.roepnaam, '', NEW.achternaam, '12-05-2010', NEW.klas, '4',
    NEW.email].join(';') + '\n';
  await p.locator('#lijst').setInputFiles({ name: 'leerlingen-de-brug.csv',
    mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await B.go(p, p.getByRole('button', { name: 'Inlezen' }));
  const text = await p.innerText('main');
  expectText(text, 'De lijst is ingelezen', 'import');
  tap.ok(/waarvan 1 nieuw/.test(text), 'the list was read with one new student', text.slice(0, 600));
  await S.check(p, 'Leerlinglijst ingelezen', 'inlezen-klaar');
});

stage('the decaan sends the new student the account mail', async () => {
  const p = S.decaan;
  await B.go(p, p.getByRole('link', { name: 'Stuur de leerlingen hun accountgegevens' }));
  await S.check(p, 'Accountgegevens', 'accountgegevens');
  await p.getByLabel('Eén leerling').check();
  // Type part of the first name, then take the whole name from the list.
  await p.locator('#leerling').fill(NEW.roepnaam.slice(0, 3));
  const options = await p.locator('#leerlingen-lijst option').evaluateAll(
    (os) => os.map((o) => o.value));
  // The longest suggestion, chosen: the field shows all of it (class and
  // leerlingnummer at the end too), on a phone and on a laptop.
  const longest = options.reduce((a, b) => (b.length > a.length ? b : a), '');
  await p.locator('#leerling').fill(longest);
  const fits = await B.atWidths(p, [B.PHONE.width, B.DESKTOP.width], (q) => q.evaluate(() => {
    const i = document.getElementById('leerling');
    return { scrollWidth: i.scrollWidth, clientWidth: i.clientWidth };
  }));
  tap.ok(Object.values(fits).every((f) => f.scrollWidth <= f.clientWidth),
    'the chosen suggestion "' + longest + '" shows whole at 360 and 1280 px', JSON.stringify(fits));
  const full = options.find((o) => o.includes(NEW.roepnaam + ' ' + NEW.achternaam));
  if (!full)
    throw new Error('the new student is not among the suggestions: ' + options.join(', '));
  await p.locator('#leerling').fill(full);
  await p.getByLabel('Mail met accountgegevens').check();
  await B.go(p, p.getByRole('button', { name: 'Uitvoeren' }));
  const text = await p.innerText('main');
  tap.ok(text.includes('1 mail is klaargezet'), 'one account mail queued', text.slice(0, 600));
  await S.check(p, 'Accountgegevens verstuurd', 'accountgegevens-verstuurd');
});

stage('the student activates the account from the mails (phone)', async () => {
  const mail = await S.stack.waitForMail(NEW.email, /\/activeren/);
  if (!mail)
    throw new Error('no account mail to ' + NEW.email + ' within 60 s');
  tap.ok(mail.text.includes(NEW.nr), 'the account mail names the leerlingnummer', mail.text);
  const url = /(https?:\/\/\S+\/activeren)\b/.exec(mail.text)[1];
  const p = S.student = await S.person('leerling', B.PHONE);
  await p.goto(url);
  await S.check(p, 'Account activeren', 'activeren');
  await p.locator('#school').selectOption(SCHOOL);
  await p.locator('#username').fill(NEW.nr);
  await B.go(p, p.getByRole('button', { name: 'Stuur mij de link' }));
  await S.check(p, 'Account activeren, link verstuurd', 'activeren-verstuurd');
  const link = await S.stack.waitForMail(NEW.email, /\/activeren\/wachtwoord\?t=/);
  if (!link)
    throw new Error('no activation link mailed to ' + NEW.email + ' within 60 s');
  const href = /(https?:\/\/\S+\/activeren\/wachtwoord\?t=[A-Za-z0-9_-]+)/.exec(link.text)[1];
  await p.goto(href);
  await S.check(p, 'Wachtwoord kiezen', 'wachtwoord');
  await p.locator('#password').fill(NEW.password);
  await p.locator('#password2').fill(NEW.password);
  await B.go(p, p.getByRole('button', { name: 'Wachtwoord opslaan' }));
  await S.check(p, 'log-in page after activation', 'login-na-activeren');
});

stage('the student logs in, Activeer DDD with a BSN', async () => {
  const p = S.student;
  await login(p, SCHOOL, NEW.nr, NEW.password);
  expectText(await p.innerText('main'), 'Welkom, ' + NEW.roepnaam, 'start page');
  await S.check(p, 'start page', 'start');
  await B.go(p, p.getByRole('button', { name: 'Activeer DDD' }));
  await S.check(p, 'BSN invullen', 'bsn');
  // A wrong number first: the error in the summary and at the field.
  await p.locator('#bsn').fill('111222334');
  await B.go(p, p.getByRole('button', { name: 'Opslaan en activeren' }));
  const invalid = await p.locator('#bsn').getAttribute('aria-invalid');
  tap.ok(invalid === 'true' && (await B.errorSummary(p)) !== '',
    'a wrong BSN: summary at the top, field marked invalid');
  await S.check(p, 'BSN invullen with an error', 'bsn-fout', { status: [422, 200] });
  await p.locator('#bsn').fill(NEW.bsn);
  await B.go(p, p.getByRole('button', { name: 'Opslaan en activeren' }));
  expectText(await p.innerText('main'), 'Je BSN is gekoppeld', 'activated');
  await S.check(p, 'start page, DDD active', 'start-actief');
});

stage('the student starts a new dossier and fills deel A (phone)', async () => {
  const p = S.student;
  await B.go(p, p.getByRole('link', { name: 'Mijn Dossiers' }));
  await S.check(p, 'Mijn Dossiers (empty)', 'dossiers-leeg');
  await B.go(p, p.getByRole('button', { name: 'Nieuw dossier' }));
  if (!/\/stap\//.test(p.url()))
    await B.go(p, p.getByRole('link', { name: 'Deel A invullen' }).first());
  await S.check(p, 'deel A, first step (empty)', 'deel-a-leeg');
  await conditionalLive(p, 'deel A step 1', 'deel-a-vervolgvraag');
  await fillSteps(p, 'deel A', 'deel-a', [MBO_SLUG]);
});

stage('the student sends deel A to the mentor', async () => {
  const p = S.student;
  await B.go(p, p.locator('nav.step-nav').getByRole('link', { name: 'Opsturen' }));
  await S.check(p, 'Deel A opsturen', 'opsturen');
  await p.getByLabel(/Bakker/).first().check();
  await B.go(p, p.getByRole('button', { name: 'Opsturen' }));
  expectText(await p.innerText('main'), 'Deel A is opgestuurd', 'sent');
  await S.check(p, 'Mijn Dossiers (sent)', 'dossiers-opgestuurd');
  S.dossierPath = null;
});

stage('the mentor fills deel B on a laptop and sends it back', async () => {
  const signal = await S.stack.waitForMail(MENTOR, null);
  tap.ok(signal !== null, 'the mentor got the signal mail');
  const p = S.mentor = await S.person('mentor', B.DESKTOP);
  await login(p, SCHOOL, MENTOR, DEMO_PW);
  await S.check(p, 'Portal', 'portal-mentor');
  await menu(p, 'Dossiers in deel B');
  await S.check(p, 'Dossiers in deel B', 'deel-b-lijst');
  // Per row: 'In deel B' and 'Opties en verloop' keep apart (no touching
  // boxes), and the 'Sinds' date is on one line, on a phone, a small
  // laptop (the table squeezed) and a laptop.
  const rows = await B.atWidths(p, [360, 800, 1280], (q) => q.evaluate(() =>
    [...document.querySelectorAll('main tbody tr')].map((tr) => {
      const a = tr.querySelector('td.actions a.button').getBoundingClientRect();
      const b = tr.querySelector('td.actions a:not(.button)').getBoundingClientRect();
      const date = tr.querySelector('td[data-label="Sinds"]');
      const range = document.createRange();
      range.selectNodeContents(date);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      return { apartX: Math.round(b.left - a.right), apartY: Math.round(b.top - a.bottom),
        dateLines: lines, date: date.textContent.trim() };
    })));
  const touching = [];
  const wrapped = [];
  for (const [w, list] of Object.entries(rows)) {
    for (const r of list) {
      if (r.apartX < 4 && r.apartY < 4)
        touching.push(w + ' px: ' + JSON.stringify(r));
      if (r.dateLines !== 1)
        wrapped.push(w + ' px: ' + JSON.stringify(r));
    }
  }
  tap.ok(touching.length === 0, "Dossiers in deel B: 'In deel B' and 'Opties en verloop' do not touch " +
    '(360, 800, 1280 px)', () => touching.join('\n'));
  tap.ok(wrapped.length === 0, "Dossiers in deel B: the 'Sinds' date is on one line (360, 800, 1280 px)",
    () => wrapped.join('\n'));
  const row = p.locator('tr', { hasText: NEW.roepnaam + ' ' + NEW.achternaam });
  await B.go(p, row.getByRole('link', { name: /Opties en verloop/ }));
  await S.check(p, 'Dossier (opties en verloop)', 'deel-b-overzicht');
  S.staffDossier = new URL(p.url()).pathname;
  await B.go(p, p.getByRole('link', { name: 'Dossiers in deel B' }));
  await B.go(p, p.locator('tr', { hasText: NEW.roepnaam + ' ' + NEW.achternaam })
    .getByRole('link', { name: /In deel B/ }));
  await S.check(p, 'deel B, first step (empty)', 'deel-b-leeg');
  // The same step in a browser without script: the follow-up question
  // shows after 'Opslaan', as before the script.
  const step1 = new URL(p.url()).pathname;
  const q = await S.person('mentor (no script)', B.DESKTOP, { javaScript: false });
  await login(q, SCHOOL, MENTOR, DEMO_PW);
  await q.goto(S.stack.url + step1);
  await S.check(q, 'deel B, first step without script', 'deel-b-zonder-script');
  const c = await findConditional(q);
  if (!c)
    throw new Error('no hidden conditional question on ' + step1);
  await q.locator('[id="' + c.on + '"]').check();
  const still = await conditionalState(q, c);
  tap.ok(still.hidden && !still.seen,
    'without script: "' + c.label + '" stays hidden until the page is saved', JSON.stringify(still));
  await B.go(q, q.locator('main form[action="' + step1 + '"]')
    .getByRole('button', { name: 'Opslaan', exact: true }));
  const after = await conditionalState(q, c);
  tap.ok(!after.hidden && after.seen && !after.disabled && /Opgeslagen/.test(await q.innerText('main')),
    'without script: after Opslaan "' + c.label + '" shows', JSON.stringify(after));
  await S.check(q, 'deel B, first step without script, saved', 'deel-b-zonder-script-opgeslagen');
  await q.context().close();
  await p.reload();
  await S.check(p, 'deel B, first step (saved without script)', null);
  const send = p.locator('main .step-body section.send');
  tap.ok(/Nog niet helemaal ingevuld: .+\(\d+%\)/.test(await send.innerText()) &&
    await send.getByRole('button').count() === 0,
  'deel B not complete: the main content says which steps are missing, no button',
  await send.innerText());
  await fillSteps(p, 'deel B', 'deel-b', []);
  // At 100% on both parts: 'Opsturen naar leerling' in the main content
  // (a primary button), besides the one in the step navigation.
  tap.ok(await p.getByRole('button', { name: 'Opsturen naar leerling' }).count() === 2,
    'deel B complete: Opsturen naar leerling in the navigation and in the main content');
  await S.check(p, 'deel B complete', 'deel-b-compleet');
  await B.go(p, send.getByRole('button', { name: 'Opsturen naar leerling' }));
  expectText(await p.innerText('main'), 'naar de leerling gestuurd', 'deel B sent');
  await S.check(p, 'Dossiers in deel B (sent back)', 'deel-b-opgestuurd');
});

stage('the student gives Akkoord with a parent (phone)', async () => {
  const p = S.student;
  await p.goto(S.stack.url + '/');
  await B.go(p, p.getByRole('link', { name: 'Mijn Dossiers' }));
  await S.check(p, 'Mijn Dossiers (akkoordverklaring)', 'dossiers-akkoord');
  await B.go(p, p.getByRole('link', { name: 'Start de akkoordverklaring' }));
  await S.check(p, 'Akkoordverklaring', 'akkoord');
  await p.locator('#opmerkingen').fill('Ik ben het eens met deel B.');
  await p.getByLabel('Naam van je ouder of verzorger').fill('Petra Jansen');
  await p.getByLabel('Wie is dat?').selectOption('moeder');
  await p.getByLabel(/Ik ben de ouder of verzorger/).check();
  await p.getByLabel(/Ik ga akkoord met dit dossier/).check();
  await B.go(p, p.getByRole('button', { name: 'Akkoord', exact: true }));
  const err = await B.errorSummary(p);
  if (err)
    throw new Error('Akkoord refused:\n' + err);
  expectText(await p.innerText('main'), 'Het dossier is afgerond', 'afgerond');
  await S.check(p, 'Dossier afgerond', 'afgerond');
});

stage('the MBO opens the dossier and downloads the PDF (desktop)', async () => {
  const p = S.mbo = await S.person('mbo', B.DESKTOP);
  await login(p, MBO_SCHOOL, MBO_USER, DEMO_PW);
  await S.check(p, 'Portal', 'portal-mbo');
  await menu(p, 'Afgeronde dossiers');
  await S.check(p, 'Afgeronde dossiers', 'mbo-dossiers');
  const row = p.locator('tr', { hasText: NEW.roepnaam + ' ' + NEW.achternaam });
  await B.go(p, row.getByRole('link', { name: /Bekijken/ }));
  await S.check(p, 'Dossier bekijken', 'mbo-dossier');
  let response = null;
  const onResponse = (r) => {
    if (/\/dossier\.pdf$/.test(new URL(r.url()).pathname))
      response = r;
  };
  p.on('response', onResponse);
  const [download] = await Promise.all([
    p.waitForEvent('download'),
    p.getByRole('link', { name: 'Download als PDF' }).click(),
  ]);
  const file = path.join(OUT, 'dossier-mbo.pdf');
  await download.saveAs(file);
  p.off('response', onResponse);
  const type = response ? response.headers()['content-type'] : '(no response seen)';
  tap.ok(response && response.status() === 200 && /^application\/pdf\b/.test(type),
    'the PDF download answers 200 application/pdf', 'got ' + type);
  const head = fs.readFileSync(file).subarray(0, 5).toString('latin1');
  tap.ok(head === '%PDF-', 'the downloaded file is a PDF (' + fs.statSync(file).size + ' bytes)', head);
});

stage('the student starts a second dossier (phone)', async () => {
  const p = S.student;
  await p.goto(S.stack.url + '/dossiers');
  await B.go(p, p.getByRole('button', { name: 'Nieuw dossier' }));
  await S.check(p, 'deel A of a second dossier', null);
});

stage('the staff overviews after the dossier is afgerond', async () => {
  const p = S.decaan;
  await p.goto(S.stack.url + '/');
  await menu(p, 'Dashboard');
  await S.check(p, 'Dashboard', 'dashboard');
  // The bars per class take their colour from ddd.css by phase (the
  // legend's colours): the afgerond dossier's bar is green, not black.
  const fill = await p.locator('#klas-kop ~ figure rect.afgerond').first()
    .evaluate((e) => getComputedStyle(e).fill).catch((e) => String(e));
  tap.ok(fill === 'rgb(0, 112, 60)', 'the bar of the afgeronde dossiers per class has the legend\'s green', fill);
  await p.goto(S.stack.url + '/');
  await menu(p, 'Mijn Leerlingen');
  await S.check(p, 'Mijn Leerlingen', 'leerlingen');
  const row = p.locator('tr', { hasText: NEW.roepnaam + ' ' + NEW.achternaam });
  // Two dossiers: behind a magnifier drawn in SVG (the emoji check of
  // every page covers the text).
  const summary = row.locator('summary');
  tap.ok(await summary.count() === 1 && /^2 dossiers$/.test((await summary.innerText()).trim()) &&
    await summary.locator('svg').count() === 1,
  'Mijn Leerlingen: a student with two dossiers shows "2 dossiers" with an SVG magnifier',
  await summary.count() ? await summary.innerHTML() : '(no summary)');
  await B.go(p, row.getByRole('link', { name: 'Mails' }));
  await S.check(p, 'Mails aan de leerling', 'maillog');
  await p.goto(S.stack.url + '/');
  await menu(p, /mentoren/);
  await S.check(p, 'Mentoren per klas', 'mentoren');
  const m = S.mentor;
  await m.goto(S.stack.url + S.staffDossier);
  await S.check(m, 'Dossier (afgerond)', 'deel-b-overzicht-afgerond');
  const crumbs = m.locator('p.crumbs');
  tap.ok(await crumbs.getByRole('link', { name: 'Mijn Leerlingen' }).count() === 1 &&
    await crumbs.getByRole('link', { name: 'Dossiers in deel B' }).count() === 0,
  'an afgerond dossier: the crumbs lead to Mijn Leerlingen, not Dossiers in deel B',
  await crumbs.innerText());
  await B.go(m, m.getByRole('link', { name: 'Bekijk deel A en deel B' }));
  await S.check(m, 'Dossier bekijken', 'bekijken-mentor');
});

stage('Archiveren asks first (script): Annuleren keeps the dossier, OK archives it', async () => {
  const m = S.mentor;
  await m.goto(S.stack.url + S.staffDossier);
  const asked = [];
  const cancel = (d) => {
    asked.push(d.type() + ': ' + d.message());
    d.dismiss();
  };
  m.once('dialog', cancel);
  await m.getByRole('button', { name: 'Archiveren', exact: true }).click();
  // A dismissed confirm sends nothing: same page, still not archived.
  await m.waitForTimeout(300);
  tap.ok(asked.length === 1 && /^confirm: .*archiveren\?/i.test(asked[0]),
    'Archiveren shows a confirm dialog in Dutch', JSON.stringify(asked));
  await m.reload();
  tap.ok(new URL(m.url()).pathname === S.staffDossier &&
    !/\(gearchiveerd\)/.test(await m.innerText('main')) &&
    await m.getByRole('button', { name: 'Archiveren', exact: true }).count() === 1,
  'Annuleren: nothing sent, the dossier is not archived', m.url());
  m.once('dialog', (d) => {
    asked.push(d.type() + ': ' + d.message());
    d.accept();
  });
  await B.go(m, m.getByRole('button', { name: 'Archiveren', exact: true }));
  tap.ok(asked.length === 2 && /Het dossier is gearchiveerd/.test(await m.innerText('main')),
    'OK: the dossier is archived', m.url() + ' ' + JSON.stringify(asked));
  await S.check(m, 'Dossiers in deel B (archived)', 'gearchiveerd');
});

stage('the rights (issue 20): Mijn gegevens, the student\'s requests and the logboek', async () => {
  const s = S.student;
  await s.goto(S.stack.url + '/');
  await B.go(s, s.getByRole('link', { name: /Mijn gegevens/ }));
  await S.check(s, 'Mijn gegevens', 'mijn-gegevens');
  const p = S.decaan;
  await p.goto(S.stack.url + '/');
  await menu(p, 'Mijn Leerlingen');
  const row = p.locator('tr', { hasText: NEW.roepnaam + ' ' + NEW.achternaam });
  await B.go(p, row.getByRole('link', { name: 'Inzage' }));
  await S.check(p, 'Inzage with the inzage export and erasure', 'inzage');
  await B.go(p, p.getByRole('link', { name: /gegevens verwijderen/ }));
  await S.check(p, 'Leerling verwijderen: the confirmation', 'verwijderen');
  await p.goto(S.stack.url + '/');
  await menu(p, /Logboek/);
  await S.check(p, 'Logboek', 'logboek');
});

stage('the public pages: toegankelijkheidsverklaring and an unknown page', async () => {
  const p = await S.person('bezoeker', B.PHONE);
  const r = await p.goto(S.stack.url + '/toegankelijkheid');
  if (r.status() === 404) {
    // No route yet: the sheet as xsltproc renders it, served at the same
    // address (so with the real CSS, but without nginx's headers).
    p.ddd.errors.splice(0);
    const html = execFileSync('xsltproc', [path.join(SRCDIR, 'xslt', 'toegankelijkheid.xsl'), '-'],
      { input: '<toegankelijkheid/>' });
    await p.route('**/toegankelijkheid', (route) => route.fulfill({
      status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await p.goto(S.stack.url + '/toegankelijkheid');
    tap.note('/toegankelijkheid has no route yet: checking xslt/toegankelijkheid.xsl as xsltproc renders it');
  }
  await S.check(p, 'Toegankelijkheidsverklaring', 'toegankelijkheid');
  await p.unroute('**/toegankelijkheid');
  await p.goto(S.stack.url + '/bestaat-niet');
  p.ddd.errors = p.ddd.errors.filter((e) => !/404/.test(e));
  await S.check(p, 'error page (404)', 'fout-404', { status: [404] });
});

// Issue 18: the school's federation, OpenID Connect, through a real
// provider (Debian's glewlwyd, tests/lib/idp_oidc.py) and its log-in page:
// the new student and the mentor press 'Inloggen via Entree', log in at
// the school, and are back in their own pages; the mentor then plays a
// step of the manual (Mijn Leerlingen).
stage('the student and the mentor log in through the school (OpenID Connect)', async () => {
  const { spawn } = require('child_process');
  const dir = path.join(S.stack.dir, 'glewlwyd');
  fs.mkdirSync(dir, { recursive: true });
  const secret = 'browser-test-client-geheim';
  const pw = 'Idp-wachtwoord-1';
  const spec = path.join(S.stack.dir, 'idp.json');
  fs.writeFileSync(spec, JSON.stringify({
    client: { id: 'ddd', secret, redirect_uris: [S.stack.url + '/sso/oidc/callback'] },
    users: [
      { username: 'lotte', password: pw, org: '12AB', affiliation: ['student'],
        number: NEW.nr, name: 'Lotte Jansen' },
      { username: 'jbakker', password: pw, org: '12AB', affiliation: ['employee'],
        email: MENTOR, name: 'Joost Bakker' }] }));
  S.idp = spawn('/usr/bin/python3', [path.join(SRCDIR, 'tests', 'lib', 'idp_oidc.py'),
    'serve', dir, spec], { stdio: ['pipe', 'pipe', 'inherit'] });
  const issuer = await new Promise((resolve, reject) => {
    let buf = '';
    S.idp.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0)
        resolve(JSON.parse(buf.slice(0, nl)).issuer);
    });
    S.idp.on('exit', (c) => reject(new Error('glewlwyd fixture exited ' + c)));
  });
  try {
    const file = path.join(S.stack.dir, 'de-brug-sso.xml');
    fs.writeFileSync(file, fs.readFileSync(path.join(SRCDIR, 'tenants', 'de-brug.xml'), 'utf8')
      .replace('</tenant>', '<sso protocol="oidc" label="Inloggen via Entree" ' +
        'home-organization="12AB" attr-student="employeeNumber"><oidc issuer="' + issuer +
        '" client-id="ddd" client-secret="' + secret + '"/></sso>\n</tenant>'));
    execFileSync(path.join(BUILDDIR, 'dddctl'), ['-f', S.stack.config, 'tenant', 'load', file],
      { stdio: 'ignore', timeout: 60000 });
    const through = async (p, user) => {
      await p.goto(S.stack.url + '/login?school=' + SCHOOL);
      await B.go(p, p.getByRole('link', { name: 'Inloggen via Entree' }));
      if (!p.url().startsWith(issuer.replace(/\/api\/oidc$/, '')))
        throw new Error('not at the school\'s log-in page: ' + p.url());
      await p.locator('#u').fill(user);
      await p.locator('#p').fill(pw);
      await Promise.all([p.waitForURL(S.stack.url + '/', { timeout: 30000 }),
        p.getByRole('button', { name: 'Log in' }).click()]);
    };
    const st = await S.person('student', B.PHONE);
    await st.goto(S.stack.url + '/login?school=' + SCHOOL);
    await S.check(st, 'log-in page with the school\'s button', 'login-entree');
    await through(st, 'lotte');
    expectText(await st.innerText('main'), NEW.roepnaam, 'the student after Entree');
    st.ddd.errors = st.ddd.errors.filter((e) => !e.includes(issuer.replace(/\/api\/oidc$/, '')));
    await S.check(st, 'start page after logging in through the school', 'start-entree');
    const m = await S.person('mentor', B.DESKTOP);
    await through(m, 'jbakker');
    expectText(await m.innerText('main'), 'Joost', 'the mentor after Entree');
    m.ddd.errors = m.ddd.errors.filter((e) => !e.includes(issuer.replace(/\/api\/oidc$/, '')));
    await menu(m, 'Mijn Leerlingen');
    expectText(await m.innerText('main'), NEW.roepnaam, 'the mentor\'s students');
    await S.check(m, 'Mijn Leerlingen after logging in through the school', 'leerlingen-entree');
  } finally {
    S.idp.stdin.end();
  }
});

// Issue 18: the same through SAML 2.0, with a real IdP (Debian's
// simplesamlphp, tests/lib/idp_saml.py) and its own log-in form and POST
// page, for another school (Het Noorderlicht: the De Brug accounts are
// linked to the OpenID identities now). The worker has the SP's key from
// the start (Stack.up's samlSp); the school's tenant file carries the IdP's
// metadata inline, as a school hands it.
stage('the student and the mentor log in through the school (SAML)', async () => {
  const { spawn } = require('child_process');
  const school = 'het-noorderlicht';
  const pw = 'Idp-wachtwoord-2';
  const student = { nr: '2001', roepnaam: 'Finn' };
  const mentor = { email: 'b.visser@noorderlicht.example', voornaam: 'Bram' };
  const dir = path.join(S.stack.dir, 'simplesamlphp');
  fs.mkdirSync(dir, { recursive: true });
  const spec = path.join(S.stack.dir, 'idp-saml.json');
  fs.writeFileSync(spec, JSON.stringify({
    sp: { entity_id: S.stack.url + '/sso/saml/metadata', acs: S.stack.url + '/sso/saml/acs',
      cert: path.join(S.stack.dir, 'sp.crt') },
    users: [
      { username: 'finn', password: pw, org: '34CD', affiliation: ['student'],
        number: student.nr },
      { username: 'bvisser', password: pw, org: '34CD', affiliation: ['employee', 'staff'],
        email: mentor.email }] }));
  S.idp = spawn('/usr/bin/python3', [path.join(SRCDIR, 'tests', 'lib', 'idp_saml.py'),
    'serve', dir, spec], { stdio: ['pipe', 'pipe', 'inherit'] });
  const idp = await new Promise((resolve, reject) => {
    let buf = '';
    S.idp.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0)
        resolve(JSON.parse(buf.slice(0, nl)));
    });
    S.idp.on('exit', (c) => reject(new Error('simplesamlphp fixture exited ' + c)));
  });
  try {
    const file = path.join(S.stack.dir, school + '-sso.xml');
    fs.writeFileSync(file, fs.readFileSync(path.join(SRCDIR, 'tenants', school + '.xml'), 'utf8')
      .replace('</tenant>', '<sso protocol="saml" label="Inloggen via Entree" ' +
        'home-organization="34CD" attr-student="employeeNumber"><saml><metadata>' +
        idp.metadata + '</metadata></saml></sso>\n</tenant>'));
    execFileSync(path.join(BUILDDIR, 'dddctl'), ['-f', S.stack.config, 'tenant', 'load', file],
      { stdio: 'ignore', timeout: 60000 });
    const notOurs = (p) => {
      p.ddd.errors = p.ddd.errors.filter((e) => !e.includes(idp.url));
    };
    // The button, simplesamlphp's form, and its POST page, which sends
    // the answer to our ACS by itself (post.js).
    const through = async (p, user) => {
      await p.goto(S.stack.url + '/login?school=' + school);
      await B.go(p, p.getByRole('link', { name: 'Inloggen via Entree' }));
      if (!p.url().startsWith(idp.url))
        throw new Error('not at the school\'s log-in page: ' + p.url());
      await p.locator('#username').fill(user);
      await p.locator('#password').fill(pw);
      await Promise.all([p.waitForURL(S.stack.url + '/', { timeout: 30000 }),
        p.locator('#submit_button').click()]);
      notOurs(p);
    };
    const st = await S.person('student', B.PHONE);
    await st.goto(S.stack.url + '/login?school=' + school);
    await S.check(st, 'log-in page with the school\'s button (SAML)', 'login-saml');
    await through(st, 'finn');
    expectText(await st.innerText('main'), student.roepnaam, 'the student after SAML');
    await S.check(st, 'start page after logging in through the school (SAML)', 'start-saml');
    const m = await S.person('mentor', B.DESKTOP);
    await through(m, 'bvisser');
    expectText(await m.innerText('main'), mentor.voornaam, 'the mentor after SAML');
    await menu(m, 'Mijn Leerlingen');
    expectText(await m.innerText('main'), student.roepnaam, 'the mentor\'s students (SAML)');
    await S.check(m, 'Mijn Leerlingen after logging in through the school (SAML)', 'leerlingen-saml');
  } finally {
    S.idp.stdin.end();
  }
});

// --- the run ----------------------------------------------------------

async function main() {
  const started = Date.now();
  let browser = null;
  let broken = false;
  try {
    S.stack = await Stack.up('browser', { samlSp: true });
  } catch (e) {
    tap.bail('stack did not start: ' + e.message);
    return tap.done(true);
  }
  tap.note('stack ' + S.stack.url + ' in ' + S.stack.dir);
  try {
    browser = await B.launch();
    const checker = new B.Checker(S.stack.url, OUT);
    S.check = (page, label, shot, opts) => checker.check(page, label, shot, opts);
    S.person = (who, size, opts) => checker.person(browser, who, size, opts);
    for (const st of stages) {
      try {
        await st.fn();
        tap.ok(true, 'manual: ' + st.name);
      } catch (e) {
        broken = true;
        tap.ok(false, 'manual: ' + st.name, e.stack || String(e));
        for (const who of ['student', 'mentor', 'decaan', 'mbo']) {
          if (S[who] && !S[who].isClosed()) {
            const f = path.join(OUT, 'failed-' + who + '.png');
            await S[who].screenshot({ path: f, fullPage: true }).catch(() => {});
            tap.note(who + ' was at ' + S[who].url() + ' (screenshot ' + f + ')');
          }
        }
        break;
      }
    }
    tap.note(checker.pages + ' pages checked; ' + checker.shots.length +
      ' screenshots in ' + OUT);
  } catch (e) {
    broken = true;
    tap.ok(false, 'the browser run', e.stack || String(e));
  } finally {
    if (browser)
      await browser.close().catch(() => {});
  }
  const failed = tap.failures() > 0 || broken;
  if (failed) {
    tap.note('worker.log tail:\n' + S.stack.log('worker.log').split('\n').slice(-15).join('\n'));
    tap.note('stack folder kept: ' + S.stack.dir);
  }
  S.stack.down(!failed);
  tap.note('run time ' + ((Date.now() - started) / 1000).toFixed(1) + ' s');
  return tap.done(failed);
}

main().then((rc) => process.exit(rc), (e) => {
  process.stdout.write('Bail out! ' + e.message + '\n');
  process.exit(1);
});
