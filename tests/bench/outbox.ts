// Outbox benchmark (`BENCH_ONLY=outbox npm run bench`): nothing a person saved
// is lost when the production server is killed under open pages. Writers are
// pages of the app in Chromium (one browser, a context per person, each signed
// in as a reviewer of their own, a few writers per article), saving the way a
// person does: select a claim, Annotate selection, pick a verdict, write the
// rationale, Save; then edit the rationale and Save, twice; Close; the next
// claim. The server (`next start`, production build, its own SQLite file) is
// killed with SIGKILL mid-run; the pages keep saving while it is down (into
// their outboxes, IndexedDB); every fourth writer closes its tab while the
// server is down and opens the article again after the restart, so its saves
// go out from the outbox alone. The server comes back on the same file once
// every writer has saved twice while it was down (and at least a few seconds
// after the kill), each writer saves once more, and the pages drain.
//
// Counted from what each page showed as saved (the annotation id from the
// list's current row, the rationale typed, unique per save), against the
// database file: every save has its annotation and exactly one history event
// (lost / duplicated otherwise), and each annotation ends with the last
// rationale its page saved. Prints the saves made before the kill (those the
// server had answered, and those in the outboxes just after the kill, read from
// each page's IndexedDB), while the server was down, after the restart; lost;
// duplicated; the time from the restart until every saved-before-restart save
// is in the database, and until every page says "Live" and "All changes saved"
// with an empty outbox. Exits non-zero if a save is lost or duplicated.
//
// Env: BENCH_PORT (3314), BENCH_OUTBOX_WRITERS (10; 20 for the figure),
// BENCH_OUTBOX_KILL_AT (the kill comes once the pages have made this many saves:
// 3 per writer), BENCH_OUTBOX_DOWN_SECONDS (5), CHROMIUM_PATH.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { editor, selectInArticle } from '../e2e/helpers';
import { ensureBuild, root, startServer, stopServer } from './app-server';
import { launchChromium } from './chromium';

const PORT = Number(process.env.BENCH_PORT ?? 3314);
const BASE = `http://127.0.0.1:${PORT}`;
const WRITERS = Math.max(1, Number(process.env.BENCH_OUTBOX_WRITERS ?? 10));
const KILL_AT = Number(process.env.BENCH_OUTBOX_KILL_AT ?? WRITERS * 3);
const DOWN_MS = Number(process.env.BENCH_OUTBOX_DOWN_SECONDS ?? 5) * 1000;
const ARTICLES = Math.min(4, WRITERS);
/** Saves each writer makes while the server is down, and after the restart. */
const SAVES_WHILE_DOWN = 2;
const SAVES_AFTER = 1;
/** Claims per writer in its article: more than it will annotate. */
const CLAIMS = 40;
/** Generous: 20 pages on a loaded 2-core machine. */
const STEP_TIMEOUT = 120_000;
const DRAIN_TIMEOUT = 300_000;

