// Entry of the TypeScript language worker, bundled from our own node_modules (never a CDN).
import 'monaco-editor/languages/features/typescript/ts.worker';
