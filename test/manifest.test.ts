/** manifest.xml, checked offline: well-formed, element order, every resource id resolves, https URLs only. */
import * as fs from "node:fs";
import * as path from "node:path";
import { SaxesParser } from "saxes";

const xml = fs.readFileSync(path.resolve(__dirname, "../manifest.xml"), "utf8");

interface Node { name: string; attributes: Record<string, string>; children: Node[]; parent: Node | null }

function parse(text: string): Node {
  const root: Node = { name: "#root", attributes: {}, children: [], parent: null };
  let current = root;
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    const node: Node = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], parent: current };
    current.children.push(node);
    if (!tag.isSelfClosing) current = node;
  });
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) current = current.parent as Node;
  });
  parser.write(text).close();
  return root;
}

function all(node: Node): Node[] {
  return [node, ...node.children.flatMap(all)];
}

const root = parse(xml);
const officeApp = root.children[0];

test("a task-pane add-in for Excel workbooks with read/write access and an ExcelApi requirement", () => {
  expect(officeApp.attributes["xsi:type"]).toBe("TaskPaneApp");
  const nodes = all(officeApp);
  expect(nodes.find((n) => n.name === "Host")?.attributes.Name).toBe("Workbook");
  expect(nodes.find((n) => n.name === "Permissions")?.children).toEqual([]);
  expect(xml).toMatch(/<Permissions>ReadWriteDocument<\/Permissions>/);
  expect(nodes.find((n) => n.name === "Set")?.attributes).toMatchObject({ Name: "ExcelApi", MinVersion: "1.7" });
});

test("top-level elements are in the order the schema requires", () => {
  const order = ["Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl", "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements", "DefaultSettings", "Permissions", "VersionOverrides"];
  expect(officeApp.children.map((c) => c.name)).toEqual(order);
});

test("every resid names a resource, and every URL is https", () => {
  const nodes = all(officeApp);
  const ids = new Set(nodes.filter((n) => n.parent && /^bt:(Image|Url|String)$/.test(n.name) && n.attributes.id).map((n) => n.attributes.id));
  const used = nodes.filter((n) => n.attributes.resid).map((n) => n.attributes.resid);
  expect(used.length).toBeGreaterThan(5);
  for (const id of used) expect(ids.has(id)).toBe(true);
  const urls = nodes.flatMap((n) => Object.values(n.attributes)).filter((v) => /^[a-z]+:\/\//i.test(v) && !/schemas\.microsoft\.com|w3\.org/.test(v));
  expect(urls.length).toBeGreaterThan(5);
  for (const url of urls) expect(url).toMatch(/^https:\/\/localhost:3000\//);
});

test("the icons the manifest names exist in assets/", () => {
  for (const match of xml.matchAll(/https:\/\/localhost:3000\/assets\/([\w.-]+)/g)) {
    expect(fs.existsSync(path.resolve(__dirname, "../assets", match[1]))).toBe(true);
  }
});

test("ADDIN_URL points the built manifest at where the pane is published; without it the development URLs stay", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { manifestFor } = require("../webpack.config.js") as { manifestFor: (xml: string, url?: string) => string };
  const published = manifestFor(xml, "https://billing.example.com/pane/");
  expect(published).not.toContain("localhost");
  expect(published).toContain(`<IconUrl DefaultValue="https://billing.example.com/pane/assets/icon-32.png"/>`);
  // Still a well-formed manifest, with as many URLs as before.
  const urls = (text: string) => all(parse(text)).flatMap((n) => Object.values(n.attributes)).filter((v) => v.startsWith("https://"));
  expect(urls(published)).toHaveLength(urls(xml).length);
  expect(manifestFor(xml, undefined)).toBe(xml);
  expect(() => manifestFor(xml, "http://insecure.example.com")).toThrow("ADDIN_URL must be an https:// address");
});
