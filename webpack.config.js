/**
 * Builds the task pane into dist/: taskpane.html (+ its worker), commands.html, help.html, the icons and
 * the manifest. `npm start` serves it over https on localhost:3000 for Excel.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_PORT = Number(process.env.npm_package_config_dev_server_port || 3000);

/** Certificates from `npx office-addin-dev-certs install`, which Excel trusts; otherwise a self-signed one. */
function httpsOptions() {
  const folder = path.join(os.homedir(), ".office-addin-dev-certs");
  const files = { ca: "ca.crt", cert: "localhost.crt", key: "localhost.key" };
  if (Object.values(files).every((f) => fs.existsSync(path.join(folder, f)))) {
    return { type: "https", options: Object.fromEntries(Object.entries(files).map(([k, f]) => [k, fs.readFileSync(path.join(folder, f))])) };
  }
  console.warn("No Office add-in development certificate found: serving a self-signed certificate. Run `npx office-addin-dev-certs install` so that Excel trusts https://localhost:3000.");
  return { type: "https" };
}

/**
 * The manifest for where the pane is served: every development URL (https://localhost:3000) becomes `url`, the
 * address the built files are published at (`ADDIN_URL=https://… npm run build`); unchanged without one.
 */
function manifestFor(xml, url) {
  if (!url) return xml;
  if (!/^https:\/\/[^\s"<>]+$/.test(url)) throw new Error(`ADDIN_URL must be an https:// address, not '${url}'`);
  return xml.split("https://localhost:3000").join(url.replace(/\/+$/, ""));
}

module.exports = (env, argv) => {
  const production = argv.mode === "production";
  return {
    devtool: production ? false : "source-map",
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      chunkFilename: "[name].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { module: "esnext", moduleResolution: "bundler", sourceMap: !production } } },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new HtmlWebpackPlugin({ filename: "taskpane.html", template: "./src/taskpane/taskpane.html", chunks: ["taskpane"] }),
      new HtmlWebpackPlugin({ filename: "commands.html", template: "./src/commands/commands.html", chunks: ["commands"] }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "src/taskpane/help.html", to: "help.html" },
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "manifest.xml", to: "manifest.xml", transform: (content) => manifestFor(content.toString(), process.env.ADDIN_URL) },
          { from: "templates/*.xlsx", to: "templates/[name][ext]" },
        ],
      }),
    ],
    devServer: {
      port: DEV_PORT,
      server: httpsOptions(),
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
      hot: false,
    },
  };
};

module.exports.manifestFor = manifestFor;
