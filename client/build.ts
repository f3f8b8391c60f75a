/**
 * Bundles the browser apps with esbuild, in memory. The server calls buildClientAssets() once at
 * boot and serves the result; `npm run build:client` writes the same files to data/public/ and
 * prints their sizes.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export interface ClientAsset {
  contentType: string;
  body: Buffer;
}

const here = path.dirname(fileURLToPath(import.meta.url));

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

export async function buildClientAssets(): Promise<Map<string, ClientAsset>> {
  const result = await build({
    entryPoints: { console: path.join(here, 'console/main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    outdir: '/',
    logLevel: 'silent',
  });
  // The widget is loaded by other sites with a plain <script>: one self-contained classic script.
  const widget = await build({
    entryPoints: { widget: path.join(here, 'widget/main.tsx') },
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2019',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    outdir: '/',
    logLevel: 'silent',
  });
  // The knowledge-base portal's pages are rendered by the server; this is their one small script.
  const portal = await build({
    entryPoints: { portal: path.join(here, 'portal/portal.ts') },
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2019',
    write: false,
    outdir: '/',
    logLevel: 'silent',
  });
  const assets = new Map<string, ClientAsset>();
  for (const file of [...result.outputFiles, ...widget.outputFiles, ...portal.outputFiles]) {
    assets.set(`/${path.basename(file.path)}`, { contentType: contentTypes[path.extname(file.path)] ?? 'application/octet-stream', body: Buffer.from(file.contents) });
  }
  assets.set('/', { contentType: contentTypes['.html'], body: fs.readFileSync(path.join(here, 'console/index.html')) });
  assets.set('/portal.css', { contentType: contentTypes['.css'], body: fs.readFileSync(path.join(here, 'portal/portal.css')) });
  return assets;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(here, '../data/public');
  fs.mkdirSync(out, { recursive: true });
  for (const [name, asset] of await buildClientAssets()) {
    const file = path.join(out, name === '/' ? 'index.html' : name);
    fs.writeFileSync(file, asset.body);
    console.log(`${name.padEnd(14)} ${String(asset.body.length).padStart(8)} B  ${String(gzipSync(asset.body).length).padStart(7)} B gzipped`);
  }
}
