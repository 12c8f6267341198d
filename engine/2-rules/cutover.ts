/**
 * The cutover rehearsal (SPEC §4 "Cutover rehearsal", DOMAIN.md §10, seeds/000): replays the runbook
 * over a model of the three dual-write maps and of both sides — Dataverse milestones and pro-formas,
 * Finance on-account transactions and proposals — and reports, per check and per milestone, what
 * passes and what would go wrong, with the customer balance and ledger amounts a faulty plan would hit.
 *
 * The model (DOMAIN.md §10.4, derived):
 * - a milestone created while the milestone map runs a version with the value map 4 = 192350001, as
 *   Ready for invoicing, reaches Finance as an on-account transaction already Invoiced (TRANSSTATUS 4):
 *   never offered for invoicing;
 * - created while the map runs without that value map (or in another status), it reaches Finance open
 *   (TRANSSTATUS 0) and the next invoicing run bills the customer again;
 * - created while the map is stopped, it never reaches Finance (a stopped map does not catch up), so the
 *   contract value in Finance misses it;
 * - confirming its pro-forma sets it to Customer invoice posted in Dataverse; with `invoices` running
 *   Finance gets a proposal, with `msdyn_actuals` running the billed actuals reach staging; with both,
 *   import from staging fills the proposal and posting it bills the customer twice.
 */
import { Decimal, ZERO } from "../core/decimal";
import { describeAmount } from "../core/money";
import type { IssueLog } from "../core/issues";
import type { ContractLine, DualWriteMap, MilestoneStatus } from "../1-parse/model";
import type { ParsedWorkbook } from "../1-parse/read-workbook";
import { currencyRounding, resolveExchangeRate, toAccountingAmount, type RateTable } from "./currency";
import type { OnAccountTransaction } from "./milestones";
import type { PostingSetup } from "./posting-setup";
import { calculateSalesTax, type SalesTaxSetup } from "./sales-tax";
import type { IntegrationJournal } from "./integration-journal-store";
import type { InvoiceProposal } from "./invoice-proposals";
import { ACTUALS_MAP, ALL_MAPS, CUTOVER_VALUE_MAP, INVOICES_MAP, MILESTONE_MAP, runbookSteps } from "./cutover-runbook";

export type CheckResult = "Pass" | "Fail" | "Warning";
export interface CutoverCheck { readonly check: string; readonly result: CheckResult; readonly detail: string }
export type FinanceStatus = "Not in Finance" | "Not invoiced (0)" | "Invoiced (4)";

export interface CutoverMilestone {
  readonly onAccount: OnAccountTransaction;
  migrated: boolean;
  dataverseStatus: MilestoneStatus | null;
  financeStatus: FinanceStatus;
  /** What billing it again would post, in accounting currency; zero when nothing would. */
  ledgerImpact: Decimal;
  readonly notes: string[];
  /** Why it would be billed again, if it would. */
  readonly exposures: string[];
  /** Stray records in Finance that would bill it again if they were completed. */
  readonly risks: string[];
  /** What those would post, in accounting currency. */
  atRisk: Decimal;
}

export interface CutoverRehearsal {
  readonly checks: readonly CutoverCheck[];
  readonly milestones: readonly CutoverMilestone[];
}

interface MapState {
  running: boolean;
  version: string;
  draft: Set<string>;
  readonly versions: Map<string, Set<string>>;
  refreshed: boolean;
}

const MINIMUM_FINANCE_VERSION = [10, 0, 24];
const normalizeValueMap = (value: string) => value.replace(/\s+/g, "").replace(/↔|<->|->|:/g, "=");

/** What happens in the workbook after go-live, to value what a map left stopped or on the cutover version would miss. */
export interface AfterGoLive {
  readonly journal: IntegrationJournal;
  readonly proposals: readonly InvoiceProposal[];
}

