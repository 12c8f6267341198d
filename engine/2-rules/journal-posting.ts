/**
 * Posting the integration journal (SPEC §4, DOMAIN.md §3): one voucher per journal line.
 * - Cost line: Dr Project - cost, Cr the offset of its transaction type (payroll allocation for
 *   Hour, expense offset for Expense and Fee, item issue for Item).
 * - Unbilled-sales line of a project group that accrues revenue: Dr Project - WIP - sales value,
 *   Cr Project - accrued revenue, in contract currency at the line's rate. Without accrual the line
 *   is posted but creates no voucher until invoicing.
 * A line whose accounts cannot be resolved is blocked.
 */
import type { Decimal } from "../core/decimal";
import type { IssueLog } from "../core/issues";
import type { PostingType, TransactionType } from "../1-parse/model";
import type { ParsedWorkbook } from "../1-parse/read-workbook";
import { NumberSequence, emptyLineParts, lineOf, sequenceText, type Voucher, type VoucherLine, type VoucherLineParts } from "../3-ledger/voucher";
import { displayRate } from "./currency";
import type { IntegrationJournal } from "./integration-journal-store";
import type { Account, PostingSetup } from "./posting-setup";
import type { Ledger } from "../3-ledger/ledger";

/** Journal vouchers are numbered JV-000001, JV-000002, … in posting order (`sequenceText(JOURNAL_VOUCHERS, serial)`). */
export const JOURNAL_VOUCHERS = "JV";

/** Cost offset per transaction type. A Fee with a cost offsets like an expense (SPEC is silent; see docs/decisions.md). */
const COST_OFFSET: Record<TransactionType, PostingType> = {
  Hour: "Project - payroll allocation",
  Expense: "Project - expense offset",
  Fee: "Project - expense offset",
  Item: "Project - item issue",
};

export function postIntegrationJournal(book: ParsedWorkbook, journal: IntegrationJournal, setup: PostingSetup, issues: IssueLog, ledger: Ledger): JournalPosting[] {
  const vouchers: JournalPosting[] = [];
  const sequence = new NumberSequence(JOURNAL_VOUCHERS);
  const setupSheet = book.sheets.get("PostingSetup") ?? "PostingSetup";
  const transactionsSheet = book.sheets.get("Transactions") ?? "Transactions";

  const account = (type: PostingType, line: number): Account | null => {
    const group = journal.projectGroup(line)?.id ?? "";
    const transaction = journal.transaction(line);
    const category = transaction.category;
    const found = setup.resolveAccount(type, group, category);
    if (!found) {
      const problem = setup.accountProblem(type, group, category);
      issues.once(`account:${type}:${group}:${category}`, "Error", setupSheet, problem.row, "Posting type",
        `${problem.message}; first needed by transaction ${transaction.id} (${transactionsSheet} row ${transaction.row})`);
    }
    return found;
  };

  // Lines share one rule per pair of posting types and accounts: a voucher holds its line and its rule.
  const rules = new Map<PostingPair, Map<Account, Map<Account, PostingRule>>>();
  const ruleFor = (pair: PostingPair, debit: Account, credit: Account): PostingRule => {
    let byDebit = rules.get(pair);
    if (!byDebit) rules.set(pair, (byDebit = new Map()));
    let byCredit = byDebit.get(debit);
    if (!byCredit) byDebit.set(debit, (byCredit = new Map()));
    let rule = byCredit.get(credit);
    if (!rule) byCredit.set(credit, (rule = { journal, debit, debitType: pair[0], credit, creditType: pair[1] }));
    return rule;
  };

  for (let i = 0; i < journal.length; i++) {
    if (!journal.isPosted(i)) continue;
    const pair = accountsFor(journal, i);
    if (!pair) continue;
    const debit = account(pair[0], i);
    const credit = account(pair[1], i);
    if (!debit || !credit) {
      journal.block(i);
      continue;
    }
    const posting = new JournalVoucher(i, ruleFor(pair, debit, credit), sequence.takeNumber());
    journal.setPosting(i, posting);
    vouchers.push(posting);
    ledger.addTransfer(debit, credit, journal.accountingAmount(i) as Decimal);
  }
  return vouchers;
}

