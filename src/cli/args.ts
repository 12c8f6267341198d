/** Command-line arguments of `pbsim` (SPEC §6). */
export interface SimulateCommand {
  readonly command: "simulate";
  readonly input: string;
  readonly out: string | null;
  readonly json: boolean;
  readonly journal: string | null;
}

export type ParsedArgs = SimulateCommand | { readonly command: "help" } | { readonly command: "version" } | { readonly command: "error"; readonly message: string };

export const USAGE = `Usage: pbsim simulate INPUT [--out OUTPUT] [--json] [--journal FILE]

  INPUT           an .xlsx workbook or a folder of SheetName.csv files
  --out OUTPUT    write results: an .xlsx path (the input workbook with the output
                  sheets added) or a folder (one CSV per output sheet)
  --json          print one JSON object instead of the summary
  --journal FILE  also write the GL vouchers as an hledger/ledger journal

Exit codes: 0 success, 1 the input has errors (everything else is still
computed and written), 2 bad usage.`;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") return { command: "help" };
  if (argv[0] === "--version" || argv[0] === "-v") return { command: "version" };
  if (argv[0] !== "simulate") return { command: "error", message: `Unknown command '${argv[0]}'.` };
  let input: string | null = null;
  let out: string | null = null;
  let journal: string | null = null;
  let json = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return { command: "help" };
    if (arg === "--json") json = true;
    else if (arg === "--out" || arg === "--journal") {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) return { command: "error", message: `${arg} needs a path.` };
      if (arg === "--out") out = value;
      else journal = value;
    } else if (arg.startsWith("--out=")) out = arg.slice(6);
    else if (arg.startsWith("--journal=")) journal = arg.slice(10);
    else if (arg.startsWith("-")) return { command: "error", message: `Unknown option '${arg}'.` };
    else if (input === null) input = arg;
    else return { command: "error", message: `Unexpected argument '${arg}'.` };
  }
  if (input === null) return { command: "error", message: "simulate needs an INPUT workbook or folder." };
  return { command: "simulate", input, out, json, journal };
}