const tmp = path.join(root, 'tests/.tmp', `bench-outbox-${Date.now()}`);
const dbFile = path.join(tmp, 'outbox.db');
const serverLog = (n: number) => path.join(tmp, `server-${n}.log`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

type Phase = 'before' | 'down' | 'after';

/** One save as its page showed it saved. */
interface Save {
  writer: number;
  kind: 'create' | 'update';
  id: string;
  /** The rationale typed, unique to this save. */
  marker: string;
  phase: Phase;
}

/** An entry of the page's outbox (components/annotations/store/outbox.ts), as far as the count needs it. */
interface KeptEntry {
  kind: string;
  id: string;
  rationale: string | null;
}

// ——— The server's door, for setting up (the admin, the people, the articles) ———

type Jar = Map<string, string>;

async function call<T>(jar: Jar, procedure: string, input: unknown): Promise<T> {
  const response = await fetch(`${BASE}/api/trpc/${procedure}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-factcheck-client': '1',
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!response.ok || !body.result) throw new Error(`outbox bench: ${procedure} answered ${response.status} ${body.error?.message ?? ''}`);
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return body.result.data;
}

/** The article of `writers`: a paragraph of claims per writer, each claim's opening words found once in the text. */
function articleText(n: number, writers: number[]): string {
  const paragraphs = writers.map((w) =>
    Array.from(
      { length: CLAIMS },
      (_, k) => `Claim ${claimTag(w, k)} says cargo through the port rose by ${10 + k} percent last year.`,
    ).join(' '),
  );
  return [`Outbox bench article ${n + 1}`, ...paragraphs].join('\n\n');
}

/** Every fourth writer closes its tab while the server is down. */
const isCloser = (writer: number) => writer % 4 === 3;
const claimTag = (writer: number, k: number) => `w${pad(writer, 2)}c${pad(k, 2)}`;
const claimWords = (writer: number, k: number) => `Claim ${claimTag(writer, k)} says`;

// ——— In the page ———

/** What waits in this page's outbox (IndexedDB `factcheck-outbox`, store `saves`). Runs in the page. */
function readOutbox(): Promise<KeptEntry[]> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('factcheck-outbox');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('saves')) {
        db.close();
        resolve([]);
        return;
      }
      const all = db.transaction('saves', 'readonly').objectStore('saves').getAll();
      all.onerror = () => reject(all.error);
      all.onsuccess = () => {
        db.close();
        resolve(
          (all.result as { kind: string; id: string; draft?: { rationale?: string } }[]).map((e) => ({
            kind: e.kind,
            id: e.id,
            rationale: e.draft?.rationale ?? null,
          })),
        );
      };
    };
  });
}

const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });
const saveStatus = (page: Page) => page.getByRole('status').filter({ hasText: /^(All changes saved|Saving…|Not saved)/ });
const list = (page: Page) => page.getByRole('region', { name: 'Annotations' });

let selectedAgain = 0;

/**
 * Selects the claim's words. The helper gives the page 5 s to see the
 * selection (expect's default outside the test runner), and a page busy with
 * what colleagues saved can miss it under this load: select again, as a
 * person would, a few times.
 */
async function select(page: Page, words: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await selectInArticle(page, words);
      return;
    } catch (error) {
      if (attempt === 5) throw error;
      selectedAgain++;
    }
  }
}

/** Closes the open annotation's panel (Save keeps it open). */
async function closePanel(page: Page) {
  await page.getByRole('complementary').getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Save annotation' })).toBeHidden({ timeout: STEP_TIMEOUT });
}

async function openArticle(context: BrowserContext, articleId: number): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${BASE}/articles/${articleId}`, { timeout: STEP_TIMEOUT });
  await expect(editor(page)).toBeVisible({ timeout: STEP_TIMEOUT });
  await expect(page.locator('.ProseMirror[contenteditable]')).toBeVisible({ timeout: STEP_TIMEOUT });
  return page;
}

// ——— The run ———

/** A failed step in a line or three: what was expected of which element. */
const whatFailed = (error: unknown) =>
  error instanceof Error
    ? error.message
        .split('\n')
        .filter((line, i) => i === 0 || /^(Locator|Expected|Received)/.test(line.trim()))
        .join(' / ')
    : String(error);

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function main() {
  fs.mkdirSync(tmp, { recursive: true });
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  const stop = () => stopServer(server, 'SIGKILL');
  process.on('exit', stop);
  try {
    ensureBuild('outbox', tmp);
    let serverRuns = 0;
    server = await startServer('outbox', { port: PORT, dbFile, log: serverLog(++serverRuns) });

    // The desk: an admin, a reviewer per writer (signed in through their invite), the articles.
    const admin: Jar = new Map();
    await call(admin, 'account.setup', { name: 'Outbox Admin', email: 'outbox-admin@example.org', password: 'outbox bench password' });
    const articleOf = (w: number) => w % ARTICLES;
    const articles: number[] = [];
    for (let a = 0; a < ARTICLES; a++) {
      const writers = Array.from({ length: WRITERS }, (_, w) => w).filter((w) => articleOf(w) === a);
      articles.push((await call<{ id: number }>(admin, 'article.import', { text: articleText(a, writers) })).id);
    }
    browser = await launchChromium();
    const b = browser;
    const contexts = await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const { url } = await call<{ url: string }>(admin, 'people.invite', { email: `writer-${w}@example.org`, role: 'reviewer' });
        const jar: Jar = new Map();
        await call(jar, 'account.acceptInvite', {
          token: url.slice(url.lastIndexOf('/') + 1),
          name: `Writer ${pad(w, 2)}`,
          password: 'outbox bench password',
        });
        const context = await b.newContext({ viewport: { width: 1360, height: 900 } });
        // tsx names functions with a `__name` helper that the page lacks: functions passed to evaluate() may carry it.
        await context.addInitScript('globalThis.__name = (f) => f;');
        await context.addCookies([...jar].map(([name, value]) => ({ name, value, url: BASE, httpOnly: true, sameSite: 'Lax' as const })));
        return context;
      }),
    );

    let phase: Phase = 'before';
    /** Writers done with what they do while the server is down (or failed). */
    const doneWhileDown = new Set<number>();
    let closed = 0;
    /** How long each closed tab's article took to open again after the restart (navigation → editor shown). */
    const reopened: number[] = [];
    let made = 0;
    const saves: Save[] = [];
    const errors: string[] = [];
    /** Saves (`id|rationale`) the server answered (2xx) before the kill. */
    const answeredBeforeKill = new Set<string>();
    let restarted!: () => void;
    const back = new Promise<void>((resolve) => {
      restarted = resolve;
    });
    const pages: (Page | null)[] = new Array(WRITERS).fill(null);
    const watch = (page: Page) =>
      page.on('response', (response) => {
        if (phase !== 'before' || !response.ok() || !/\/api\/trpc\/annotation\.(create|update)$/.test(response.url())) return;
        // httpLink without a transformer: the body is the input itself.
        const input = JSON.parse(response.request().postData() ?? '{}') as { id?: string; rationale?: string };
        answeredBeforeKill.add(`${input.id}|${input.rationale}`);
      });

    /** One person: claim after claim, a create and two edits each; closes the tab while the server is down if a closer. */
    async function writer(w: number) {
      const articleId = articles[articleOf(w)];
      const closer = isCloser(w);
      let page = pages[w] as Page;
      let claim = 0;
      let current: { id: string; edits: number } | null = null;
      let savesDown = 0;
      let savesAfter = 0;
      let serial = 0;

      const save = async () => {
        const saving = phase;
        const marker = `Outbox bench writer ${pad(w, 2)} save ${pad(++serial, 3)}.`;
        if (!current) {
          await select(page, claimWords(w, claim++));
          await page.getByRole('button', { name: 'Annotate selection' }).click();
          await page.getByLabel('Verdict').selectOption({ label: 'False' });
          await page.getByRole('textbox', { name: 'Rationale' }).fill(marker);
          await page.getByRole('button', { name: 'Save annotation' }).click();
          await expect(page.getByRole('heading', { name: 'Edit annotation' })).toBeVisible({ timeout: STEP_TIMEOUT });
          // The panel stays open on what was saved: the list's current row is it.
          const row = list(page)
            .locator('li[data-annotation-item]')
            .filter({ has: page.locator('button[aria-current="true"]') });
          await expect(row).toContainText(marker, { timeout: STEP_TIMEOUT });
          const id = await row.getAttribute('data-annotation-item');
          if (!id) throw new Error('no id on the saved row');
          current = { id, edits: 0 };
          saves.push({ writer: w, kind: 'create', id, marker, phase: saving });
        } else {
          await page.getByRole('textbox', { name: 'Rationale' }).fill(marker);
          await page.getByRole('button', { name: 'Save annotation' }).click();
          await expect(list(page).locator(`li[data-annotation-item="${current.id}"]`)).toContainText(marker, { timeout: STEP_TIMEOUT });
          saves.push({ writer: w, kind: 'update', id: current.id, marker, phase: saving });
          if (++current.edits === 2) {
            await closePanel(page);
            current = null;
          }
        }
        made++;
        return marker;
      };

      try {
        while (phase === 'before') await save();
        // The server stays down until every writer has saved this many times while it is.
        while (savesDown < SAVES_WHILE_DOWN) {
          const marker = await save();
          savesDown++;
          if (closer && savesDown === SAVES_WHILE_DOWN) {
            // The tab closes with its saves in the outbox: once the last is written there, nothing else holds them.
            await expect
              .poll(async () => (await page.evaluate(readOutbox)).some((e) => e.rationale === marker), { timeout: STEP_TIMEOUT })
              .toBe(true);
            pages[w] = null;
            await page.close();
            closed++;
          }
        }
        doneWhileDown.add(w);
        await back;
        if (!pages[w]) {
          const reopening = performance.now();
          page = await openArticle(contexts[w], articleId);
          reopened.push(performance.now() - reopening);
          pages[w] = page;
          watch(page);
          current = null;
        }
        while (savesAfter < SAVES_AFTER) {
          await save();
          savesAfter++;
        }
        if (current) await closePanel(page);
      } catch (error) {
        errors.push(`writer ${w} (${phase}): ${whatFailed(error)}`);
        doneWhileDown.add(w);
      }
    }

    // The pages open one after the other (twenty at once time out on a loaded machine), then all write at once.
    for (let w = 0; w < WRITERS; w++) {
      const page = await openArticle(contexts[w], articles[articleOf(w)]);
      await expect(connection(page)).toHaveText('Live', { timeout: STEP_TIMEOUT });
      watch(page);
      pages[w] = page;
    }
    const started = performance.now();
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    while (made < KILL_AT && errors.length < WRITERS) await sleep(20);
    const runMs = performance.now() - started;
    const madeAtKill = made;

    // The kill, and what each page holds in its outbox just after it.
    const killed = server;
    stopServer(killed, 'SIGKILL');
    phase = 'down';
    const killedAt = performance.now();
    const kept = await Promise.all(pages.map((p) => (p ? p.evaluate(readOutbox).catch(() => []) : Promise.resolve([]))));
    const keptAtKill = new Set(kept.flat().map((e) => `${e.id}|${e.rationale}`));

    await sleep(Math.max(0, DOWN_MS - (performance.now() - killedAt)));
    while (doneWhileDown.size < WRITERS) await sleep(20);
    await exited(killed);
    const startAt = performance.now();
    server = await startServer('outbox', { port: PORT, dbFile, log: serverLog(++serverRuns) });
    const upAt = performance.now();
    const startMs = upAt - startAt;
    const downMs = upAt - killedAt;
    phase = 'after';
    restarted();

    // Drain: every save made before the restart in the database; then every page Live, saved, its outbox empty.
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    const eventsOf = db.prepare(
      "select count(*) as n from events where annotation_id = ? and type in ('annotation.created', 'annotation.updated') and instr(after, ?) > 0",
    );
    const landed = (s: Save) => (eventsOf.get(s.id, JSON.stringify(s.marker).slice(1, -1)) as { n: number }).n > 0;
    let inDbMs: number | null = null;
    const before = saves.filter((s) => s.phase !== 'after');
    /** When each save made before the restart was first seen in the database, after the restart. */
    const landedAt = new Map<Save, number>();
    /** Those the database did not hold yet at the restart: what the outboxes had to send. */
    const waiting = new Set(before.filter((s) => !landed(s)));
    while (performance.now() - upAt < DRAIN_TIMEOUT) {
      for (const s of before) if (!landedAt.has(s) && landed(s)) landedAt.set(s, performance.now() - upAt);
      if (landedAt.size === before.length) {
        inDbMs = performance.now() - upAt;
        break;
      }
      await sleep(100);
    }
    const landing = (closed: boolean) => {
      const times = [...waiting].filter((s) => isCloser(s.writer) === closed && landedAt.has(s)).map((s) => landedAt.get(s) ?? 0);
      times.sort((x, y) => x - y);
      return times.length
        ? `${times.length}, median ${seconds(times[Math.floor((times.length - 1) / 2)])}, last ${seconds(times[times.length - 1])}`
        : 'none';
    };
    await Promise.all(writers);
    let settledMs: number | null = null;
    try {
      await Promise.all(
        pages.map(async (page) => {
          if (!page) return;
          const left = DRAIN_TIMEOUT - (performance.now() - upAt);
          await expect(connection(page)).toHaveText('Live', { timeout: Math.max(1, left) });
          await expect(saveStatus(page)).toHaveText('All changes saved', { timeout: Math.max(1, left) });
          await expect.poll(async () => (await page.evaluate(readOutbox)).length, { timeout: Math.max(1, left) }).toBe(0);
        }),
      );
      settledMs = performance.now() - upAt;
    } catch (error) {
      errors.push(`draining: ${whatFailed(error)}`);
    }

    // The count, from the database file.
    const lost: Save[] = [];
    const duplicated: Save[] = [];
    for (const s of saves) {
      const n = (eventsOf.get(s.id, JSON.stringify(s.marker).slice(1, -1)) as { n: number }).n;
      if (n === 0) lost.push(s);
      if (n > 1) duplicated.push(s);
    }
    const lastOf = new Map<string, string>();
    for (const s of saves) lastOf.set(s.id, s.marker);
    const rationaleOf = db.prepare('select rationale from annotations where id = ?');
    let wrongFinal = 0;
    for (const [id, marker] of lastOf) if ((rationaleOf.get(id) as { rationale: string } | undefined)?.rationale !== marker) wrongFinal++;
    const { n: rows } = db.prepare("select count(*) as n from annotations where rationale like 'Outbox bench writer %'").get() as {
      n: number;
    };
    db.close();

    // Saves begun before the kill (one whose step was under way at the kill is recorded when the page shows it).
    const madeBeforeKill = saves.filter((s) => s.phase === 'before');
    const keyOf = (s: Save) => `${s.id}|${s.marker}`;
    const ackedBefore = madeBeforeKill.filter((s) => answeredBeforeKill.has(keyOf(s))).length;
    const outboxedAtKill = madeBeforeKill.filter((s) => !answeredBeforeKill.has(keyOf(s)) && keptAtKill.has(keyOf(s))).length;
    console.log(
      `\noutbox: ${WRITERS} writer pages in Chromium ${b.version()} on ${ARTICLES} articles (production build, SQLite), ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `  SIGKILL after ${madeAtKill} saves (${seconds(runMs)}); down ${seconds(downMs)} (kill → restarted server answering, ${seconds(startMs)} of it starting up); ${closed} writers closed their tab while it was down and opened the article again after`,
    );
    console.log(
      `  saves made before the kill ${madeBeforeKill.length}: acknowledged by the server ${ackedBefore}, unanswered and in the pages' outboxes (IndexedDB) just after the kill ${outboxedAtKill}, made as the kill came (in neither) ${madeBeforeKill.length - ackedBefore - outboxedAtKill}`,
    );
    console.log(
      `  saves made while the server was down ${saves.filter((s) => s.phase === 'down').length} (outboxed), after the restart ${saves.filter((s) => s.phase === 'after').length}; in all ${saves.length} (${lastOf.size} annotations; ${rows} in the database)`,
    );
    console.log(
      `  lost ${lost.length}, duplicated ${duplicated.length}, annotations not ending with their last saved rationale ${wrongFinal}`,
    );
    console.log(
      `  restart → every save made before it in the database: ${inDbMs === null ? 'not within the time allowed' : seconds(inDbMs)}; → every page Live, all saved, outbox empty: ${settledMs === null ? 'not within the time allowed' : seconds(settledMs)}`,
    );
    console.log(
      `  saves not in the database at the restart (${waiting.size}), restart → in it: from pages kept open ${landing(false)}; from the outboxes of tabs closed and opened again ${landing(true)} (opening the article again took ${reopened.map(seconds).join(', ')})`,
    );
    if (selectedAgain) console.log(`  (selections the page had not seen within 5 s, made again: ${selectedAgain})`);
    for (const s of lost.slice(0, 10)) console.log(`  lost: writer ${s.writer} ${s.kind} ${s.id} “${s.marker}” (${s.phase})`);
    for (const s of duplicated.slice(0, 10)) console.log(`  duplicated: writer ${s.writer} ${s.kind} ${s.id} “${s.marker}”`);
    for (const e of errors.slice(0, 10)) console.log(`  error: ${e}`);
    if (lost.length || duplicated.length || wrongFinal || errors.length) process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    stop();
    if (!process.exitCode) fs.rmSync(tmp, { recursive: true, force: true });
    else console.log(`  (server logs kept in ${tmp})`);
  }
}

export const done = main();
