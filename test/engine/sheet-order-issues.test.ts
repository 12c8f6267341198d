/** Issues of items worked through out of sheet order, handed on as if in sheet order (engine/core/issues.ts). */
import { IssueLog, SheetOrderIssues } from "../../engine/core/issues";

test("issues come out by the sheet position of their item, then in the order reported there", () => {
  const log = new IssueLog();
  const issues = new SheetOrderIssues(log);
  for (const position of [5, 2, 9, 0]) {
    issues.at(position);
    issues.error("S", position + 2, "A", `first of ${position}`);
    issues.warning("S", position + 2, "B", `second of ${position}`);
  }
  issues.flush();
  expect(log.all().map((i) => i.message)).toEqual([0, 2, 5, 9].flatMap((p) => [`first of ${p}`, `second of ${p}`]));
});

test("a problem met by many rows is held once: reported as its first row in the sheet reported it, the others counted", () => {
  const log = new IssueLog();
  const issues = new SheetOrderIssues(log);
  const rows = 100_000;
  // Met last by the first row of the sheet, as a later journal would meet it.
  for (let position = rows - 1; position >= 0; position--) {
    issues.at(position);
    if (position === 3) issues.error("S", 5, "A", "an issue of row 5 alone");
    issues.once("rate:GBP", "Error", "S", position + 2, "Date", `no rate (row ${position + 2})`);
    issues.first("group:P", "Error", "Projects", 7, "Project group", `no group (met by row ${position + 2})`);
  }
  issues.flush();
  expect(log.all().map((i) => `${i.row} ${i.message}`)).toEqual([
    `2 no rate (row 2) (${rows - 1} more rows affected)`,
    "7 no group (met by row 2)",
    "5 an issue of row 5 alone",
  ]);
});