export function rehearseCutover(
  book: ParsedWorkbook, onAccount: ReadonlyMap<string, OnAccountTransaction>, rates: RateTable, taxes: SalesTaxSetup, setup: PostingSetup,
  after: AfterGoLive, issues: IssueLog,
): CutoverRehearsal | null {
  const legacy = book.milestones.filter((m) => m.legacyInvoiced);
  if (!book.runbook && legacy.length === 0) return null;
  const checks: CutoverCheck[] = [];
  const check = (name: string, result: CheckResult, detail: string) => checks.push({ check: name, result, detail });
  const p = book.parameters;
  const accounting = p.accountingCurrency;

  // Preconditions (DOMAIN.md §10.1).
  const version = p.financeVersion?.split(".").map(Number);
  if (!version || version.some((n) => !Number.isFinite(n))) check("Finance version", "Warning", `Parameters 'Finance version' is ${p.financeVersion ? `'${p.financeVersion}', not a version like 10.0.41` : "not set"}: the procedure needs Finance 10.0.24 or later`);
  else check("Finance version", compareVersions(version, MINIMUM_FINANCE_VERSION) >= 0 ? "Pass" : "Fail", `Finance ${p.financeVersion}; the procedure needs 10.0.24 or later`);
  check("Maintenance mode", p.maintenanceMode ? "Pass" : "Fail", p.maintenanceMode
    ? "The environment is in maintenance mode"
    : "Parameters 'Maintenance mode' is not Yes: the migration must run in maintenance mode with no other activity");
  if (!p.goLiveDate) check("Go-live date", "Warning", "Parameters has no 'Go-live date': milestone dates cannot be checked against it");

  // The milestone sheet (DOMAIN.md §10.3).
  const states: CutoverMilestone[] = [];
  const dimensionKeys = book.dimensions.columns();
  for (const m of book.milestones) {
    const om = onAccount.get(m.id) as OnAccountTransaction;
    const state: CutoverMilestone = { onAccount: om, migrated: false, dataverseStatus: null, financeStatus: "Not in Finance", ledgerImpact: ZERO, notes: [], exposures: [], risks: [], atRisk: ZERO };
    states.push(state);
    const name = `Milestone ${m.id}`;
    if (!m.legacyInvoiced) {
      check(`${name}: invoiced in the legacy system`, "Warning", `${m.id} (${describeAmount(om.amount)} ${om.currency}) is not marked Legacy invoiced: it is not migrated at cutover; bill it normally after go-live`);
      state.notes.push("not invoiced in the legacy system: not migrated");
      continue;
    }
    if (om.problem) {
      check(`${name}: fixed-price line`, "Fail", `${m.id}: ${om.problem}`);
      state.notes.push(om.problem);
    } else check(`${name}: fixed-price line`, "Pass", `${m.id} is on fixed-price line ${m.contract} / ${m.contractLine}`);
    const missing = dimensionKeys.filter((d) => !om.dimensions.get(d.key)).map((d) => d.title);
    if (missing.length) {
      check(`${name}: dimensions`, "Fail", `${m.id} has no ${missing.join(", ")} after defaulting from contract line ${m.contract} / ${m.contractLine}: financial dimensions cannot be edited after migration; fill them on the contract line or the milestone first`);
      state.notes.push(`missing ${missing.join(", ")}`);
    } else check(`${name}: dimensions`, "Pass", dimensionKeys.length ? `${dimensionKeys.map((d) => `${d.title} ${om.dimensions.get(d.key)}`).join(", ")}` : "The workbook has no dimension columns");
    const duplicates = book.duplicateMilestones.get(m.id);
    if (duplicates) {
      check(`${name}: unique id`, "Fail", `${m.id} appears on Milestones rows ${duplicates.join(", ")}: only row ${duplicates[0]} is migrated; give each milestone its own id`);
      state.notes.push("duplicate id");
    }
    if (p.goLiveDate && m.date > p.goLiveDate) {
      check(`${name}: date`, "Fail", `${m.id} is dated ${m.date}, after go-live on ${p.goLiveDate}: a milestone invoiced in the legacy system cannot be dated after go-live`);
      state.notes.push("dated after go-live");
    }
    if (m.invoiceStatus !== "Ready for invoicing") {
      check(`${name}: initial status`, "Fail", `${m.id} is to be created as '${m.invoiceStatus}': only Ready for invoicing (192350001) maps to Invoiced (4) in Finance; created otherwise it reaches Finance open and is billed again`);
    }
  }
  // The line's milestones must not exceed its amount: every milestone of a line that has one to migrate.
  const lineTotals = new Map<ContractLine, Decimal>();
  const migratingLines = new Set<ContractLine>();
  for (const s of states) {
    const line = s.onAccount.contractLine;
    if (!line) continue;
    lineTotals.set(line, (lineTotals.get(line) ?? ZERO).plus(s.onAccount.amount));
    if (s.onAccount.milestone.legacyInvoiced) migratingLines.add(line);
  }
  for (const line of migratingLines) {
    const total = lineTotals.get(line) as Decimal;
    const currency = book.contracts.get(line.contract)?.currency ?? "";
    const name = `Contract line ${line.contract} / ${line.line}: amount`;
    if (line.amount === null) check(name, "Warning", `The line has no Amount, so its milestones (${describeAmount(total)} ${currency}) cannot be checked against it`);
    else if (total.gt(line.amount)) check(name, "Fail", `Its milestones total ${describeAmount(total)} ${currency}, ${describeAmount(total.minus(line.amount))} above the line amount ${describeAmount(line.amount)}`);
    else check(name, "Pass", `Its milestones total ${describeAmount(total)} of ${describeAmount(line.amount)} ${currency}`);
  }

  // Replay the runbook.
  const { steps, documented, leftOut } = runbookSteps(book, issues);
  if (book.runbookNotRead) {
    const sheet = book.sheets.get("CutoverRunbook") ?? "CutoverRunbook";
    check("Runbook", "Fail", `The ${sheet} sheet could not be read (a required column is missing; see Issues): none of its steps was rehearsed; fix the sheet and run again`);
  } else if (leftOut.length) {
    // Steps that could not be read are not rehearsed: what is rehearsed is not the plan, whatever it shows.
    const sheet = book.sheets.get("CutoverRunbook") ?? "CutoverRunbook";
    const rows = leftOut.length === 1 ? `row ${leftOut[0]} has` : `rows ${leftOut.join(", ")} have`;
    check("Runbook", "Fail", `${sheet} ${rows} errors (see Issues) and ${leftOut.length === 1 ? "was" : "were"} left out: the ${steps.length} steps rehearsed are not the whole plan; fix ${leftOut.length === 1 ? "it" : "them"} and run again`);
  } else {
    check("Runbook", "Pass", documented ? `The documented procedure (${steps.length} steps); add a CutoverRunbook sheet to rehearse your own plan` : `The CutoverRunbook sheet (${steps.length} steps)`);
  }
  const maps = new Map<DualWriteMap, MapState>(ALL_MAPS.map((m) => [m, { running: true, version: "original", draft: new Set(), versions: new Map([["original", new Set<string>()]]), refreshed: false }]));
  const activeValueMaps = (m: MapState) => m.versions.get(m.version) ?? new Set<string>();
  let mappingGenerated = false;
  let migratedAt: string | null = null;
  let createdAt: string | null = null;
  let confirmedAt: string | null = null;
  const migrating = states.filter((s) => s.onAccount.milestone.legacyInvoiced && !s.onAccount.problem);

  for (const step of steps) {
    const label = `Step ${step.step}: ${step.action}${step.map ? ` ${step.map}` : ""}${step.value ? ` ${step.value}` : ""}`;
    const map = step.map ? (maps.get(step.map) as MapState) : null;
    const stopped = (names: readonly DualWriteMap[]) => names.filter((n) => maps.get(n)?.running);
    switch (step.action) {
      case "Generate mapping":
        mappingGenerated = true;
        check(label, "Pass", "The target mapping of the contract line milestones entity is up to date");
        break;
      case "Stop map":
        if (!map?.running) check(label, "Warning", `${step.map} is already stopped`);
        else check(label, "Pass", `${step.map} stopped`);
        if (map) map.running = false;
        break;
      case "Refresh tables":
        if (map?.running) check(label, "Fail", `${step.map} is running: stop it before refreshing its tables`);
        else {
          if (map) map.refreshed = true;
          check(label, "Pass", `${step.map} tables refreshed`);
        }
        break;
      case "Add value map": {
        const value = normalizeValueMap(step.value ?? "");
        if (map?.running) check(label, "Fail", `${step.map} is running: stop it before changing its mapping`);
        else if (map) {
          map.draft.add(value);
          const expected = step.map === MILESTONE_MAP && value === CUTOVER_VALUE_MAP;
          check(label, expected ? (map.refreshed ? "Pass" : "Warning") : "Warning", expected
            ? `TRANSSTATUS 4 (Invoiced) = msdyn_invoicestatus 192350001 (Ready for invoicing) added to the mapping${map.refreshed ? "" : "; its tables were not refreshed after stopping"}`
            : `Value map ${value} on ${step.map}: the procedure adds ${CUTOVER_VALUE_MAP} on ${MILESTONE_MAP}`);
        }
        break;
      }
      case "Save map version":
        if (map && step.value?.toLowerCase() === "original") {
          check(label, "Fail", `'original' is the map's shipped version: save the cutover mapping under a name of its own, so that the original can be restored at the end`);
        } else if (map) {
          map.versions.set(step.value as string, new Set(map.draft));
          map.version = step.value as string;
          const hasValueMap = map.draft.has(CUTOVER_VALUE_MAP);
          check(label, step.map === MILESTONE_MAP && !mappingGenerated ? "Warning" : "Pass",
            `${step.map} now on version '${step.value}'${hasValueMap ? ` with ${CUTOVER_VALUE_MAP}` : " (no value map)"}${step.map === MILESTONE_MAP && !mappingGenerated ? "; 'Generate mapping' was not run first, so the target mapping may be out of date" : ""}`);
        }
        break;
      case "Set map version":
        if (map) {
          const target = step.value as string;
          if (!map.versions.has(target)) check(label, "Fail", `${step.map} has no version '${target}': save it first (versions: ${[...map.versions.keys()].join(", ")})`);
          else {
            map.version = target;
            map.draft = new Set(map.versions.get(target));
            check(label, "Pass", `${step.map} now on version '${target}'`);
          }
        }
        break;
      case "Start map":
        if (map?.running) check(label, "Warning", `${step.map} is already running`);
        else check(label, "Pass", `${step.map} running on version '${map?.version}'`);
        if (map) map.running = true;
        break;
      case "Migrate milestones": {
        const milestoneMap = maps.get(MILESTONE_MAP) as MapState;
        const cutoverActive = activeValueMaps(milestoneMap).has(CUTOVER_VALUE_MAP);
        const twice = migratedAt !== null;
        for (const s of migrating) {
          if (s.migrated) s.notes.push(`created again at step ${step.step}: a duplicate in Dataverse`);
          s.migrated = true;
          s.dataverseStatus = s.onAccount.milestone.invoiceStatus;
          if (!milestoneMap.running) {
            if (s.financeStatus === "Not in Finance") s.notes.push(`created at step ${step.step} while ${MILESTONE_MAP} was stopped: it never reached Finance`);
            continue;
          }
          const invoiced = cutoverActive && s.dataverseStatus === "Ready for invoicing";
          s.financeStatus = invoiced ? "Invoiced (4)" : "Not invoiced (0)";
          if (!invoiced) {
            s.exposures.push(cutoverActive
              ? `created as '${s.dataverseStatus}', which the value map does not translate: open in Finance, the next invoicing run bills it again`
              : `created at step ${step.step} while ${MILESTONE_MAP} ran version '${milestoneMap.version}' without ${CUTOVER_VALUE_MAP}: open in Finance, the next invoicing run bills it again`);
          }
        }
        migratedAt = step.step;
        const result: CheckResult = twice ? "Fail" : milestoneMap.running && cutoverActive ? "Pass" : "Fail";
        check(label, result, twice
          ? `Milestones were already migrated at an earlier step: creating them again duplicates them in Dataverse`
          : !milestoneMap.running
            ? `${migrating.length} milestones created in Dataverse while ${MILESTONE_MAP} is stopped: none reaches Finance, so Finance's contract value misses them`
            : cutoverActive
              ? `${migrating.length} milestones created as Ready for invoicing; ${MILESTONE_MAP} runs version '${milestoneMap.version}' with ${CUTOVER_VALUE_MAP}, so they reach Finance Invoiced (4)`
              : `${MILESTONE_MAP} runs version '${milestoneMap.version}' without ${CUTOVER_VALUE_MAP}: ${migrating.length} milestones reach Finance open and would be invoiced again`);
        check("Value map before migration", cutoverActive && milestoneMap.running ? "Pass" : "Fail", cutoverActive
          ? `At step ${step.step} ${MILESTONE_MAP} ran version '${milestoneMap.version}', which carries ${CUTOVER_VALUE_MAP}${milestoneMap.running ? "" : ", but the map was stopped"}`
          : `At step ${step.step} ${MILESTONE_MAP} ran version '${milestoneMap.version}', which does not carry ${CUTOVER_VALUE_MAP}`);
        break;
      }
      case "Create invoices": {
        const running = stopped(ALL_MAPS);
        if (migratedAt === null) check(label, "Fail", "No milestones were migrated before: there is nothing to invoice");
        for (const s of migrating) if (s.migrated && s.dataverseStatus === "Ready for invoicing") s.dataverseStatus = "Customer invoice created";
        createdAt = step.step;
        check("Maps stopped before pro-formas are created", running.length ? "Fail" : "Pass", running.length
          ? `At step ${step.step} ${running.join(", ")} ${running.length === 1 ? "is" : "are"} still running: the procedure stops all three maps before creating the pro-forma invoices, so that nothing reaches Finance`
          : `At step ${step.step} all three maps are stopped`);
        if (migratedAt !== null) check(label, "Pass", `Draft pro-forma invoices created for ${new Set(migrating.filter((s) => s.migrated).map((s) => s.onAccount.milestone.contract)).size} contracts`);
        break;
      }
      case "Confirm invoices": {
        const running = stopped(ALL_MAPS);
        if (createdAt === null) check(label, "Fail", "No pro-forma invoices were created before this step: confirm after 'Create invoices'");
        const proposalsInFinance = maps.get(INVOICES_MAP)?.running ?? false;
        const actualsInFinance = maps.get(ACTUALS_MAP)?.running ?? false;
        for (const s of migrating) {
          // Only a pro-forma that was created can be confirmed.
          if (!s.migrated || s.dataverseStatus !== "Customer invoice created") continue;
          s.dataverseStatus = "Customer invoice posted";
          if (proposalsInFinance && actualsInFinance) {
            s.exposures.push(`confirmed at step ${step.step} while ${INVOICES_MAP} and ${ACTUALS_MAP} ran: Finance gets a proposal with its billed actuals, and posting it bills the customer again`);
          } else if (proposalsInFinance) {
            s.risks.push(`confirmed at step ${step.step} while ${INVOICES_MAP} ran: Finance gets a proposal header that cannot be deleted there, and bills the customer again once its billed actual arrives`);
          } else if (actualsInFinance) {
            s.risks.push(`confirmed at step ${step.step} while ${ACTUALS_MAP} ran: its billed sales actual waits in Finance's staging table and fills the next proposal of the contract`);
          }
        }
        confirmedAt = step.step;
        check("Maps stopped before pro-formas are confirmed", running.length ? "Fail" : "Pass", running.length
          ? `At step ${step.step} ${running.join(", ")} ${running.length === 1 ? "is" : "are"} still running: ${consequenceOfRunning(running)}`
          : `At step ${step.step} all three maps are stopped: confirming touches neither Finance nor the customer balance`);
        if (createdAt !== null) check(label, "Pass", "Pro-forma invoices confirmed: the milestones are Customer invoice posted in Dataverse");
        break;
      }
    }
  }
  if (migratedAt === null) check("Migrate milestones", "Fail", "The runbook never migrates the milestones");
  if (confirmedAt === null) check("Confirm invoices", "Fail", "The runbook never confirms the pro-forma invoices: the milestones stay short of Customer invoice posted");

  // The end state (DOMAIN.md §10.3 step 9), with what the workbook's activity after go-live would miss.
  const goLive = p.goLiveDate;
  const since = goLive ? `from ${goLive}` : "in the workbook";
  const accountingRounding = currencyRounding(book, accounting);
  const later = book.milestones.filter((m) => !m.legacyInvoiced);
  let laterMilestones = ZERO;
  for (const m of later) {
    const om = onAccount.get(m.id) as OnAccountTransaction;
    const rate = om.problem ? null : resolveExchangeRate(book, rates, { currency: om.currency, date: goLive ?? m.date, contract: om.contract?.id ?? null });
    if (rate) laterMilestones = laterMilestones.plus(toAccountingAmount(om.amount, rate, accountingRounding));
  }
  const milestoneMap = maps.get(MILESTONE_MAP) as MapState;
  const leftOnCutover = milestoneMap.version !== "original" && activeValueMaps(milestoneMap).has(CUTOVER_VALUE_MAP);
  check(`Maps at the end: ${MILESTONE_MAP} version`, milestoneMap.version === "original" ? "Pass" : "Fail", milestoneMap.version === "original"
    ? "Back on the original version"
    : `Left on version '${milestoneMap.version}'${leftOnCutover
      ? `: every milestone set to Ready for invoicing after go-live reaches Finance already Invoiced and is never billed; the ${later.length} milestones still to bill total ${describeAmount(laterMilestones)} ${accounting}`
      : ""}; set it back to the original version`);
  for (const name of ALL_MAPS) {
    const running = maps.get(name)?.running ?? false;
    check(`Maps at the end: ${name} running`, running ? "Pass" : "Fail", running
      ? "Running"
      : `Left stopped: nothing it carries reaches Finance after go-live (${describeMap(name)}): ${missedAfterGoLive(name, after, goLive, later.length, laterMilestones, accounting)} ${since}; start it`);
  }

  // Outcome per milestone, and what it would cost.
  const exposureDate = p.goLiveDate;
  const byCustomer = new Map<string, { currency: string; amount: Decimal; accounting: Decimal }>();
  const gl = new Map<string, { name: string; accounting: Decimal }>();
  const post = (account: string | null, fallback: string, amount: Decimal) => {
    const key = account ?? fallback;
    const entry = gl.get(key) ?? { name: account ? setup.accountName(account) : "", accounting: ZERO };
    entry.accounting = entry.accounting.plus(amount);
    gl.set(key, entry);
  };
  for (const s of migrating) {
    if (!s.exposures.length && !s.risks.length) continue;
    const om = s.onAccount;
    const date = exposureDate ?? om.milestone.date;
    const rate = resolveExchangeRate(book, rates, { currency: om.currency, date, contract: om.contract?.id ?? null });
    const codes = taxes.applicableTaxCodes(om.salesTaxGroup, om.itemSalesTaxGroup, date);
    const lineTaxes = codes.ok ? calculateSalesTax([{ base: om.amount, codes: codes.codes }], "Line", currencyRounding(book, om.currency))[0] : [];
    let tax = ZERO;
    for (const t of lineTaxes) tax = tax.plus(t.amount);
    const total = om.amount.plus(tax);
    if (!rate) {
      s.notes.push(`no ${om.currency} → ${accounting} rate on ${date} to value it`);
      continue;
    }
    const rounding = accountingRounding;
    const totalAccounting = toAccountingAmount(total, rate, rounding);
    const netAccounting = toAccountingAmount(om.amount, rate, rounding);
    if (!s.exposures.length) {
      s.atRisk = totalAccounting;
      s.notes.push(`${describeAmount(totalAccounting)} ${accounting} at risk`);
      continue;
    }
    s.ledgerImpact = totalAccounting;
    const customer = om.contract?.customer ?? "";
    const entry = byCustomer.get(customer) ?? { currency: om.currency, amount: ZERO, accounting: ZERO };
    entry.amount = entry.amount.plus(total);
    entry.accounting = entry.accounting.plus(totalAccounting);
    byCustomer.set(customer, entry);
    const group = om.project?.projectGroup ?? "";
    post(setup.resolveAccount("Customer balance", "", "")?.mainAccount ?? null, "Customer balance", totalAccounting);
    post(setup.resolveAccount("Project - invoiced revenue on-account", group, "")?.mainAccount ?? null, "Invoiced revenue on-account", netAccounting.negated());
    if (!tax.isZero()) {
      // Tax per code, the last code taking the rounding so that the impact balances.
      let left = totalAccounting.minus(netAccounting);
      lineTaxes.filter((t) => !t.amount.isZero()).forEach((t, i, all) => {
        const part = i === all.length - 1 ? left : toAccountingAmount(t.amount, rate, rounding);
        left = left.minus(part);
        post(t.code.value.payableAccount, `Sales tax ${t.code.code}`, part.negated());
      });
    }
  }

  const migrated = migrating.filter((s) => s.migrated);
  const notPosted = migrated.filter((s) => s.dataverseStatus !== "Customer invoice posted");
  check("Dataverse status", migrated.length && !notPosted.length ? "Pass" : "Fail", !migrated.length
    ? "No milestone was migrated"
    : notPosted.length
      ? `${notPosted.map((s) => `${s.onAccount.milestone.id} is '${s.dataverseStatus}'`).join("; ")}: they do not count as invoiced in the total contract value`
      : `All ${migrated.length} migrated milestones are Customer invoice posted`);
  const notInvoiced = migrated.filter((s) => s.financeStatus !== "Invoiced (4)");
  check("Finance status", migrated.length && !notInvoiced.length ? "Pass" : "Fail", !migrated.length
    ? "No milestone reached Finance"
    : notInvoiced.length
      ? `${notInvoiced.map((s) => `${s.onAccount.milestone.id} ${s.financeStatus === "Not in Finance" ? "is not in Finance" : "is open (TRANSSTATUS 0)"}`).join("; ")}`
      : `All ${migrated.length} milestones are on-account transactions with TRANSSTATUS 4 (Invoiced)`);
  const contracts = new Map<string, { currency: string; total: Decimal; ids: string[]; bad: string[] }>();
  for (const s of migrating) {
    const id = s.onAccount.milestone.contract;
    const entry = contracts.get(id) ?? { currency: s.onAccount.currency, total: ZERO, ids: [], bad: [] };
    entry.total = entry.total.plus(s.onAccount.amount);
    entry.ids.push(s.onAccount.milestone.id);
    if (s.dataverseStatus !== "Customer invoice posted" || s.financeStatus !== "Invoiced (4)") entry.bad.push(s.onAccount.milestone.id);
    contracts.set(id, entry);
  }
  for (const [id, c] of contracts) {
    check(`Contract value ${id}`, c.bad.length ? "Fail" : "Pass", c.bad.length
      ? `${describeAmount(c.total)} ${c.currency} invoiced in the legacy system over ${c.ids.join(", ")}; ${c.bad.join(", ")} not both Customer invoice posted and Invoiced in Finance`
      : `${describeAmount(c.total)} ${c.currency} invoiced in the legacy system (${c.ids.join(", ")}) counts in the total contract value`);
  }
  const customerDetail = [...byCustomer].map(([customer, e]) => `${customer} ${describeAmount(e.amount)} ${e.currency} = ${describeAmount(e.accounting)} ${accounting}`);
  const risky = migrating.filter((m) => !m.atRisk.isZero());
  let atRisk = ZERO;
  for (const m of risky) atRisk = atRisk.plus(m.atRisk);
  const riskDetail = risky.length
    ? `${describeAmount(atRisk)} ${accounting} at risk: ${[...new Set(risky.flatMap((m) => m.risks.map((r) => r.replace(/^confirmed at step \S+ while /, "while "))))].join("; ")} (${risky.map((m) => m.onAccount.milestone.id).join(", ")})`
    : "";
  check("Customer balance impact", byCustomer.size || risky.length ? "Fail" : "Pass", byCustomer.size
    ? `Would be billed again: ${customerDetail.join("; ")}${riskDetail ? `; and ${riskDetail}` : ""}`
    : risky.length ? `Nothing is billed yet, but ${riskDetail}` : "None: no customer is billed again");
  const glDetail = [...gl].map(([account, e]) => `${account}${e.name ? ` ${e.name}` : ""} ${describeAmount(e.accounting)}`);
  check("General ledger impact", gl.size ? "Fail" : "Pass", gl.size
    ? `Would post, in ${accounting}${exposureDate ? ` at the rates of ${exposureDate}` : ""}: ${glDetail.join("; ")}`
    : "None: the migration posts no voucher");
  return { checks, milestones: states };
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

const MAP_CARRIES: Record<DualWriteMap, string> = {
  msdyn_contractlinescheduleofvalues: "milestones",
  msdyn_actuals: "actuals: time, expenses, billed sales",
  invoices: "confirmed pro-forma invoices",
};

function describeMap(map: DualWriteMap): string {
  return MAP_CARRIES[map];
}

/** What the workbook's activity after go-live sends through a map, valued in accounting currency. */
function missedAfterGoLive(map: DualWriteMap, after: AfterGoLive, goLive: string | null, laterCount: number, laterAmount: Decimal, accounting: string): string {
  const on = (date: string) => !goLive || date >= goLive;
  if (map === MILESTONE_MAP) return `${laterCount} milestones still to bill, ${describeAmount(laterAmount)} ${accounting}`;
  if (map === ACTUALS_MAP) {
    let cost = ZERO;
    let sales = ZERO;
    const transactions = new Set<string>();
    const { journal } = after;
    for (let i = 0; i < journal.length; i++) {
      const transaction = journal.transaction(i);
      if (!on(transaction.date)) continue;
      const amount = journal.accountingAmount(i);
      if (amount === null) continue;
      transactions.add(transaction.id);
      if (journal.isSales(i)) sales = sales.plus(amount);
      else cost = cost.plus(amount);
    }
    return `${transactions.size} transactions, cost ${describeAmount(cost)} and unbilled sales ${describeAmount(sales)} ${accounting}`;
  }
  let total = ZERO;
  let count = 0;
  for (const proposal of after.proposals) {
    if (!on(proposal.invoiceDate) || proposal.accountingTotal === null) continue;
    count++;
    total = total.plus(proposal.accountingTotal);
  }
  return `${count} confirmed pro-forma invoices, ${describeAmount(total)} ${accounting}`;
}

function consequenceOfRunning(running: readonly DualWriteMap[]): string {
  const parts: string[] = [];
  if (running.includes(INVOICES_MAP) && running.includes(ACTUALS_MAP)) parts.push("Finance gets invoice proposals with their billed actuals and would bill the customers again");
  else if (running.includes(INVOICES_MAP)) parts.push("Finance gets invoice proposal headers, which cannot be deleted there");
  else if (running.includes(ACTUALS_MAP)) parts.push("billed sales actuals reach Finance's staging table");
  if (running.includes(MILESTONE_MAP)) parts.push("the status change travels to Finance through the milestone map");
  return parts.join("; ");
}
