/**
 * `npm run bench:ui -- TRANSACTIONS`: how the task pane behaves on a large workbook in Chromium — the
 * worker's time from Run to summary and how late a 50 ms timer on the page fires meanwhile (a blocked
 * main thread shows as a long gap). Not part of `npm test`; it prints its measurements.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeXlsx } from "../../src/io/xlsx/write";
import { inputSheetsForWriting } from "../../src/io/workbook-sheets";
import { generateWorkbook } from "../../scripts/generate-workbook";
import { launch, responsiveness, routeRealOffice, serveDist, stageSeconds, watchResponsiveness } from "./harness";

const transactions = Number(process.env.TRANSACTIONS ?? 1_048_575);

test(`the pane on ${transactions} transactions`, async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ui-bench-")), "large.xlsx");
  const fd = fs.openSync(file, "w");
  writeXlsx(inputSheetsForWriting(generateWorkbook({ transactions })), (chunk) => fs.writeSync(fd, chunk), { level: 1 });
  fs.closeSync(fd);
  const server = await serveDist();
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 350, height: 900 } });
    await routeRealOffice(page);
    await page.goto(`${server.url}/taskpane.html`);
    await page.setInputFiles("#open-workbook", file);
    await watchResponsiveness(page);
    const started = Date.now();
    await page.getByRole("button", { name: "Run simulation" }).click();
    await Promise.race([
      page.getByLabel("Summary").waitFor({ timeout: 3_600_000 }),
      page.getByText("The run stopped").waitFor({ timeout: 3_600_000 }),
    ]);
    const seconds = (Date.now() - started) / 1000;
    const end = await page.evaluate(() => performance.now());
    const { gaps, labels, labelTimes } = await responsiveness(page);
    const error = await page.evaluate(() => (document.body.innerText.includes("The run stopped") ? document.body.innerText : null));
    const sorted = [...gaps].sort((a, b) => a - b);
    console.log(JSON.stringify({
      transactions, fileMb: Math.round(fs.statSync(file).size / 1e5) / 10, seconds,
      timerTicks: gaps.length, maxGapMs: Math.round(sorted[sorted.length - 1]), p99GapMs: Math.round(sorted[Math.floor(sorted.length * 0.99)]),
      progressLabels: labels.length, stageSeconds: stageSeconds(labels, labelTimes, end), error,
    }));
  } finally {
    await browser.close();
    await server.close();
  }
});
