/**
 * The task pane's entry: inside Excel (Office.onReady reports Excel) the pane works on the open workbook;
 * anywhere else — a plain browser, or office.js that cannot load — it opens .xlsx files. It never waits
 * for office.js longer than a few seconds.
 */
import { createRoot } from "react-dom/client";
import { FluentProvider, webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";
import { App } from "./App";
import { EngineClient } from "../worker/engine-client";
import { createEngineWorker } from "./engine-worker";
import { ExcelHost } from "../host/excel-host";
import { FileHost } from "../host/file-host";
import type { SimulationHost } from "../host/host";

/** How long a plain browser waits for office.js; a page Office opened (it names itself in `_host_Info`) waits longer. */
const OFFICE_WAIT_MS = 3000;
const OFFICE_HOSTED_WAIT_MS = 30_000;

async function insideExcel(): Promise<boolean> {
  if (typeof Office === "undefined" || typeof Office.onReady !== "function") return false;
  // A cold start of Excel on the web, or a slow desktop, can take longer than a few seconds to say it is ready.
  const hosted = /[?&]_host_Info=/i.test(window.location.search);
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), hosted ? OFFICE_HOSTED_WAIT_MS : OFFICE_WAIT_MS));
  const info = await Promise.race([Office.onReady(), timeout]).catch(() => null);
  return !!info && info.host === Office.HostType.Excel;
}

function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Fluent's dark theme when Office's own is dark (its pane background, `#RRGGBB`, is dark); the light one otherwise. */
function themeOfOffice(): Theme {
  const background = typeof Office !== "undefined" ? Office.context?.officeTheme?.bodyBackgroundColor : undefined;
  const rgb = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(background ?? "");
  if (!rgb) return webLightTheme;
  const [r, g, b] = rgb.slice(1).map((h) => parseInt(h, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 ? webDarkTheme : webLightTheme;
}

async function start(): Promise<void> {
  const engine = new EngineClient(createEngineWorker);
  const runner = engine.run.bind(engine);
  const excel = await insideExcel();
  const host: SimulationHost = excel ? new ExcelHost(runner, engine) : new FileHost(runner, saveFile);
  document.documentElement.dataset.host = host.kind;
  createRoot(document.getElementById("container") as HTMLElement).render(
    <FluentProvider theme={excel ? themeOfOffice() : webLightTheme}>
      <App host={host} />
    </FluentProvider>,
  );
}

void start();
