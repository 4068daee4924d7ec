/**
 * The API's docs site: `openapi.json` and an interactive page (Swagger UI, from the
 * `swagger-ui-dist` package, served from our own origin: no CDN). The page holds no inline script,
 * so it runs under `docsCsp`. Served by the local gateway (local/docs.ts) and written to a folder
 * for publishing beside the web console (`writeDocsSite`, `npm run docs -- --site <dir>`).
 * Build-time code: never imported by a Lambda.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { openApiDocument, type OpenApiOptions } from './openapi';

export interface DocsSiteOptions extends OpenApiOptions {
  /** URL path of the docs page; its assets sit under it. Default `/docs`. */
  basePath?: string;
  /** URL path of the document. Default `/openapi.json`. */
  documentPath?: string;
}

export interface SiteFile {
  /** URL path, e.g. `/docs/index.html`. */
  path: string;
  contentType: string;
  body: Buffer | string;
}

/** The Content-Security-Policy the docs page works under (scripts from our origin only). */
export const docsCsp = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets element styles at run time (React style props), never inline scripts.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const swaggerAssets = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
} as const;

const swaggerDir = (): string => dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = (basePath: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>socialinzen API</title>
<link rel="icon" type="image/png" href="${basePath}/favicon-32x32.png">
<link rel="stylesheet" href="${basePath}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"><noscript>The API reference needs JavaScript; the document itself is <a href="/openapi.json">/openapi.json</a>.</noscript></div>
<script src="${basePath}/swagger-ui-bundle.js"></script>
<script src="${basePath}/docs.js"></script>
</body>
</html>
`;

const initializer = (documentPath: string) => `// Starts Swagger UI on the document (a file of its own: the page allows no inline script).
window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(documentPath)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  persistAuthorization: false,
});
`;

/** Every file of the docs site, by URL path. */
export const docsSiteFiles = async (options: DocsSiteOptions = {}): Promise<SiteFile[]> => {
  const basePath = (options.basePath ?? '/docs').replace(/\/+$/, '');
  const documentPath = options.documentPath ?? '/openapi.json';
  const dir = swaggerDir();
  const assets = await Promise.all(
    Object.entries(swaggerAssets).map(async ([name, contentType]) => ({
      path: `${basePath}/${name}`,
      contentType,
      body: await readFile(join(dir, name)),
    })),
  );
  return [
    { path: documentPath, contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(openApiDocument(options), null, 2)}\n` },
    { path: `${basePath}/index.html`, contentType: 'text/html; charset=utf-8', body: page(basePath) },
    { path: `${basePath}/docs.js`, contentType: 'text/javascript; charset=utf-8', body: initializer(documentPath) },
    ...assets,
  ];
};

/**
 * Writes the docs site into `dir`, laid out by URL path (`<dir>/openapi.json`,
 * `<dir>/docs/index.html`, `<dir>/docs/*.js|css|png`): copy it into the web console's build output
 * (or a bucket behind the same CloudFront distribution) and it serves as is. Returns the paths written.
 */
export const writeDocsSite = async (dir: string, options: DocsSiteOptions = {}): Promise<string[]> => {
  const files = await docsSiteFiles(options);
  for (const file of files) {
    const target = join(dir, ...file.path.split('/').filter(Boolean));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.body);
  }
  return files.map((f) => f.path);
};
