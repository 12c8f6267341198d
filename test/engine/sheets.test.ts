/** How a sheet's rows are read into records (engine/1-parse/sheets.ts). */
import { IssueLog } from "../../engine/core/issues";
import { readSheet } from "../../engine/1-parse/sheets";
import { sheetSpec } from "../../engine/1-parse/schema";
import { DimensionRegistry } from "../../engine/1-parse/dimensions";

describe("reading a sheet's rows", () => {
  test("a row that asks for its columns in another order, or for other columns, than the row before reads its own cells", () => {
    const book = {
      sheets: [{
        name: "HourForecasts",
        rows: [
          ["Project", "Category", "Date", "Hours", "Sales price"],
          ["P-1", "Design", "2026-05-04", 1, 10],
          ["P-2", "Travel", "2026-05-05", 2, 20],
          ["P-3", "Design", "2026-05-06", 3, 30],
          ["P-4", "Travel", "2026-05-07", 4, 40],
        ],
      }],
    };
    const issues = new IssueLog();
    // Rows alternate the order of their reads, and every third row reads one column fewer.
    const read = readSheet(book, sheetSpec("HourForecasts"), issues, new DimensionRegistry(), (r) => {
      const odd = r.row % 2 === 1;
      const first = odd ? r.id("Category") : r.id("Project");
      const second = odd ? r.id("Project") : r.id("Category");
      const hours = r.row % 3 === 0 ? null : r.decimal("Hours").toFixed();
      return [r.row, odd ? second : first, odd ? first : second, r.date("Date"), hours, r.decimal("Sales price").toFixed()];
    });
    expect(issues.all()).toEqual([]);
    expect(read.records).toEqual([
      [2, "P-1", "Design", "2026-05-04", "1", "10"],
      [3, "P-2", "Travel", "2026-05-05", null, "20"],
      [4, "P-3", "Design", "2026-05-06", "3", "30"],
      [5, "P-4", "Travel", "2026-05-07", "4", "40"],
    ]);
  });
});
