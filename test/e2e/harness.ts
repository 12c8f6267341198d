/**
 * End-to-end harness: serves the built dist/ on localhost, starts Debian's Chromium through
 * playwright-core (no browser download), and routes office.js to either the real library from
 * @microsoft/office-js (standalone: no Office host) or the fake Excel host.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import webpack from "webpack";

export const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist");
const OFFICE_DIST = path.join(ROOT, "node_modules/@microsoft/office-js/dist");
const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/";

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error("The browser tests need Chromium: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH; .ci/run installs it");
  return found;
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".png": "image/png", ".xml": "application/xml", ".xlsx": "application/octet-stream" };

export async function serveDist(): Promise<{ url: string; close: () => Promise<void> }> {
  if (!fs.existsSync(path.join(DIST, "taskpane.html"))) throw new Error("dist/ is not built: run `npm run build` first");
  const server = http.createServer((req, res) => {
    const file = path.join(DIST, decodeURIComponent((req.url ?? "/").split("?")[0]));
    if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** office.js and its companions from the npm package: the real library, with no Office host around it. */
export async function routeRealOffice(page: Page): Promise<void> {
  await page.route(`${OFFICE_CDN}**`, async (route) => {
    const file = path.join(OFFICE_DIST, new URL(route.request().url()).pathname.replace("/lib/1/hosted/", ""));
    if (file.startsWith(OFFICE_DIST) && fs.existsSync(file) && fs.statSync(file).isFile()) await route.fulfill({ path: file, contentType: "text/javascript" });
    else await route.fulfill({ status: 404, body: "" });
  });
}

let fakeBundle: string | null = null;

/** Bundles test/fake-office/browser-entry.ts once per test run. */
export async function fakeOfficeBundle(): Promise<string> {
  if (fakeBundle) return fakeBundle;
  const out = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "fake-office-"));
  await new Promise<void>((resolve, reject) => {
    webpack({
      mode: "development",
      devtool: false,
      entry: path.join(ROOT, "test/fake-office/browser-entry.ts"),
      output: { path: out, filename: "fake-office.js" },
      resolve: { extensions: [".ts", ".js"] },
      module: { rules: [{ test: /\.ts$/, loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { module: "esnext" } } }] },
    }, (error, stats) => (error || stats?.hasErrors() ? reject(error ?? new Error(stats?.toString())) : resolve()));
  });
  fakeBundle = fs.readFileSync(path.join(out, "fake-office.js"), "utf8");
  return fakeBundle;
}

export async function routeFakeExcel(page: Page, seed: { name: string; rows: unknown[][] }[]): Promise<void> {
  const bundle = await fakeOfficeBundle();
  await page.addInitScript((workbook) => { (window as unknown as { __seedWorkbook: unknown }).__seedWorkbook = workbook; }, seed);
  await page.route(`${OFFICE_CDN}**`, (route) => route.fulfill({ body: bundle, contentType: "text/javascript" }));
}

/** Collects what would show that the page broke its own rules: errors and Content-Security-Policy violations. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !/favicon/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/** Starts a 50 ms timer on the page that records how late it fires (a blocked main thread shows as a long gap) and each new progress label. */
export async function watchResponsiveness(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __labels: string[]; __labelTimes: number[] };
    w.__gaps = [];
    w.__labels = [];
    w.__labelTimes = [];
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.__gaps.push(now - last);
      last = now;
      const label = document.querySelector("[data-testid=progress-label]")?.textContent;
      if (label && w.__labels[w.__labels.length - 1] !== label) {
        w.__labels.push(label);
        w.__labelTimes.push(now);
      }
    }, 50);
  });
}

/** The timer's gaps, each new progress label, and the page time (ms) at which each label was first seen. */
export async function responsiveness(page: Page): Promise<{ gaps: number[]; labels: string[]; labelTimes: number[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __labels: string[]; __labelTimes: number[] };
    return { gaps: w.__gaps, labels: w.__labels, labelTimes: w.__labelTimes };
  });
}

/**
 * Seconds per stage of a run, from the progress labels (`Stage · 42%`) and when each was first seen: a stage
 * lasts from its first label to the next stage's first label, the last one until `end` (page time, ms).
 * Labels are read by the page's 50 ms timer, so a stage's time is good to about 50 ms (more while the page's
 * main thread is busy); the time from the click to the first label is in no stage, and the last stage also
 * holds the wait for the summary to be seen.
 */
export function stageSeconds(labels: readonly string[], labelTimes: readonly number[], end: number): Record<string, number> {
  const stages: Record<string, number> = {};
  let current: string | null = null;
  let since = 0;
  const close = (at: number) => {
    if (current !== null) stages[current] = Math.round((stages[current] ?? 0) * 1000 + (at - since)) / 1000;
  };
  for (let i = 0; i < labels.length; i++) {
    const stage = labels[i].split(" · ")[0];
    if (stage === current) continue;
    close(labelTimes[i]);
    current = stage;
    since = labelTimes[i];
  }
  close(end);
  return stages;
}
