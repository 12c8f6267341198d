/** The engine is pure (SPEC §2): it imports decimal.js and its own modules, nothing else. */
import * as fs from "node:fs";
import * as path from "node:path";

const ENGINE = path.resolve(__dirname, "../../engine");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

test("engine/ imports only decimal.js and relative engine modules", () => {
  const sources = files(ENGINE);
  expect(sources.length).toBeGreaterThan(10);
  for (const file of sources) {
    const text = fs.readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"|require\("([^"]+)"\)|import\("([^"]+)"\)/g)) {
      const target = match[1] ?? match[2] ?? match[3];
      if (target === "decimal.js") continue;
      expect(target.startsWith(".")).toBe(true);
      expect(path.resolve(path.dirname(file), target).startsWith(ENGINE)).toBe(true);
    }
    expect(text).not.toMatch(/\b(window|document|Office|Excel|process|Buffer)\./);
  }
});