/** A journal line's voucher, which an invoice can reverse (its accounts turned, at the journal's rate and accounting amount). */
export interface JournalPosting extends Voucher {
  readonly source: "Journal";
  /** The journal and line the voucher posts: its amounts, project, currency, rate and dimensions are that line's. */
  readonly journal: IntegrationJournal;
  readonly journalLine: number;
  /** The voucher's place in the journal vouchers' sequence, from 1: its number is `sequenceText(JOURNAL_VOUCHERS, serial)`. */
  readonly serial: number;
  /** Line 0 debits this account with the line's amount, line 1 credits it. */
  account(index: number): Account;
  postingType(index: number): PostingType;
}

/**
 * A journal line's voucher. Its two lines are derived from the journal line when asked rather than
 * stored: on a full sheet that is millions of objects the ledger never has to keep.
 */
class JournalVoucher implements JournalPosting {
  // Known from the class, not stored per voucher.
  get source(): "Journal" {
    return "Journal";
  }
  get lineCount(): number {
    return 2;
  }

  /** The voucher's number is kept as a count and written out when read: millions of vouchers need no text until then. */
  constructor(private readonly line: number, private readonly rule: PostingRule, readonly serial: number) {}

  get number(): string {
    return sequenceText(JOURNAL_VOUCHERS, this.serial);
  }
  get journal(): IntegrationJournal {
    return this.rule.journal;
  }
  get journalLine(): number {
    return this.line;
  }
  account(index: number): Account {
    return index === 1 ? this.rule.credit : this.rule.debit;
  }
  postingType(index: number): PostingType {
    return index === 1 ? this.rule.creditType : this.rule.debitType;
  }
  get date(): string {
    return this.rule.journal.transaction(this.line).date;
  }
  get sourceId(): string {
    return this.rule.journal.transaction(this.line).id;
  }

  get lines(): readonly VoucherLine[] {
    this.readLine(0, scratch);
    const debit = lineOf(scratch);
    this.readLine(1, scratch);
    return [debit, lineOf(scratch)];
  }

  /** Line 0 debits the rule's debit account, line 1 credits its credit account: the voucher's lines, told without making them. */
  readLine(index: number, into: VoucherLineParts): void {
    const { line, journal } = this;
    const account = this.account(index);
    const rate = journal.rate(line);
    into.mainAccount = account.mainAccount;
    into.accountName = account.accountName;
    into.postingType = this.postingType(index);
    into.project = journal.transaction(line).project;
    into.currency = journal.currency(line);
    into.amount = journal.amount(line);
    into.rate = (rate ? displayRate(rate) : null) as Decimal;
    into.accountingAmount = journal.accountingAmount(line) as Decimal;
    into.negated = index === 1;
    into.dimensions = journal.dimensions(line);
  }
}

/** Filled and read at once by `lines`: no parts object made per voucher. */
const scratch = emptyLineParts();

type PostingPair = readonly [debit: PostingType, credit: PostingType];

/** The accounts of a pair of posting types; the vouchers that share it read their lines from its journal. */
interface PostingRule {
  readonly journal: IntegrationJournal;
  readonly debit: Account;
  readonly debitType: PostingType;
  readonly credit: Account;
  readonly creditType: PostingType;
}

const COST_PAIRS = Object.fromEntries(
  Object.entries(COST_OFFSET).map(([type, offset]) => [type, ["Project - cost", offset] as PostingPair]),
) as Record<TransactionType, PostingPair>;
const ACCRUAL_PAIR: PostingPair = ["Project - WIP - sales value", "Project - accrued revenue"];

/** The debit and credit posting types of a journal line, or null when it posts no voucher. */
function accountsFor(journal: IntegrationJournal, line: number): PostingPair | null {
  const type = journal.transactionType(line);
  if (!type || journal.amountIsZero(line)) return null;
  if (!journal.isSales(line)) return COST_PAIRS[type];
  return journal.projectGroup(line)?.accrueRevenue ? ACCRUAL_PAIR : null;
}
