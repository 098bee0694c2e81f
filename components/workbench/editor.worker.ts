// Entry of Monaco's base editor worker (diffing, word ranges, links), bundled from node_modules.
import 'monaco-editor/editor/editor.worker';
